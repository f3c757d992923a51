/**
 * The rescore on a PostgreSQL job queue (pg-boss, in the database's `pgboss` schema, which it
 * creates and migrates itself). A run is a row in core.rescore_run and one job per batch; any
 * number of workers, in this process or others, on this machine or others, take jobs from the
 * queue. A worker that dies leaves its job active until it expires (`jobExpireSeconds`); the
 * queue's maintenance then fails it and retries it, and another worker takes it. A batch stores
 * everything in one transaction with its core.rescore_batch row, so a retried batch whose first
 * attempt had committed writes nothing twice. Whoever stores the last batch closes the run.
 *
 * pg-boss talks to the database through our pool (its `db` adapter), so the embedded database
 * works the same way with one in-process worker.
 */
import { randomUUID } from 'node:crypto';
import PgBoss from 'pg-boss';
import type { Database } from '../db/database';
import type { AsOf } from '../quality/check';
import { activeModel, modelByVersion } from '../model/model.repository';
import { RESCORE_CONFIG, type RescoreConfig } from './rescore.config';
import {
  finishRun,
  runProgress,
  scoreBatch,
  selectFirms,
  type BatchJob,
  type BatchResult,
  type RunProgress,
  type Selection,
} from './rescore.service';
import type { DriftReport } from './drift.service';
import { analyzeStaleReads } from '../health/facts.repository';

export const RESCORE_QUEUE = 'rescore-batch';

export class RescoreError extends Error {
  override name = 'RescoreError';
}

/** The job's data: the batch and the model version of its run. */
export type RescoreJobData = BatchJob & { modelVersion: string };

export async function openQueue(db: Database, config: RescoreConfig = RESCORE_CONFIG): Promise<PgBoss> {
  const boss = new PgBoss({
    db: { executeSql: (text: string, values: unknown[]) => db.query(text, values) },
    schema: 'pgboss',
    schedule: false,
    maintenanceIntervalSeconds: config.maintenanceIntervalSeconds,
  });
  // Errors of the queue's own polling and maintenance: reported, the workers go on.
  boss.on('error', (err: Error) => console.error(`rescore queue: ${err.message}`));
  await boss.start();
  await boss.createQueue(RESCORE_QUEUE, {
    name: RESCORE_QUEUE,
    policy: 'standard',
    retryLimit: config.retryLimit,
    retryDelay: 0,
    expireInSeconds: config.jobExpireSeconds,
  });
  return boss;
}

export interface WorkerOptions {
  /** Concurrent jobs in this process. */
  workers: number;
  /** Called after each batch this process ran. */
  onBatch?: (job: RescoreJobData, result: BatchResult) => void;
  config?: RescoreConfig;
  now?: () => Date;
}

const inHand = new WeakMap<PgBoss, number>();

/** The jobs this process's workers on `boss` are working on now (`stopQueue`). */
export function jobsInHand(boss: PgBoss): number {
  return inHand.get(boss) ?? 0;
}

/** Starts `workers` workers on the queue in this process (stop them with `stopQueue`). */
export async function startWorkers(boss: PgBoss, db: Database, opts: WorkerOptions): Promise<void> {
  const config = opts.config ?? RESCORE_CONFIG;
  const now = opts.now ?? (() => new Date());
  for (let k = 0; k < opts.workers; k++) {
    await boss.work<RescoreJobData>(
      RESCORE_QUEUE,
      { batchSize: 1, pollingIntervalSeconds: config.pollingIntervalSeconds },
      async ([job]) => {
        inHand.set(boss, jobsInHand(boss) + 1);
        try {
          const model = await modelByVersion(db, job.data.modelVersion);
          const result = await scoreBatch(db, job.data, model, now());
          await finishRun(db, job.data.runId, model, now(), config);
          opts.onBatch?.(job.data, result);
        } finally {
          inHand.set(boss, jobsInHand(boss) - 1);
        }
      },
    );
  }
}

