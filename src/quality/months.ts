/** Month arithmetic on `YYYY-MM` strings (pure; the as-of point and the checks' windows use it). */

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function parseYearMonth(text: string): { year: number; month: number } {
  const m = MONTH.exec(text);
  if (!m) throw new RangeError(`expected a month YYYY-MM, got "${text}"`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

/** A month (`YYYY-MM`, or a day `YYYY-MM-DD`: the day is ignored) as year * 12 + month - 1, to count and compare months. */
export function monthIndex(text: string): number {
  return Number(text.slice(0, 4)) * 12 + Number(text.slice(5, 7)) - 1;
}

/** `YYYY-MM` plus n months (n may be negative). */
export function addMonths(text: string, n: number): string {
  const { year, month } = parseYearMonth(text);
  const k = year * 12 + (month - 1) + n;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
}

/** The last day of a month, `YYYY-MM-DD`. */
export function lastDayOfMonth(text: string): string {
  const { year, month } = parseYearMonth(text);
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${text}-${String(day).padStart(2, '0')}`;
}

/** Whole months from one `YYYY-MM` (or `YYYY-MM-DD`: the day is ignored) to another. */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  return (ty - fy) * 12 + (tm - fm);
}
