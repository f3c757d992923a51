/**
 * The health index's pure parts (each indicator has its own tests in test/health/indicators/):
 * the index served by a default model (a tiny hand-written one whose numbers can be worked out by
 * hand, and the shipped one): the PD, the index and tier from it, the points and weights, caps,
 * default, failed sources, confidence and reasons; the hand-weighted baseline.
 */
import { INDICATORS } from '../src/health/indicators';
import { scoreHealth, UNAVAILABLE, type Health } from '../src/health/health.service';
import { handWeightedScore, pointsOn } from '../src/health/hand-index';
import { HEALTH_CONFIG } from '../src/health/health.config';
import { withoutSources, type FirmFacts } from '../src/health/facts';
import { Tier, tierOf } from '../src/health/tier';
import { auc } from '../src/model/metrics';
import { asOfDay } from '../src/quality/as-of';
import { lastCompleteMonth } from '../src/quality/quality.service';
import { POINTS_FACTOR, indexOfPd, tierOfPd } from '../src/model/model';
import { shippedModel } from '../src/model/model.repository';
import { sigmoid } from '../src/model/logistic';
import { healthyFacts, tinyModel, TINY_TIERS, withLast } from './facts.fixture';

const factor = (h: Health, code: string) => h.factors.find((f) => f.code === code)!;
const logit = (p: number) => Math.log(p / (1 - p));

