/**
 * Rule 6, BALANCE_DROP: month-end balances of the last 3 months at most 70% of the 6 months before
 * and of the same months a year before (not in a firm winding down).
 */
import { codes, expectFires, healthyFacts, raised, run, setMonths, SIGNALS, span, withLast } from '../rules.helpers';

describe('BALANCE_DROP', () => {
  it('fires on its signal, naming the records and the threshold', () => {
    expectFires('BALANCE_DROP', {
      change: SIGNALS.BALANCE_DROP,
      evidence: {
        threshold: 0.7,
        change: -0.5,
        changeAgainstPrior: -0.5,
        changeAgainstYearBefore: -0.5,
        priorMonthlyAverage: '900000.00',
        recent: expect.arrayContaining([{ month: '2026-10', endBalance: '450000.00' }]),
        yearBefore: expect.arrayContaining([{ month: '2025-10', endBalance: '900000.00' }]),
      },
      message:
        /^month-end balances fell 50% over the last 3 months against the 6 before and fell 50% against the same months a year before \(alert at 30%\)$/,
    });
  });

  it('balances at 71% of the months before (640,000.00 against 900,000.00) stay above the 70% bar', () => {
    const f = healthyFacts();
    f.bank!.months = withLast(f.bank!.months, 3, (m) => ({ ...m, endBalance: '640000.00' }));
    expect(raised(f, 'BALANCE_DROP')).toBeUndefined();
  });

  it("a balance falling in a firm that is revoked or deregistered is its winding down, not rule 6's warning", () => {
    const f = healthyFacts();
    f.bank!.months = withLast(f.bank!.months, 3, (m) => ({ ...m, endBalance: '100000.00' }));
    expect(run(f).map((w) => w.code)).toContain('BALANCE_DROP');
    f.registry!.status = 'DEREGISTERED';
    expect(run(f).map((w) => w.code)).not.toContain('BALANCE_DROP');
  });
});

describe('rule 6: balances down against the 6 months before and against the same months a year before', () => {
  const balances = (amounts: Record<string, string>, keepMonths = 24) => {
    const f = healthyFacts();
    f.bank!.months = setMonths(f.bank!.months.slice(-keepMonths), 'endBalance', amounts);
    return f;
  };

  it('a seasonal low that was as low a year before does not fire; one much deeper than a year before does', () => {
    expect(
      codes(balances({ ...span('2025-08', '2025-10', '450000.00'), ...span('2026-08', '2026-10', '450000.00') })),
    ).not.toContain('BALANCE_DROP');
    const deeper = run(
      balances({ ...span('2025-08', '2025-10', '450000.00'), ...span('2026-08', '2026-10', '200000.00') }),
    ).find((w) => w.code === 'BALANCE_DROP')!;
    // 200,000 is 78% below the 900,000 of the 6 months before and 56% below the 450,000 a year before: the smaller fall.
    expect(deeper.evidence).toMatchObject({
      change: -0.5556,
      changeAgainstPrior: -0.7778,
      changeAgainstYearBefore: -0.5556,
      threshold: 0.7,
    });
    expect(deeper.message).toBe(
      'month-end balances fell 78% over the last 3 months against the 6 before and fell 56% against the same months a year before (alert at 30%)',
    );
  });

  it('a fall of half against the months before but a quarter against the year before stays below the bar', () => {
    expect(
      codes(balances({ ...span('2025-08', '2025-10', '600000.00'), ...span('2026-08', '2026-10', '450000.00') })),
    ).not.toContain('BALANCE_DROP');
  });

  it('reads the 6 months before alone when the year before is not on record', () => {
    const w = run(balances(span('2026-08', '2026-10', '450000.00'), 12)).find((x) => x.code === 'BALANCE_DROP')!;
    expect(w.message).toBe('month-end balances fell 50% over the last 3 months against the 6 before (alert at 30%)');
    expect(w.evidence).toMatchObject({ change: -0.5, changeAgainstPrior: -0.5 });
    expect(w.evidence).not.toHaveProperty('changeAgainstYearBefore');
  });
});
