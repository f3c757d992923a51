/**
 * `npm run rescore` as a person runs it: the command starts its helper processes, they share the
 * run's batches with it through the queue, and the command ends only once they have stopped (a
 * helper's channel to its parent once kept it, and so the command, running after the run was done).
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { openDatabase, type Database } from '../src/db/database';
import { migrate } from '../src/db/data-source';
import { seedPortfolio } from '../src/seed';
import { createScratchDatabase } from './helpers';
import { TEST_PORTFOLIO } from './portfolio';

jest.setTimeout(120_000);

const ROOT = path.join(__dirname, '..');

/** The command started (its output gathered as it comes). */
function startCommand(url: string, args: string[]): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/rescore/rescore.cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  return { child, output: () => output };
}

/** Waits for a started command's end (rejects after `timeoutMs`, killing it): its exit code and output. */
function ended(
  { child, output }: ReturnType<typeof startCommand>,
  timeoutMs: number,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null) return resolve({ code: child.exitCode, output: output() });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the command did not end in ${timeoutMs} ms:\n${output()}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output: output() });
    });
  });
}

/** Runs the command to its end: its exit code and output. */
function rescoreCommand(url: string, args: string[], timeoutMs: number) {
  return ended(startCommand(url, args), timeoutMs);
}

describe('npm run rescore', () => {
  let scratch: { url: string; drop(): Promise<void> };
  let db: Database;

  beforeAll(async () => {
    scratch = await createScratchDatabase(40);
    await migrate(scratch.url);
    db = await openDatabase({ databaseUrl: scratch.url, poolMax: 2 });
    await seedPortfolio(db, { firms: 40, seed: 29, asOf: TEST_PORTFOLIO.asOf });
  });
  afterAll(async () => {
    await db?.close();
    await scratch?.drop();
  });

  it('with a helper process scores every firm, stores every batch once, and ends with its helper', async () => {
    const { code, output } = await rescoreCommand(
      scratch.url,
      ['--all', '--processes', '2', '--workers', '1', '--batch', '4'],
      90_000,
    );
    expect(output).toContain('1 worker(s) in each of 2 process(es)');
    expect(output).toMatch(/run \d+ DONE: 40 firms scored/);
    expect(code).toBe(0);
    const { rows } = await db.query<{ batches: number; firms: number; runs: number }>(
      `SELECT count(*)::int AS batches, sum(firms)::int AS firms, count(DISTINCT run_id)::int AS runs FROM core.rescore_batch
        WHERE run_id = (SELECT min(id) FROM core.rescore_run)`,
    );
    expect(rows[0]).toEqual({ batches: 10, firms: 40, runs: 1 });
    const { rows: snapshots } = await db.query<{ n: number }>(
      'SELECT count(DISTINCT uscc)::int AS n FROM core.health_latest',
    );
    expect(snapshots[0].n).toBe(40);
  });

  it('a worker started with --idle-exit helps with a run, then exits once the queue has been empty that long', async () => {
    const worker = startCommand(scratch.url, ['--worker', '--workers', '1', '--idle-exit', '10']);
    const deadline = Date.now() + 60_000;
    while (!worker.output().includes('working the rescore-batch queue')) {
      if (Date.now() > deadline || worker.child.exitCode !== null)
        throw new Error(`the worker did not start:\n${worker.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const run = await rescoreCommand(
      scratch.url,
      ['--all', '--processes', '1', '--workers', '1', '--batch', '2'],
      60_000,
    );
    expect(run.code).toBe(0);
    // It took some of the run's 20 batches (it used to wait for a list of its workers, busy or not, to be empty: it never was once it had taken one).
    const { code, output } = await ended(worker, 40_000);
    expect(output).toMatch(/batch \d+ of run \d+: 2 firms/);
    expect(output).toMatch(/worker stopping: \d+ firms scored here/);
    expect(code).toBe(0);
  });

  it('refuses --processes with --worker, saying which flags belong to the run', async () => {
    const { code, output } = await rescoreCommand(scratch.url, ['--worker', '--processes', '2'], 60_000);
    expect(code).not.toBe(0);
    expect(output).toContain('--all, --as-of, --batch and --processes belong to the run that queues the batches');
  });
});
