/**
 * `npm run rescore [-- --all] [--as-of YYYY-MM] [--processes P] [--workers N] [--batch N]`
 * `npm run rescore -- --worker [--workers N] [--idle-exit SECONDS]`
 *
 * The first form selects the firms to score (every firm with --all; otherwise those with no
 * snapshot as of the day, inputs changed since theirs, another model version, or monitoring due
 * by tier), queues them in batches on the job queue, works the queue with N workers in each of P
 * processes (this one and P - 1 helpers it starts in the second form once a run has more batches
 * than this process's N workers take at once, stopped when it ends; other processes started with
 * --worker help too), shows progress (a bar on a terminal,
 * a line every 5 s otherwise), and prints what the run did and the drift it measured. A run
 * that noted firms (a firm's distress changed, and its guarantee network's firms scored before
 * it read the old state) is followed by an incremental pass that takes them (at most two
 * passes), so the command leaves nothing pending that it caused itself.
 * The second form only works the queue: for helping a run from another process or machine.
 * It stops on SIGINT/SIGTERM (finishing its jobs), or after SECONDS with nothing to do.
 */
import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { runCli, UsageError, wholeNumberFlag } from '../lib/cli';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { migrate } from '../db/data-source';
import { portfolioAsOf } from '../quality/as-of';
import { parseYearMonth } from '../quality/months';
import { QualityError } from '../quality/quality.service';
import { RESCORE_CONFIG } from './rescore.config';
import {
  openQueue,
  RESCORE_QUEUE,
  RescoreError,
  rescoreSettled,
  startWorkers,
  stopQueue,
  type PlannedRun,
} from './rescore.queue';
import type { DriftReport } from './drift.service';
import type { RunProgress } from './rescore.service';

const USAGE =
  'usage: rescore.cli.ts [--all] [--as-of YYYY-MM] [--processes P] [--workers N] [--batch N] | --worker [--workers N] [--idle-exit SECONDS]';

async function main(): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      strict: true,
      options: {
        all: { type: 'boolean' },
        'as-of': { type: 'string' },
        workers: { type: 'string' },
        batch: { type: 'string' },
        processes: { type: 'string' },
        worker: { type: 'boolean' },
        'idle-exit': { type: 'string' },
      },
    }));
    if (typeof values['as-of'] === 'string') parseYearMonth(values['as-of']);
  } catch (err) {
    throw err instanceof UsageError ? err : new UsageError((err as Error).message);
  }
  if (values.worker && (values.all || values['as-of'] || values.batch || values.processes))
    throw new UsageError(
      '--worker only works the queue: --all, --as-of, --batch and --processes belong to the run that queues the batches',
    );
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolMax: 6 });
  // The embedded database runs one statement at a time, in this process: one worker, one process. On a server, one
  // process's thread was the bottleneck of a run that writes its snapshots (PostgreSQL sessions waited on it with a
  // sixth of the machine idle); two processes of two workers each keep both cores of a 2-core machine busy.
  const processes = values.worker
    ? 1
    : wholeNumberFlag('processes', values.processes as string | undefined, db.embedded ? 1 : 2, 1, 16);
  if (db.embedded && processes > 1)
    throw new UsageError(
      `--processes ${processes}: the embedded database lives in this process; helper processes need a PostgreSQL server (DATABASE_URL)`,
    );
  const workers = wholeNumberFlag('workers', values.workers as string | undefined, db.embedded ? 1 : 2, 1, 16);
  const ran = await migrate(db.url);
  if (ran.length) console.log(`migrations: ran ${ran.join(', ')}`);
  const boss = await openQueue(db);
  // Started for the first run with more batches than this process's workers take at once: a helper takes a second
  // or two to start (loading the code), longer than such a run, and would slow a run with nothing to do.
  let helpers: ChildProcess[] = [];
  const stop = async () => {
    // The helpers and this process's workers stop side by side (each finishes the jobs it holds).
    await Promise.all([stopHelpers(helpers), stopQueue(boss)]);
    await db.close();
  };
  try {
    if (values.worker) {
      await workOnly(
        boss,
        db,
        workers,
        wholeNumberFlag('idle-exit', values['idle-exit'] as string | undefined, 0, 0, 86_400),
      );
      return;
    }
    const asOf = await portfolioAsOf(db, values['as-of'] as string | undefined);
    const batchSize = wholeNumberFlag('batch', values.batch as string | undefined, RESCORE_CONFIG.batchSize, 1, 10_000);
    await startWorkers(boss, db, { workers });
    let show: ReturnType<typeof progressReporter> | undefined;
    await rescoreSettled(
      db,
      boss,
      asOf,
      { all: Boolean(values.all), batchSize, now: () => new Date() },
      {
        planned: ({ pass, run, after }) => {
          if (!helpers.length && run.batches > workers) helpers = startHelpers(processes - 1, workers);
          if (after)
            console.log(
              `follow-up ${pass}: the run noted ${after.progress.networkNoted} firm(s) whose guarantee network's distress changed during it; taking those scored before the change (their contagion warning)`,
            );
          const reasons =
            [
              ...Object.entries(run.selection.reasons).map(([r, n]) => `${n} ${r}`),
              ...(run.selection.foundedLater
                ? [`${run.selection.foundedLater} founded after ${asOf.date} not scored`]
                : []),
            ].join(', ') || 'nothing to do';
          console.log(
            `rescore run ${run.runId} as of ${asOf.date} (model ${run.modelVersion}): ${run.selection.usccs.length} firms (${reasons}) in ${run.batches} batches, ${workers} worker(s) in each of ${helpers.length + 1} process(es)`,
          );
          if (run.analyzed.length)
            console.log(`statistics out of date, analyzed before the run: ${run.analyzed.join(', ')}`);
          show = progressReporter(run.selection.usccs.length);
        },
        progress: (p) => show?.update(p),
        done: ({ run, progress, drift, seconds }) => {
          show?.stop();
          report(run, progress, drift, seconds);
        },
      },
    );
  } finally {
    await stop();
  }
}

