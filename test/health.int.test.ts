/**
 * The health index and warnings through GraphQL over HTTP: on the shared test portfolio (read
 * only), every factor and warning names its records and thresholds, planted problems raise
 * their warnings, and a page costs a fixed number of statements; with the tax upstream down the
 * score still comes back, with TAX missing and lower confidence.
 */
import { generatePortfolio, type Truth } from '../src/seed';
import { HEALTH_CONFIG } from '../src/health/health.config';
import { gql, startTestServer, type TestServer } from './helpers';
import { TEST_PORTFOLIO } from './portfolio';
import { startLiveRig, type LiveRig } from './upstream.helpers';

const HEALTH = `health { score tier modelVersion profile asOf confidence missingSources caps reasons
  factors { code label unit window status value points maxPoints explanation evidence sources } }`;
const WARNINGS = `warnings { id code severity tier message evidence sources status firstSeenAt verifyDueAt overdue }`;

describe('health and warnings on the test portfolio', () => {
  let t: TestServer;
  let truth: Truth;
  beforeAll(async () => {
    t = await startTestServer();
    truth = generatePortfolio(TEST_PORTFOLIO).generator.truth.toJSON();
  });
  afterAll(() => t.close());

  const profile = async (uscc: string) => {
    const res = await gql(t.url, `query($u: USCC!) { borrower(uscc: $u) { ${HEALTH} ${WARNINGS} } }`, { u: uscc });
    expect(res.errors).toBeUndefined();
    return res.data!.borrower;
  };

  it('explains the score: every factor with its value, points, sentence and evidence, the version stamped', async () => {
    const uscc = Object.keys(truth.firms)[0];
    const { health } = await profile(uscc);
    expect(health).toMatchObject({ modelVersion: HEALTH_CONFIG.version, asOf: TEST_PORTFOLIO.asOf });
    expect(health.score).toBeGreaterThanOrEqual(0);
    expect(health.score).toBeLessThanOrEqual(100);
    expect(health.factors.length).toBeGreaterThanOrEqual(15);
    for (const f of health.factors) {
      expect(f.explanation.length).toBeGreaterThan(5);
      if (f.status === 'OK') expect(f.evidence).toEqual(expect.any(Object));
      else expect(f.points).toBe(0);
    }
    if (health.caps.length === 0) {
      expect(health.factors.reduce((a: number, f: { points: number }) => a + f.points, 0)).toBeCloseTo(health.score, -0.5);
    }
    expect(health.reasons.length).toBeGreaterThan(0);
  });

  it.each(['GUARANTEE_CIRCLE', 'REGISTRY_STATUS_WITH_LIVE_LOAN', 'TAX_WITHOUT_FLOW', 'SHELL_COMPANY'])('a firm planted with %s gets its warning, with evidence', async (problem) => {
    const rule = problem === 'SHELL_COMPANY' ? 'SHELL_COMPANY_SIGNS' : problem;
    const planted = (truth.problems as Record<string, Array<{ uscc: string }>>)[problem];
    const { warnings, health } = await profile(planted[0].uscc);
    const w = warnings.find((x: { code: string }) => x.code === rule);
    expect(w).toMatchObject({ id: null, status: 'OPEN', overdue: false, tier: health.tier });
    expect(Object.keys(w.evidence).length).toBeGreaterThan(1);
    expect(w.evidence.rule).toMatchObject({ title: expect.any(String) });
  });

  it('a guarantee circle names the firms in it', async () => {
    const uscc = (truth.problems as Record<string, Array<{ uscc: string }>>).GUARANTEE_CIRCLE[0].uscc;
    const w = (await profile(uscc)).warnings.find((x: { code: string }) => x.code === 'GUARANTEE_CIRCLE');
    expect(w.evidence.cycles[0][0]).toBe(uscc);
    expect(w.evidence.cycles[0].at(-1)).toBe(uscc);
  });

  it('a page of borrowers with health and warnings costs the same statements for 20 as for 60', async () => {
    const page = `query($n: Int!) { borrowers(first: $n) { edges { node { uscc ${HEALTH} ${WARNINGS} } } } }`;
    const count = async (n: number) => {
      t.db.resetStatementCount();
      const res = await gql(t.url, page, { n });
      expect(res.errors).toBeUndefined();
      return t.db.statementCount();
    };
    const twenty = await count(20);
    expect(await count(60)).toBe(twenty);
    expect(twenty).toBeLessThan(40);
  });
});

describe('health with the tax upstream down', () => {
  let rig: LiveRig;
  let live: TestServer;
  beforeAll(async () => {
    rig = await startLiveRig();
    live = await rig.start();
  }, 120_000);
  afterAll(async () => {
    await rig?.close();
  });

  it('still scores, names TAX missing, lowers confidence, and says why', async () => {
    const uscc = Object.keys(generatePortfolio(TEST_PORTFOLIO).generator.truth.toJSON().firms)[3];
    const query = `query($u: USCC!) { borrower(uscc: $u) { health { score confidence missingSources reasons } sources { source status } } }`;
    const up = await gql(live.url, query, { u: uscc });
    expect(up.errors).toBeUndefined();
    rig.sim.setFaults('tax', { outage: true });
    try {
      // A firm whose tax data never reached the mirror: nothing stale to fall back on.
      const other = Object.keys(generatePortfolio(TEST_PORTFOLIO).generator.truth.toJSON().firms)[4];
      const [before] = [up.data!.borrower.health];
      const down = await gql(live.url, query, { u: other });
      expect(down.errors).toBeUndefined();
      const h = down.data!.borrower.health;
      expect(h.missingSources).toContain('TAX');
      expect(before.missingSources).not.toContain('TAX');
      expect(h.confidence).toBeLessThan(before.confidence);
      expect(h.score).toEqual(expect.any(Number));
      expect(h.reasons.join(' ')).toMatch(/no data from .*TAX/);
      expect(down.data!.borrower.sources.find((s: { source: string }) => s.source === 'TAX').status).toBe('UNAVAILABLE');
    } finally {
      rig.sim.resetFaults();
    }
  });
});