/**
 * Stops this process's workers and the queue's timers (the pool stays open). With jobs in hand,
 * gracefully: each is finished first. With none, at once: pg-boss's graceful stop checks every
 * 0.5 s whether its workers have stopped, and kept a command that had finished its run for up to
 * a second. A job fetched in between is failed and retried, as a dead worker's is.
 */
export async function stopQueue(boss: PgBoss): Promise<void> {
  await boss.stop({ graceful: jobsInHand(boss) > 0, close: false, wait: true, timeout: 60_000 });
}

export interface PlannedRun {
  runId: string;
  asOf: AsOf;
  modelVersion: string;
  selection: Selection;
  batches: number;
  /** The queue's id of each batch's job. */
  jobIds: string[];
  /** The tables the run reads that were analyzed before it, their statistics out of date (`analyzeStaleReads`). */
  analyzed: string[];
}

/**
 * Selects the firms, records the run and queues its batches; a run that scores firms first
 * analyzes the tables it reads whose statistics are out of date (`analyzeStaleReads`). A run with
 * nothing to score is closed at once (its drift still measured).
 */
export async function planRun(
  db: Database,
  boss: PgBoss,
  asOf: AsOf,
  opts: { all: boolean; now: Date; batchSize?: number; config?: RescoreConfig; followUp?: boolean },
): Promise<PlannedRun> {
  const config = opts.config ?? RESCORE_CONFIG;
  const model = await activeModel(db);
  const selection = await selectFirms(db, asOf, model.version, { all: opts.all, now: opts.now, config });
  const size = opts.batchSize ?? config.batchSize;
  // Firms noted for their guarantee network alone go in batches of their own (see `scoreBatch`).
  const noted = new Set(selection.networkOnly);
  const batches: Array<Pick<BatchJob, 'usccs' | 'networkOnly'>> = [];
  for (const [firms, networkOnly] of [
    [selection.usccs.filter((u) => !noted.has(u)), false],
    [selection.networkOnly, true],
  ] as const)
    for (let k = 0; k < firms.length; k += size)
      batches.push({ usccs: firms.slice(k, k + size), ...(networkOnly ? { networkOnly } : {}) });
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO core.rescore_run (started_at, as_of, mode, model_version, firms_selected, selection, batches)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id::text`,
    [
      opts.now,
      asOf.date,
      opts.all ? 'ALL' : opts.followUp ? 'FOLLOW_UP' : 'INCREMENTAL',
      model.version,
      selection.usccs.length,
      JSON.stringify(
        selection.foundedLater ? { ...selection.reasons, FOUNDED_LATER: selection.foundedLater } : selection.reasons,
      ),
      batches.length,
    ],
  );
  const runId = rows[0].id;
  const jobIds = batches.map(() => randomUUID());
  let analyzed: string[] = [];
  try {
    if (batches.length) {
      analyzed = await analyzeStaleReads(db);
      await boss.insert(
        batches.map((batch, batchNo) => ({
          id: jobIds[batchNo],
          name: RESCORE_QUEUE,
          data: { runId, batchNo, asOf, ...batch, modelVersion: model.version } satisfies RescoreJobData,
          retryLimit: config.retryLimit,
          retryDelay: 0,
          expireInSeconds: config.jobExpireSeconds,
        })),
      );
    } else {
      await finishRun(db, runId, model, opts.now, config);
    }
  } catch (err) {
    await db.query(`UPDATE core.rescore_run SET status = 'FAILED', finished_at = now() WHERE id = $1`, [runId]);
    throw err;
  }
  return { runId, asOf, modelVersion: model.version, selection, batches: batches.length, jobIds, analyzed };
}

/**
 * Waits until the run is closed (by whichever worker stored its last batch), calling `onProgress`
 * as batches land. A batch whose job the queue gave up on (retries exhausted) fails the run.
 */
export async function waitForRun(
  db: Database,
  boss: PgBoss,
  run: PlannedRun,
  onProgress: (p: RunProgress) => void,
  pollMs = 250,
): Promise<{ progress: RunProgress; drift: DriftReport | null }> {
  let lastFailureCheck = Date.now();
  for (;;) {
    const progress = await runProgress(db, run.runId);
    onProgress(progress);
    if (progress.status !== 'RUNNING') {
      const { rows } = await db.query<{ drift: DriftReport | null }>(
        'SELECT drift FROM core.rescore_run WHERE id = $1',
        [run.runId],
      );
      return { progress, drift: rows[0]?.drift ?? null };
    }
    if (Date.now() - lastFailureCheck > 5000) {
      lastFailureCheck = Date.now();
      const done = new Set(
        (
          await db.query<{ n: number }>('SELECT batch_no AS n FROM core.rescore_batch WHERE run_id = $1', [run.runId])
        ).rows.map((r) => r.n),
      );
      // A stored batch's job fails too when closing the run (the drift and its alerts) fails in it:
      // checked once every batch is stored and the run is still open.
      const allStored = done.size >= run.jobIds.length;
      for (const [batchNo, id] of run.jobIds.entries()) {
        if (done.has(batchNo) && !allStored) continue;
        const job = await boss.getJobById<RescoreJobData>(RESCORE_QUEUE, id, { includeArchive: true });
        if (job?.state === 'failed' || job?.state === 'cancelled') {
          await db.query(
            `UPDATE core.rescore_run SET status = 'FAILED', finished_at = now() WHERE id = $1 AND status = 'RUNNING'`,
            [run.runId],
          );
          const output = (job.output as { message?: string } | null)?.message ?? 'no message';
          throw new RescoreError(
            `rescore run ${run.runId}: ${done.has(batchNo) ? `batch ${batchNo} was stored, but closing the run` : `batch ${batchNo}`} failed after ${job.retryCount} retries (${output}); the run is marked FAILED`,
          );
        }
      }
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Incremental passes after a run that noted guarantee networks (see `rescoreSettled`). */
export const FOLLOW_UP_PASSES = 2;

/** One run of `rescoreSettled`: 0 is the run asked for, then its follow-ups. */
export interface SettledRun {
  pass: number;
  run: PlannedRun;
  progress: RunProgress;
  drift: DriftReport | null;
  /** From planning to the run's close. */
  seconds: number;
}

/**
 * A run, then, while the last one noted firms (a firm's distress signs changed, and firms of its
 * guarantee network had been scored before, reading the old ones: see `scoreBatch`), an
 * incremental run that scores them, so a rescore leaves nothing pending that it caused itself. A
 * follow-up (mode FOLLOW_UP) measures no drift: the run it follows measured that day's. It notes
 * nothing more unless records changed meanwhile (a neighbour's distress is not an input of the
 * firm's own signs), so the passes are capped at FOLLOW_UP_PASSES.
 */
export async function rescoreSettled(
  db: Database,
  boss: PgBoss,
  asOf: AsOf,
  opts: { all: boolean; now: () => Date; batchSize?: number; config?: RescoreConfig; pollMs?: number },
  hooks: {
    /** A run was queued; `after` is the run a follow-up follows. */
    planned?: (r: { pass: number; run: PlannedRun; after?: SettledRun }) => void;
    progress?: (p: RunProgress) => void;
    done?: (r: SettledRun) => void;
  } = {},
): Promise<SettledRun[]> {
  const runs: SettledRun[] = [];
  for (let pass = 0; pass <= FOLLOW_UP_PASSES; pass++) {
    const last = runs[runs.length - 1];
    if (last && (last.progress.status !== 'DONE' || last.progress.networkNoted === 0)) break;
    const started = Date.now();
    const run = await planRun(db, boss, asOf, {
      all: pass === 0 && opts.all,
      now: opts.now(),
      batchSize: opts.batchSize,
      config: opts.config,
      followUp: pass > 0,
    });
    hooks.planned?.({ pass, run, after: last });
    const { progress, drift } = await waitForRun(db, boss, run, hooks.progress ?? (() => {}), opts.pollMs);
    runs.push({ pass, run, progress, drift, seconds: (Date.now() - started) / 1000 });
    hooks.done?.(runs[runs.length - 1]);
  }
  return runs;
}
