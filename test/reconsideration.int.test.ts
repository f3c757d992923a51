/**
 * Approval routing and reconsideration (复议) end to end on a scratch database seeded with the
 * test portfolio and checked by the quality job: a serious data-quality finding goes to the
 * committee and is named; reconsideration is asked and decided once, recorded with who, when and
 * why; and a firm whose TAX source is down (the upstream simulator with an outage injected)
 * never auto-approves, with TAX named as missing.
 */
import 'reflect-metadata';
import type { Database } from '../src/db/database';
import { seedPortfolio } from '../src/seed';
import { runQuality } from '../src/quality/quality.service';
import { buildUscc } from '../src/lib/uscc';
import { startSimulator } from '../src/upstream/simulator';
import {
  allBorrowers,
  authHeader,
  gql,
  openScratchDatabase,
  openTestDatabase,
  type ScratchDatabase,
  startTestServer,
  testConfig,
  type TestServer,
} from './helpers';
import { TEST_PORTFOLIO } from './portfolio';
import { Role } from '../src/auth/principal';
import { scanPortfolio } from '../src/warnings/portfolio.service';
import { storeWarnings } from '../src/warnings/warning.service';
import { portfolioAsOf } from '../src/quality/as-of';
import type { DetectedWarning } from '../src/warnings/warning';
import { SIM_TOKEN, type Simulator } from './upstream.helpers';

let ANALYST: Record<string, string>;
let OFFICER: Record<string, string>;

const REASONS = 'reasons { code route message evidence }';
const RECONSIDERATION = `id uscc amount route ${REASONS} score tier modelVersion policyVersion requestedBy requestedAt reason status decidedBy decidedAt outcome decisionNote`;
const REQUEST = `mutation($u: USCC!, $a: Money!, $r: String!) { requestReconsideration(uscc: $u, amount: $a, reason: $r) { ${RECONSIDERATION} } }`;
const DECIDE = `mutation($id: ID!, $o: ReconsiderationOutcome!, $n: String!) { decideReconsideration(id: $id, outcome: $o, note: $n) { ${RECONSIDERATION} } }`;
const APPROVAL = `query($u: USCC!, $a: Money!) { borrower(uscc: $u) { health { score confidence missingSources } approval(amount: $a) { route score tier modelVersion confidence missingSources ${REASONS} }
  sources { source status } } }`;

interface Decision {
  route: string;
  score: number;
  tier: string;
  modelVersion: string;
  confidence: number;
  missingSources: string[];
  reasons: Array<{ code: string; route: string; message: string; evidence: Record<string, any> }>;
}

let scratch: ScratchDatabase;
let db: Database;
let api: TestServer;
let byRoute: Record<string, string[]>;

beforeAll(async () => {
  ANALYST = await authHeader(Role.ANALYST, { sub: 'analyst.li' });
  OFFICER = await authHeader(Role.RISK_OFFICER, { sub: 'officer.wang' });
  scratch = await openScratchDatabase({ embeddedConnections: 12 });
  db = scratch.db;
  await seedPortfolio(db, TEST_PORTFOLIO);
  await runQuality(db);
  // Pages of 50 firms with live approval on the embedded database: not a test of the deadline.
  api = await startTestServer({ requestDeadlineMs: 15_000 }, { databaseUrl: scratch.url });
  byRoute = {};
  for (const f of await allBorrowers<{ uscc: string; approval: { route: string } }>(
    api.url,
    'uscc approval(amount: "100000") { route }',
  ))
    (byRoute[f.approval.route] ??= []).push(f.uscc);
}, 120_000);
afterAll(async () => {
  await api?.close();
  await scratch?.drop();
});

async function approval(
  url: string,
  u: string,
  a: string,
): Promise<{ health: Decision; approval: Decision; sources: Array<{ source: string; status: string }> }> {
  const res = await gql(url, APPROVAL, { u, a });
  expect(res.errors).toBeUndefined();
  return res.data!.borrower;
}

describe('approval with stored data-quality findings', () => {
  it("a HIGH finding sends the firm to the committee, naming the finding's code and fingerprint", async () => {
    const { rows } = await db.query<{ uscc: string; code: string; fingerprint: string }>(
      `SELECT uscc, code, fingerprint FROM core.quality_finding WHERE severity = 'HIGH' AND status <> 'DISMISSED' AND resolved_at IS NULL ORDER BY uscc, code, fingerprint`,
    );
    expect(rows.length).toBeGreaterThan(0);
    const uscc = rows[0].uscc;
    const { approval: d } = await approval(api.url, uscc, '100000');
    expect(d.route).toBe('COMMITTEE');
    const reason = d.reasons.find((r) => r.code === 'SERIOUS_FINDING')!;
    const named = (reason.evidence.findings as Array<{ code: string; fingerprint: string; severity: string }>).map(
      (f) => [f.code, f.fingerprint, f.severity],
    );
    expect(named.sort()).toEqual(
      rows
        .filter((r) => r.uscc === uscc)
        .map((r) => [r.code, r.fingerprint, 'HIGH'])
        .sort(),
    );
    for (const r of rows.filter((x) => x.uscc === uscc))
      expect(reason.message).toContain(`${r.code} [${r.fingerprint.slice(0, 12)}]`);
  });
});

