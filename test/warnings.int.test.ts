/**
 * Early warnings' storage, lifecycle and GraphQL, on a scratch database (migrated, with a few
 * firms): runs upsert warnings by fingerprint, clear the ones they no longer raise and never
 * touch people's decisions; each lifecycle step goes through GraphQL with the reviewer's
 * identity, sets its due dates and is recorded; the dashboard's `warnings(filter)` filters and
 * pages; a page of borrowers' warning histories takes one statement whatever its size.
 */
import 'reflect-metadata';
import type { Database } from '../src/db/database';
import { buildUscc } from '../src/lib/uscc';
import { Severity } from '../src/quality/finding.entity';
import { Tier } from '../src/health/tier';
import type { DetectedWarning } from '../src/warnings/warning';
import { storeWarnings, WarningStoreError } from '../src/warnings/warning.service';
import { WARNING_LIFECYCLE } from '../src/warnings/lifecycle.config';
import { reviewWarning, WarningAction } from '../src/review/review.service';
import { loadWarningsByFingerprints } from '../src/warnings/warning.repository';
import { authHeader, gql, openScratchDatabase, startTestServer, type TestServer } from './helpers';
import type { ScratchDatabase } from './helpers';
import { Role } from '../src/auth/principal';
import { encodeCursor } from '../src/graphql/pagination';

let REVIEWER: Record<string, string>;
const officer = (sub: string) => authHeader(Role.RISK_OFFICER, { sub });
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const FIRMS = Array.from({ length: 8 }, (_, i) => buildUscc('9', '1', '330106', `WRN0000${i}`));
const [A, B, C, D] = FIRMS;

function detected(uscc: string, code: string, subject: string, over: Partial<DetectedWarning> = {}): DetectedWarning {
  return {
    uscc,
    code,
    severity: Severity.MEDIUM,
    tier: Tier.YELLOW,
    message: `${code} on ${subject}`,
    evidence: { subject, threshold: 0.3 },
    sources: ['tax'],
    fingerprint: `${code}:${uscc}:${subject}`,
    ...over,
  };
}

interface Row {
  id: string;
  fingerprint: string;
  status: string;
  severity: string;
  tier: string;
  message: string;
  evidence: Record<string, unknown>;
  sources: string[];
  firstSeenAt: Date;
  lastSeenAt: Date;
  clearedAt: Date | null;
  verifyDueAt: Date;
  actionTakenAt: Date | null;
  followUpDueAt: Date | null;
  closedAt: Date | null;
  decidedBy: string | null;
  decisionReason: string | null;
}