/** The healthy firm with balances down to a third and tax paid down 42% over the last 3 months. */
function sliding(): FirmFacts {
  const f = healthyFacts();
  f.tax!.declarations = withLast(f.tax!.declarations, 3, (d) => ({ ...d, sales: '580000.00', taxPaid: '17400.00' }));
  f.bank!.months = withLast(f.bank!.months, 3, (m) => ({ ...m, endBalance: '300000.00' }));
  return f;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

describe('the health index on a hand-written model', () => {
  // tinyModel(): logit = -4 - 1 x WoE(BALANCE_TREND) - 0.5 x WoE(TAX_PAID_TREND) - 1 x WoE(SECTOR).
  const model = tinyModel();
  const F = POINTS_FACTOR; // 20 / ln 2: 20 points double the odds.
  // The healthy firm: balances steady ([-0.1, +inf): 0.5), tax paid steady ([-0.3, +inf): 0.4), MANUFACTURING (0.3).
  const healthyPd = sigmoid(-4 - 0.5 - 0.5 * 0.4 - 0.3);

  it('takes the PD from the scorecard, stamps the model, and turns the PD into the index and the tier', () => {
    const h = scoreHealth(healthyFacts(), model);
    expect(h.probabilityOfDefault).toBeCloseTo(healthyPd, 6);
    expect(h.probabilityOfDefault).toBe(0.006693);
    expect(h).toMatchObject({
      uscc: '91330106MA27XKQ18B',
      modelVersion: 'pd-20261101-0badc0de',
      profile: 'MANUFACTURING',
      asOf: '2026-10',
      score: 97,
      tier: Tier.GREEN,
      confidence: 1,
      missingSources: [],
      caps: [],
    });
    expect(h.score).toBe(indexOfPd(TINY_TIERS, h.probabilityOfDefault));
    // Balances at a third and tax paid down 42%: both in their worst bins, ORANGE.
    const s = scoreHealth(sliding(), model);
    expect(s.probabilityOfDefault).toBeCloseTo(sigmoid(-4 + 2 + 0.5 * 1.5 - 0.3), 6);
    expect(s).toMatchObject({ score: 32, tier: Tier.ORANGE });
    expect(s.score).toBe(indexOfPd(TINY_TIERS, s.probabilityOfDefault));
  });

  it('gives each model input its bin, WoE, points (0 in the worst value bin, maxPoints in the best) and weight', () => {
    const h = scoreHealth(healthyFacts(), model);
    expect(factor(h, 'BALANCE_TREND')).toMatchObject({
      status: 'OK',
      value: 0,
      bin: '[-0.1, +inf)',
      woe: 0.5,
      points: 72.13,
      maxPoints: 72.13,
      weight: 0.63,
    });
    expect(factor(h, 'TAX_PAID_TREND')).toMatchObject({
      status: 'OK',
      value: 0,
      bin: '[-0.3, +inf)',
      woe: 0.4,
      points: 27.41,
      maxPoints: 27.41,
      weight: 0.24,
    });
    expect(factor(h, 'SECTOR')).toMatchObject({
      bin: 'MANUFACTURING',
      woe: 0.3,
      points: 14.43,
      maxPoints: 14.43,
      weight: 0.13,
      evidence: { industryCode: 'C3484', sector: 'MANUFACTURING' },
      sources: ['core'],
    });
    // maxPoints = factor x |coefficient| x (best value bin's WoE - worst value bin's WoE): a status
    // bin (MISSING, NOT_APPLICABLE; TAX_PAID_TREND's MISSING has WoE 1) is not a level to reach.
    expect(factor(h, 'BALANCE_TREND').maxPoints).toBeCloseTo(F * 1 * (0.5 - -2), 2);
    expect(factor(h, 'TAX_PAID_TREND').maxPoints).toBeCloseTo(F * 0.5 * (0.4 - -1.5), 2);
    expect(factor(h, 'TAX_PAID_TREND').points).toBeCloseTo(F * 0.5 * (0.4 - -1.5), 2);
    const s = scoreHealth(sliding(), model);
    expect(factor(s, 'BALANCE_TREND')).toMatchObject({ value: -0.6667, bin: '(-inf, -0.3)', woe: -2, points: 0 });
    expect(factor(s, 'TAX_PAID_TREND')).toMatchObject({ value: -0.42, bin: '(-inf, -0.3)', woe: -1.5, points: 0 });
    // An indicator the model does not read (FIRM_AGE was dropped) is still a factor, with no points.
    expect(factor(h, 'FIRM_AGE')).toMatchObject({
      status: 'OK',
      bin: null,
      woe: null,
      points: 0,
      maxPoints: 0,
      weight: 0,
    });
    // The points add up to the logit: 20 more points double the odds of not defaulting.
    const total = (x: Health) => x.factors.reduce((a, f) => a + f.points, 0);
    expect(total(h) - total(s)).toBeCloseTo(F * (logit(s.probabilityOfDefault) - logit(h.probabilityOfDefault)), 1);
  });

  it('lists every indicator as a factor, and the sector it read; a sector it never saw is neutral', () => {
    const h = scoreHealth(healthyFacts(), model);
    expect(h.factors.map((f) => f.code).sort()).toEqual([...INDICATORS.map((i) => i.code), 'SECTOR'].sort());
    for (const f of h.factors) {
      expect(f.points).toBeGreaterThanOrEqual(0);
      expect(f.points).toBeLessThanOrEqual(f.maxPoints);
    }
    expect(h.factors.reduce((a, f) => a + f.weight, 0)).toBeCloseTo(1, 6);
    const services = scoreHealth(healthyFacts({ industryCode: 'H6210' }), model);
    expect(services).toMatchObject({ profile: 'SERVICES' });
    expect(services.probabilityOfDefault).toBeCloseTo(sigmoid(-4 - 0.5 - 0.2 + 0.2), 6);
    const builder = scoreHealth(healthyFacts({ industryCode: 'E4710' }), model);
    expect(factor(builder, 'SECTOR')).toMatchObject({ bin: 'CONSTRUCTION (not seen in training)', woe: 0 });
    expect(builder.probabilityOfDefault).toBeCloseTo(sigmoid(-4 - 0.5 - 0.2), 6);
  });

  it("a higher PD never has a higher index, and the tier is the PD's band", () => {
    const falls = ['900000.00', '760000.00', '600000.00', '450000.00', '300000.00', '100000.00'];
    const scored = falls.map((b) => {
      const f = healthyFacts();
      f.bank!.months = withLast(f.bank!.months, 3, (m) => ({ ...m, endBalance: b }));
      f.tax!.declarations = withLast(f.tax!.declarations, 3, (d) => ({
        ...d,
        taxPaid: b === '900000.00' ? d.taxPaid : '15000.00',
      }));
      return scoreHealth(f, model);
    });
    for (let k = 1; k < scored.length; k++) {
      expect(scored[k].probabilityOfDefault).toBeGreaterThanOrEqual(scored[k - 1].probabilityOfDefault);
      expect(scored[k].score).toBeLessThanOrEqual(scored[k - 1].score);
    }
    for (const h of scored) expect([h.score, h.tier]).toEqual([h.score, tierOfPd(TINY_TIERS, h.probabilityOfDefault)]);
    expect(new Set(scored.map((h) => h.tier)).size).toBeGreaterThanOrEqual(3);
  });

  it('explains a fall by the largest point deficits, with the bin', () => {
    const s = scoreHealth(sliding(), model);
    expect(s.reasons).toEqual([
      'month-end balances fell 67% over the last 3 months against the 6 before and fell 67% against the same months a year before ((-inf, -0.3): 72.13 of 72.13 points short)',
      'tax paid fell 42% over the last 3 months against the monthly level before ((-inf, -0.3): 27.41 of 27.41 points short)',
    ]);
    expect(s.factors.slice(0, 2).map((f) => f.code)).toEqual(['BALANCE_TREND', 'TAX_PAID_TREND']);
    // A firm in every input's best value bin has no deficit to name.
    expect(scoreHealth(healthyFacts(), model).reasons).toEqual([]);
  });

  it('confidence stays between 0 and 1 when every source fails (an input unknown for a failed source counts as applicable)', () => {
    const all = scoreHealth(withoutSources(healthyFacts(), ['BANK', 'TAX', 'SUPPLY_CHAIN', 'ALT_DATA']), model);
    expect(all.confidence).toBeGreaterThanOrEqual(0);
    expect(all.confidence).toBeLessThanOrEqual(1);
    expect(all.confidence).toBe(round2(14.43 / (72.13 + 27.41 + 14.43)));
    expect(scoreHealth(withoutSources(healthyFacts(), ['SUPPLY_CHAIN']), model).confidence).toBe(1);
  });

  it('a source that failed in the request: its inputs are UNAVAILABLE with neutral evidence, named, and confidence drops', () => {
    const failed = scoreHealth(withoutSources(healthyFacts(), ['TAX']), model);
    expect(UNAVAILABLE).toBe('UNAVAILABLE');
    expect(factor(failed, 'TAX_PAID_TREND')).toMatchObject({
      status: 'MISSING',
      value: null,
      bin: 'UNAVAILABLE (not seen in training)',
      woe: 0,
      points: 21.64,
      maxPoints: 27.41,
      explanation: 'unknown: tax did not answer in this request',
    });
    expect(factor(failed, 'TAX_PAID_TREND').points).toBeCloseTo(F * 0.5 * (0 - -1.5), 2);
    // Every indicator reading the failed source says so (not "no tax records").
    for (const code of ['SALES_TREND', 'CASH_BUFFER', 'JUDICIAL_EXPOSURE', 'TAX_CREDIT_RATING'])
      expect([code, factor(failed, code).explanation]).toEqual([code, 'unknown: tax did not answer in this request']);
    expect(failed.probabilityOfDefault).toBeCloseTo(sigmoid(-4 - 0.5 + 0 - 0.3), 6);
    expect(failed).toMatchObject({ missingSources: ['TAX'], confidence: 0.76 });
    // 1 - TAX_PAID_TREND's range over every input's: 0.5 x 1.9 against 1 x 2.5 + 0.5 x 1.9 + 1 x 0.5.
    expect(failed.confidence).toBeCloseTo(1 - 0.95 / 3.95, 2);
    // An unknown input is named through its source, not as a deficit.
    expect(failed.reasons).toEqual(['no data from TAX: the probability rests on the other sources']);
    // A firm with no tax records at all falls in the MISSING bin the model learned (here a safe one):
    // a failed request must not read as that.
    const noRecords = scoreHealth(healthyFacts({ tax: null, missingSources: ['TAX'] }), model);
    expect(factor(noRecords, 'TAX_PAID_TREND')).toMatchObject({
      bin: 'MISSING',
      woe: 1,
      points: 27.41,
      explanation: 'no tax records: tax paid unknown',
    });
    expect(noRecords.probabilityOfDefault).toBeCloseTo(sigmoid(-4 - 0.5 - 0.5 - 0.3), 6);
    expect(failed.probabilityOfDefault).toBeGreaterThan(noRecords.probabilityOfDefault);
    expect(noRecords.confidence).toBe(failed.confidence);
    expect(noRecords.reasons.at(-1)).toBe('no data from TAX: the probability rests on the other sources');
  });

  it('a firm in default (a loan 90 days past due or written off) has PD 1, and the first reason says so', () => {
    const overdue = healthyFacts();
    overdue.bank!.loans = [{ ...overdue.bank!.loans[0], overdueDays: 95 }];
    const h = scoreHealth(overdue, model);
    expect(h).toMatchObject({
      probabilityOfDefault: 1,
      score: 0,
      tier: Tier.RED,
      caps: ['a loan is 95 days overdue: score capped at 29'],
    });
    expect(h.reasons[0]).toBe('loan HZ2025-0001 is 95 days past due: the firm is in default (probability 1)');
    const writtenOff = healthyFacts();
    writtenOff.bank!.loans = [
      { ...writtenOff.bank!.loans[0], status: 'WRITTEN_OFF', classification: 'LOSS', balance: '0.00' },
    ];
    expect(scoreHealth(writtenOff, model)).toMatchObject({
      probabilityOfDefault: 1,
      score: 0,
      tier: Tier.RED,
      reasons: expect.arrayContaining(['loan HZ2025-0001 was written off: the firm is in default (probability 1)']),
    });
    // 89 days past due is not yet a default: the model's PD (this one does not read repayments).
    const late = healthyFacts();
    late.bank!.loans = [{ ...late.bank!.loans[0], overdueDays: 89 }];
    expect(scoreHealth(late, model)).toMatchObject({ probabilityOfDefault: 0.006693, caps: [] });
  });

  it('caps bound the score (not the PD) and are named; a cap above the index changes nothing but is still named', () => {
    const revoked = healthyFacts();
    revoked.registry = { ...revoked.registry!, status: 'REVOKED', statusChangedOn: '2026-08-01' };
    const r = scoreHealth(revoked, model);
    expect(r).toMatchObject({
      score: 29,
      tier: Tier.RED,
      probabilityOfDefault: 0.006693,
      caps: ['registry status REVOKED since 2026-08-01: score capped at 29'],
    });
    expect(r.reasons).toContain('registry status REVOKED since 2026-08-01: score capped at 29');
    const abnormal = healthyFacts();
    abnormal.registry!.abnormalListings = [{ id: '7', listedOn: '2026-07-01', reason: '通过登记的住所无法联系' }];
    expect(scoreHealth(abnormal, model)).toMatchObject({
      score: 49,
      tier: Tier.ORANGE,
      caps: ['on the abnormal-operations list since 2026-07-01 (通过登记的住所无法联系): score capped at 49'],
    });
    const dishonest = healthyFacts();
    dishonest.judicial.dishonestListings = [
      { id: '3', caseNo: '(2026)浙0106执456号', listedOn: '2026-09-01', removedOn: null },
    ];
    expect(scoreHealth(dishonest, model)).toMatchObject({
      score: 29,
      tier: Tier.RED,
      caps: ['listed as a dishonest debtor ((2026)浙0106执456号): score capped at 29'],
    });
    dishonest.judicial.dishonestListings[0].removedOn = '2026-10-01';
    expect(scoreHealth(dishonest, model)).toMatchObject({ score: 97, caps: [] });
    const both = sliding();
    both.registry!.abnormalListings = abnormal.registry!.abnormalListings;
    expect(scoreHealth(both, model)).toMatchObject({
      score: 32,
      tier: Tier.ORANGE,
      caps: [expect.stringMatching(/capped at 49$/)],
    });
  });
});

describe('the health index on the shipped model', () => {
  const model = shippedModel();
  const cases: Record<string, () => FirmFacts> = {
    healthy: () => healthyFacts(),
    sliding,
    'tax failed': () => withoutSources(healthyFacts(), ['TAX']),
    'bank failed': () => withoutSources(healthyFacts(), ['BANK']),
    'no supply chain': () => healthyFacts({ supplyChain: null }),
    'in default': () => {
      const f = healthyFacts();
      f.bank!.loans[0].overdueDays = 120;
      return f;
    },
  };

  it.each(Object.keys(cases))(
    '%s: stamped with the shipped version, every indicator a factor, points within [0, maxPoints], weights summing to 1',
    (name) => {
      const h = scoreHealth(cases[name](), model);
      expect(h.modelVersion).toBe(model.version);
      expect(h.modelVersion).toMatch(/^pd-\d{8}-[0-9a-f]{8}$/);
      const selected = model.scorecard.features.filter((x) => x.selected).map((x) => x.feature);
      const codes = h.factors.map((f) => f.code);
      for (const i of INDICATORS) expect(codes).toContain(i.code);
      expect(codes).toHaveLength(INDICATORS.length + (selected.includes('SECTOR') ? 1 : 0));
      for (const f of h.factors) {
        expect([f.code, f.points >= 0 && f.points <= f.maxPoints]).toEqual([f.code, true]);
        if (selected.includes(f.code))
          expect([f.code, f.bin, f.maxPoints > 0]).toEqual([f.code, expect.any(String), true]);
        else expect([f.code, f.bin, f.maxPoints, f.weight]).toEqual([f.code, null, 0, 0]);
      }
      // Weights are rounded to 2 decimals each.
      expect(Math.abs(h.factors.reduce((a, f) => a + f.weight, 0) - 1)).toBeLessThanOrEqual(0.005 * selected.length);
      expect(h.probabilityOfDefault).toBeGreaterThan(0);
      expect(h.probabilityOfDefault).toBeLessThanOrEqual(1);
      expect(h.confidence).toBeGreaterThan(0);
      expect(h.confidence).toBeLessThanOrEqual(1);
      if (!h.caps.length) expect(h.tier).toBe(tierOfPd(model.tiers, h.probabilityOfDefault));
      expect(tierOf(h.score)).toBe(h.tier);
    },
  );

  it('a sliding firm has a higher PD and a lower score, and the reasons name its largest point deficits with their bins', () => {
    const h = scoreHealth(healthyFacts(), model);
    const s = scoreHealth(sliding(), model);
    expect(s.probabilityOfDefault).toBeGreaterThan(h.probabilityOfDefault);
    expect(s.score).toBeLessThan(h.score);
    // The factors come costliest first; the reasons are the (at most 3) deficits of a point or more, in that order.
    const deficit = (f: Health['factors'][number]) => f.maxPoints - f.points;
    for (let k = 1; k < s.factors.length; k++)
      expect(deficit(s.factors[k])).toBeLessThanOrEqual(deficit(s.factors[k - 1]));
    const expected = s.factors
      .filter((f) => deficit(f) >= 1)
      .slice(0, 3)
      .map((f) => `${f.explanation} (${f.bin}: ${Math.round(deficit(f) * 100) / 100} of ${f.maxPoints} points short)`);
    expect(expected.length).toBeGreaterThan(0);
    expect(s.reasons).toEqual(expected);
    expect(factor(s, 'BALANCE_TREND').points).toBeLessThan(factor(h, 'BALANCE_TREND').points);
  });

  it("a failed source's inputs are UNAVAILABLE (WoE 0), not the MISSING bin of a firm without such records", () => {
    const failed = scoreHealth(withoutSources(healthyFacts(), ['TAX']), model);
    const noRecords = scoreHealth(healthyFacts({ tax: null, missingSources: ['TAX'] }), model);
    const taxInputs = model.scorecard.features
      .filter((x) => x.selected && INDICATORS.find((i) => i.code === x.feature)?.sources.includes('tax'))
      .map((x) => x.feature);
    expect(taxInputs.length).toBeGreaterThan(0);
    for (const code of taxInputs) {
      expect([code, factor(failed, code).bin, factor(failed, code).woe]).toEqual([
        code,
        `${UNAVAILABLE} (not seen in training)`,
        0,
      ]);
      // (The MISSING bin, or, if no firm of the development sample lacked the input, MISSING unseen.)
      expect([code, factor(noRecords, code).bin]).toEqual([code, expect.stringMatching(/^MISSING/)]);
    }
    expect(failed.probabilityOfDefault).not.toBe(noRecords.probabilityOfDefault);
    expect(failed.missingSources).toEqual(['TAX']);
    expect(failed.confidence).toBeLessThan(scoreHealth(healthyFacts(), model).confidence);
  });
});

describe('the hand-weighted baseline', () => {
  it('scores as the old index did: weighted points on hand scales, capped', () => {
    expect(handWeightedScore(healthyFacts())).toBe(95);
    const revoked = healthyFacts();
    revoked.registry = { ...revoked.registry!, status: 'REVOKED', statusChangedOn: '2026-08-01' };
    expect(handWeightedScore(revoked)).toBe(29);
    const abnormal = healthyFacts();
    abnormal.registry!.abnormalListings = [{ id: '7', listedOn: '2026-07-01', reason: '通过登记的住所无法联系' }];
    expect(handWeightedScore(abnormal)).toBe(49);
    expect(handWeightedScore(sliding())).toBeLessThan(95 - 15);
    // The model's new inputs carry no hand weight.
    const pricier = healthyFacts();
    pricier.bank!.loans[0].annualRate = '0.0900';
    pricier.statement!.netProfit = '-600000.00';
    expect(handWeightedScore(pricier)).toBe(handWeightedScore(healthyFacts()));
  });

  it('maps values along a scale, weighs by industry profile, and scores tiers at the documented bounds', () => {
    expect(pointsOn(0.65, { zero: 0.9, full: 0.4 })).toBe(50);
    expect(pointsOn(2, { zero: 0.9, full: 0.4 })).toBe(0);
    expect(pointsOn(-1, { zero: 0.8, full: 2 })).toBe(0);
    for (const [name, p] of Object.entries(HEALTH_CONFIG.profiles))
      expect([name, Math.round(Object.values(p).reduce((a, b) => a + b, 0))]).toEqual([name, 100]);
    expect(HEALTH_CONFIG.profiles.MANUFACTURING.INVENTORY_TURNOVER).toBe(20);
    expect([90, 89, 70, 69, 50, 49, 30, 29, 0].map(tierOf)).toEqual([
      'GREEN',
      'BLUE',
      'BLUE',
      'YELLOW',
      'YELLOW',
      'ORANGE',
      'ORANGE',
      'RED',
      'RED',
    ]);
  });
});

describe('AUC', () => {
  it('is 1 for a perfect ranking, 0.5 for ties, and counts ties half', () => {
    expect(auc([3, 2, 1, 0], [1, 1, 0, 0])).toBe(1);
    expect(auc([1, 1, 1, 1], [1, 0, 1, 0])).toBe(0.5);
    expect(auc([2, 1, 1, 0], [1, 1, 0, 0])).toBe(0.875);
  });
});

describe('the as-of month', () => {
  it('falls back to the last complete month when no declarations exist yet', () => {
    expect(lastCompleteMonth(new Date('2026-11-23T10:00:00Z'))).toEqual({ month: '2026-10', date: '2026-10-31' });
    expect(lastCompleteMonth(new Date('2027-01-05T00:00:00Z'))).toEqual({ month: '2026-12', date: '2026-12-31' });
  });

  it('of a day asked for: records known by the day, windows ending at the last month complete by then', () => {
    expect(asOfDay('2026-11-30')).toEqual({ month: '2026-11', date: '2026-11-30' });
    expect(asOfDay('2026-11-29')).toEqual({ month: '2026-10', date: '2026-11-29' });
    expect(asOfDay('2026-12-07')).toEqual({ month: '2026-11', date: '2026-12-07' });
    expect(asOfDay('2027-01-01')).toEqual({ month: '2026-12', date: '2027-01-01' });
    expect(asOfDay('2024-02-29')).toEqual({ month: '2024-02', date: '2024-02-29' });
    expect(asOfDay('2023-02-28')).toEqual({ month: '2023-02', date: '2023-02-28' });
  });
});
