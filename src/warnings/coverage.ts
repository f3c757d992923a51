/**
 * Early-warning coverage, the seeds' measure: of the defaults, the share that had a warning
 * raised (from the data known then) at least 3 months before the default day; and of the
 * borrowers warned at a month end, the share that went on to default within 12 months. Pure.
 *
 * A default counts when the history covers its whole year before (its default day falls at least
 * 12 months after the first month end seen, and no later than the data's as-of month); it is
 * covered when the borrower was warned at a month end from 12 months to 3 months before the
 * default day. A warned month end counts towards the hit rate when its 12 months after are
 * known.
 */
import { addMonths, lastDayOfMonth } from '../quality/months';

export const LEAD_MONTHS = 3;
export const LOOKBACK_MONTHS = 12;
export const HORIZON_MONTHS = 12;

export interface MonthEnd {
  uscc: string;
  /** `YYYY-MM`: the month end the borrower was seen at. */
  month: string;
  warned: boolean;
}

export interface Coverage {
  defaults: number;
  warnedAhead: number;
  coverage: number;
  /** Warned borrower-months with a known outcome, and how many of them defaulted in the 12 months after. */
  warnedPoints: number;
  warnedDefaults: number;
  hitRate: number;
  /** Default rate over every borrower-month with a known outcome. */
  baseRate: number;
}

export function earlyWarningCoverage(
  seen: readonly MonthEnd[],
  defaults: ReadonlyMap<string, string>,
  dataAsOf: string,
): Coverage {
  if (!seen.length)
    return {
      defaults: 0,
      warnedAhead: 0,
      coverage: NaN,
      warnedPoints: 0,
      warnedDefaults: 0,
      hitRate: NaN,
      baseRate: NaN,
    };
  const firstMonth = seen.reduce((m, s) => (s.month < m ? s.month : m), seen[0].month);
  const warnedMonths = new Map<string, string[]>();
  for (const s of seen) if (s.warned) warnedMonths.set(s.uscc, [...(warnedMonths.get(s.uscc) ?? []), s.month]);
  let counted = 0;
  let ahead = 0;
  for (const [uscc, day] of defaults) {
    if (day < lastDayOfMonth(addMonths(firstMonth, LOOKBACK_MONTHS)) || day > lastDayOfMonth(dataAsOf)) continue;
    counted++;
    const ok = (warnedMonths.get(uscc) ?? []).some((m) => {
      const end = lastDayOfMonth(m);
      return end <= subtractMonths(day, LEAD_MONTHS) && end >= subtractMonths(day, LOOKBACK_MONTHS);
    });
    if (ok) ahead++;
  }
  let known = 0;
  let knownDefaults = 0;
  let warnedPoints = 0;
  let warnedDefaults = 0;
  for (const s of seen) {
    if (addMonths(s.month, HORIZON_MONTHS) > dataAsOf) continue;
    const day = defaults.get(s.uscc);
    const defaulted =
      day !== undefined && day > lastDayOfMonth(s.month) && day <= lastDayOfMonth(addMonths(s.month, HORIZON_MONTHS));
    known++;
    if (defaulted) knownDefaults++;
    if (s.warned) {
      warnedPoints++;
      if (defaulted) warnedDefaults++;
    }
  }
  return {
    defaults: counted,
    warnedAhead: ahead,
    coverage: counted ? ahead / counted : NaN,
    warnedPoints,
    warnedDefaults,
    hitRate: warnedPoints ? warnedDefaults / warnedPoints : NaN,
    baseRate: known ? knownDefaults / known : NaN,
  };
}

/** `YYYY-MM-DD` minus whole months (the day clamped to the month's length). */
function subtractMonths(day: string, months: number): string {
  const m = addMonths(day.slice(0, 7), -months);
  const last = lastDayOfMonth(m);
  const d = `${m}-${day.slice(8, 10)}`;
  return d > last ? last : d;
}
