/**
 * The health index's pure parts: every indicator's value, missing and not-applicable cases and
 * evidence; the score, tiers, caps, confidence and reasons; the configuration's integrity.
 */
import { INDICATORS } from '../src/health/indicators';
import { pointsOn, profileFor, scoreHealth } from '../src/health/health.service';
import { HEALTH_CONFIG } from '../src/health/health.config';
import { withoutSources } from '../src/health/facts';
import { Tier, tierOf } from '../src/health/tier';
import { auc } from '../src/health/eval';
import { lastCompleteMonth } from '../src/quality/as-of';
import { healthyFacts, withLast } from './facts.fixture';

const indicator = (code: string) => INDICATORS.find((i) => i.code === code)!;

describe('indicators', () => {
  it('are at least 15, each with a unit, a window, sources, a scale and a weight in every profile', () => {
    expect(INDICATORS.length).toBeGreaterThanOrEqual(15);
    expect(new Set(INDICATORS.map((i) => i.code)).size).toBe(INDICATORS.length);
    for (const i of INDICATORS) {
      expect(i.unit).not.toBe('');
      expect(i.window).not.toBe('');
      expect(i.sources.length).toBeGreaterThan(0);
      expect(HEALTH_CONFIG.scales[i.code]).toBeDefined();
      for (const p of Object.values(HEALTH_CONFIG.profiles)) expect(p[i.code]).toBeGreaterThanOrEqual(0);
    }
  });

  it('on a healthy firm every indicator has a value, a sentence and evidence', () => {
    const f = healthyFacts();
    for (const i of INDICATORS) {
      const r = i.compute(f);
      expect([i.code, r.status]).toEqual([i.code, 'OK']);
      expect(r.explanation.length).toBeGreaterThan(10);
      expect(typeof r.evidence).toBe('object');
    }
  });

  it('computes the figures a risk officer would', () => {
    const f = healthyFacts();
    // Operating cash flow of the annual statement over the debt service due in 12 months.
    expect(indicator('CASH_FLOW_COVERAGE').compute(f)).toMatchObject({ value: 1.3846, evidence: { statementId: '501', operatingCashFlow: '900000.00', debtServiceNext12: '650000.00', loans: ['HZ2025-0001'] } });
    expect(indicator('DEBT_RATIO').compute(f).value).toBeCloseTo(0.45, 4);
    expect(indicator('RECEIVABLE_TURNOVER').compute(f).value).toBeCloseTo(8, 4);
    expect(indicator('INVENTORY_TURNOVER').compute(f).value).toBeCloseTo(7.5, 4);
    expect(indicator('CUSTOMER_CONCENTRATION').compute(f).value).toBeCloseTo(0.4, 4);
    expect(indicator('REVENUE_GROWTH').compute(f).value).toBe(0);
    expect(indicator('FIRM_AGE').compute(f).value).toBeCloseTo(10.6, 1);
  });

  it('annualises the cash flow of the year the firm was founded in', () => {
    const f = healthyFacts();
    f.registry!.foundedOn = '2025-09-14';
    // 900,000 in the 4 months September-December is 2,700,000 a year.
    expect(indicator('CASH_FLOW_COVERAGE').compute(f)).toMatchObject({
      value: 4.1538, evidence: { operatingCashFlow: '900000.00', periodMonths: 4, foundedOn: '2025-09-14' },
      explanation: expect.stringMatching(/operating cash flow of ¥900,000 in the 4 months to 2025-12-31 \(¥2,700,000 a year\)/),
    });
  });

  it('tax paid falling shows in the trend, with the months and amounts', () => {
    const f = healthyFacts();
    f.tax!.declarations = withLast(f.tax!.declarations, 3, (d) => ({ ...d, taxPaid: '17400.00' }));
    const r = indicator('TAX_PAID_TREND').compute(f);
    expect(r.value).toBeCloseTo(-0.42, 4);
    expect(r.explanation).toBe('tax paid fell 42% over the last 3 months against the monthly level before');
    expect(r.evidence.recent).toEqual([
      { period: '2026-07', taxPaid: '17400.00', taxPayable: '30000.00' },
      { period: '2026-08', taxPaid: '17400.00', taxPayable: '30000.00' },
      { period: '2026-09', taxPaid: '17400.00', taxPayable: '30000.00' },
    ]);
  });

  it('missing is not zero: no source gives MISSING, nothing to measure gives NOT_APPLICABLE', () => {
    const noTax = healthyFacts({ tax: null });
    for (const code of ['REVENUE_GROWTH', 'SALES_TREND', 'TAX_PAID_TREND', 'CUSTOMER_CONCENTRATION', 'TAX_CREDIT_RATING']) {
      expect([code, indicator(code).compute(noTax)]).toEqual([code, expect.objectContaining({ status: 'MISSING', value: null })]);
    }
    expect(indicator('DEBT_RATIO').compute(healthyFacts({ statement: null }))).toMatchObject({ status: 'MISSING', explanation: 'no annual financial statement on file' });
    const noLoan = healthyFacts();
    noLoan.bank = { ...noLoan.bank!, loans: [], debtServiceNext12: '0.00' };
    expect(indicator('CASH_FLOW_COVERAGE').compute(noLoan).status).toBe('NOT_APPLICABLE');
    expect(indicator('REPAYMENT_RECORD').compute(noLoan).status).toBe('NOT_APPLICABLE');
    expect(indicator('ORDER_TREND').compute(healthyFacts({ supplyChain: null })).status).toBe('NOT_APPLICABLE');
    const shortHistory = healthyFacts();
    shortHistory.tax!.declarations = shortHistory.tax!.declarations.slice(-10);
    expect(indicator('REVENUE_GROWTH').compute(shortHistory)).toMatchObject({ status: 'MISSING', explanation: 'only 10 months of VAT declarations (18 needed)' });
  });

  it('judicial exposure counts pending suits and active enforcements against annual sales, and a dishonest listing outright', () => {
    const f = healthyFacts();
    f.judicial.defendantCases = [{ id: '9', caseNo: '(2026)浙0106民初123号', cause: '借款合同纠纷', filedOn: '2026-08-01', amount: '1200000.00', status: 'PENDING' }];
    const r = indicator('JUDICIAL_EXPOSURE').compute(f);
    expect(r.value).toBeCloseTo(0.1, 4);
    expect(r.evidence.pendingCases).toEqual([{ id: '9', caseNo: '(2026)浙0106民初123号', cause: '借款合同纠纷', amount: '1200000.00' }]);
    f.judicial.dishonestListings = [{ id: '3', caseNo: '(2026)浙0106执456号', listedOn: '2026-09-01', removedOn: null }];
    expect(indicator('JUDICIAL_EXPOSURE').compute(f)).toMatchObject({ value: 1, evidence: { dishonest: true } });
  });
});

