/**
 * The rescore (docs/snapshots.md): which firms to score, scoring one batch, and closing a run.
 *
 * - `selectFirms`: one statement over the portfolio. With `all`, every firm; otherwise the firms
 *   with no snapshot as of the day or one by another model version, and, for the firm's latest
 *   day, inputs changed since it (core.firm_input_change) or monitoring due by tier (RED daily,
 *   ORANGE and YELLOW weekly, the others monthly: rescore.config.ts). A firm founded after the
 *   day (its registry record says so) is never selected: it had no score that day; it is counted.
 * - `scoreBatch`: for a batch of firms, set-based reads (change numbers, the latest snapshot of
 *   the day, facts as of the day, stored data-quality findings), the health index and the
 *   warnings in Node, then one transaction: the batch's row in core.rescore_batch (a batch that
 *   already has one was done by an earlier attempt, and nothing is written twice), the new
 *   snapshots, the unchanged ones confirmed, the warnings stored (scoped to the batch's firms).
 *   The change numbers are read before the facts, so a change that lands in between makes the
 *   next run score the firm again rather than miss it. A firm whose distress signs change with
 *   its new snapshot, on its newest day (its tier enters or leaves RED/ORANGE, an enforcement opens
 *   or closes, a dishonest-debtor listing, a loan defaults: `ownDistressKeys`), notes the firms of
 *   its guarantee network as changed, in the same transaction: their contagion warning reads those
 *   signs, so those scored before it (in this run or an earlier one) are selected by the next
 *   incremental run, for their network alone (NETWORK_CHANGED: no indicator reads the
 *   network, so such a batch reads the firms' networks, redoes NETWORK_RULES' warnings and
 *   confirms the snapshots; a firm with a record of its own changed since is scored in full).
 *   (A neighbour's new record changes the neighbour's inputs, not the firm's: this is how the firm
 *   learns of it, once the neighbour is rescored.)
 * - `finishRun`: the worker that stores a run's last batch marks it DONE (one of them, under a
 *   row lock), measures drift and raises alerts (a follow-up run does not), and compacts the input
 *   change log (each firm's newest row of each kind stays); then vacuums the tables the
 *   run rewrote (a follow-up run does not: the run it follows did).
 */
import os from 'node:os';
import type { Database } from '../db/database';
import type { AsOf, DetectedFinding } from '../quality/check';
import { loadFacts } from '../health/facts.repository';
import { scoreHealth, type Health } from '../health/health.service';
import type { ModelDocument } from '../model/model';
import { evaluateNetworkRules, evaluateRules } from '../warnings/rules.service';
import { NETWORK_RULES } from '../warnings/rules';
import { storeWarningsIn } from '../warnings/warning.service';
import type { DetectedWarning } from '../warnings/warning';
import { monitoringDaysByTier, RESCORE_CONFIG, type RescoreConfig } from './rescore.config';
import {
  confirmSnapshots,
  inputsFingerprint,
  insertSnapshots,
  kindInSql,
  notedSinceSql,
  type SnapshotWrite,
} from './snapshot.repository';
import { InputChangeKind } from './snapshot.entity';
import { measureDrift, raiseDriftAlerts, type DriftReport } from './drift.service';
import { guaranteeNetworks } from '../network/guarantee.repository';
import {
  CONTAGION,
  loadNetworkFacts,
  memberUsccs,
  newestSnapshotAsOf,
  ownDistressKeys,
} from '../health/network-facts.repository';
import type { Tier } from '../health/tier';
import { foundedAfterSql } from '../firm/firm.repository';
import { tableStats, tidyPlan, type TableStats } from '../db/table-stats';

export type SelectionReason = 'ALL' | 'NO_SNAPSHOT' | 'MODEL_CHANGED' | 'INPUTS_CHANGED' | 'DUE' | 'NETWORK_CHANGED';

export interface Selection {
  usccs: string[];
  /** Of `usccs`, the firms selected for NETWORK_CHANGED: their warnings that read the network are redone, their score confirmed. */
  networkOnly: string[];
  /** How many firms for each reason. */
  reasons: Partial<Record<SelectionReason, number>>;
  /** Firms not selected because they were founded after the as-of day. */
  foundedLater: number;
}

