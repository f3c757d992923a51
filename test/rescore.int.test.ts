/**
 * Scores stored as snapshots (src/rescore, docs/snapshots.md), on a scratch database of its own
 * (a small seeded portfolio), on whichever database the suite runs on:
 * - a full rescore stores one snapshot per firm and closes the run with its drift; run again,
 *   nothing is written twice (every snapshot confirmed), and an incremental run selects nothing;
 * - a record written afterwards marks its firm (the input change log), which the next incremental
 *   run selects, and reads compute live until then;
 * - monitoring by tier: with the clock moved on, RED firms are due after a day, ORANGE and YELLOW
 *   after a week, the others after a month;
 * - reads through GraphQL: `health` from the snapshot (`live: false`) equal to the score computed
 *   live, `health(asOf)` stored or computed, `healthHistory` after a backfill of an earlier day,
 *   a firm with no snapshot scored and routed live in one request, `nextTier` applied and rescored;
 * - resumption: a worker process killed (SIGKILL) in the middle of a batch loses nothing: another
 *   worker finishes its batch once the queue expires it;
 * - a neighbour's distress: a firm whose stored tier enters or leaves RED/ORANGE, or which gets an
 *   open enforcement, notes its guarantee network in the change log, so the next incremental run
 *   takes the members scored before it for their network alone (their contagion warning redone,
 *   their score confirmed; in full when a record of their own changed too, kept through the log's
 *   compaction), and a rescore follows such a run with a pass that takes them;
 * - data-quality findings: one that appears or is dismissed selects its firm, one seen again does not;
 * - drift: a model whose development population differs raises a DRIFT alert that risk officers
 *   and auditors can query (and analysts cannot).
 */
import 'reflect-metadata';
import path from 'node:path';
import type PgBoss from 'pg-boss';
import type { Database } from '../src/db/database';
import { seedPortfolio } from '../src/seed';
import { loadFacts } from '../src/health/facts.repository';
import { scoreHealth } from '../src/health/health.service';
import { runQuality } from '../src/quality/quality.service';
import { maskEvidence } from '../src/masking/evidence';
import { Tier, tierOf } from '../src/health/tier';
import { indexOfPd, type ModelDocument } from '../src/model/model';
import { activateModel, activeModel, saveModel, shippedModel } from '../src/model/model.repository';
import { scoreRow } from '../src/model/scorecard';
import { portfolioAsOf } from '../src/quality/as-of';
import type { AsOf } from '../src/quality/check';
import { RESCORE_CONFIG, type RescoreConfig } from '../src/rescore/rescore.config';
import {
  openQueue,
  planRun,
  rescoreSettled,
  startWorkers,
  waitForRun,
  type PlannedRun,
} from '../src/rescore/rescore.queue';
import { finishRun, scoreBatch, selectFirms } from '../src/rescore/rescore.service';
import { scanPortfolio } from '../src/warnings/portfolio.service';
import { storeWarnings } from '../src/warnings/warning.service';
import type { DetectedWarning } from '../src/warnings/warning';
import { Role } from '../src/auth/principal';
import {
  authHeader,
  gql,
  openScratchDatabase,
  startTestServer,
  type ScratchDatabase,
  type TestServer,
} from './helpers';
import { TEST_PORTFOLIO } from './portfolio';
import { outputReady, startNode } from './process.helpers';

jest.setTimeout(180_000);

const CONFIG: RescoreConfig = {
  ...RESCORE_CONFIG,
  batchSize: 10,
  jobExpireSeconds: 60,
  maintenanceIntervalSeconds: 1,
  pollingIntervalSeconds: 0.5,
  driftMinPopulation: 5,
};
/** For the killed worker: its batch is given to another worker 3 s after it was taken. */
const KILL_CONFIG: RescoreConfig = { ...CONFIG, jobExpireSeconds: 3 };
const DAY = 86_400_000;

