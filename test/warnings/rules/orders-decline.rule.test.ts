/**
 * Rule 4, ORDERS_DECLINE: orders of each of the last 2 quarters at least 20% below the average
 * quarter of the year before and below the same quarter a year before.
 */
import { codes, expectFires, healthyFacts, run, setMonths, SIGNALS, span, withLast } from '../rules.helpers';

describe('ORDERS_DECLINE', () => {
  it('fires on its signal, naming the records and the threshold', () => {
    expectFires('ORDERS_DECLINE', {
      change: SIGNALS.ORDERS_DECLINE,
      evidence: {
        threshold: 0.2,
        periodsRunning: 2,
        periods: [
          {
            months: ['2026-05', '2026-06', '2026-07'],
            amount: '690000.00',
            yearAverage: '900000.00',
            sameQuarterYearBefore: '900000.00',
            change: -0.2333,
            changeAgainstSameQuarter: -0.2333,
            delivered: true,
          },
          {
            months: ['2026-08', '2026-09', '2026-10'],
            amount: '540000.00',
            yearAverage: '847500.00',
            sameQuarterYearBefore: '900000.00',
            change: -0.3628,
            changeAgainstSameQuarter: -0.4,
            delivered: true,
          },
        ],
      },
      message:
        /^orders of each of the last 2 quarters fell against the average quarter of the year before and against the same quarter a year before: 2026-05..2026-07 by 23% and 23%, 2026-08..2026-10 by 36% and 40% \(threshold 20%, 2 periods running\)$/,
    });
  });

  it('two quarters 19% down (243,000.00 a month against 300,000.00) stay below the 20% threshold', () => {
    const f = healthyFacts();
    f.supplyChain!.orders = withLast(f.supplyChain!.orders, 6, (o) => ({ ...o, amount: '243000.00' }));
    expect(codes(f)).not.toContain('ORDERS_DECLINE');
  });
});

describe('rule 4: orders down against the average quarter of the year before and against the same quarter a year before', () => {
  const orders = (amounts: Record<string, string>) => {
    const f = healthyFacts();
    f.supplyChain!.orders = setMonths(f.supplyChain!.orders, 'amount', amounts);
    return f;
  };

  it("a season's low quarters that were as low a year before do not fire, though they sit 25% below the year's average quarter", () => {
    // May-October low every year (180,000 a month against 300,000).
    const f = orders({ ...span('2025-05', '2025-10', '180000.00'), ...span('2026-05', '2026-10', '180000.00') });
    expect(codes(f)).not.toContain('ORDERS_DECLINE');
    // The same firm whose low season went deeper this year: a cut against both.
    const cut = orders({ ...span('2025-05', '2025-10', '180000.00'), ...span('2026-05', '2026-10', '120000.00') });
    const w = run(cut).find((x) => x.code === 'ORDERS_DECLINE')!;
    expect(w.message).toMatch(/2026-05..2026-07 by 50% and 33%, 2026-08..2026-10 by 47% and 33%/);
    // The second quarter's year before ends with the first (cut) quarter: (540,000 + 900,000 + 900,000 + 360,000) / 4.
    expect(w.evidence.periods).toEqual([
      expect.objectContaining({
        amount: '360000.00',
        yearAverage: '720000.00',
        sameQuarterYearBefore: '540000.00',
        change: -0.5,
        changeAgainstSameQuarter: -0.3333,
      }),
      expect.objectContaining({
        amount: '360000.00',
        yearAverage: '675000.00',
        sameQuarterYearBefore: '540000.00',
        change: -0.4667,
        changeAgainstSameQuarter: -0.3333,
      }),
    ]);
  });

  it("a quarter below its busy twin a year before but not below the year's average does not fire", () => {
    // May-October a year before at 390,000 a month: now 23% below those quarters, 13% below the year's average quarter.
    expect(codes(orders(span('2025-05', '2025-10', '390000.00')))).not.toContain('ORDERS_DECLINE');
  });

  it('a quarter that dips and recovers, one falling quarter, and a supplier without a year of orders do not fire', () => {
    const dip = healthyFacts();
    dip.supplyChain!.orders = withLast(dip.supplyChain!.orders, 6, (o, i) => ({
      ...o,
      amount: i < 3 ? '180000.00' : '290000.00',
    }));
    expect(codes(dip)).not.toContain('ORDERS_DECLINE');
    expect(codes(orders(span('2026-08', '2026-10', '180000.00')))).not.toContain('ORDERS_DECLINE');
    const young = healthyFacts();
    young.supplyChain!.orders = withLast(young.supplyChain!.orders, 6, (o, i) => ({
      ...o,
      amount: i < 3 ? '230000.00' : '180000.00',
    })).slice(-8);
    expect(codes(young)).not.toContain('ORDERS_DECLINE');
  });
});