/** The firms a run as of `asOf` scores, and why (see the header). */
export async function selectFirms(
  db: Database,
  asOf: AsOf,
  modelVersion: string,
  opts: { all: boolean; now: Date; config?: RescoreConfig },
): Promise<Selection> {
  const config = opts.config ?? RESCORE_CONFIG;
  const days = monitoringDaysByTier(config);
  const dueHours = `CASE l.tier ${Object.entries(days)
    .map(([tier, d]) => `WHEN '${tier}' THEN ${d * 24 - config.monitoringSlackHours}`)
    .join(' ')} END`;
  // The current day's snapshot is the firm's latest (with its last check); a past day's is kept as it was: only a missing one, or one by another model, is redone.
  const { rows } = await db.query<{ uscc: string; reason: SelectionReason | null; foundedLater: boolean }>(
    `SELECT f.uscc, ${foundedAfterSql('f.uscc', '$2::date')} AS "foundedLater",
            CASE WHEN $1 THEN 'ALL'
                 WHEN l.uscc IS NULL AND p.model_version IS NULL THEN 'NO_SNAPSHOT'
                 WHEN coalesce(l.model_version, p.model_version) <> $3 THEN 'MODEL_CHANGED'
                 WHEN l.uscc IS NULL THEN NULL
                 WHEN c.seq IS DISTINCT FROM l.inputs_seq AND NOT coalesce(${NOTED_FOR_NETWORK_ONLY}, false) THEN 'INPUTS_CHANGED'
                 WHEN l.checked_at <= $4::timestamptz - make_interval(hours => ${dueHours}) THEN 'DUE'
                 WHEN c.seq IS DISTINCT FROM l.inputs_seq THEN 'NETWORK_CHANGED'
            END AS reason
       FROM core.firm f
       LEFT JOIN core.health_latest l ON l.uscc = f.uscc AND l.as_of = $2::date
       LEFT JOIN LATERAL (SELECT s.model_version FROM core.health_snapshot s
                           WHERE l.uscc IS NULL AND s.uscc = f.uscc AND s.as_of = $2::date ORDER BY s.computed_at DESC, s.id DESC LIMIT 1) p ON true
       LEFT JOIN (SELECT uscc, max(seq) AS seq, max(seq) FILTER (WHERE ${kindInSql('kind', OWN_CHANGES)}) AS own_seq FROM core.firm_input_change GROUP BY uscc) c ON c.uscc = f.uscc
      ORDER BY f.uscc`,
    [opts.all, asOf.date, modelVersion, opts.now],
  );
  const reasons: Selection['reasons'] = {};
  const usccs: string[] = [];
  const networkOnly: string[] = [];
  let foundedLater = 0;
  for (const r of rows) {
    if (!r.reason) continue;
    if (r.foundedLater) {
      foundedLater++;
      continue;
    }
    usccs.push(r.uscc);
    if (r.reason === 'NETWORK_CHANGED') networkOnly.push(r.uscc);
    reasons[r.reason] = (reasons[r.reason] ?? 0) + 1;
  }
  return { usccs, networkOnly, reasons, foundedLater };
}

/**
 * Whether every change of the firm since its latest snapshot (`l`, core.health_latest) was a note
 * for its guarantee network (`c`: its newest change `seq` and newest change of its own, a record
 * or a finding, `own_seq`): then its score stands and only the rules that read the network need
 * running again.
 */
const NOTED_FOR_NETWORK_ONLY = `((l.inputs_seq IS NULL OR c.seq > l.inputs_seq) AND (c.own_seq IS NULL OR c.own_seq <= l.inputs_seq))`;

/** The changes that take a firm through a full pass: its records (the score) and its findings (the warning rules read them). */
const OWN_CHANGES = [InputChangeKind.RECORD, InputChangeKind.FINDING];

export interface BatchJob {
  runId: string;
  batchNo: number;
  asOf: AsOf;
  usccs: string[];
  /** Firms selected for NETWORK_CHANGED (see `scoreBatch`); none when absent. */
  networkOnly?: boolean;
}

