/**
 * Rule 12, HEADCOUNT_DROP: the latest insured headcount at least 35% below the usual one (the
 * median of the 12 months before the last 3), or the STAFF_MISMATCH data-quality finding.
 */
import { expectFires, finding, healthyFacts, run, SIGNALS, withLast } from '../rules.helpers';

describe('HEADCOUNT_DROP', () => {
  it('fires on its signal, naming the records and the threshold', () => {
    expectFires('HEADCOUNT_DROP', {
      change: SIGNALS.HEADCOUNT_DROP,
      evidence: {
        drop: {
          usual: 11,
          latest: { month: '2026-10', insured: 6 },
          change: expect.closeTo(-0.4545, 4),
          baselineMonths: expect.arrayContaining([
            { month: '2025-08', insured: 11 },
            { month: '2026-07', insured: 11 },
          ]),
          distress: [],
          thresholds: {
            drop: 0.35,
            minBase: 5,
            ownerOnlyFrom: 3,
            baselineMonths: 12,
            recentMonths: 3,
            turnoverPersons: 2,
          },
        },
      },
      message:
        /^insured staff fell to 6 \(2026-10\) from a usual 11 \(the median of 2025-08..2026-07\), down 45% \(alert at 35% down from a usual 5 or more, or down to one person from 3 or more; a fall of 2 people or fewer with other distress\)$/,
    });
  });

  it('a fall from a usual 11 to 8 (27% down) stays under the 35% threshold', () => {
    const f = healthyFacts();
    f.altData!.headcount = withLast(f.altData!.headcount, 1, (h) => ({ ...h, insured: 8 }));
    expect(run(f).find((w) => w.code === 'HEADCOUNT_DROP')).toBeUndefined();
  });
});

describe('rule 12: the latest headcount against the usual one (the median of the 12 months before the last 3)', () => {
  /** The healthy firm with the last `series.length` of its 16 months of insured headcount replaced. */
  const headcount = (series: number[]) => {
    const f = healthyFacts();
    f.altData!.headcount = f.altData!.headcount.slice(-series.length).map((h, k) => ({ ...h, insured: series[k] }));
    return run(f).find((w) => w.code === 'HEADCOUNT_DROP');
  };

  it("a person's drift around a usual 4-5 does not fire, even down to 3 after a month of 6", () => {
    // The highest month (6) to 3 would be a 50% fall; the usual headcount is 4.
    expect(headcount([5, 4, 5, 4, 6, 5, 4, 4, 5, 4, 5, 4, 4, 4, 3, 3])).toBeUndefined();
    expect(headcount([4, 5, 5, 4, 5, 4, 5, 5, 4, 5, 4, 5, 5, 4, 5, 4])).toBeUndefined();
  });

  it('a fall from a usual 10 to 6 fires, with the median and the months it was read from', () => {
    const w = headcount([10, 11, 10, 9, 10, 10, 11, 10, 9, 10, 10, 10, 9, 8, 7, 6]);
    expect(w?.message).toMatch(
      /^insured staff fell to 6 \(2026-10\) from a usual 10 \(the median of 2025-08..2026-07\), down 40%/,
    );
    const drop = w!.evidence.drop as {
      usual: number;
      change: number;
      baselineMonths: Array<{ month: string; insured: number }>;
    };
    expect(drop).toMatchObject({ usual: 10, change: -0.4, latest: { month: '2026-10', insured: 6 } });
    expect(drop.baselineMonths.map((h) => h.insured)).toEqual([11, 10, 9, 10, 10, 11, 10, 9, 10, 10, 10, 9]);
    expect(drop.baselineMonths[0].month).toBe('2025-08');
  });

  it('a fall of a person or two is turnover unless balances or sales fall too; a small firm counts only down to one person', () => {
    /** The same series with the last 3 month-end balances at 400,000 (56% down): other distress. */
    const withDistress = (series: number[]) => {
      const f = healthyFacts();
      f.altData!.headcount = f.altData!.headcount.slice(-series.length).map((h, k) => ({ ...h, insured: series[k] }));
      f.bank!.months = withLast(f.bank!.months, 3, (m) => ({ ...m, endBalance: '400000.00' }));
      return run(f).find((w) => w.code === 'HEADCOUNT_DROP');
    };
    const toOne = [3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 1, 1];
    expect(headcount(toOne)).toBeUndefined();
    const w = withDistress(toOne);
    expect(w?.message).toMatch(
      /^insured staff fell to 1 \(2026-10\) from a usual 3 \(the median of 2025-08..2026-07\), down 67%; month-end balances fell 56% \(.*down to one person from 3 or more/,
    );
    expect(w?.evidence.drop).toMatchObject({
      usual: 3,
      distress: [{ indicator: 'BALANCE_TREND', change: expect.closeTo(-0.5556, 3), threshold: -0.4 }],
    });
    // 5 to 3 is 40% down, but two people.
    const fiveToThree = [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 4, 3, 3];
    expect(headcount(fiveToThree)).toBeUndefined();
    expect(withDistress(fiveToThree)?.evidence.drop).toMatchObject({ usual: 5, change: -0.4 });
    // Below a usual 5, a share down is not enough, distress or not; nor 2 people to 1.
    expect(withDistress([4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 3, 2, 2])).toBeUndefined();
    expect(withDistress([2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1])).toBeUndefined();
    expect(headcount([3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2])).toBeUndefined();
  });

  it('the usual headcount is the median, not the highest month: a shrink long past is the usual now', () => {
    expect(headcount([20, 20, 20, 20, 20, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10])).toBeUndefined();
  });

  it('needs 6 months before the last 3', () => {
    expect(headcount([9, 9, 9, 9, 9, 2, 2, 2])).toBeUndefined();
    expect(headcount([9, 9, 9, 9, 9, 9, 2, 2, 2])?.evidence.drop).toMatchObject({
      usual: 9,
      baselineMonths: expect.any(Array),
    });
  });

  it('carries a staff mismatch the data-quality check found, with or without a fall', () => {
    const mismatch = finding('STAFF_MISMATCH', { claimedStaff: 40, insured: 11 });
    const f = healthyFacts();
    const alone = run(f, [mismatch]).find((w) => w.code === 'HEADCOUNT_DROP')!;
    expect(alone).toMatchObject({
      message: 'STAFF_MISMATCH message',
      evidence: { staffMismatch: { claimedStaff: 40, insured: 11 } },
    });
    expect(alone.evidence).not.toHaveProperty('drop');
    f.altData!.headcount = withLast(f.altData!.headcount, 1, (h) => ({ ...h, insured: 6 }));
    const both = run(f, [mismatch]).find((w) => w.code === 'HEADCOUNT_DROP')!;
    expect(both.message).toMatch(/^insured staff fell to 6 .*; STAFF_MISMATCH message$/);
    expect(Object.keys(both.evidence)).toEqual(expect.arrayContaining(['drop', 'staffMismatch']));
  });
});
