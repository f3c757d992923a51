/**
 * Early-warning coverage (src/warnings/coverage.ts) on hand-made month ends: which defaults count,
 * which were warned early enough (3 to 12 months before the default day), and the hit rate of the
 * warned month ends whose 12 months after are known.
 */
import {
  earlyWarningCoverage,
  HORIZON_MONTHS,
  LEAD_MONTHS,
  LOOKBACK_MONTHS,
  type MonthEnd,
} from '../src/warnings/coverage';
import { addMonths } from '../src/quality/months';

/** Month ends `from`..`to` of one borrower, warned at `warned`. */
function borrower(uscc: string, from: string, to: string, warned: string[] = []): MonthEnd[] {
  const out: MonthEnd[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push({ uscc, month: m, warned: warned.includes(m) });
  return out;
}

describe('early-warning coverage', () => {
  it("uses the seeds' windows: warned 3 to 12 months ahead, outcomes over 12 months", () => {
    expect([LEAD_MONTHS, LOOKBACK_MONTHS, HORIZON_MONTHS]).toEqual([3, 12, 12]);
  });

  it('covers a default warned 3-12 months before it, not one warned only 2 months before or more than 12', () => {
    // The history starts at the end of 2024-01: defaults from 2025-01-31 on have their whole year before in it.
    const seen = [
      ...borrower('P', '2024-01', '2025-05', ['2025-01']), // 4.5 months before 2025-06-15: covered
      ...borrower('Q', '2024-01', '2025-05', ['2025-04', '2025-05']), // 1.5 and 0.5 months before: too late
      ...borrower('R', '2024-01', '2025-05', ['2024-05']), // 12.5 months before: too early
      ...borrower('V', '2024-01', '2025-05', ['2025-03']), // 2.5 months before: too late
      ...borrower('W', '2024-01', '2025-06', ['2025-03']), // 3 months and a day before 2025-07-01: covered
      ...borrower('Y', '2024-01', '2025-12', ['2024-06']), // exactly 12 months before 2025-06-30: covered
      ...borrower('S', '2024-01', '2024-08', ['2024-03']), // defaulted 2024-09-10: its year before is not all in the history
      ...borrower('T', '2024-01', '2025-12', ['2025-10']), // defaults after the data's as-of month: not counted yet
      ...borrower('N', '2024-01', '2025-12'),
    ];
    const defaults = new Map([
      ['P', '2025-06-15'],
      ['Q', '2025-06-15'],
      ['R', '2025-06-15'],
      ['V', '2025-06-15'],
      ['W', '2025-07-01'],
      ['Y', '2025-06-30'],
      ['S', '2024-09-10'],
      ['T', '2026-03-01'],
    ]);
    const c = earlyWarningCoverage(seen, defaults, '2025-12');
    expect(c).toMatchObject({ defaults: 6, warnedAhead: 3 });
    expect(c.coverage).toBe(0.5);
    // The first month end that can count a default is 12 months after the first seen.
    const early = earlyWarningCoverage(
      seen,
      new Map([
        ['P', '2025-01-30'],
        ['Q', '2025-01-31'],
      ]),
      '2025-12',
    );
    expect(early.defaults).toBe(1);
  });

  it('counts a warned month end for the hit rate only when its 12 months after are known', () => {
    // Data as of 2025-03: outcomes are known for the month ends up to 2024-03.
    const seen = [
      ...borrower('H', '2024-01', '2024-06', ['2024-02', '2024-05']), // defaults 2024-12-10: 2024-02 a hit; 2024-05's year not over
      ...borrower('I', '2024-01', '2024-06', ['2024-03']), // never defaults: a warned month end without a default
      ...borrower('J', '2024-01', '2024-06', ['2024-06']), // defaults 2025-01-05, warned only when the outcome is unknown
      ...borrower('K', '2024-01', '2024-06'),
      ...borrower('L', '2024-01', '2024-06'),
    ];
    const c = earlyWarningCoverage(
      seen,
      new Map([
        ['H', '2024-12-10'],
        ['J', '2025-01-05'],
      ]),
      '2025-03',
    );
    expect(c).toMatchObject({ warnedPoints: 2, warnedDefaults: 1, hitRate: 0.5 });
    // Known month ends: 2024-01..03 of 5 borrowers; H and J default within 12 months of each.
    expect(c.baseRate).toBeCloseTo(6 / 15, 12);
    // A default on the month end itself is not "after" it; one 12 months after the month end is.
    const edge = earlyWarningCoverage(
      [
        { uscc: 'A', month: '2024-01', warned: true },
        { uscc: 'B', month: '2024-01', warned: true },
      ],
      new Map([
        ['A', '2024-01-31'],
        ['B', '2025-01-31'],
      ]),
      '2025-01',
    );
    expect(edge).toMatchObject({ warnedPoints: 2, warnedDefaults: 1, hitRate: 0.5 });
  });

  it('has nothing to say about an empty history', () => {
    const c = earlyWarningCoverage([], new Map([['P', '2025-06-15']]), '2025-12');
    expect(c).toMatchObject({ defaults: 0, warnedAhead: 0, warnedPoints: 0, warnedDefaults: 0 });
    expect([c.coverage, c.hitRate, c.baseRate].every(Number.isNaN)).toBe(true);
  });
});