export interface BatchResult {
  /** False when an earlier attempt had already stored the batch. */
  stored: boolean;
  firms: number;
  snapshotsWritten: number;
  warningsRaised: number;
  /** Firms noted as changed because the distress signs of a member of their guarantee network changed. */
  networkNoted: number;
  ms: number;
}

export const WORKER_NAME = `${os.hostname()}:${process.pid}`;

const NETWORK_RULE_CODES = NETWORK_RULES.map((r) => r.code);

/** The firm is in the model's population: a loan running at as-of, and not in default. */
function inPopulation(h: Health, running: boolean): boolean {
  return running && h.inDefault === null;
}

/** Scores one batch and stores it (see the header). `now` is the clock (tests pin it). */
export async function scoreBatch(
  db: Database,
  job: BatchJob,
  model: ModelDocument,
  now: Date = new Date(),
): Promise<BatchResult> {
  const started = Date.now();
  const { asOf } = job;
  // Firms selected for their network alone that still qualify; any other firm of the batch is scored in full.
  const noted = job.networkOnly ? await notedForNetworkOnly(db, job.usccs, asOf, model.version) : [];
  const notedUsccs = noted.map((r) => r.uscc);
  const redo = new Set(notedUsccs);
  const full = await scoreFirms(
    db,
    job.usccs.filter((u) => !redo.has(u)),
    asOf,
    model,
  );
  const networkWarnings = await networkWarningsOf(db, noted, asOf);
  const ms = () => Date.now() - started;
  const firms = full.scored.length + noted.length;
  const warningsRaised = full.warnings.length + networkWarnings.length;
  const stored = await db.transaction(async (client) => {
    const mine = await client.query(
      `INSERT INTO core.rescore_batch (run_id, batch_no, firms, snapshots_written, warnings_raised, network_noted, done_at, worker, ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (run_id, batch_no) DO NOTHING`,
      [job.runId, job.batchNo, firms, full.fresh.length, warningsRaised, full.members.length, now, WORKER_NAME, ms()],
    );
    if (mine.rowCount === 0) return false;
    await insertSnapshots(client, full.fresh, now, job.runId);
    await confirmSnapshots(client, [...full.unchanged, ...noted], now);
    if (full.warned.length) await storeWarningsIn(client, full.warnings, now, { scope: full.warned });
    if (noted.length)
      await storeWarningsIn(client, networkWarnings, now, {
        scope: notedUsccs,
        codes: NETWORK_RULE_CODES,
      });
    if (full.members.length)
      await client.query(
        'INSERT INTO core.firm_input_change (uscc, changed_at, kind) SELECT unnest($1::bpchar[]), $2, $3::core.input_change_kind',
        [full.members, now, InputChangeKind.NETWORK],
      );
    return true;
  });
  return {
    stored,
    firms,
    snapshotsWritten: stored ? full.fresh.length : 0,
    warningsRaised,
    networkNoted: stored ? full.members.length : 0,
    ms: ms(),
  };
}

/** A snapshot confirmed as the firm's current one, with the change number its inputs were read at. */
interface Confirmation {
  snapshotId: string;
  uscc: string;
  inputsSeq: string | null;
}

/** What scoring firms in full produced, before it is stored. */
interface ScoredFirms {
  /** The firms scored (a firm that left core.firm since its selection is not). */
  scored: string[];
  /**
   * Of `scored`, those whose warnings the batch stores: the firms for which the day is their
   * latest. A backfill of an earlier day leaves a firm's current warnings as they are (its
   * snapshots of that day are history; its warnings are the lifecycle people work on now).
   */
  warned: string[];
  fresh: SnapshotWrite[];
  unchanged: Confirmation[];
  warnings: DetectedWarning[];
  /** The firms of the guarantee networks of the scored firms whose distress signs changed. */
  members: string[];
}