/** Prints what a run did and the drift it measured. */
function report(run: PlannedRun, progress: RunProgress, drift: DriftReport | null, seconds: number): void {
  console.log(
    `run ${run.runId} ${progress.status}: ${progress.firmsDone} firms scored in ${seconds.toFixed(1)} s (${Math.round(progress.firmsDone / Math.max(seconds, 0.001))} firms/s); ` +
      `${progress.snapshotsWritten} new snapshots, ${progress.firmsDone - progress.snapshotsWritten} unchanged (confirmed)`,
  );
  if (!drift) return;
  if (!drift.measured) {
    console.log(
      `drift: not measured (${drift.population} firms in the model's population, fewer than ${RESCORE_CONFIG.driftMinPopulation})`,
    );
    return;
  }
  console.log(
    `drift against model ${drift.modelVersion}'s development population (${drift.population} firms; alert above PSI ${drift.threshold}):`,
  );
  for (const s of drift.subjects)
    console.log(`  ${s.subject.padEnd(24)} ${s.psi.toFixed(4).padStart(8)}${s.alert ? '  ALERT' : ''}`);
}

/**
 * `count` helper processes working the queue (this command in its second form, with the same
 * node options, environment and stderr; their per-batch lines are not shown).
 */
function startHelpers(count: number, workers: number): ChildProcess[] {
  return Array.from({ length: count }, () =>
    fork(__filename, ['--worker', '--workers', String(workers)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }),
  );
}

/** Stops the helpers (each finishes the jobs it holds) and waits for them to exit. */
async function stopHelpers(helpers: readonly ChildProcess[]): Promise<void> {
  await Promise.all(
    helpers.map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }),
  );
}

/**
 * Works the queue until SIGINT/SIGTERM, the process that started it (a helper's parent) going
 * away, or `idleExit` seconds with no job of the queue waiting or running, here or elsewhere (0: never).
 */
async function workOnly(
  boss: Awaited<ReturnType<typeof openQueue>>,
  db: Awaited<ReturnType<typeof openDatabase>>,
  workers: number,
  idleExit: number,
): Promise<void> {
  let last = Date.now();
  let done = 0;
  await startWorkers(boss, db, {
    workers,
    onBatch: (job, r) => {
      done += r.firms;
      last = Date.now();
      console.log(
        `batch ${job.batchNo} of run ${job.runId}: ${r.firms} firms in ${r.ms} ms${r.stored ? '' : ' (already stored by an earlier attempt)'}`,
      );
    },
  });
  console.log(
    `working the ${RESCORE_QUEUE} queue with ${workers} worker(s)${idleExit ? `; exits after ${idleExit} s idle` : '; stop with Ctrl-C'}`,
  );
  await new Promise<void>((resolve) => {
    const finish = () => resolve();
    process.once('SIGINT', finish);
    process.once('SIGTERM', finish);
    if (process.send) process.once('disconnect', finish);
    if (idleExit) {
      const timer = setInterval(() => {
        // Jobs created, retried or active: a job another process holds may still come back to the queue.
        void boss.getQueueSize(RESCORE_QUEUE, { before: 'completed' }).then((pending) => {
          if (pending) last = Date.now();
          else if (Date.now() - last > idleExit * 1000) {
            clearInterval(timer);
            resolve();
          }
        });
      }, 1000);
    }
  });
  console.log(`worker stopping: ${done} firms scored here`);
  // A helper's channel to the process that started it would keep it running.
  if (process.connected) process.disconnect();
}

/** A bar on a terminal; a line every 5 s otherwise. */
function progressReporter(total: number): { update: (p: RunProgress) => void; stop: () => void } {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: 'rescore |{bar}| {value}/{total} firms | {duration_formatted}', stream: process.stderr },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    return { update: (p) => bar.update(p.firmsDone), stop: () => bar.stop() };
  }
  let last = 0;
  return {
    update: (p) => {
      if (Date.now() - last < 5000 && p.status === 'RUNNING') return;
      last = Date.now();
      console.log(`rescore: ${p.firmsDone}/${total} firms, ${p.batchesDone}/${p.batches} batches`);
    },
    stop: () => {},
  };
}

// Once stopped, the process exits: pg-boss checks every second whether the workers it stopped have
// ended, and that timer kept each process up to a second longer (a helper's exit is waited for too).
if (require.main === module) runCli(() => main().then(() => process.exit(0)), USAGE, [RescoreError, QualityError]);