describe('the health index', () => {
  it('scores a healthy firm GREEN, stamped with the model version, its factors adding up to the score', () => {
    const h = scoreHealth(healthyFacts());
    expect(h.tier).toBe(Tier.GREEN);
    expect(h.score).toBeGreaterThanOrEqual(90);
    expect(h).toMatchObject({ modelVersion: HEALTH_CONFIG.version, profile: 'MANUFACTURING', asOf: '2026-10', confidence: 1, missingSources: [], caps: [] });
    expect(h.factors.reduce((a, f) => a + f.points, 0)).toBeCloseTo(h.score, 0);
    expect(h.factors.reduce((a, f) => a + f.maxPoints, 0)).toBeCloseTo(100, 0);
  });

  it('explains a fall in words a risk officer can check', () => {
    const f = healthyFacts();
    f.tax!.declarations = withLast(f.tax!.declarations, 3, (d) => ({ ...d, sales: '580000.00', taxPaid: '17400.00' }));
    f.bank!.months = withLast(f.bank!.months, 3, (m) => ({ ...m, endBalance: '300000.00' }));
    const h = scoreHealth(f);
    expect(h.score).toBeLessThan(scoreHealth(healthyFacts()).score - 15);
    expect(h.reasons.join('\n')).toMatch(/month-end balances fell 67% over the last 3 months against the 6 before \([\d.]+ of [\d.]+ points lost\)/);
    expect(h.reasons.join('\n')).toMatch(/tax paid fell 42% over the last 3 months/);
    expect(h.factors[0].points).toBeLessThan(h.factors[0].maxPoints);
  });

  it('with a source missing still scores, with lower confidence and the source named', () => {
    const full = scoreHealth(healthyFacts());
    const h = scoreHealth(withoutSources(healthyFacts(), ['TAX']));
    expect(h.missingSources).toEqual(['TAX']);
    expect(h.confidence).toBeLessThan(full.confidence);
    expect(h.confidence).toBeGreaterThan(0.4);
    expect(h.score).toBeGreaterThan(0);
    expect(h.factors.find((f) => f.code === 'TAX_PAID_TREND')).toMatchObject({ status: 'MISSING', points: 0, maxPoints: 0 });
    expect(h.reasons.at(-1)).toBe('no data from TAX: the score rests on the other sources');
  });

  it('caps the score for a revoked licence, a dishonest listing, 90 days overdue, the abnormal list', () => {
    const revoked = healthyFacts();
    revoked.registry = { ...revoked.registry!, status: 'REVOKED', statusChangedOn: '2026-08-01' };
    expect(scoreHealth(revoked)).toMatchObject({ score: 29, tier: Tier.RED, caps: ['registry status REVOKED since 2026-08-01: score capped at 29'] });
    const overdue = healthyFacts();
    overdue.bank!.loans = [{ ...overdue.bank!.loans[0], overdueDays: 95 }];
    expect(scoreHealth(overdue).score).toBeLessThanOrEqual(29);
    const abnormal = healthyFacts();
    abnormal.registry!.abnormalListings = [{ id: '7', listedOn: '2026-07-01', reason: '通过登记的住所无法联系' }];
    expect(scoreHealth(abnormal)).toMatchObject({ score: 49, tier: Tier.ORANGE });
  });

  it('weighs by industry profile', () => {
    expect(profileFor('C3484')[0]).toBe('MANUFACTURING');
    expect(profileFor('H6210')[0]).toBe('SERVICES');
    expect(profileFor('E4710')[0]).toBe('CONSTRUCTION');
    expect(profileFor('F5212')[0]).toBe('WHOLESALE_RETAIL');
    expect(profileFor('A0141')[0]).toBe('AGRICULTURE');
    for (const [name, p] of Object.entries(HEALTH_CONFIG.profiles)) expect([name, Math.round(Object.values(p).reduce((a, b) => a + b, 0))]).toEqual([name, 100]);
    expect(HEALTH_CONFIG.profiles.MANUFACTURING.INVENTORY_TURNOVER).toBe(20);
    expect(HEALTH_CONFIG.profiles.SERVICES.SALES_TREND + HEALTH_CONFIG.profiles.SERVICES.REVENUE_GROWTH).toBe(25);
  });

  it('maps scores to tiers at the documented bounds, and points along a scale', () => {
    expect([90, 89, 70, 69, 50, 49, 30, 29, 0].map(tierOf)).toEqual(['GREEN', 'BLUE', 'BLUE', 'YELLOW', 'YELLOW', 'ORANGE', 'ORANGE', 'RED', 'RED']);
    expect(pointsOn(0.65, { zero: 0.9, full: 0.4 })).toBe(50);
    expect(pointsOn(2, { zero: 0.9, full: 0.4 })).toBe(0);
    expect(pointsOn(-1, { zero: 0.8, full: 2 })).toBe(0);
  });
});

describe('AUC', () => {
  it('is 1 for a perfect ranking, 0.5 for ties, and counts ties half', () => {
    expect(auc([3, 2, 1, 0], [true, true, false, false])).toBe(1);
    expect(auc([1, 1, 1, 1], [true, false, true, false])).toBe(0.5);
    expect(auc([2, 1, 1, 0], [true, true, false, false])).toBe(0.875);
  });
});

describe('the as-of month', () => {
  it('falls back to the last complete month when no declarations exist yet', () => {
    expect(lastCompleteMonth(new Date('2026-11-23T10:00:00Z'))).toEqual({ month: '2026-10', date: '2026-10-31' });
    expect(lastCompleteMonth(new Date('2027-01-05T00:00:00Z'))).toEqual({ month: '2026-12', date: '2026-12-31' });
  });
});
