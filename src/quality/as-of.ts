/**
 * The as-of month reads are computed for (checks on read, scores, warnings): the portfolio's
 * newest declared period plus the declaration lag (quality.service.ts `resolveAsOf`), read from
 * the data, not the clock, so a portfolio scores the same whenever it is asked. Cached per
 * database for a minute. A database with no declarations yet (a live deployment whose mirror
 * is still filling) falls back to the last complete calendar month.
 */
import type { Database } from '../db/database';
import type { AsOf } from './check';
import { addMonths, lastDayOfMonth } from './months';
import { lastCompleteMonth, QualityError, resolveAsOf } from './quality.service';

const TTL_MS = 60_000;
const cache = new WeakMap<Database, { at: number; value: Promise<AsOf> }>();

export function portfolioAsOf(db: Database, override?: string, now = Date.now()): Promise<AsOf> {
  if (override) return resolveAsOf(db, override);
  // Shared by every request: cached on, and read through, the database itself, not a request's
  // view of it (whose reads stop at that request's deadline).
  const shared = db.base ?? db;
  const hit = cache.get(shared);
  if (hit && now - hit.at < TTL_MS) return hit.value;
  const value = resolveAsOf(shared).catch((err: unknown) => {
    if (!(err instanceof QualityError)) throw err;
    return lastCompleteMonth(new Date(now));
  });
  cache.set(shared, { at: now, value });
  value.catch(() => cache.delete(shared));
  return value;
}

/**
 * The as-of of a day asked for (`health(asOf: day)`): records count as known by the day itself,
 * and the monthly windows end at the last complete month by then (the day's own month when the
 * day is its last). A day inside a month would otherwise read that month's first days as a whole
 * month: sales, orders and bills fall by the part of the month still to come.
 */
export function asOfDay(date: string): AsOf {
  const month = date.slice(0, 7);
  return { month: date === lastDayOfMonth(month) ? month : addMonths(month, -1), date };
}