/** Scores `usccs` in full: set-based reads, the score and every warning rule in Node (see the header). */
async function scoreFirms(db: Database, usccs: string[], asOf: AsOf, model: ModelDocument): Promise<ScoredFirms> {
  if (!usccs.length) return { scored: [], warned: [], fresh: [], unchanged: [], warnings: [], members: [] };
  const [seqs, previous] = await Promise.all([
    db.query<{ uscc: string; seq: string }>(
      // The newest change per firm through the (uscc, seq) index: one entry read per firm, however long the log is.
      `SELECT f.uscc, c.seq::text AS seq FROM unnest($1::bpchar[]) AS f(uscc)
         CROSS JOIN LATERAL (SELECT c.seq FROM core.firm_input_change c WHERE c.uscc = f.uscc ORDER BY c.seq DESC LIMIT 1) c`,
      [usccs],
    ),
    // The newest snapshot as of the day, as the members' contagion facts read it (network-facts.repository.ts),
    // and whether the firm has a snapshot of a later day (then its neighbours' current facts read that one).
    db.query<{
      uscc: string;
      id: string | null;
      fingerprint: string;
      asOf: string;
      tier: string;
      distress: string[] | null;
      laterDay: boolean;
    }>(
      `SELECT f.uscc, s.id::text AS id, s.fingerprint, s.as_of::text AS "asOf", s.tier::text AS tier, s.distress, coalesce(l.as_of > $2::date, false) AS "laterDay"
         FROM unnest($1::bpchar[]) AS f(uscc)
         LEFT JOIN core.health_latest l ON l.uscc = f.uscc
         LEFT JOIN LATERAL (${newestSnapshotAsOf('f.uscc', '$2::date', 's.id, s.fingerprint, s.as_of, s.tier, s.distress')}) s ON true`,
      [usccs, asOf.date],
    ),
  ]);
  // After the change numbers: see the header.
  const [facts, findingRows] = await Promise.all([
    loadFacts(db, usccs, asOf),
    db.query<DetectedFinding>(
      `SELECT code, uscc, severity, message, evidence, sources, fingerprint FROM core.quality_finding
        WHERE uscc = ANY($1::bpchar[]) AND resolved_at IS NULL AND status <> 'DISMISSED'`,
      [usccs],
    ),
  ]);
  const seqOf = new Map(seqs.rows.map((r) => [r.uscc, r.seq]));
  const prevOf = new Map(previous.rows.filter((r) => r.id !== null).map((r) => [r.uscc, r]));
  const laterDay = new Set(previous.rows.filter((r) => r.laterDay).map((r) => r.uscc));
  const findingsOf = new Map<string, DetectedFinding[]>();
  for (const f of findingRows.rows) {
    const own = findingsOf.get(f.uscc);
    if (own) own.push(f);
    else findingsOf.set(f.uscc, [f]);
  }

  const out: ScoredFirms = { scored: [], warned: [], fresh: [], unchanged: [], warnings: [], members: [] };
  /** Firms whose stored distress signs (the tier among them) change with this batch. */
  const crossed: string[] = [];
  for (const f of facts) {
    if (!f) continue; // the firm left core.firm since it was selected
    out.scored.push(f.uscc);
    const health = scoreHealth(f, model);
    if (!laterDay.has(f.uscc)) {
      out.warned.push(f.uscc);
      out.warnings.push(...evaluateRules(f, health, findingsOf.get(f.uscc) ?? []));
    }
    const distress = ownDistressKeys(f, health.tier, CONTAGION);
    const fingerprint = inputsFingerprint(health, asOf.date, distress);
    const inputsSeq = seqOf.get(f.uscc) ?? null;
    const prev = prevOf.get(f.uscc);
    if (prev && prev.asOf === asOf.date && prev.fingerprint === fingerprint)
      out.unchanged.push({ snapshotId: prev.id!, uscc: f.uscc, inputsSeq });
    else {
      if (!laterDay.has(f.uscc) && distress.join() !== storedDistress(prev).join()) crossed.push(f.uscc);
      out.fresh.push({
        health,
        asOfDate: asOf.date,
        fingerprint,
        inputsSeq,
        distress,
        inPopulation: inPopulation(
          health,
          (f.bank?.loans ?? []).some((l) => l.status === 'ACTIVE'),
        ),
      });
    }
  }
  out.members = await networkMembers(db, crossed, asOf);
  return out;
}

