/**
 * Observation points for the default model, read from the bank's own records: at each month end
 * T of the history, every borrower the bank was exposed to on T (a loan started by T, neither
 * repaid nor written off by T) and not already in default on T, labelled 1 when it defaulted in
 * the 12 months after T.
 *
 * A firm's default day is derived from the records the way the generator dates it and a bank
 * would: the first day one of its instalments was 90 days past due (due day + 90, still unpaid
 * then), or the day a loan of its was written off, whichever came first. Only defaults the
 * records can show by the data's as-of day count, so T runs up to as-of minus the horizon.
 * One statement for all dates; set-based.
 */
import type { Database } from '../db/database';
import type { AsOf } from '../quality/check';
import { addMonths, lastDayOfMonth } from '../quality/months';

export const DEFAULT_DAYS_PAST_DUE = 90;

export interface ObservationPoint {
  uscc: string;
  /** The observation month end. */
  asOf: AsOf;
  /** 1: defaulted in the horizon after asOf. */
  label: 0 | 1;
  /** The firm's default day (any time after asOf), null if none by the data's as-of day. */
  defaultedOn: string | null;
}

/** Month ends from `from` to `to` (`YYYY-MM`), every `step` months. */
export function observationDates(from: string, to: string, step = 1): AsOf[] {
  const out: AsOf[] = [];
  for (let m = from; m <= to; m = addMonths(m, step)) out.push({ month: m, date: lastDayOfMonth(m) });
  return out;
}

/**
 * The default day of every firm the records show one for by `dataAsOf` (the last day the records
 * cover): `uscc -> YYYY-MM-DD`.
 */
export async function defaultDays(
  db: Database,
  dataAsOf: AsOf,
  usccs?: readonly string[],
): Promise<Map<string, string>> {
  const { rows } = await db.query<{ uscc: string; day: string }>(
    `SELECT l.uscc, least(min(i.due_date + ${DEFAULT_DAYS_PAST_DUE}) FILTER (WHERE (i.paid_on IS NULL OR i.paid_on > i.due_date + ${DEFAULT_DAYS_PAST_DUE})
                                                  AND i.due_date + ${DEFAULT_DAYS_PAST_DUE} <= $1::date),
                          min(l.written_off_on) FILTER (WHERE l.written_off_on <= $1::date))::text AS day
       FROM bank.loan l JOIN bank.loan_installment i ON i.loan_id = l.id
      WHERE $2::bpchar[] IS NULL OR l.uscc = ANY($2::bpchar[])
      GROUP BY l.uscc`,
    [dataAsOf.date, usccs ?? null],
  );
  return new Map(rows.filter((r) => r.day !== null).map((r) => [r.uscc, r.day]));
}

/**
 * The performing borrowers at each date and their label over the next `horizonMonths` months.
 * Dates whose horizon runs past `dataAsOf` are refused (their outcomes are not known yet).
 */
export async function observationPoints(
  db: Database,
  dates: readonly AsOf[],
  dataAsOf: AsOf,
  horizonMonths = 12,
): Promise<ObservationPoint[]> {
  const late = dates.filter((d) => addMonths(d.month, horizonMonths) > dataAsOf.month);
  if (late.length)
    throw new RangeError(
      `observation dates must end ${horizonMonths} months before the data's as-of month ${dataAsOf.month}; ${late[0].month} does not`,
    );
  return exposedBorrowers(db, dates, dataAsOf, horizonMonths);
}

/**
 * The borrowers the bank was exposed to and not in default at each date, labelled as far as the
 * records go (a date whose horizon runs past `dataAsOf` has label 0 unless the default already
 * showed: callers that need complete outcomes use observationPoints).
 */
export async function exposedBorrowers(
  db: Database,
  dates: readonly AsOf[],
  dataAsOf: AsOf,
  horizonMonths = 12,
): Promise<ObservationPoint[]> {
  const defaults = await defaultDays(db, dataAsOf);
  const { rows } = await db.query<{ t: string; uscc: string }>(
    `SELECT DISTINCT d.t::text AS t, l.uscc
       FROM unnest($1::date[]) AS d(t)
       JOIN bank.loan l ON l.start_date <= d.t AND (l.written_off_on IS NULL OR l.written_off_on > d.t)
      WHERE EXISTS (SELECT 1 FROM bank.loan_installment i WHERE i.loan_id = l.id AND (i.paid_on IS NULL OR i.paid_on > d.t))
      ORDER BY 1, 2`,
    [dates.map((d) => d.date)],
  );
  const byDate = new Map(dates.map((d) => [d.date, d]));
  const out: ObservationPoint[] = [];
  for (const r of rows) {
    const asOf = byDate.get(r.t)!;
    const defaultedOn = defaults.get(r.uscc) ?? null;
    if (defaultedOn !== null && defaultedOn <= asOf.date) continue; // already in default
    const horizonEnd = lastDayOfMonth(addMonths(asOf.month, horizonMonths));
    out.push({ uscc: r.uscc, asOf, label: defaultedOn !== null && defaultedOn <= horizonEnd ? 1 : 0, defaultedOn });
  }
  return out;
}
