/**
 * Calendar arithmetic on plain integers, so generation never touches the clock or time zones:
 * a *day* is the number of days since 1970-01-01, a *month* is `year * 12 + (month - 1)`.
 * Formatting goes through small caches because the same dates are printed millions of times.
 */

export type Day = number;
export type Month = number;

/** Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil). */
export function dayOf(year: number, month: number, day: number): Day {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** [year, month 1-12, day 1-31] of a day number (civil_from_days). */
export function civilOf(d: Day): [number, number, number] {
  const z = d + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

export function monthOf(year: number, month: number): Month {
  return year * 12 + (month - 1);
}

export function yearOfMonth(m: Month): number {
  return Math.floor(m / 12);
}

/** 1-12. */
export function calendarMonth(m: Month): number {
  return (m % 12) + 1;
}

export function firstDay(m: Month): Day {
  return dayOf(yearOfMonth(m), calendarMonth(m), 1);
}

export function daysIn(m: Month): number {
  return firstDay(m + 1) - firstDay(m);
}

export function lastDay(m: Month): Day {
  return firstDay(m + 1) - 1;
}

/** The month a day falls in. */
export function monthOfDay(d: Day): Month {
  const [y, mo] = civilOf(d);
  return monthOf(y, mo);
}

/** A day of month m, clamped to the month's length (day 31 of February is its last day). */
export function dayInMonth(m: Month, dayOfMonth: number): Day {
  return firstDay(m) + Math.min(Math.max(dayOfMonth, 1), daysIn(m)) - 1;
}

const pad2 = (n: number) => (n < 10 ? '0' + n : String(n));

const dayCache = new Map<Day, string>();
/** `YYYY-MM-DD`. */
export function formatDay(d: Day): string {
  let s = dayCache.get(d);
  if (s === undefined) {
    const [y, m, day] = civilOf(d);
    s = `${y}-${pad2(m)}-${pad2(day)}`;
    dayCache.set(d, s);
  }
  return s;
}

const monthCache = new Map<Month, string>();
/** `YYYY-MM`. */
export function formatMonth(m: Month): string {
  let s = monthCache.get(m);
  if (s === undefined) {
    s = `${yearOfMonth(m)}-${pad2(calendarMonth(m))}`;
    monthCache.set(m, s);
  }
  return s;
}

/** Parses `YYYY-MM`; throws a RangeError naming what was expected. */
export function parseMonth(text: string): Month {
  const match = /^(\d{4})-(\d{2})$/.exec(text);
  if (!match) throw new RangeError(`expected a month as YYYY-MM, got "${text}"`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (month < 1 || month > 12) throw new RangeError(`month must be 01-12, got "${text}"`);
  if (year < 2000 || year > 2100) throw new RangeError(`year must be 2000-2100, got "${text}"`);
  return monthOf(year, month);
}

/** A timestamp with the China offset, e.g. `2024-03-05T10:21:07+08:00`. */
export function formatTimestamp(d: Day, secondsOfDay: number): string {
  const h = Math.floor(secondsOfDay / 3600);
  const mi = Math.floor((secondsOfDay % 3600) / 60);
  const s = secondsOfDay % 60;
  return `${formatDay(d)}T${pad2(h)}:${pad2(mi)}:${pad2(s)}+08:00`;
}
