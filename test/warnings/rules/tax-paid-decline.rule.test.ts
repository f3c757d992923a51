/** Rule 3, TAX_PAID_DECLINE: tax paid short of tax payable in 2 of the last 6 months, or in 1 with other distress. */
import { expectFires, healthyFacts, run, SIGNALS, withLast } from '../rules.helpers';

describe('TAX_PAID_DECLINE', () => {
  it('fires on its signal, naming the records and the threshold', () => {
    expectFires('TAX_PAID_DECLINE', {
      change: SIGNALS.TAX_PAID_DECLINE,
      evidence: {
        arrears: [
          { period: '2026-04', taxPaid: '12000.00', taxPayable: '30000.00' },
          { period: '2026-07', taxPaid: '12000.00', taxPayable: '30000.00' },
        ],
        thresholds: { drop: 0.3, monthsRunning: 3, arrearsMonths: 2 },
      },
      message: /tax paid fell short of tax payable in 2 of the last 6 declared months/,
    });
  });

  it('one month of tax arrears needs other distress to warn, and the evidence names it', () => {
    const f = healthyFacts();
    f.tax!.declarations = withLast(f.tax!.declarations, 1, (d) => ({ ...d, taxPaid: '12000.00' }));
    expect(run(f).map((w) => w.code)).not.toContain('TAX_PAID_DECLINE');
    f.bank!.months = withLast(f.bank!.months, 3, (m) => ({ ...m, endBalance: '400000.00' }));
    const w = run(f).find((x) => x.code === 'TAX_PAID_DECLINE')!;
    expect(w.message).toMatch(
      /tax paid fell short of tax payable in 1 of the last 6 declared months; month-end balances fell 56%/,
    );
    expect(w.evidence.distress).toEqual([
      { indicator: 'BALANCE_TREND', change: expect.closeTo(-0.5556, 3), threshold: -0.4 },
    ]);
  });
});
