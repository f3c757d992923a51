import { balanceTrendIndicator as indicator } from '../../../src/health/indicators/balance-trend.indicator';
import { healthyFacts } from '../../facts.fixture';
import { months, noBank, withBalances } from './indicators.fixture';

describe('BALANCE_TREND: the smaller of the falls against the 6 months before and the same 3 months a year before', () => {
  it('is no change on steady balances', () => {
    expect(indicator.compute(healthyFacts()).value).toBe(0);
  });

  it('a fall against both windows counts, with both changes in the evidence', () => {
    const r = indicator.compute(withBalances(months('2026-08', '2026-10', '450000.00')));
    expect(r).toMatchObject({
      status: 'OK',
      value: -0.5,
      explanation:
        'month-end balances fell 50% over the last 3 months against the 6 before and fell 50% against the same months a year before',
      evidence: {
        recent: [
          { month: '2026-08', endBalance: '450000.00' },
          { month: '2026-09', endBalance: '450000.00' },
          { month: '2026-10', endBalance: '450000.00' },
        ],
        priorMonthlyAverage: '900000.00',
        changeAgainstPrior: -0.5,
        changeAgainstYearBefore: -0.5,
        yearBefore: [
          { month: '2025-08', endBalance: '900000.00' },
          { month: '2025-09', endBalance: '900000.00' },
          { month: '2025-10', endBalance: '900000.00' },
        ],
      },
    });
  });

  it('a seasonal low that was as low a year before is not a fall; a low half as deep a year before halves it', () => {
    const seasonal = indicator.compute(
      withBalances({ ...months('2025-08', '2025-10', '450000.00'), ...months('2026-08', '2026-10', '450000.00') }),
    );
    expect(seasonal).toMatchObject({ value: 0, evidence: { changeAgainstPrior: -0.5, changeAgainstYearBefore: 0 } });
    expect(seasonal.explanation).toBe(
      'month-end balances fell 50% over the last 3 months against the 6 before and rose 0% against the same months a year before',
    );
    const partly = indicator.compute(
      withBalances({ ...months('2025-08', '2025-10', '600000.00'), ...months('2026-08', '2026-10', '450000.00') }),
    );
    expect(partly).toMatchObject({
      value: -0.25,
      evidence: { changeAgainstPrior: -0.5, changeAgainstYearBefore: -0.25 },
    });
    // Up on the months before, down on the year before: no fall shows against both.
    const recovering = indicator.compute(
      withBalances({ ...months('2025-08', '2025-10', '1800000.00'), ...months('2026-02', '2026-07', '450000.00') }),
    );
    expect(recovering).toMatchObject({
      value: 1,
      evidence: { changeAgainstPrior: 1, changeAgainstYearBefore: -0.5 },
    });
  });

  it('falls back to the 6 months before when the same months a year before are not all on record', () => {
    for (const keep of [12, 14]) {
      const r = indicator.compute(withBalances(months('2026-08', '2026-10', '450000.00'), keep));
      expect([keep, r.value]).toEqual([keep, -0.5]);
      expect(r.explanation).toBe('month-end balances fell 50% over the last 3 months against the 6 before');
      expect(r.evidence).not.toHaveProperty('yearBefore');
      expect(r.evidence).not.toHaveProperty('changeAgainstYearBefore');
    }
  });

  it('needs bank records, 9 months, and a positive balance in the 6 before the last 3', () => {
    expect(indicator.compute(noBank())).toEqual(expect.objectContaining({ status: 'MISSING', value: null }));
    expect(indicator.compute(withBalances({}, 8))).toMatchObject({
      status: 'MISSING',
      explanation: 'only 8 months of balances (9 needed)',
    });
    expect(indicator.compute(withBalances(months('2026-02', '2026-07', '0.00'), 12))).toMatchObject({
      status: 'NOT_APPLICABLE',
      value: null,
    });
  });
});