describe('reconsideration', () => {
  it('is refused without a reviewer, a reason or a positive amount', async () => {
    const u = byRoute.SPECIALIST_REVIEW[0];
    const anonymous = await gql(
      api.url,
      REQUEST,
      { u, a: '100000', r: 'the tax arrears were paid last week' },
      { authorization: '' },
    );
    expect(anonymous.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    const partner = await gql(
      api.url,
      REQUEST,
      { u, a: '100000', r: 'why not' },
      await authHeader(Role.PARTNER, { tenant: '普惠金融服务平台', purpose: 'CREDIT_APPLICATION' }),
    );
    expect(partner.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    const blank = await gql(api.url, REQUEST, { u, a: '100000', r: '  ' }, ANALYST);
    expect(blank.errors![0]).toMatchObject({
      message: expect.stringContaining('`reason` is required'),
      extensions: { code: 'BAD_USER_INPUT', argument: 'reason' },
    });
    const zero = await gql(api.url, REQUEST, { u, a: '0', r: 'why not' }, ANALYST);
    expect(zero.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'amount' } });
    const unknown = buildUscc('9', '1', '110101', 'NXFKRM01');
    const missing = await gql(api.url, REQUEST, { u: unknown, a: '100000', r: 'why not' }, ANALYST);
    expect(missing.errors![0]).toMatchObject({
      message: `no borrower has USCC ${unknown}`,
      extensions: { code: 'NOT_FOUND' },
    });
    const { rows } = await db.query('SELECT id FROM core.approval_reconsideration');
    expect(rows).toEqual([]);
  });

  it('is refused with CONFLICT for an application the rules auto-approve', async () => {
    const u = byRoute.AUTO_APPROVE[0];
    const res = await gql(api.url, REQUEST, { u, a: '100000', r: 'please look again' }, ANALYST);
    expect(res.errors![0]).toMatchObject({ extensions: { code: 'CONFLICT', route: 'AUTO_APPROVE' } });
    expect(res.errors![0].message).toContain(`cannot reconsider ${u} for 100000.00 CNY: it is routed AUTO_APPROVE`);
    const { rows } = await db.query('SELECT id FROM core.approval_reconsideration WHERE uscc = $1', [u]);
    expect(rows).toEqual([]);
  });

  it('records the decision as it stood, who asked and why; is decided once; and is listed on the borrower', async () => {
    const u = byRoute.SPECIALIST_REVIEW[0];
    const { approval: before } = await approval(api.url, u, '123456.7');
    expect(before.route).toBe('SPECIALIST_REVIEW');

    const asked = await gql(
      api.url,
      REQUEST,
      { u, a: '123456.7', r: ' cash flow recovered in October; see the bank statement ' },
      ANALYST,
    );
    expect(asked.errors).toBeUndefined();
    const r = asked.data!.requestReconsideration;
    expect(r).toMatchObject({
      uscc: u,
      amount: '123456.70',
      route: 'SPECIALIST_REVIEW',
      reasons: before.reasons,
      score: before.score,
      tier: before.tier,
      modelVersion: before.modelVersion,
      requestedBy: 'analyst.li',
      reason: 'cash flow recovered in October; see the bank statement',
      status: 'OPEN',
      decidedBy: null,
      decidedAt: null,
      outcome: null,
      decisionNote: null,
    });
    const { rows: stored } = await db.query<{ amount: string; route: string; codes: string[]; requested_by: string }>(
      `SELECT amount::text AS amount, route::text AS route, (SELECT array_agg(x->>'code') FROM jsonb_array_elements(reasons) x) AS codes, requested_by FROM core.approval_reconsideration WHERE id = $1`,
      [r.id],
    );
    expect(stored).toEqual([
      {
        amount: '123456.70',
        route: 'SPECIALIST_REVIEW',
        codes: before.reasons.map((x) => x.code),
        requested_by: 'analyst.li',
      },
    ]);

    const again = await gql(api.url, REQUEST, { u, a: '123456.70', r: 'asking twice' }, ANALYST);
    expect(again.errors![0]).toMatchObject({ extensions: { code: 'CONFLICT', id: r.id } });
    expect(again.errors![0].message).toContain(`already open (id ${r.id}, requested by analyst.li`);

    const anonymous = await gql(api.url, DECIDE, { id: r.id, o: 'APPROVED', n: 'ok' }, { authorization: '' });
    expect(anonymous.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    const noNote = await gql(api.url, DECIDE, { id: r.id, o: 'APPROVED', n: '' }, OFFICER);
    expect(noNote.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'note' } });
    const badId = await gql(api.url, DECIDE, { id: 'abc', o: 'APPROVED', n: 'ok' }, OFFICER);
    expect(badId.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'id' } });
    const noSuch = await gql(api.url, DECIDE, { id: '987654321', o: 'APPROVED', n: 'ok' }, OFFICER);
    expect(noSuch.errors![0]).toMatchObject({
      message: 'no reconsideration has id 987654321',
      extensions: { code: 'NOT_FOUND' },
    });

    const ownRequest = await gql(api.url, DECIDE, { id: r.id, o: 'APPROVED', n: 'I checked it myself' }, ANALYST);
    expect(ownRequest.errors![0]).toMatchObject({ extensions: { code: 'FORBIDDEN', requestedBy: 'analyst.li' } });
    expect(ownRequest.errors![0].message).toContain('decided by someone other than the person who asked');

    const decided = await gql(
      api.url,
      DECIDE,
      { id: r.id, o: 'APPROVED', n: 'October statement checked: inflows back to plan' },
      OFFICER,
    );
    expect(decided.errors).toBeUndefined();
    const d = decided.data!.decideReconsideration;
    expect(d).toMatchObject({
      id: r.id,
      status: 'DECIDED',
      outcome: 'APPROVED',
      decidedBy: 'officer.wang',
      decisionNote: 'October statement checked: inflows back to plan',
      requestedBy: 'analyst.li',
    });
    expect(Date.parse(d.decidedAt)).toBeGreaterThanOrEqual(Date.parse(r.requestedAt));

    const twice = await gql(api.url, DECIDE, { id: r.id, o: 'DECLINED', n: 'changed my mind' }, ANALYST);
    expect(twice.errors![0]).toMatchObject({
      extensions: { code: 'CONFLICT', status: 'DECIDED', outcome: 'APPROVED' },
    });
    expect(twice.errors![0].message).toContain(
      `cannot decide reconsideration ${r.id}: it was already decided APPROVED by officer.wang`,
    );

    // Decided, the same application can be asked again; the borrower lists both, newest first.
    const second = await gql(api.url, REQUEST, { u, a: '123456.70', r: 'new collateral offered' }, OFFICER);
    expect(second.errors).toBeUndefined();
    const listed = await gql(
      api.url,
      `query($u: USCC!) { borrower(uscc: $u) { reconsiderations { ${RECONSIDERATION} } } }`,
      { u },
    );
    expect(listed.errors).toBeUndefined();
    expect(listed.data!.borrower.reconsiderations.map((x: { id: string; status: string }) => [x.id, x.status])).toEqual(
      [
        [second.data!.requestReconsideration.id, 'OPEN'],
        [r.id, 'DECIDED'],
      ],
    );
    expect(listed.data!.borrower.reconsiderations[1]).toEqual(d);
  });

  it('records a committee route with its reasons', async () => {
    const u = byRoute.AUTO_APPROVE[1];
    const res = await gql(api.url, REQUEST, { u, a: '3500000.50', r: 'a large working-capital line' }, ANALYST);
    expect(res.errors).toBeUndefined();
    expect(res.data!.requestReconsideration).toMatchObject({
      amount: '3500000.50',
      route: 'COMMITTEE',
      status: 'OPEN',
    });
    // The amount's reason first; the firm's related group may add its own (GROUP_EXPOSURE_ABOVE_LIMIT).
    expect(res.data!.requestReconsideration.reasons[0]).toMatchObject({
      code: 'AMOUNT_ABOVE_COMMITTEE_LIMIT',
      route: 'COMMITTEE',
      evidence: { amount: '3500000.50', committeeLimit: '3000000.00' },
    });
  });
});