describe('rescore and snapshots', () => {
  let scratch: ScratchDatabase;
  let db: Database;
  let boss: PgBoss;
  let asOf: AsOf;
  let t: TestServer;
  const clock = { now: new Date('2026-11-02T02:00:00Z') };

  const rescore = async (
    opts: { all?: boolean; at?: Date; asOf?: AsOf; workers?: boolean } = {},
  ): Promise<{ run: PlannedRun; progress: Awaited<ReturnType<typeof waitForRun>> }> => {
    const run = await planRun(db, boss, opts.asOf ?? asOf, {
      all: Boolean(opts.all),
      now: opts.at ?? clock.now,
      config: CONFIG,
    });
    return { run, progress: await waitForRun(db, boss, run, () => {}, 50) };
  };
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await db.query<{ n: string }>(sql, params)).rows[0].n);
  /** The firms an incremental run would take now (the serving model, the test clock). */
  const selected = async () =>
    (await selectFirms(db, asOf, shippedModel().version, { all: false, now: clock.now })).usccs;
  /** Runs until nothing is pending (a first run notes the networks of its distressed firms), whatever earlier tests left. */
  const settle = async () => {
    for (let k = 0; k < 3 && (await selected()).length; k++) await rescore();
    expect(await selected()).toEqual([]);
  };
  /** A firm with a live guarantee to another firm of the portfolio: the first such pair, or the last. */
  const guaranteePair = async (order: 'ASC' | 'DESC') => {
    const { rows } = await db.query<{ firm: string; partner: string }>(
      `SELECT g.guarantor_uscc AS firm, g.borrower_uscc AS partner FROM bank.guarantee g
         JOIN core.firm a ON a.uscc = g.guarantor_uscc JOIN core.firm b ON b.uscc = g.borrower_uscc
        WHERE g.start_date <= $1::date AND g.end_date >= $1::date AND g.guarantor_uscc <> g.borrower_uscc
        ORDER BY 1 ${order}, 2 ${order} LIMIT 1`,
      [asOf.date],
    );
    expect(rows).toHaveLength(1);
    return rows[0];
  };
  /**
   * Makes the firm's newest snapshot as of the day say the other side of the contagion tiers from
   * the tier it scores now, its stored signs too (TIER sorts after the other signs).
   */
  const storeOppositeTier = async (firm: string) => {
    const [facts] = await loadFacts(db, [firm], asOf);
    const tier = ['RED', 'ORANGE'].includes(scoreHealth(facts!, shippedModel()).tier) ? 'GREEN' : 'RED';
    await db.query(
      `UPDATE core.health_snapshot SET tier = $2::text::core.health_tier, fingerprint = 'made-to-differ',
              distress = CASE WHEN $2::text = 'RED' THEN array_append(array_remove(distress, 'TIER'), 'TIER') ELSE array_remove(distress, 'TIER') END
        WHERE id = (SELECT id FROM core.health_snapshot WHERE uscc = $1 AND as_of <= $3::date ORDER BY as_of DESC, computed_at DESC, id DESC LIMIT 1)`,
      [firm, tier, asOf.date],
    );
  };

  beforeAll(async () => {
    scratch = await openScratchDatabase({ embeddedConnections: 12, poolMax: 4 });
    db = scratch.db;
    await seedPortfolio(db, { firms: 50, seed: 23, asOf: TEST_PORTFOLIO.asOf });
    asOf = await portfolioAsOf(db);
    boss = await openQueue(db, CONFIG);
    await startWorkers(boss, db, { workers: 2, config: CONFIG, now: () => clock.now });
    t = await startTestServer({}, { databaseUrl: scratch.url });
  });
  afterAll(async () => {
    await t?.close();
    await boss?.stop({ graceful: false, close: false, wait: true });
    await scratch?.drop();
  });

  it('a full run stores one snapshot per firm, a second one writes nothing new, an incremental one selects nothing', async () => {
    const first = await rescore({ all: true });
    expect(first.run.selection.reasons).toEqual({ ALL: 50 });
    expect(first.progress.progress).toMatchObject({
      status: 'DONE',
      batches: 5,
      batchesDone: 5,
      firmsDone: 50,
      snapshotsWritten: 50,
    });
    expect(await count('SELECT count(*) AS n FROM core.health_latest')).toBe(50);
    expect(await count('SELECT count(DISTINCT run_id) AS n FROM core.health_snapshot')).toBe(1);
    // The drift report: the score and every input the model uses, over the firms in its population.
    const drift = first.progress.drift!;
    expect(drift.measured).toBe(true);
    expect(drift.population).toBe(await count('SELECT count(*) AS n FROM core.health_snapshot WHERE in_population'));
    expect(drift.subjects.map((s) => s.subject)).toEqual([
      'SCORE',
      ...shippedModel()
        .scorecard.features.filter((f) => f.selected)
        .map((f) => f.feature),
    ]);
    for (const s of drift.subjects) expect(s.bins.reduce((a, b) => a + b.actualShare, 0)).toBeCloseTo(1, 5);

    const again = await rescore({ all: true });
    expect(again.progress.progress).toMatchObject({ status: 'DONE', firmsDone: 50, snapshotsWritten: 0 });
    expect(await count('SELECT count(*) AS n FROM core.health_snapshot')).toBe(50);

    const none = await rescore();
    expect(none.run.selection.usccs).toEqual([]);
    expect(none.progress.progress).toMatchObject({ status: 'DONE', batches: 0 });

    // The latest scores are derived: emptied by hand, a full run with nothing new puts them back as they were.
    const latest =
      'SELECT uscc, snapshot_id, as_of, tier, score, probability_of_default, computed_at, model_version, fingerprint, inputs_seq FROM core.health_latest ORDER BY uscc';
    const kept = (await db.query(latest)).rows;
    await db.query(
      'DELETE FROM core.health_latest WHERE uscc IN (SELECT uscc FROM core.health_latest ORDER BY uscc LIMIT 3)',
    );
    const rebuilt = await rescore({ all: true });
    expect(rebuilt.progress.progress).toMatchObject({ status: 'DONE', firmsDone: 50, snapshotsWritten: 0 });
    expect((await db.query(latest)).rows).toEqual(kept);
  });

  it('serves the snapshot (live: false) equal to the live score, and computes live once an input changed', async () => {
    const { rows } = await db.query<{ uscc: string }>('SELECT uscc FROM core.health_latest ORDER BY uscc LIMIT 3');
    const query = `query($u: USCC!) { borrower(uscc: $u) { health { score probabilityOfDefault tier confidence reasons live computedAt modelVersion factors { code value bin points evidence } } } }`;
    const scores = new Map<string, number>();
    for (const { uscc } of rows) {
      const res = await gql(t.url, query, { u: uscc });
      expect(res.errors).toBeUndefined();
      const h = res.data!.borrower.health;
      scores.set(uscc, h.score);
      expect(h.live).toBe(false);
      const [facts] = await loadFacts(db, [uscc], asOf);
      const want = scoreHealth(facts!, shippedModel());
      expect({
        score: h.score,
        pd: h.probabilityOfDefault,
        tier: h.tier,
        confidence: h.confidence,
        reasons: h.reasons,
      }).toEqual({
        score: want.score,
        pd: want.probabilityOfDefault,
        tier: want.tier,
        confidence: want.confidence,
        reasons: want.reasons,
      });
      // Persons' names in the evidence come masked (masking-health.int.test.ts).
      expect(h.factors).toEqual(
        JSON.parse(
          JSON.stringify(
            want.factors.map((f) => ({
              code: f.code,
              value: f.value,
              bin: f.bin,
              points: f.points,
              evidence: maskEvidence(f.evidence).value,
            })),
          ),
        ),
      );
    }
    // A record of the first firm is written again (any writer: the triggers note it, whether or not the value moved).
    const uscc = rows[0].uscc;
    await db.query('UPDATE core.firm SET claimed_staff = claimed_staff WHERE uscc = $1', [uscc]);
    const after = await gql(t.url, query, { u: uscc });
    expect(after.data!.borrower.health.live).toBe(true);
    // On a page of borrowers too (the scores read in the page's statement): that firm live, the others stored.
    const page = await gql(t.url, `{ borrowers(first: 50) { edges { node { uscc health { score live } } } } }`);
    expect(page.errors).toBeUndefined();
    const nodes: Array<{ uscc: string; health: { score: number; live: boolean } }> = page.data!.borrowers.edges.map(
      (e: { node: unknown }) => e.node,
    );
    expect(nodes.filter((n) => n.health.live).map((n) => n.uscc)).toEqual([uscc]);
    expect(nodes.find((n) => n.uscc === uscc)!.health.score).toBe(scores.get(uscc));
    const next = await rescore();
    expect(next.run.selection).toEqual({
      usccs: [uscc],
      networkOnly: [],
      reasons: { INPUTS_CHANGED: 1 },
      foundedLater: 0,
    });
    expect((await gql(t.url, query, { u: uscc })).data!.borrower.health.live).toBe(false);
  });

  it('a page of borrowers with their stored scores costs the statements of the page alone: the scores come in its statement', async () => {
    const page = (health: string) => `{ borrowers(first: 50) { edges { node { uscc name ${health} } } } }`;
    const statements = async (query: string) => {
      await gql(t.url, query); // warm: the portfolio's day and the serving model are cached per minute
      t.db.resetStatementCount();
      const res = await gql(t.url, query);
      expect(res.errors).toBeUndefined();
      return {
        n: t.db.statementCount(),
        nodes: res.data!.borrowers.edges.map((e: { node: Record<string, any> }) => e.node),
      };
    };
    const without = await statements(page(''));
    const withHealth = await statements(page('health { score tier probabilityOfDefault live }'));
    expect(withHealth.nodes).toHaveLength(50);
    expect(withHealth.nodes.every((n: { health: { live: boolean } }) => n.health.live === false)).toBe(true);
    expect(withHealth.n).toBe(without.n);
    // The same through a named fragment and an alias.
    const viaFragment = await statements(
      `{ borrowers(first: 50) { edges { node { ...N } } } } fragment N on Borrower { uscc name h: health { score tier live } }`,
    );
    expect(viaFragment.n).toBe(without.n);
    expect(viaFragment.nodes.map((n: { h: { score: number } }) => n.h.score)).toEqual(
      withHealth.nodes.map((n: { health: { score: number } }) => n.health.score),
    );
    // The explanation is one more statement for the page, whatever its size.
    const explained = await statements(page('health { score reasons confidence factors { code points } }'));
    expect(explained.n).toBe(without.n + 1);
  });

  it('a statement that writes many records of a firm notes it once', async () => {
    const { rows } = await db.query<{ uscc: string }>(
      `SELECT uscc FROM tax.vat_declaration GROUP BY uscc HAVING count(*) >= 3 ORDER BY uscc LIMIT 1`,
    );
    const noted = async () =>
      Number(
        (
          await db.query<{ n: string }>('SELECT count(*) AS n FROM core.firm_input_change WHERE uscc = $1', [
            rows[0].uscc,
          ])
        ).rows[0].n,
      );
    const before = await noted();
    const updated = await db.query('UPDATE tax.vat_declaration SET sales = sales WHERE uscc = $1', [rows[0].uscc]);
    expect(updated.rowCount).toBeGreaterThanOrEqual(3);
    expect(await noted()).toBe(before + 1);
    await settle();
  });

  it('monitoring by tier: RED after a day, ORANGE and YELLOW after a week, the others after a month', async () => {
    const tiers = new Map(
      (
        await db.query<{ tier: Tier; n: string }>('SELECT tier, count(*) AS n FROM core.health_latest GROUP BY tier')
      ).rows.map((r) => [r.tier, Number(r.n)]),
    );
    const n = (...ts: Tier[]) => ts.reduce((a, x) => a + (tiers.get(x) ?? 0), 0);
    const plan = (days: number) =>
      selectFirms(db, asOf, shippedModel().version, {
        all: false,
        now: new Date(clock.now.getTime() + days * DAY),
        config: CONFIG,
      });
    const day = await plan(1.5);
    expect(day.usccs.length).toBe(n(Tier.RED));
    const week = await plan(7.5);
    expect(week.usccs.length).toBe(n(Tier.RED, Tier.ORANGE, Tier.YELLOW));
    const month = await plan(31);
    expect(month.usccs.length).toBe(50);
    expect(Object.keys(month.reasons)).toEqual(['DUE']);
  });

  it('health(asOf) reads the snapshot of the day or computes it; healthHistory lists a backfilled earlier day', async () => {
    const earlier: AsOf = { month: '2026-06', date: '2026-06-30' };
    const currentWarnings = () =>
      db
        .query('SELECT id, fingerprint, message, last_seen_at, cleared_at FROM core.warning ORDER BY id')
        .then((r) => r.rows);
    const warningsBefore = await currentWarnings();
    expect(warningsBefore.length).toBeGreaterThan(0);
    const backfill = await rescore({ all: true, asOf: earlier });
    expect(backfill.progress.progress).toMatchObject({ status: 'DONE', firmsDone: 50, snapshotsWritten: 50 });
    // The warnings people work on stay the current day's: a backfill stores none.
    expect(await currentWarnings()).toEqual(warningsBefore);
    // The latest snapshot stays the newest day's.
    expect(await count(`SELECT count(*) AS n FROM core.health_latest WHERE as_of = $1`, [asOf.date])).toBe(50);
    const { rows } = await db.query<{ uscc: string }>('SELECT uscc FROM core.firm ORDER BY uscc LIMIT 1');
    const uscc = rows[0].uscc;
    const res = await gql(
      t.url,
      `query($u: USCC!) { borrower(uscc: $u) {
        stored: health(asOf: "2026-06-30") { score asOf live }
        computed: health(asOf: "2026-03-31") { score probabilityOfDefault asOf live }
        midMonth: health(asOf: "2026-04-15") { score probabilityOfDefault asOf live }
        healthHistory(from: "2026-01-01", to: "${asOf.date}") { asOf score live computedAt } } }`,
      { u: uscc },
    );
    expect(res.errors).toBeUndefined();
    const b = res.data!.borrower;
    expect(b.stored).toMatchObject({ asOf: '2026-06', live: false });
    /** The score computed now from the facts as of `at`. */
    const liveAt = async (at: AsOf) => {
      const { score, probabilityOfDefault } = scoreHealth((await loadFacts(db, [uscc], at))[0]!, shippedModel());
      return { score, probabilityOfDefault, asOf: at.month, live: true };
    };
    expect(b.computed).toEqual(await liveAt({ month: '2026-03', date: '2026-03-31' }));
    // A day inside a month: records known by that day, over the months complete by then (not half of April as a month).
    expect(b.midMonth).toEqual(await liveAt({ month: '2026-03', date: '2026-04-15' }));
    expect(b.healthHistory.map((h: { asOf: string }) => h.asOf)).toEqual(['2026-06', asOf.month]);
    expect(b.healthHistory.every((h: { live: boolean }) => !h.live)).toBe(true);
    expect(b.stored.score).toBe(b.healthHistory[0].score);

    const future = await gql(
      t.url,
      `query($u: USCC!) { borrower(uscc: $u) { health(asOf: "2999-01-01") { score } } }`,
      { u: uscc },
    );
    expect(future.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'asOf' } });
    const backwards = await gql(
      t.url,
      `query($u: USCC!) { borrower(uscc: $u) { healthHistory(from: "2026-06-01", to: "2026-01-01") { score } } }`,
      { u: uscc },
    );
    expect(backwards.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'from' } });
  });

  it('a firm with no snapshot (a new applicant) gets its score and approval recommendation live in one request', async () => {
    const { rows } = await db.query<{ uscc: string }>('SELECT uscc FROM core.health_latest ORDER BY uscc DESC LIMIT 1');
    const uscc = rows[0].uscc;
    await db.query('DELETE FROM core.health_latest WHERE uscc = $1', [uscc]);
    await db.query('DELETE FROM core.health_snapshot WHERE uscc = $1', [uscc]);
    const res = await gql(
      t.url,
      `query($u: USCC!) { borrower(uscc: $u) { health { score tier live } approval(amount: "500000") { route score tier reasons { code } } } }`,
      { u: uscc },
    );
    expect(res.errors).toBeUndefined();
    const { health, approval } = res.data!.borrower;
    expect(health).toMatchObject({ score: expect.any(Number), live: true });
    expect(approval).toMatchObject({
      route: expect.stringMatching(/^(AUTO_APPROVE|SPECIALIST_REVIEW|COMMITTEE)$/),
      score: health.score,
      tier: health.tier,
    });
    expect(approval.reasons.length).toBeGreaterThan(0);
    const next = await rescore();
    expect(next.run.selection.reasons).toEqual({ NO_SNAPSHOT: 1 });
  });

  it('a firm founded after the as-of day has no score that day: no run selects it, health(asOf) says so; as of the portfolio it is new (0 years)', async () => {
    await settle();
    const { rows } = await db.query<{ uscc: string; founded: string }>(
      'SELECT uscc, founded_on::text AS founded FROM registry.company WHERE uscc IN (SELECT uscc FROM core.firm) ORDER BY uscc LIMIT 1',
    );
    const { uscc, founded } = rows[0];
    const foundOn = (day: string) =>
      db.query('UPDATE registry.company SET founded_on = $2 WHERE uscc = $1', [uscc, day]);
    try {
      // Founded in July: a backfill as of June leaves it out and says so.
      await foundOn('2026-07-15');
      const june = await rescore({ all: true, asOf: { month: '2026-06', date: '2026-06-30' } });
      expect(june.run.selection).toMatchObject({ foundedLater: 1, reasons: { ALL: 49 } });
      expect(june.run.selection.usccs).not.toContain(uscc);
      expect(june.progress.progress).toMatchObject({ status: 'DONE', firmsDone: 49 });
      const stored = await db.query<{ selection: Record<string, number> }>(
        'SELECT selection FROM core.rescore_run WHERE id = $1',
        [june.run.runId],
      );
      expect(stored.rows[0].selection).toEqual({ ALL: 49, FOUNDED_LATER: 1 });
      // The warnings' portfolio scan leaves it out too.
      const scanned: string[] = [];
      const scannedCount = await scanPortfolio(db, { month: '2026-06', date: '2026-06-30' }, (r) =>
        scanned.push(r.facts.uscc),
      );
      expect(scannedCount).toBe(49);
      expect(scanned).not.toContain(uscc);
      const res = await gql(
        t.url,
        `query($u: USCC!) { borrower(uscc: $u) {
          before: health(asOf: "2026-07-01") { score }
          after: health(asOf: "2026-07-31") { score live factors { code value explanation } } } }`,
        { u: uscc },
      );
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0]).toMatchObject({
        path: ['borrower', 'before'],
        message: `\`asOf\` (2026-07-01) is before firm ${uscc} was founded (2026-07-15): there is no score for a day it did not exist`,
        extensions: { code: 'BAD_USER_INPUT', argument: 'asOf' },
      });
      const age = res.data!.borrower.after.factors.find((f: { code: string }) => f.code === 'FIRM_AGE');
      expect(age.value).toBeCloseTo(16 / 365.25, 3);

      // Founded after the portfolio's as-of day (a new applicant): no snapshot of that day, served live as a new firm.
      const nextDay = new Date(Date.parse(asOf.date) + DAY).toISOString().slice(0, 10);
      await foundOn(nextDay);
      const selection = await selectFirms(db, asOf, shippedModel().version, { all: false, now: clock.now });
      expect(selection.usccs).not.toContain(uscc);
      expect(selection.foundedLater).toBe(1);
      const now = await gql(
        t.url,
        `query($u: USCC!) { borrower(uscc: $u) { health { score live factors { code value explanation } } } }`,
        { u: uscc },
      );
      expect(now.errors).toBeUndefined();
      expect(now.data!.borrower.health).toMatchObject({ score: expect.any(Number), live: true });
      expect(now.data!.borrower.health.factors.find((f: { code: string }) => f.code === 'FIRM_AGE')).toEqual({
        code: 'FIRM_AGE',
        value: 0,
        explanation: `founded ${nextDay}, after the as-of day ${asOf.date}: a new firm, 0 years`,
      });
    } finally {
      await foundOn(founded);
    }
    await settle();
  });

  it('nextTier: the proposed changes, applied to the inputs and rescored, put the firm in the next tier', async () => {
    const { rows } = await db.query<{
      uscc: string;
      inputs: Record<string, number | string>;
      caps: Array<{ max: number }>;
    }>(
      `SELECT s.uscc, s.inputs, s.caps FROM core.health_latest l JOIN core.health_snapshot s ON s.id = l.snapshot_id WHERE l.tier <> 'GREEN' AND s.in_default IS NULL ORDER BY s.uscc`,
    );
    expect(rows.length).toBeGreaterThan(3);
    const model = shippedModel();
    let reached = 0;
    for (const r of rows) {
      const res = await gql(
        t.url,
        `query($u: USCC!) { borrower(uscc: $u) { health { score tier caps live nextTier { currentTier targetTier reachable pointsNeeded blockedBy changes { code targetValue points action } } } } }`,
        { u: r.uscc },
      );
      expect(res.errors).toBeUndefined();
      const h = res.data!.borrower.health;
      const plan = h.nextTier;
      expect(plan.currentTier).toBe(h.tier);
      if (!plan.reachable) continue;
      const inputs: Record<string, number | string> = { ...r.inputs };
      for (const c of plan.changes) {
        expect(['FIRM_AGE', 'SECTOR', 'LEGAL_REP_CHANGES']).not.toContain(c.code);
        expect(c.points).toBeGreaterThan(0);
        expect(c.action).toMatch(/\+\d/);
        inputs[c.code] = c.targetValue;
      }
      const capped = Math.min(
        indexOfPd(model.tiers, scoreRow(model.scorecard, inputs).pd),
        ...r.caps.map((c) => c.max),
      );
      const order = [Tier.RED, Tier.ORANGE, Tier.YELLOW, Tier.BLUE, Tier.GREEN];
      expect(order.indexOf(tierOf(capped))).toBeGreaterThanOrEqual(order.indexOf(plan.targetTier));
      reached++;
    }
    expect(reached).toBeGreaterThan(0);
  });

  it('a worker killed in the middle of a batch loses nothing: another finishes it when the queue expires it', async () => {
    await boss.offWork('rescore-batch');
    const run = await planRun(db, boss, asOf, { all: true, now: clock.now, config: KILL_CONFIG });
    const dying = startNode(['-r', '@swc-node/register', path.join(__dirname, 'fixtures', 'dying-worker.ts')], {
      DATABASE_URL: scratch.url,
      NODE_OPTIONS: '',
    });
    const hung = await outputReady(dying, (out) => /HUNG (\d+) (\d+)/.exec(out)?.[2] ?? null, 120_000);
    dying.child.kill('SIGKILL');
    await startWorkers(boss, db, { workers: 2, config: CONFIG, now: () => clock.now });
    const done = await waitForRun(db, boss, run, () => {}, 50);
    expect(done.progress).toMatchObject({ status: 'DONE', batches: 5, batchesDone: 5, firmsDone: 50 });
    const { rows } = await db.query<{ batchNo: number; worker: string }>(
      'SELECT batch_no AS "batchNo", worker FROM core.rescore_batch WHERE run_id = $1 ORDER BY batch_no',
      [run.runId],
    );
    expect(rows.map((r) => r.batchNo)).toEqual([0, 1, 2, 3, 4]);
    // The hung batch was stored by another process than the one that died.
    expect(rows.find((r) => r.batchNo === Number(hung))!.worker).not.toContain(`:${dying.child.pid}`);
  });

  it('a firm whose stored tier enters or leaves RED/ORANGE marks its guarantee network changed: the next incremental run takes the members', async () => {
    // A firm with a live guarantee to another firm of the portfolio; its newest snapshot made to say the other side of the contagion tiers.
    const { firm, partner } = await guaranteePair('ASC');
    const model = shippedModel();
    await storeOppositeTier(firm);
    expect(await selected()).not.toContain(partner);

    const job = { runId: '900000001', batchNo: 0, asOf, usccs: [firm] };
    const crossing = await scoreBatch(db, job, model, clock.now);
    expect(crossing).toMatchObject({ stored: true, snapshotsWritten: 1 });
    expect(crossing.networkNoted).toBeGreaterThanOrEqual(1);
    const after = await selected();
    expect(after).toContain(partner);
    expect(after).not.toContain(firm); // its own snapshot is the new one
    // Its stored score is still served meanwhile: a note for its network is not a record of its own, and no indicator reads the network.
    const res = await gql(t.url, `query($u: USCC!) { borrower(uscc: $u) { health { live } } }`, { u: partner });
    expect(res.errors).toBeUndefined();
    expect(res.data!.borrower.health.live).toBe(false);
    // A record of its own written since makes it live.
    await db.query('UPDATE registry.company SET address = address WHERE uscc = $1', [partner]);
    const ownRecord = await gql(t.url, `query($u: USCC!) { borrower(uscc: $u) { health { live } } }`, { u: partner });
    expect(ownRecord.data!.borrower.health.live).toBe(true);

    // Scored again with nothing different: the snapshot is confirmed, no tier crosses, nothing is noted.
    const again = await scoreBatch(db, { ...job, batchNo: 1 }, model, clock.now);
    expect(again).toMatchObject({ stored: true, snapshotsWritten: 0, networkNoted: 0 });
    // The next incremental run takes the partner and settles it.
    const next = await rescore();
    expect(next.run.selection.usccs).toContain(partner);
    expect(await selected()).not.toContain(partner);
  });

  it('a rescore follows a run that noted guarantee networks with a pass that scores them: it leaves nothing pending it caused', async () => {
    const { firm, partner } = await guaranteePair('ASC');
    await storeOppositeTier(firm);
    // One batch: the partner's facts are read before the firm's new tier is stored, so the run leaves it pending.
    const runs = await rescoreSettled(db, boss, asOf, {
      all: true,
      now: () => clock.now,
      config: CONFIG,
      batchSize: 100,
      pollMs: 50,
    });
    expect(runs.map((r) => r.progress.status)).toEqual(['DONE', 'DONE']);
    expect(runs[0].progress.networkNoted).toBeGreaterThanOrEqual(1);
    expect(runs[1].run.selection.usccs).toContain(partner);
    // Noted for their network alone: their contagion warning is redone, their score confirmed (no indicator reads the network).
    expect(runs[1].run.selection.reasons).toEqual({ NETWORK_CHANGED: runs[1].run.selection.usccs.length });
    expect(runs[1].run.selection.networkOnly).toEqual(runs[1].run.selection.usccs);
    expect(runs[1].progress).toMatchObject({ firmsDone: runs[1].run.selection.usccs.length, snapshotsWritten: 0 });
    expect(runs[1].progress.networkNoted).toBe(0);
    // The follow-up measures no drift (the run it follows did, on the same day) and raises no alert.
    expect(runs[0].drift).not.toBeNull();
    expect(runs[1].drift).toBeNull();
    const modes = await db.query<{ mode: string }>(
      'SELECT mode FROM core.rescore_run WHERE id = ANY($1::bigint[]) ORDER BY id',
      [runs.map((r) => r.run.runId)],
    );
    expect(modes.rows.map((r) => r.mode)).toEqual(['ALL', 'FOLLOW_UP']);
    expect(await count('SELECT count(*) AS n FROM core.model_alert WHERE run_id = $1', [runs[1].run.runId])).toBe(0);
    expect(await selected()).toEqual([]);
  });

  it("a neighbour's new enforcement reaches the firm: the neighbour is rescored for its own record, and its new sign notes its network", async () => {
    const { firm, partner } = await guaranteePair('DESC');
    await settle();
    const caseNo = '(2026)浙0106执9901号';
    await db.query(
      `INSERT INTO judicial.enforcement (uscc, case_no, court, filed_on, published_on, amount, status)
       VALUES ($1, $2, '杭州市西湖区人民法院', $3::date - 20, $3::date - 10, 250000.00, 'ACTIVE')`,
      [firm, caseNo, asOf.date],
    );
    // The partner's stored contagion warning that names the enforcement.
    const warned = () =>
      count(
        `SELECT count(*) AS n FROM core.warning WHERE uscc = $1 AND code = 'NETWORK_CONTAGION' AND cleared_at IS NULL AND evidence::text LIKE '%' || $2 || '%'`,
        [partner, caseNo],
      );

    // The record is the firm's input, not the partner's: the next run takes the firm, and its new sign notes the partner.
    const first = await rescore();
    expect(first.run.selection.usccs).toContain(firm);
    expect(first.run.selection.usccs).not.toContain(partner);
    const [facts] = await loadFacts(db, [firm], asOf);
    const stored = await db.query<{ distress: string[] }>(
      'SELECT s.distress FROM core.health_latest l JOIN core.health_snapshot s ON s.id = l.snapshot_id WHERE l.uscc = $1',
      [firm],
    );
    const enforcementId = facts!.judicial.enforcements.find((e) => e.caseNo === caseNo)!.id;
    expect(stored.rows[0].distress).toContain(`ENFORCEMENT:${enforcementId}`);
    expect(await warned()).toBe(0);
    expect(await selected()).toContain(partner);

    // The run after takes the partner for its network alone: its contagion warning now names the enforcement,
    // its score stands (the same snapshot, confirmed) and its other warnings are left as they were.
    const latest = () =>
      db.query<{ snapshotId: string }>(
        'SELECT snapshot_id::text AS "snapshotId" FROM core.health_latest WHERE uscc = $1',
        [partner],
      );
    const others = () =>
      db.query(
        `SELECT id, last_seen_at, cleared_at FROM core.warning WHERE uscc = $1 AND code <> 'NETWORK_CONTAGION' ORDER BY id`,
        [partner],
      );
    const [snapshotBefore, othersBefore] = [(await latest()).rows, (await others()).rows];
    const second = await rescore();
    expect(second.run.selection.networkOnly).toContain(partner);
    expect(await warned()).toBe(1);
    expect((await latest()).rows).toEqual(snapshotBefore);
    expect((await others()).rows).toEqual(othersBefore);
    expect(await selected()).toEqual([]);
  });

  it('a firm noted for its network that has a record of its own since is scored in full: the change log keeps the record through its compaction', async () => {
    const { firm, partner } = await guaranteePair('ASC');
    await settle();
    // A record of the partner is written (any writer: the triggers note it), then the firm's distress changes and notes its network.
    await db.query('UPDATE registry.company SET address = address WHERE uscc = $1', [partner]);
    await storeOppositeTier(firm);
    const crossing = await scoreBatch(
      db,
      { runId: '900000003', batchNo: 0, asOf, usccs: [firm] },
      shippedModel(),
      clock.now,
    );
    expect(crossing.networkNoted).toBeGreaterThanOrEqual(1);
    const reasonOf = async () => {
      const s = await selectFirms(db, asOf, shippedModel().version, { all: false, now: clock.now });
      expect(s.usccs).toContain(partner);
      return s.networkOnly.includes(partner) ? 'NETWORK_CHANGED' : 'INPUTS_CHANGED';
    };
    expect(await reasonOf()).toBe('INPUTS_CHANGED');
    // A run closing compacts the log (here one with no batches): the newest row is the network's note, the record's row stays.
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO core.rescore_run (started_at, as_of, mode, model_version, firms_selected, selection, batches)
       VALUES ($1, $2, 'INCREMENTAL', $3, 0, '{}', 0) RETURNING id::text`,
      [clock.now, asOf.date, shippedModel().version],
    );
    await finishRun(db, rows[0].id, shippedModel(), clock.now, CONFIG);
    const log = await db.query<{ kind: string }>(
      'SELECT kind FROM core.firm_input_change WHERE uscc = $1 ORDER BY seq',
      [partner],
    );
    expect(log.rows.map((r) => r.kind)).toEqual(['RECORD', 'NETWORK']);
    expect(await reasonOf()).toBe('INPUTS_CHANGED');
    const next = await rescore();
    expect(next.run.selection.usccs).toContain(partner);
    expect(next.run.selection.networkOnly).not.toContain(partner);
    await settle();
  });

  it('a stored data-quality finding that appears or is dismissed selects its firm, whose stored score is still served; a quality run that sees the same findings again selects none', async () => {
    const model = shippedModel();
    await settle();

    await runQuality(db, { full: true });
    const { rows } = await db.query<{ id: string; uscc: string }>(
      'SELECT id::text, uscc FROM core.quality_finding WHERE resolved_at IS NULL ORDER BY id',
    );
    expect(rows.length).toBeGreaterThan(0); // the seed plants problems the checks find
    const firms = [...new Set(rows.map((r) => r.uscc))].sort();
    const first = await selectFirms(db, asOf, model.version, { all: false, now: clock.now });
    expect(first.usccs).toEqual(firms);
    expect(first.reasons).toEqual({ INPUTS_CHANGED: firms.length });
    await rescore();
    expect(await selected()).toEqual([]);

    await runQuality(db, { full: true }); // the same findings, seen again
    expect(await selected()).toEqual([]);

    // A person dismisses one: its firm's warnings no longer read it.
    const firm = rows[0].uscc;
    await db.query(`UPDATE core.quality_finding SET status = 'DISMISSED' WHERE id = $1`, [rows[0].id]);
    expect(await selected()).toEqual([firm]);
    // Its stored score is still served meanwhile: the score reads no finding.
    const liveOf = async () => {
      const res = await gql(t.url, `query($u: USCC!) { borrower(uscc: $u) { health { live } } }`, { u: firm });
      expect(res.errors).toBeUndefined();
      return res.data!.borrower.health.live as boolean;
    };
    expect(await liveOf()).toBe(false);
    // A record of its own, then another finding change, then a run's compaction: the record's row stays, and the score is read live.
    await db.query('UPDATE registry.company SET address = address WHERE uscc = $1', [firm]);
    await db.query(`UPDATE core.quality_finding SET status = 'OPEN' WHERE id = $1`, [rows[0].id]);
    const { rows: run } = await db.query<{ id: string }>(
      `INSERT INTO core.rescore_run (started_at, as_of, mode, model_version, firms_selected, selection, batches)
       VALUES ($1, $2, 'INCREMENTAL', $3, 0, '{}', 0) RETURNING id::text`,
      [clock.now, asOf.date, model.version],
    );
    await finishRun(db, run[0].id, model, clock.now, CONFIG);
    const log = await db.query<{ kind: string }>(
      'SELECT kind FROM core.firm_input_change WHERE uscc = $1 ORDER BY seq',
      [firm],
    );
    expect(log.rows.map((r) => r.kind).slice(-2)).toEqual(['RECORD', 'FINDING']);
    expect(await liveOf()).toBe(true);
    expect(await selected()).toEqual([firm]);
    await rescore();
    expect(await liveOf()).toBe(false);
  });

  it('a page of borrowers with their warnings reads the warnings the rescore stored while nothing the rules read changed: the list computed on read, in one statement', async () => {
    await runQuality(db, { full: true }); // the stored findings the rescore's rules read are those the checks find on read
    await settle(); // (the test before ran the quality checks too: this one sees the same findings again)
    const page = (fields: string) => `{ borrowers(first: 50) { edges { node { uscc ${fields} } } } }`;
    const read = async (query: string) => {
      await gql(t.url, query);
      t.db.resetStatementCount();
      const res = await gql(t.url, query);
      expect(res.errors).toBeUndefined();
      return { n: t.db.statementCount(), nodes: res.data!.borrowers.edges.map((e: { node: unknown }) => e.node) };
    };
    const fields = 'warnings { id code severity tier message evidence sources status }';
    const without = await read(page(''));
    const stored = await read(page(fields));
    expect(stored.n).toBe(without.n + 1);
    const firms = stored.nodes.map((n: { uscc: string }) => n.uscc);
    expect(stored.nodes.some((n: { warnings: unknown[] }) => n.warnings.length > 0)).toBe(true);
    // A record noted for every firm of the page (its data unchanged): the warnings are computed on read, and are the same.
    await db.query('UPDATE registry.company SET address = address WHERE uscc = ANY($1::bpchar[])', [firms]);
    const onRead = await read(page(fields));
    expect(onRead.n).toBeGreaterThan(stored.n);
    expect(onRead.nodes).toEqual(stored.nodes);
    // Rescored since, but the stored findings are older than the records: still computed on read, until the quality checks run again.
    await settle();
    expect((await read(page(fields))).n).toBeGreaterThan(stored.n);
    await runQuality(db, {});
    await settle();
    const again = await read(page(fields));
    expect(again.n).toBe(without.n + 1);
    expect(again.nodes).toEqual(stored.nodes);
    // Another run storing the firm's warnings since (here an earlier month's scan, stored through the service): computed on read.
    const earlier: DetectedWarning[] = [];
    await scanPortfolio(db, { month: '2026-06', date: '2026-06-30' }, (r) => earlier.push(...r.warnings));
    clock.now = new Date(clock.now.getTime() + 60_000);
    await storeWarnings(db, earlier, clock.now);
    const replaced = await read(page(fields));
    expect(replaced.n).toBeGreaterThan(stored.n);
    expect(replaced.nodes).toEqual(stored.nodes);
    // The next full rescore stores them again with the scores.
    clock.now = new Date(clock.now.getTime() + 60_000);
    await rescore({ all: true });
    const restored = await read(page(fields));
    expect(restored.n).toBe(without.n + 1);
    expect(restored.nodes).toEqual(stored.nodes);
  });

  /** Runs `body` with a trigger `when` (e.g. `BEFORE INSERT ON t FOR EACH ROW`) that raises `message`: a fault injected in the database. */
  const withFault = async (when: string, message: string, body: () => Promise<void>) => {
    await db.query(
      `CREATE FUNCTION core.test_fault() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${message}'; END $$`,
    );
    await db.query(`CREATE TRIGGER test_fault ${when} EXECUTE FUNCTION core.test_fault()`);
    try {
      await body();
    } finally {
      await db.query('DROP FUNCTION core.test_fault() CASCADE'); // and its trigger
    }
  };
  /** The newest run's status, batch count and batches stored. */
  const latestRun = async () =>
    (
      await db.query<{ status: string; stored: number; batches: number }>(
        `SELECT r.status, r.batches, (SELECT count(*)::int FROM core.rescore_batch b WHERE b.run_id = r.id) AS stored
           FROM core.rescore_run r ORDER BY r.id DESC LIMIT 1`,
      )
    ).rows[0];

  it('a batch that cannot be stored (fault injected in the database) fails the run after its retries, with the error', async () => {
    await withFault('BEFORE INSERT ON core.rescore_batch FOR EACH ROW', 'injected: no batch stored', async () => {
      clock.now = new Date(clock.now.getTime() + 60_000);
      await expect(rescore({ all: true })).rejects.toThrow(
        /batch \d+ failed after 5 retries \(injected: no batch stored\); the run is marked FAILED/,
      );
      const run = await latestRun();
      expect(run).toEqual({ status: 'FAILED', stored: 0, batches: run.batches });
    });
  });

  it('a run whose closing fails (fault injected in the database) is marked FAILED and says so, rather than waited on for ever', async () => {
    await withFault(
      "BEFORE UPDATE ON core.rescore_run FOR EACH ROW WHEN (NEW.status = 'DONE')",
      'injected: no run closes',
      async () => {
        clock.now = new Date(clock.now.getTime() + 60_000);
        await expect(rescore({ all: true })).rejects.toThrow(
          /batch \d+ was stored, but closing the run failed after \d+ retries \(injected: no run closes\); the run is marked FAILED/,
        );
        const run = await latestRun();
        expect(run).toEqual({ status: 'FAILED', stored: run.batches, batches: run.batches });
      },
    );
  });

  it('drift against a model whose development population differs raises an alert that risk officers and auditors can query', async () => {
    // A variant of the shipped model whose development sample had (almost) every firm in the cash-buffer's first bin.
    const variant: ModelDocument = structuredClone(shippedModel());
    variant.version = 'pd-test-drift';
    const feature = variant.scorecard.features.find((f) => f.feature === 'CASH_BUFFER')!;
    feature.binning.bins.forEach((b, k) => (b.count = k === 0 ? 100_000 : 1));
    await saveModel(db, variant);
    await activateModel(db, variant.version, 'test');
    try {
      expect((await activeModel(db)).version).toBe(variant.version);
      const run = await rescore({ all: true });
      const alerts = run.progress.drift!.subjects.filter((s) => s.alert).map((s) => s.subject);
      expect(alerts).toContain('CASH_BUFFER');
      const query = `{ modelAlerts(first: 200) { kind subject value threshold modelVersion runId message evidence } rescoreRuns(first: 1) { id status mode drift { population subjects { subject psi alert } } } }`;
      for (const role of [Role.RISK_OFFICER, Role.AUDITOR]) {
        const res = await gql(t.url, query, {}, await authHeader(role));
        expect(res.errors).toBeUndefined();
        const alert = res.data!.modelAlerts.find(
          (a: { subject: string; runId: string }) => a.subject === 'CASH_BUFFER' && a.runId === run.run.runId,
        );
        expect(alert).toMatchObject({
          kind: 'DRIFT',
          modelVersion: variant.version,
          runId: run.run.runId,
          threshold: 0.25,
        });
        expect(alert.value).toBeGreaterThan(0.25);
        expect(alert.message).toMatch(/input CASH_BUFFER has drifted .* PSI \d+\.\d{3} > 0\.25/);
        expect(res.data!.rescoreRuns[0]).toMatchObject({ id: run.run.runId, status: 'DONE', mode: 'ALL' });
      }
      // Later runs of the same day, an incremental one and one that scores every firm again, report the
      // drift but do not raise its alert again.
      const driftAlerts = () =>
        count(
          `SELECT count(*) AS n FROM core.model_alert WHERE kind = 'DRIFT' AND model_version = $1 AND subject = 'CASH_BUFFER'`,
          [variant.version],
        );
      expect(await driftAlerts()).toBe(1);
      for (const all of [false, true]) {
        clock.now = new Date(clock.now.getTime() + 60_000);
        const again = await rescore({ all });
        expect(again.progress.drift!.subjects.find((s) => s.subject === 'CASH_BUFFER')!.alert).toBe(true);
        expect(await count('SELECT count(*) AS n FROM core.model_alert WHERE run_id = $1', [again.run.runId])).toBe(0);
      }
      expect(await driftAlerts()).toBe(1);
      const analyst = await gql(t.url, query, {}, await authHeader(Role.ANALYST));
      expect(analyst.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    } finally {
      await db.query('UPDATE core.model_version SET active = false');
    }
  });
});
