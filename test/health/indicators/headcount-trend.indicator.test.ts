import { headcountTrendIndicator as indicator } from '../../../src/health/indicators/headcount-trend.indicator';
import { healthyFacts, withLast } from '../../facts.fixture';

describe('HEADCOUNT_TREND', () => {
  it('insured staff of the latest month against 6 months before, with the staff the firm claims', () => {
    expect(indicator.compute(healthyFacts())).toEqual({
      status: 'OK',
      value: 0,
      explanation: 'insured staff went from 11 (2026-04) to 11 (2026-10)',
      evidence: { from: { month: '2026-04', insured: 11 }, to: { month: '2026-10', insured: 11 }, claimedStaff: 12 },
    });
    const shrinking = healthyFacts();
    shrinking.altData!.headcount = withLast(shrinking.altData!.headcount, 1, (h) => ({ ...h, insured: 5 }));
    expect(indicator.compute(shrinking)).toMatchObject({
      value: -0.5455,
      explanation: 'insured staff went from 11 (2026-04) to 5 (2026-10)',
    });
  });

  it('MISSING with fewer than 7 months; NOT_APPLICABLE when nobody was insured 6 months ago', () => {
    expect(indicator.compute(healthyFacts({ altData: null }))).toMatchObject({
      status: 'MISSING',
      value: null,
      explanation: 'only 0 months of social-insurance records (7 needed)',
    });
    const young = healthyFacts();
    young.altData!.headcount = young.altData!.headcount.slice(-6);
    expect(indicator.compute(young)).toMatchObject({
      status: 'MISSING',
      explanation: 'only 6 months of social-insurance records (7 needed)',
    });
    const started = healthyFacts();
    started.altData!.headcount = started.altData!.headcount.map((h) =>
      h.month <= '2026-04' ? { ...h, insured: 0 } : h,
    );
    expect(indicator.compute(started)).toEqual({
      status: 'NOT_APPLICABLE',
      value: null,
      explanation: 'nobody was insured 6 months ago',
      evidence: { month: '2026-04' },
    });
  });
});