describe('a firm whose TAX source is down', () => {
  let origin: Database;
  let sim: Simulator;
  let live: TestServer;

  beforeAll(async () => {
    // The upstream simulator serves the shared test database (the same seeded portfolio); this
    // server fetches TAX from it over HTTP and reads the other sources from the scratch mirror.
    origin = await openTestDatabase();
    sim = await startSimulator({ db: origin, token: SIM_TOKEN, seed: 1 });
    const sources = {
      ...testConfig().sources,
      TAX: {
        adapter: 'http' as const,
        freshnessMs: 0,
        upstream: {
          baseUrl: sim.url,
          token: SIM_TOKEN,
          timeoutMs: 800,
          retries: 1,
          maxBatch: 100,
          concurrency: 8,
          breakerThreshold: 50,
          breakerHalfOpenMs: 5000,
        },
      },
    };
    live = await startTestServer({ sources, requestDeadlineMs: 3000 }, { databaseUrl: scratch.url });
  });
  afterAll(async () => {
    await live?.close();
    await sim?.stop();
    await origin?.close();
  });

  it('still gets a score, with lower confidence, but never auto-approves, and its reasons name TAX as missing', async () => {
    const u = byRoute.AUTO_APPROVE[2];
    const up = await approval(api.url, u, '100000');
    expect(up.approval.route).toBe('AUTO_APPROVE');
    // Never fetched live before: with the upstream down there is no mirror copy to fall back on.
    await db.query(`DELETE FROM core.source_sync WHERE source = 'TAX' AND uscc = $1`, [u]);
    sim.setFaults('tax', { outage: true });

    const down = await approval(live.url, u, '100000');
    expect(down.sources.find((s) => s.source === 'TAX')!.status).toBe('UNAVAILABLE');
    expect(down.health.missingSources).toEqual(['TAX']);
    expect(down.health.confidence).toBeLessThan(up.approval.confidence);
    expect(down.approval.route).not.toBe('AUTO_APPROVE');
    expect(down.approval).toMatchObject({
      missingSources: ['TAX'],
      score: down.health.score,
      confidence: down.health.confidence,
    });
    const missing = down.approval.reasons.find((r) => r.code === 'MISSING_SOURCES')!;
    expect(missing).toMatchObject({
      route: 'SPECIALIST_REVIEW',
      evidence: { missingSources: ['TAX'], score: down.health.score, confidence: down.health.confidence },
    });
    expect(missing.message).toContain('no data from TAX');
    // Not even the smallest amount.
    expect((await approval(live.url, u, '0.01')).approval.route).not.toBe('AUTO_APPROVE');

    // It can be sent to reconsideration, with TAX named in the stored reasons.
    const asked = await gql(
      live.url,
      REQUEST,
      { u, a: '100000', r: 'tax bureau outage; declarations seen on paper' },
      ANALYST,
    );
    expect(asked.errors).toBeUndefined();
    expect(asked.data!.requestReconsideration.reasons).toEqual(down.approval.reasons);

    // The upstream back, the same firm auto-approves again.
    sim.resetFaults();
    const back = await approval(live.url, u, '100000');
    expect(back.health.missingSources).toEqual([]);
    expect(back.approval.route).toBe('AUTO_APPROVE');
  });
});

