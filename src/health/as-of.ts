/**
 * The as-of month scores and warnings are computed for: the portfolio's newest declared period
 * plus the declaration lag (quality.service.ts `resolveAsOf`), or HEALTH_AS_OF when configured.
 * It is read from the data, not the clock, so a portfolio scores the same whenever it is asked;
 * the look-up scans the declarations, so it is cached per database for a minute.
 */
import type { Database } from '../db/database';
import type { AsOf } from '../quality/check';
import { resolveAsOf } from '../quality/quality.service';

const TTL_MS = 60_000;
const cache = new WeakMap<Database, { at: number; value: Promise<AsOf> }>();

export function portfolioAsOf(db: Database, override?: string, now = Date.now()): Promise<AsOf> {
  if (override) return resolveAsOf(db, override);
  const hit = cache.get(db);
  if (hit && now - hit.at < TTL_MS) return hit.value;
  const value = resolveAsOf(db);
  cache.set(db, { at: now, value });
  value.catch(() => cache.delete(db));
  return value;
}