/**
 * Of `usccs`, the firms every change of which since their current snapshot (of the day, by the
 * serving model) is a note for their guarantee network: their score stands. Each with that
 * snapshot, its tier and the firm's newest change number, read before the network is.
 */
async function notedForNetworkOnly(
  db: Database,
  usccs: string[],
  asOf: AsOf,
  modelVersion: string,
): Promise<Array<Confirmation & { tier: Tier }>> {
  const { rows } = await db.query<Confirmation & { tier: Tier }>(
    `SELECT f.uscc, l.snapshot_id::text AS "snapshotId", l.tier::text AS tier, c.seq::text AS "inputsSeq"
       FROM unnest($1::bpchar[]) AS f(uscc)
       JOIN core.health_latest l ON l.uscc = f.uscc AND l.as_of = $2::date AND l.model_version = $3
       CROSS JOIN LATERAL (SELECT c.seq FROM core.firm_input_change c WHERE c.uscc = f.uscc ORDER BY c.seq DESC LIMIT 1) c
      WHERE NOT ${notedSinceSql('f.uscc', 'l.inputs_seq', OWN_CHANGES)}`,
    [usccs, asOf.date, modelVersion],
  );
  return rows;
}

/** The warnings of the rules that read only the network (NETWORK_RULES), for firms at their stored tier. */
async function networkWarningsOf(
  db: Database,
  firms: ReadonlyArray<{ uscc: string; tier: Tier }>,
  asOf: AsOf,
): Promise<DetectedWarning[]> {
  if (!firms.length) return [];
  const networks = await loadNetworkFacts(
    db,
    firms.map((f) => f.uscc),
    asOf,
    CONTAGION,
  );
  return firms.flatMap((f, k) => evaluateNetworkRules(f.uscc, asOf, f.tier, networks[k].network));
}

/** The distress signs a stored snapshot kept (none without one; its tier alone for one stored before signs were kept). */
function storedDistress(prev: { tier: string; distress: string[] | null } | undefined): string[] {
  if (!prev) return [];
  return prev.distress ?? (CONTAGION.tiers.includes(prev.tier) ? ['TIER'] : []);
}

/**
 * The firms in the guarantee networks (to the contagion depth) of firms whose distress signs
 * changed: their contagion warning reads those signs (network-facts.repository.ts), so each is noted in the input
 * change log like a new record of its own. The walk goes both ways, so these are exactly the firms
 * whose networks hold a crossed firm.
 */
async function networkMembers(db: Database, crossed: string[], asOf: AsOf): Promise<string[]> {
  if (!crossed.length) return [];
  return memberUsccs(
    await guaranteeNetworks(
      db,
      crossed.map((uscc) => ({ uscc, depth: CONTAGION.depth })),
      asOf.date,
    ),
  );
}

export interface RunProgress {
  status: string;
  batches: number;
  batchesDone: number;
  firmsSelected: number;
  firmsDone: number;
  snapshotsWritten: number;
  /** Firms noted as changed by the run's batches (their guarantee network's distress changed): see `scoreBatch`. */
  networkNoted: number;
}

export async function runProgress(db: Database, runId: string): Promise<RunProgress> {
  const { rows } = await db.query<RunProgress>(
    `SELECT r.status, r.batches, r.firms_selected AS "firmsSelected",
            count(b.batch_no)::int AS "batchesDone", coalesce(sum(b.firms), 0)::int AS "firmsDone", coalesce(sum(b.snapshots_written), 0)::int AS "snapshotsWritten",
            coalesce(sum(b.network_noted), 0)::int AS "networkNoted"
       FROM core.rescore_run r LEFT JOIN core.rescore_batch b ON b.run_id = r.id WHERE r.id = $1 GROUP BY r.id`,
    [runId],
  );
  if (!rows[0]) throw new Error(`no rescore run ${runId}`);
  return rows[0];
}

/**
 * Closes the run if every batch is stored (the first caller to see it wins; the others get
 * null): DONE, the drift measured on the run's as-of day and its alerts raised (not for a
 * FOLLOW_UP run, whose drift is null: the run it follows measured that day's).
 */
