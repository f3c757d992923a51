/**
 * `npm run rescore` as a person runs it: the command starts its helper processes, they share the
 * run's batches with it through the queue, and the command ends only once they have stopped (a
 * helper's channel to its parent once kept it, and so the command, running after the run was done).
 */
import 'reflect-metadata';
import type { Database } from '../src/db/database';
import { seedPortfolio } from '../src/seed';
import { openScratchDatabase, type ScratchDatabase } from './helpers';
import { exited, outputReady, startNode, type StartedNode } from './process.helpers';
import { TEST_PORTFOLIO } from './portfolio';
import { lastDayOfMonth } from '../src/quality/months';

jest.setTimeout(120_000);

/** `npm run rescore -- ...args` on the database at `url`. */
function startRescore(url: string, args: string[]): StartedNode {
  return startNode(['-r', '@swc-node/register', 'src/rescore/rescore.cli.ts', ...args], {
    DATABASE_URL: url,
    NODE_OPTIONS: '',
  });
}

/** Runs the command to its end: its exit code and output. */
function rescoreCommand(url: string, args: string[], timeoutMs: number) {
  return exited(startRescore(url, args), timeoutMs);
}

describe('npm run rescore', () => {
  let scratch: ScratchDatabase;
  let db: Database;

  beforeAll(async () => {
    scratch = await openScratchDatabase({ embeddedConnections: 40 });
    db = scratch.db;
    await seedPortfolio(db, { firms: 40, seed: 29, asOf: TEST_PORTFOLIO.asOf });
  });
  afterAll(async () => {
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
    // With nothing to do, no helper is started: it would take longer to load than the run takes.
    const idle = await rescoreCommand(scratch.url, ['--processes', '2', '--workers', '1'], 90_000);
    expect(idle.output).toContain('(nothing to do) in 0 batches, 1 worker(s) in each of 1 process(es)');
    expect(idle.code).toBe(0);
  });

  it('a worker started with --idle-exit helps with a run, then exits once the queue has been empty that long', async () => {
    const worker = startRescore(scratch.url, ['--worker', '--workers', '1', '--idle-exit', '10']);
    await outputReady(worker, (out) => (out.includes('working the rescore-batch queue') ? true : null), 60_000);
    const run = await rescoreCommand(
      scratch.url,
      ['--all', '--processes', '1', '--workers', '1', '--batch', '2'],
      60_000,
    );
    expect(run.code).toBe(0);
    // It took some of the run's 20 batches (it used to wait for a list of its workers, busy or not, to be empty: it never was once it had taken one).
    const { code, output } = await exited(worker, 40_000);
    expect(output).toMatch(/batch \d+ of run \d+: 2 firms/);
    expect(output).toMatch(/worker stopping: \d+ firms scored here/);
    expect(code).toBe(0);
  });

  it('refuses --processes with --worker, saying which flags belong to the run', async () => {
    const { code, output } = await rescoreCommand(scratch.url, ['--worker', '--processes', '2'], 60_000);
    expect(code).not.toBe(0);
    expect(output).toContain('--all, --as-of, --batch and --processes belong to the run that queues the batches');
  });

  it("refuses --as-of a month after the portfolio's, whose data is not complete, and runs nothing", async () => {
    const later = `${Number(TEST_PORTFOLIO.asOf.slice(0, 4)) + 1}${TEST_PORTFOLIO.asOf.slice(4)}`;
    const runs = async () =>
      Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM core.rescore_run')).rows[0].n);
    const before = await runs();
    const { code, output } = await rescoreCommand(scratch.url, ['--as-of', later], 60_000);
    expect(code).toBe(1);
    expect(output).toContain(
      `--as-of ${later} is after the portfolio's as-of month ${TEST_PORTFOLIO.asOf} (its newest VAT declaration period`,
    );
    expect(await runs()).toBe(before);
    expect(
      (
        await db.query('SELECT 1 FROM core.health_snapshot WHERE as_of > $1::date', [
          lastDayOfMonth(TEST_PORTFOLIO.asOf),
        ])
      ).rows,
    ).toEqual([]);
  });
});
