/**
 * The health index and warnings through GraphQL over HTTP: on the shared test portfolio (read
 * only), the health index is the serving model's (the shipped one: no version is active in the
 * test database) on the facts loadFacts reads, every factor and warning names its records and
 * thresholds, planted problems raise their warnings, and a page costs a fixed number of
 * statements; with the tax upstream down the score still comes back, with TAX missing, its
 * inputs UNAVAILABLE and lower confidence.
 */
import { generatePortfolio, type Truth } from '../src/seed';
import { loadFacts } from '../src/health/facts.repository';
import { scoreHealth } from '../src/health/health.service';
import { INDICATORS } from '../src/health/indicators';
import { evidenceQuotedBy } from '../src/health/health.resolver';
import { maskEvidence, maskEvidenceText } from '../src/masking/evidence';
import { portfolioAsOf } from '../src/quality/as-of';
import { shippedModel } from '../src/model/model.repository';
import { gql, startTestServer, type TestServer } from './helpers';
import { TEST_PORTFOLIO } from './portfolio';
import { startLiveRig, type LiveRig } from './upstream.helpers';

const HEALTH = `health { score probabilityOfDefault tier modelVersion profile asOf confidence missingSources caps reasons
  factors { code label unit window status value bin woe points maxPoints weight explanation evidence sources } }`;
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

  /** What the platform computes for the firm: the shipped model on the facts as of the portfolio's month, through JSON. */
  const expected = async (uscc: string) => {
    const [facts] = await loadFacts(t.db, [uscc], await portfolioAsOf(t.db));
    const h = scoreHealth(facts!, shippedModel());
    // Persons' names in a factor's evidence and explanation, and in a reason quoting it, come masked (masking-health.int.test.ts).
    const factors = h.factors.map((f) => ({
      ...f,
      evidence: maskEvidence(f.evidence).value,
      explanation: maskEvidenceText(f.explanation, maskEvidence(f.evidence)).value,
    }));
    const reasons = h.reasons.map((r) => maskEvidenceText(r, maskEvidence(evidenceQuotedBy(r, h.factors))).value);
    // What the API shows of it (the input row, cap limits and default sentence are internal: nextTier reads them).
    return JSON.parse(
      JSON.stringify({
        ...h,
        factors,
        reasons,
        uscc: undefined,
        inputs: undefined,
        capLimits: undefined,
        inDefault: undefined,
      }),
    ) as Record<string, any>;
  };

  it('comes from the shipped model: the numbers equal scoreHealth on the facts loadFacts reads', async () => {
    // A few firms, and every borrower in default at asOf (the truth's default day by then), if any.
    const asOfEnd = `${TEST_PORTFOLIO.asOf}-31`;
    const inDefault = Object.entries(truth.firms)
      .filter(([, f]) => f.defaultedOn !== null && f.defaultedOn <= asOfEnd)
      .map(([u]) => u);
    const firms = [...Object.keys(truth.firms).slice(0, 3), ...inDefault.slice(0, 2)];
    for (const uscc of firms) {
      const { health } = await profile(uscc);
      const want = await expected(uscc);
      expect(health).toEqual(want);
      expect(health.modelVersion).toBe(shippedModel().version);
      if (health.probabilityOfDefault === 1)
        expect(health.reasons[0]).toMatch(/the firm is in default \(probability 1\)$/);
    }
    const compact = await gql(
      t.url,
      `query($u: USCC!) { borrower(uscc: $u) { health { score probabilityOfDefault tier modelVersion confidence factors { code bin points maxPoints } reasons } } }`,
      { u: firms[0] },
    );
    expect(compact.errors).toBeUndefined();
    const want = await expected(firms[0]);
    expect(compact.data!.borrower.health).toEqual({
      score: want.score,
      probabilityOfDefault: want.probabilityOfDefault,
      tier: want.tier,
      modelVersion: shippedModel().version,
      confidence: want.confidence,
      reasons: want.reasons,
      factors: want.factors.map((f: any) => ({ code: f.code, bin: f.bin, points: f.points, maxPoints: f.maxPoints })),
    });
  });

  it("explains the score: every indicator a factor with its sentence and evidence, points within the input's range", async () => {
    const uscc = Object.keys(truth.firms)[0];
    const { health } = await profile(uscc);
    const model = shippedModel();
    const selected = new Set(model.scorecard.features.filter((x) => x.selected).map((x) => x.feature));
    expect(health).toMatchObject({ modelVersion: model.version, asOf: TEST_PORTFOLIO.asOf });
    expect(health.score).toBeGreaterThanOrEqual(0);
    expect(health.score).toBeLessThanOrEqual(100);
    expect(health.probabilityOfDefault).toBeGreaterThan(0);
    expect(health.probabilityOfDefault).toBeLessThanOrEqual(1);
    expect(health.factors.map((f: { code: string }) => f.code)).toEqual(
      expect.arrayContaining(INDICATORS.map((i) => i.code)),
    );
    for (const f of health.factors) {
      expect(f.explanation.length).toBeGreaterThan(5);
      expect(f.evidence).toEqual(expect.any(Object));
      if (f.status !== 'OK') expect(f.value).toBeNull();
      expect(f.points).toBeGreaterThanOrEqual(0);
      expect(f.points).toBeLessThanOrEqual(f.maxPoints);
      if (selected.has(f.code)) expect([f.code, typeof f.bin]).toEqual([f.code, 'string']);
      else expect([f.code, f.bin, f.maxPoints]).toEqual([f.code, null, 0]);
    }
    expect(health.reasons.length).toBeGreaterThan(0);
  });

  it.each(['GUARANTEE_CIRCLE', 'REGISTRY_STATUS_WITH_LIVE_LOAN', 'TAX_WITHOUT_FLOW', 'SHELL_COMPANY'])(
    'a firm planted with %s gets its warning, with evidence',
    async (problem) => {
      const rule = problem === 'SHELL_COMPANY' ? 'SHELL_COMPANY_SIGNS' : problem;
      const planted = (truth.problems as Record<string, Array<{ uscc: string }>>)[problem];
      const { warnings, health } = await profile(planted[0].uscc);
      const w = warnings.find((x: { code: string }) => x.code === rule);
      expect(w).toMatchObject({ id: null, status: 'OPEN', overdue: false, tier: health.tier });
      expect(Object.keys(w.evidence).length).toBeGreaterThan(1);
      expect(w.evidence.rule).toMatchObject({ title: expect.any(String) });
    },
  );

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
    // Warm the per-database caches (serving model, portfolio month) so that neither count pays for them.
    await count(1);
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
    const query = `query($u: USCC!) { borrower(uscc: $u) { health { score probabilityOfDefault confidence missingSources reasons factors { code bin woe explanation } } sources { source status } } }`;
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
      // The model's inputs drawn from tax are unknown in this request: neutral evidence, not "no tax records".
      const taxInputs = shippedModel()
        .scorecard.features.filter(
          (x) => x.selected && INDICATORS.find((i) => i.code === x.feature)?.sources.includes('tax'),
        )
        .map((x) => x.feature);
      expect(taxInputs.length).toBeGreaterThan(0);
      for (const code of taxInputs) {
        expect(h.factors.find((f: { code: string }) => f.code === code)).toEqual({
          code,
          bin: 'UNAVAILABLE (not seen in training)',
          woe: 0,
          explanation: 'unknown: tax did not answer in this request',
        });
      }
      expect(down.data!.borrower.sources.find((s: { source: string }) => s.source === 'TAX').status).toBe(
        'UNAVAILABLE',
      );
    } finally {
      rig.sim.resetFaults();
    }
  });
});