describe('approval and the warnings people decided on', () => {
  it('a HIGH warning a person dismissed no longer sends the firm to the committee; the warning stays listed', async () => {
    const page = await allBorrowers(
      api.url,
      'uscc approval(amount: "100000") { route reasons { code } } warnings { code severity }',
    );
    // A firm sent to the committee by one HIGH warning and nothing else.
    const target = page.find(
      (n: any) =>
        n.approval.route === 'COMMITTEE' &&
        n.approval.reasons.filter((r: { code: string }) =>
          ['SERIOUS_WARNING', 'SERIOUS_FINDING', 'TIER_FOR_COMMITTEE', 'AMOUNT_ABOVE_COMMITTEE_LIMIT'].includes(r.code),
        ).length === 1 &&
        n.approval.reasons.some((r: { code: string }) => r.code === 'SERIOUS_WARNING') &&
        n.warnings.filter((w: { severity: string }) => w.severity === 'HIGH').length === 1,
    );
    if (!target) throw new Error('the test portfolio has no firm sent to the committee by exactly one HIGH warning');
    // Store the warnings (as `npm run warnings` does), then dismiss that one.
    const detected: DetectedWarning[] = [];
    await scanPortfolio(db, await portfolioAsOf(db), (r) => detected.push(...r.warnings));
    await storeWarnings(db, detected, new Date());
    const high = detected.find((w) => w.uscc === target.uscc && w.severity === 'HIGH')!;
    const { rows } = await db.query<{ id: string }>('SELECT id FROM core.warning WHERE fingerprint = $1', [
      high.fingerprint,
    ]);
    const dismissed = await gql(
      api.url,
      `mutation($id: ID!) { reviewWarning(id: $id, action: DISMISS, note: "checked with the firm: the circle was unwound in September") { status } }`,
      { id: rows[0].id },
      ANALYST,
    );
    expect(dismissed.errors).toBeUndefined();
    const after = await gql(
      api.url,
      `query($u: USCC!) { borrower(uscc: $u) { approval(amount: "100000") { route reasons { code } } warnings(includeClosed: true) { code status } } }`,
      { u: target.uscc },
    );
    expect(after.errors).toBeUndefined();
    expect(after.data!.borrower.approval.route).not.toBe('COMMITTEE');
    expect(after.data!.borrower.approval.reasons.map((r: { code: string }) => r.code)).not.toContain('SERIOUS_WARNING');
    expect(after.data!.borrower.warnings).toContainEqual({ code: high.code, status: 'DISMISSED' });
  });
});