describe('early warnings', () => {
  let scratch: ScratchDatabase;
  let db: Database;
  let api: TestServer;

  beforeAll(async () => {
    scratch = await openScratchDatabase();
    db = scratch.db;
    await db.query(
      `INSERT INTO core.firm (uscc, name, industry_code, region_code, claimed_staff)
       SELECT u, '预警测试' || i || '号有限公司', 'C3311', '330106', 20 FROM unnest($1::text[]) WITH ORDINALITY AS t(u, i)`,
      [FIRMS],
    );
    api = await startTestServer({}, { databaseUrl: scratch.url });
    REVIEWER = await officer('officer.wang');
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await scratch?.drop();
  });

  const rows = async (): Promise<Map<string, Row>> => {
    const { rows: list } = await db.query<Row>(
      `SELECT id, fingerprint, status, severity, tier, message, evidence, sources, first_seen_at AS "firstSeenAt", last_seen_at AS "lastSeenAt",
              cleared_at AS "clearedAt", verify_due_at AS "verifyDueAt", action_taken_at AS "actionTakenAt", follow_up_due_at AS "followUpDueAt",
              closed_at AS "closedAt", decided_by AS "decidedBy", decision_reason AS "decisionReason" FROM core.warning`,
    );
    return new Map(list.map((r) => [r.fingerprint, r]));
  };
  const reset = () => db.query('TRUNCATE core.warning, core.review_event');

  describe('storeWarnings', () => {
    const t0 = new Date('2026-10-01T08:00:00.000Z');
    const t1 = new Date('2026-10-08T08:00:00.000Z');
    const t2 = new Date('2026-10-15T08:00:00.000Z');
    const t3 = new Date('2026-10-22T08:00:00.000Z');
    const w1 = detected(A, 'TAX_PAID_DROP', '2026-09');
    const w2 = detected(A, 'ENFORCEMENT', '(2026)浙0102执1号', {
      severity: Severity.HIGH,
      sources: ['judicial', 'a "quoted", odd\\source'],
    });
    const w3 = detected(B, 'TAX_PAID_DROP', '2026-09');

    beforeAll(reset);

    it('inserts new warnings OPEN, with verification due 24 h after the run', async () => {
      expect(await storeWarnings(db, [w1, w2, w3], t0)).toEqual({ inserted: 3, updated: 0, reopened: 0, cleared: 0 });
      const r = await rows();
      expect(r.get(w2.fingerprint)).toMatchObject({
        status: 'OPEN',
        severity: 'HIGH',
        tier: 'YELLOW',
        message: w2.message,
        evidence: w2.evidence,
        sources: w2.sources,
        firstSeenAt: t0,
        lastSeenAt: t0,
        clearedAt: null,
        verifyDueAt: new Date(t0.getTime() + 24 * HOUR),
        actionTakenAt: null,
        followUpDueAt: null,
        closedAt: null,
        decidedBy: null,
      });
    });

    it('a re-run refreshes what it raises again and clears what it no longer raises, across all firms without a scope', async () => {
      const fresher = {
        ...w1,
        severity: Severity.HIGH,
        tier: Tier.RED,
        message: 'tax paid fell 45%',
        evidence: { fell: '0.45' },
        sources: ['tax', 'bank'],
      };
      expect(await storeWarnings(db, [fresher, w3], t1)).toEqual({ inserted: 0, updated: 2, reopened: 0, cleared: 1 });
      const r = await rows();
      expect(r.get(w1.fingerprint)).toMatchObject({
        severity: 'HIGH',
        tier: 'RED',
        message: 'tax paid fell 45%',
        evidence: { fell: '0.45' },
        sources: ['tax', 'bank'],
        firstSeenAt: t0,
        lastSeenAt: t1,
        verifyDueAt: new Date(t0.getTime() + 24 * HOUR),
        clearedAt: null,
        status: 'OPEN',
      });
      expect(r.get(w2.fingerprint)).toMatchObject({ clearedAt: t1, lastSeenAt: t0, status: 'OPEN' });
      expect(r.get(w3.fingerprint)).toMatchObject({ clearedAt: null, lastSeenAt: t1 });
    });

    it("never touches a person's status or decision; a cleared warning that fires again is uncleared; a scope limits the clearing to its firms", async () => {
      const id1 = (await rows()).get(w1.fingerprint)!.id;
      await reviewWarning(db, id1, WarningAction.START_VERIFICATION, 'calling the firm', 'officer.wang', t1);
      // Firm A only: w3 (firm B) is not raised but lies outside the scope, so it stays as it was.
      expect(await storeWarnings(db, [w1, w2], t2, [A])).toEqual({ inserted: 0, updated: 2, reopened: 1, cleared: 0 });
      let r = await rows();
      expect(r.get(w1.fingerprint)).toMatchObject({
        status: 'VERIFYING',
        decidedBy: 'officer.wang',
        decisionReason: 'calling the firm',
        lastSeenAt: t2,
      });
      expect(r.get(w2.fingerprint)).toMatchObject({ clearedAt: null, lastSeenAt: t2, firstSeenAt: t0, status: 'OPEN' });
      expect(r.get(w3.fingerprint)).toMatchObject({ clearedAt: null, lastSeenAt: t1 });
      // Firm B ran and raised nothing.
      expect(await storeWarnings(db, [], t3, [B])).toEqual({ inserted: 0, updated: 0, reopened: 0, cleared: 1 });
      r = await rows();
      expect(r.get(w3.fingerprint)).toMatchObject({ clearedAt: t3 });
      expect(r.get(w1.fingerprint)).toMatchObject({ clearedAt: null, lastSeenAt: t2, status: 'VERIFYING' });
    });

    it('a dismissed warning that fires again stays dismissed', async () => {
      const id2 = (await rows()).get(w2.fingerprint)!.id;
      await reviewWarning(
        db,
        id2,
        WarningAction.DISMISS,
        'the enforcement was settled before the loan',
        'officer.wang',
        t2,
      );
      await storeWarnings(db, [w1, w2], t3, [A]);
      expect((await rows()).get(w2.fingerprint)).toMatchObject({
        status: 'DISMISSED',
        decisionReason: 'the enforcement was settled before the loan',
        lastSeenAt: t3,
      });
    });

    it('refuses a run that raises a fingerprint twice or a firm outside its scope, and writes nothing', async () => {
      const before = await rows();
      await expect(storeWarnings(db, [w3, w3], t3)).rejects.toThrow(
        new WarningStoreError(
          `two warnings of the run share fingerprint ${w3.fingerprint} (TAX_PAID_DROP, ${B}): a rule must raise a subject once`,
        ),
      );
      await expect(storeWarnings(db, [w1, w3], t3, [A])).rejects.toThrow(
        `warning TAX_PAID_DROP of ${B} is outside the run's scope of 1 firm(s)`,
      );
      expect(await rows()).toEqual(before);
    });

    it('stores large runs in several set-based batches, in one transaction', async () => {
      const many = FIRMS.map((u, i) => detected(u, 'UTILITY_IRREGULAR', `m${i}`));
      const config = { ...WARNING_LIFECYCLE, storeBatchSize: 3 };
      expect(await storeWarnings(db, many, t3, FIRMS, config)).toEqual({
        inserted: 8,
        updated: 0,
        reopened: 0,
        cleared: 2,
      });
      expect(await storeWarnings(db, many, t3, FIRMS, config)).toEqual({
        inserted: 0,
        updated: 8,
        reopened: 0,
        cleared: 0,
      });
      const found = await loadWarningsByFingerprints(db, [many[5].fingerprint, 'nope', many[0].fingerprint]);
      expect(found.map((w) => w && w.uscc)).toEqual([FIRMS[5], null, FIRMS[0]]);
    });
  });

  describe('due dates', () => {
    const at = new Date('2026-10-01T00:00:00.000Z');
    beforeAll(reset);

    it.each([
      [Tier.RED, 30],
      [Tier.ORANGE, 45],
      [Tier.YELLOW, 60],
      [Tier.BLUE, 60],
      [Tier.GREEN, 60],
    ])('follow-up on a %s warning is due %i days after the action is recorded', async (tier, days) => {
      const w = detected(C, 'ORDERS_DOWN', `due-${tier}`, { tier });
      await storeWarnings(db, [w], at, [C]);
      const id = (await rows()).get(w.fingerprint)!.id;
      const verifying = await reviewWarning(
        db,
        id,
        WarningAction.START_VERIFICATION,
        null,
        'officer.wang',
        new Date(at.getTime() + 2 * HOUR),
      );
      expect(verifying).toMatchObject({
        status: 'VERIFYING',
        verifyDueAt: new Date(at.getTime() + 24 * HOUR),
        followUpDueAt: null,
      });
      const actedAt = new Date(at.getTime() + 20 * HOUR);
      const acted = await reviewWarning(
        db,
        id,
        WarningAction.RECORD_ACTION,
        'limit cut by 30%',
        'officer.wang',
        actedAt,
      );
      expect(acted).toMatchObject({
        status: 'ACTION_TAKEN',
        actionTakenAt: actedAt,
        followUpDueAt: new Date(actedAt.getTime() + days * DAY),
      });
      expect((await rows()).get(w.fingerprint)).toMatchObject({
        actionTakenAt: actedAt,
        followUpDueAt: new Date(actedAt.getTime() + days * DAY),
      });
      // Keep the scope's other warnings: store them all again next time.
      await reset();
    });

    it('a reopened warning gets a fresh 24 h to be verified', async () => {
      const w = detected(C, 'ORDERS_DOWN', 'reopen');
      await storeWarnings(db, [w], at, [C]);
      const id = (await rows()).get(w.fingerprint)!.id;
      await reviewWarning(db, id, WarningAction.DISMISS, 'seasonal', 'officer.wang', new Date(at.getTime() + HOUR));
      const reopenedAt = new Date(at.getTime() + 10 * DAY);
      const reopened = await reviewWarning(db, id, WarningAction.REOPEN, null, 'officer.li', reopenedAt);
      expect(reopened).toMatchObject({
        status: 'OPEN',
        verifyDueAt: new Date(reopenedAt.getTime() + 24 * HOUR),
        decidedBy: 'officer.li',
        decisionReason: null,
      });
    });
  });

  describe('the lifecycle through GraphQL', () => {
    let id: string;
    let other: string;
    const FIELDS = `id uscc code status tier verifyDueAt actionTakenAt followUpDueAt closedAt overdue decidedBy decidedAt decisionReason
      reviews { action reason actor at statusBefore statusAfter }`;
    const review = (wid: string, action: string, note?: string, headers: Record<string, string> = REVIEWER) =>
      gql(
        api.url,
        `mutation($id: ID!, $a: WarningAction!, $n: String) { reviewWarning(id: $id, action: $a, note: $n) { ${FIELDS} } }`,
        { id: wid, a: action, n: note },
        headers,
      );

    beforeAll(async () => {
      await reset();
      const runAt = new Date(Date.now() - HOUR);
      const red = detected(D, 'ENFORCEMENT', 'case-1', { tier: Tier.RED, severity: Severity.HIGH });
      const orange = detected(D, 'HEADCOUNT_DROP', '2026-09', { tier: Tier.ORANGE });
      await storeWarnings(db, [red, orange], runAt, [D]);
      const r = await rows();
      id = r.get(red.fingerprint)!.id;
      other = r.get(orange.fingerprint)!.id;
    });

    const events = async (wid: string) =>
      (await db.query('SELECT * FROM core.review_event WHERE subject = $1 AND subject_id = $2', ['WARNING', wid])).rows;

    it('refuses a step without a reviewer, a note where one is required, a step the status does not allow, and an unknown warning', async () => {
      const anonymous = await review(id, 'START_VERIFICATION', undefined, { authorization: '' });
      expect(anonymous.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/no bearer token/),
        extensions: { code: 'UNAUTHENTICATED' },
      });
      const auditor = await review(id, 'START_VERIFICATION', undefined, await authHeader(Role.AUDITOR));
      expect(auditor.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/needs role ANALYST or RISK_OFFICER/),
        extensions: { code: 'FORBIDDEN' },
      });
      const dismiss = await review(id, 'DISMISS', '   ');
      expect(dismiss.errors?.[0]).toMatchObject({
        message: 'DISMISS needs a note: say why in `note`',
        extensions: { code: 'BAD_USER_INPUT', argument: 'note' },
      });
      const close = await review(id, 'CLOSE', 'done');
      expect(close.errors?.[0]).toMatchObject({
        message: `cannot CLOSE warning ${id}: it is OPEN; allowed: START_VERIFICATION, DISMISS`,
        extensions: { code: 'CONFLICT', status: 'OPEN', allowed: ['START_VERIFICATION', 'DISMISS'] },
      });
      expect((await review('999999999', 'START_VERIFICATION')).errors?.[0]).toMatchObject({
        message: 'no warning has id 999999999',
        extensions: { code: 'NOT_FOUND' },
      });
      expect((await review('w-1', 'START_VERIFICATION')).errors?.[0]).toMatchObject({
        message: '`id` must be the numeric id of a warning, got "w-1"',
        extensions: { code: 'BAD_USER_INPUT' },
      });
      expect((await review(id, 'RECORD_ACTION', 'x'.repeat(1001))).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(await events(id)).toEqual([]);
    });

    it('goes OPEN -> VERIFYING -> ACTION_TAKEN -> CLOSED, each step recorded with who, when and the note', async () => {
      const started = await review(id, 'START_VERIFICATION');
      expect(started.errors).toBeUndefined();
      expect(started.data!.reviewWarning).toMatchObject({
        status: 'VERIFYING',
        decidedBy: 'officer.wang',
        decisionReason: null,
        overdue: false,
      });

      const noNote = await review(id, 'RECORD_ACTION');
      expect(noNote.errors?.[0]).toMatchObject({
        message: 'RECORD_ACTION needs a note: say what was done in `note`',
        extensions: { code: 'BAD_USER_INPUT' },
      });
      const acted = await review(id, 'RECORD_ACTION', 'loan recalled; legal action filed', await officer('officer.li'));
      expect(acted.errors).toBeUndefined();
      const a = acted.data!.reviewWarning;
      expect(a).toMatchObject({
        status: 'ACTION_TAKEN',
        tier: 'RED',
        decidedBy: 'officer.li',
        decisionReason: 'loan recalled; legal action filed',
        actionTakenAt: a.decidedAt,
        overdue: false,
      });
      expect(Date.parse(a.followUpDueAt) - Date.parse(a.actionTakenAt)).toBe(30 * DAY);

      expect((await review(id, 'CLOSE')).errors?.[0].message).toBe(
        'CLOSE needs a note: give the outcome of the follow-up in `note`',
      );
      const closed = await review(id, 'CLOSE', 'recovered 80% of the balance; case filed');
      expect(closed.errors).toBeUndefined();
      const c = closed.data!.reviewWarning;
      expect(c).toMatchObject({ status: 'CLOSED', closedAt: c.decidedAt, overdue: false });
      expect(c.reviews).toEqual([
        {
          action: 'START_VERIFICATION',
          reason: null,
          actor: 'officer.wang',
          at: started.data!.reviewWarning.decidedAt,
          statusBefore: 'OPEN',
          statusAfter: 'VERIFYING',
        },
        {
          action: 'RECORD_ACTION',
          reason: 'loan recalled; legal action filed',
          actor: 'officer.li',
          at: a.decidedAt,
          statusBefore: 'VERIFYING',
          statusAfter: 'ACTION_TAKEN',
        },
        {
          action: 'CLOSE',
          reason: 'recovered 80% of the balance; case filed',
          actor: 'officer.wang',
          at: c.decidedAt,
          statusBefore: 'ACTION_TAKEN',
          statusAfter: 'CLOSED',
        },
      ]);
      const done = await review(id, 'REOPEN');
      expect(done.errors?.[0]).toMatchObject({
        message: `cannot REOPEN warning ${id}: it is CLOSED; no action applies`,
        extensions: { code: 'CONFLICT', allowed: [] },
      });
      expect(await events(id)).toHaveLength(3);
    });

    it("is dismissed with a reason from VERIFYING and reopened, both recorded; the borrower's history shows it", async () => {
      expect((await review(other, 'START_VERIFICATION')).errors).toBeUndefined();
      const dismissed = await review(other, 'DISMISS', 'headcount moved to a subsidiary; confirmed with HR');
      expect(dismissed.data!.reviewWarning).toMatchObject({
        status: 'DISMISSED',
        decisionReason: 'headcount moved to a subsidiary; confirmed with HR',
      });
      const again = await review(other, 'START_VERIFICATION');
      expect(again.errors?.[0].message).toBe(
        `cannot START_VERIFICATION warning ${other}: it is DISMISSED; allowed: REOPEN`,
      );
      const reopened = await review(other, 'REOPEN', undefined, await officer('head.risk'));
      expect(reopened.data!.reviewWarning).toMatchObject({ status: 'OPEN', decidedBy: 'head.risk', overdue: false });
      expect(
        reopened.data!.reviewWarning.reviews.map((e: { action: string; actor: string; statusAfter: string }) => [
          e.action,
          e.actor,
          e.statusAfter,
        ]),
      ).toEqual([
        ['START_VERIFICATION', 'officer.wang', 'VERIFYING'],
        ['DISMISS', 'officer.wang', 'DISMISSED'],
        ['REOPEN', 'head.risk', 'OPEN'],
      ]);

      const history = await gql(
        api.url,
        `query($u: USCC!) { borrower(uscc: $u) { warningHistory { id code status borrower { uscc name } reviews { action } } } }`,
        { u: D },
      );
      expect(history.errors).toBeUndefined();
      expect(history.data!.borrower.warningHistory).toEqual([
        {
          id: other,
          code: 'HEADCOUNT_DROP',
          status: 'OPEN',
          borrower: { uscc: D, name: expect.stringContaining('预警测试') },
          reviews: [{ action: 'START_VERIFICATION' }, { action: 'DISMISS' }, { action: 'REOPEN' }],
        },
        {
          id,
          code: 'ENFORCEMENT',
          status: 'CLOSED',
          borrower: { uscc: D, name: expect.stringContaining('预警测试') },
          reviews: [{ action: 'START_VERIFICATION' }, { action: 'RECORD_ACTION' }, { action: 'CLOSE' }],
        },
      ]);
    });
  });

  describe("the dashboard's warnings(filter)", () => {
    const now = Date.now();
    const old = new Date(now - 3 * DAY); // verification overdue
    const recent = new Date(now - HOUR); // verification on time
    const ids = new Map<string, string>();
    const W = {
      redHigh: detected(FIRMS[0], 'ENFORCEMENT', 'p1', { tier: Tier.RED, severity: Severity.HIGH }),
      orangeHigh: detected(FIRMS[1], 'ENFORCEMENT', 'p2', { tier: Tier.ORANGE, severity: Severity.HIGH }),
      yellowMed: detected(FIRMS[2], 'TAX_PAID_DROP', 'p3', { tier: Tier.YELLOW }),
      yellowMedNew: detected(FIRMS[3], 'TAX_PAID_DROP', 'p4', { tier: Tier.YELLOW }),
      blueLow: detected(FIRMS[4], 'UTILITY_IRREGULAR', 'p5', { tier: Tier.BLUE, severity: Severity.LOW }),
      closed: detected(FIRMS[5], 'ENFORCEMENT', 'p6', { tier: Tier.RED, severity: Severity.HIGH }),
      acted: detected(FIRMS[6], 'HEADCOUNT_DROP', 'p7', { tier: Tier.RED }),
    };
    type Node = { id: string; code: string; status: string; overdue: boolean; uscc: string };
    const query = (vars: Record<string, unknown>) =>
      gql(
        api.url,
        `query($f: WarningFilter, $first: Int, $after: String) { warnings(filter: $f, first: $first, after: $after) {
        totalCount edges { cursor node { id uscc code severity tier status overdue } } pageInfo { hasNextPage endCursor } } }`,
        vars,
      );
    const idsOf = (res: Awaited<ReturnType<typeof query>>) =>
      res.data!.warnings.edges.map((e: { node: Node }) => e.node.id);
    const named = (...keys: Array<keyof typeof W>) => keys.map((k) => ids.get(k));

    beforeAll(async () => {
      await reset();
      await storeWarnings(db, [W.redHigh, W.orangeHigh, W.yellowMed, W.blueLow, W.closed, W.acted], old);
      await storeWarnings(db, [W.yellowMedNew], recent, [FIRMS[3]]);
      const r = await rows();
      for (const [k, w] of Object.entries(W)) ids.set(k, r.get(w.fingerprint)!.id);
      const step = (k: keyof typeof W, action: WarningAction, note: string | null, at: Date) =>
        reviewWarning(db, ids.get(k)!, action, note, 'officer.wang', at);
      await step('closed', WarningAction.START_VERIFICATION, null, old);
      await step('closed', WarningAction.RECORD_ACTION, 'collateral added', old);
      await step('closed', WarningAction.CLOSE, 'repaid', old);
      // Action recorded 31 days ago on a RED warning: its 30-day follow-up is overdue.
      await step('acted', WarningAction.START_VERIFICATION, null, new Date(now - 32 * DAY));
      await step('acted', WarningAction.RECORD_ACTION, 'limit cut', new Date(now - 31 * DAY));
    });

    it('lists the warnings still waiting for someone, most severe first, then oldest first', async () => {
      const res = await query({});
      expect(res.errors).toBeUndefined();
      expect(res.data!.warnings.totalCount).toBe(6);
      expect(idsOf(res)).toEqual(named('redHigh', 'orangeHigh', 'yellowMed', 'acted', 'yellowMedNew', 'blueLow'));
      const overdue = Object.fromEntries(
        res.data!.warnings.edges.map((e: { node: Node }) => [e.node.id, e.node.overdue]),
      );
      expect(overdue).toEqual({
        [ids.get('redHigh')!]: true,
        [ids.get('orangeHigh')!]: true,
        [ids.get('yellowMed')!]: true,
        [ids.get('acted')!]: true,
        [ids.get('yellowMedNew')!]: false,
        [ids.get('blueLow')!]: true,
      });
    });

    it('filters by tier, code, status, overdue, borrower and cleared', async () => {
      const by = async (f: Record<string, unknown>) => {
        const res = await query({ f, first: 100 });
        expect(res.errors).toBeUndefined();
        expect(res.data!.warnings.totalCount).toBe(res.data!.warnings.edges.length);
        return idsOf(res);
      };
      expect(await by({ tiers: ['RED'] })).toEqual(named('redHigh', 'acted'));
      expect(await by({ tiers: ['RED'], statuses: ['CLOSED', 'ACTION_TAKEN'] })).toEqual(named('closed', 'acted'));
      expect(await by({ codes: ['TAX_PAID_DROP', 'NO_SUCH_RULE'] })).toEqual(named('yellowMed', 'yellowMedNew'));
      expect(await by({ statuses: ['CLOSED'] })).toEqual(named('closed'));
      expect(await by({ overdue: true })).toEqual(named('redHigh', 'orangeHigh', 'yellowMed', 'acted', 'blueLow'));
      expect(await by({ overdue: false })).toEqual(named('yellowMedNew'));
      expect(await by({ overdue: false, statuses: ['CLOSED', 'DISMISSED'] })).toEqual(named('closed'));
      expect(await by({ uscc: FIRMS[4] })).toEqual(named('blueLow'));
      // The later run covered FIRMS[3] only: nothing was cleared.
      expect(await by({ cleared: true })).toEqual([]);
      expect(await by({ codes: ['ENFORCEMENT'], tiers: ['ORANGE'], overdue: true })).toEqual(named('orangeHigh'));
    });

    it('pages with cursors, each page continuing where the last ended', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 3; page++) {
        const res = await query({ first: 2, after });
        expect(res.errors).toBeUndefined();
        const w = res.data!.warnings;
        expect(w.totalCount).toBe(6);
        seen.push(...idsOf(res));
        expect(w.pageInfo.hasNextPage).toBe(page < 2);
        after = w.pageInfo.endCursor;
      }
      expect(seen).toEqual(named('redHigh', 'orangeHigh', 'yellowMed', 'acted', 'yellowMedNew', 'blueLow'));
      const empty = await query({ first: 0 });
      expect(empty.data!.warnings).toMatchObject({
        edges: [],
        pageInfo: { hasNextPage: true, endCursor: null },
        totalCount: 6,
      });
    });

    it('says clearly what is wrong with a filter or page', async () => {
      const err = async (vars: Record<string, unknown>) => (await query(vars)).errors?.[0];
      expect(await err({ first: 101 })).toMatchObject({
        message: '`first` must be an integer from 0 to 100, got 101',
        extensions: { code: 'BAD_USER_INPUT' },
      });
      expect(await err({ first: -1 })).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
      expect(await err({ f: { tiers: [] } })).toMatchObject({
        message: '`filter.tiers` must list at least one value, or be left out',
        extensions: { code: 'BAD_USER_INPUT', argument: 'filter.tiers' },
      });
      expect(await err({ f: { statuses: [] } })).toMatchObject({
        message: '`filter.statuses` must list at least one value, or be left out',
      });
      expect(await err({ f: { codes: [''] } })).toMatchObject({
        message: '`filter.codes` holds "": a rule\'s code has 1 to 40 characters',
      });
      expect(await err({ f: { codes: Array.from({ length: 51 }, (_, i) => `C${i}`) } })).toMatchObject({
        message: '`filter.codes` may list at most 50 codes, got 51',
      });
      expect(await err({ f: { tiers: ['PURPLE'] } })).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
      expect(await err({ f: { uscc: '123' } })).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
      expect(await err({ after: 'bm9wZQ' })).toMatchObject({
        extensions: { code: 'BAD_USER_INPUT', argument: 'after' },
      });
      // Signed with the server's key (set in this process by startServer), but not a sort key the list hands out.
      const foreign = encodeCursor('warnings', ['URGENT', '2026-01-01', '1']);
      expect(await err({ after: foreign })).toMatchObject({
        message: '`after` is not a cursor of `warnings`: pass the endCursor of a previous page',
      });
      // Made up by hand (unsigned): refused before its content is looked at.
      const forged = Buffer.from(JSON.stringify(['HIGH', '2026-01-01T00:00:00.000Z', '1'])).toString('base64url');
      expect(await err({ after: forged })).toMatchObject({
        extensions: { code: 'BAD_USER_INPUT', argument: 'after' },
        message: expect.stringContaining('pass the endCursor of a previous page'),
      });
    });
  });

  describe('batched reads', () => {
    const PAGE = `query($first: Int!) { borrowers(first: $first) { edges { node { uscc
      warningHistory { id code status overdue reviews { action actor } } } } } }`;

    beforeAll(async () => {
      await reset();
      const at = new Date('2026-10-01T00:00:00.000Z');
      await storeWarnings(
        db,
        FIRMS.flatMap((u, i) => [detected(u, 'TAX_PAID_DROP', `b${i}`), detected(u, 'ORDERS_DOWN', `b${i}`)]),
        at,
      );
      const { rows: list } = await db.query<{ id: string }>(`SELECT id FROM core.warning WHERE code = 'ORDERS_DOWN'`);
      for (const r of list) await reviewWarning(db, r.id, WarningAction.START_VERIFICATION, null, 'officer.wang', at);
    });

    it('a page of borrowers with their warning histories and reviews takes 3 statements, whatever its size', async () => {
      const statementsFor = async (first: number) => {
        api.db.resetStatementCount();
        const res = await gql(api.url, PAGE, { first });
        expect(res.errors).toBeUndefined();
        const edges = res.data!.borrowers.edges as Array<{
          node: { warningHistory: Array<{ code: string; reviews: unknown[] }> };
        }>;
        expect(edges).toHaveLength(first);
        for (const e of edges) {
          expect(e.node.warningHistory.map((w) => w.code).sort()).toEqual(['ORDERS_DOWN', 'TAX_PAID_DROP']);
          expect(e.node.warningHistory.find((w) => w.code === 'ORDERS_DOWN')!.reviews).toEqual([
            { action: 'START_VERIFICATION', actor: 'officer.wang' },
          ]);
        }
        return api.db.statementCount();
      };
      // 1 page of borrowers + 1 warning histories + 1 review trails.
      expect(await statementsFor(3)).toBe(3);
      expect(await statementsFor(8)).toBe(3);
    });
  });
});