export async function finishRun(
  db: Database,
  runId: string,
  model: ModelDocument,
  now: Date = new Date(),
  config: RescoreConfig = RESCORE_CONFIG,
): Promise<DriftReport | null> {
  // The row stays locked until the drift is stored: whoever waits for the run sees DONE with its drift.
  const closed = await db.transaction(async (client) => {
    const { rows } = await client.query<{ asOf: string; mode: string }>(
      `UPDATE core.rescore_run r SET status = 'DONE', finished_at = $2
        WHERE r.id = $1 AND r.status = 'RUNNING' AND (SELECT count(*) FROM core.rescore_batch b WHERE b.run_id = r.id) >= r.batches
        RETURNING r.as_of::text AS "asOf", r.mode`,
      [runId, now],
    );
    if (!rows[0]) return null;
    let drift: DriftReport | null = null;
    if (rows[0].mode !== 'FOLLOW_UP') {
      // On the same connection: the embedded database runs no other connection's statements inside a transaction.
      drift = await measureDrift(client, model, rows[0].asOf, config);
      await client.query('UPDATE core.rescore_run SET drift = $2 WHERE id = $1', [runId, JSON.stringify(drift)]);
      await raiseDriftAlerts(client, drift, runId, now);
    }
    // The change log keeps each firm's newest row of each kind: its change number is the newest of
    // them, whether it was noted for its network only compares its newest record and finding rows
    // with its snapshot's number, and whether its stored score is current its newest record row.
    const compacted = await client.query(
      `DELETE FROM core.firm_input_change c
        USING (SELECT uscc, kind, max(seq) AS newest FROM core.firm_input_change GROUP BY uscc, kind HAVING count(*) > 1) k
        WHERE c.uscc = k.uscc AND c.kind = k.kind AND c.seq < k.newest`,
    );
    return { drift, compacted: compacted.rowCount ?? 0, followUp: rows[0].mode === 'FOLLOW_UP' };
  });
  if (!closed) return null;
  // A follow-up scores a few firms just after the run it follows, which tidied the tables. Its
  // statistics may still count the writes of that run's last batches (each session reports them
  // within seconds), and it would analyze the snapshots again for them: 1.4 s on 100,000 firms.
  if (!closed.followUp) await tidyAfterRun(db, closed.compacted);
  return closed.drift;
}

/** The tables a run rewrites a row of for each firm it scores, and the snapshots it adds to. */
export const REWRITTEN = ['core.firm_input_change', 'core.warning', 'core.health_latest'];
const APPENDED = ['core.health_snapshot'];

/** The statistics of the tables a run writes. */
export function runTableStats(db: Database): Promise<TableStats[]> {
  return tableStats(db, { tables: [...REWRITTEN, ...APPENDED] });
}

/**
 * After a run: the tables it rewrote are vacuumed and their statistics refreshed (the change log
 * just compacted, the warnings seen again, each firm's latest score), and the snapshots' statistics
 * refreshed, each once it has changed as much as would make autovacuum act (`tidyPlan`). A run
 * rewrites a row of each for every firm; without this, a server whose autovacuum is off or behind
 * reads the next run's firms through their dead rows (measured on 100,000 firms with autovacuum
 * off: the change numbers' read went from 5 to 390 ms per batch after a seed's change log was
 * compacted) and plans the warnings' clearing as a scan of the whole table. A small run skips it:
 * on 100,000 firms the vacuum and the analyze cost 2.4 s, most of a run with nothing to do.
 */
async function tidyAfterRun(db: Database, compacted: number): Promise<void> {
  // The compaction's deletions are not in the statistics until its session reports them (within seconds).
  const stats = (await runTableStats(db)).map((t) =>
    t.table === 'core.firm_input_change' ? { ...t, deadRows: Math.max(t.deadRows, compacted) } : t,
  );
  const { vacuum, analyze } = tidyPlan(stats, REWRITTEN);
  // On two connections at once (the embedded database's one runs them in turn).
  await Promise.all([
    vacuum.length ? db.query(`VACUUM (ANALYZE) ${vacuum.join(', ')}`) : null,
    analyze.length ? db.query(`ANALYZE ${analyze.join(', ')}`) : null,
  ]);
}
