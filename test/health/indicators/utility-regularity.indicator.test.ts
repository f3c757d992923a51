import { utilityRegularityIndicator as indicator } from '../../../src/health/indicators/utility-regularity.indicator';
import { healthyFacts, withLast } from '../../facts.fixture';

describe('UTILITY_REGULARITY', () => {
  it('the share of the bills of the last 6 months paid in full and on time, with each month', () => {
    const r = indicator.compute(healthyFacts());
    expect(r).toMatchObject({
      status: 'OK',
      value: 1,
      explanation: '100% of 12 utility bills in the last 6 months were paid in full and on time',
    });
    expect(r.evidence.months).toHaveLength(6);
    expect((r.evidence.months as unknown[])[0]).toEqual({
      month: '2026-05',
      bills: 2,
      late: 0,
      unpaidOrPart: 0,
      due: '8000.00',
      paid: '8000.00',
    });
    // 3 of 12 bills late or unpaid (a month with a late and an unpaid bill counts its larger).
    const f = healthyFacts();
    f.altData!.utilities = withLast(f.altData!.utilities, 2, (u, i) =>
      i ? { ...u, late: 1, unpaid: 2 } : { ...u, late: 1 },
    );
    expect(indicator.compute(f)).toMatchObject({
      value: 0.75,
      explanation: '75% of 12 utility bills in the last 6 months were paid in full and on time',
    });
  });

  it('MISSING without utility bills', () => {
    expect(indicator.compute(healthyFacts({ altData: null }))).toEqual({
      status: 'MISSING',
      value: null,
      explanation: 'no utility bills on record',
      evidence: {},
    });
  });
});
