/**
 * Completeness and freshness per source (数据缺失率): whether the platform holds a firm's
 * records from each source every borrower should have (registry, tax, bank, social insurance),
 * and the date of the newest one. Supply-chain and court records are legitimately absent for
 * most firms, so they count records but are never "missing". Set-based: one statement for any
 * number of firms, and one for the whole portfolio.
 */
import type { Database } from '../db/database';
import { SOURCES } from '../../connectors/sources';
import { QualityError, resolveAsOf } from './quality.service';

/** The as-of month, or null for a portfolio with no VAT declarations (then no as-of month's headcount is present). */
async function asOfMonthOrNull(db: Database): Promise<string | null> {
  try {
    return (await resolveAsOf(db)).month;
  } catch (err) {
    if (err instanceof QualityError) return null;
    throw err;
  }
}

/**
 * The fields every borrower's record should carry, per source, named as in the GraphQL API
 * (a list element's condition in brackets), with when each counts as present: one SQL
 * condition over the firm `f` (core.firm), its registry record `c` and tax record `t` (both
 * LEFT JOINed: no record = every field of it absent) and `$2`, the portfolio's as-of month.
 * Declared here only; per firm and for the portfolio the same conditions are evaluated in one
 * statement.
 */
export const EXPECTED_FIELDS: ReadonlyArray<{ source: string; field: string; why: string; present: string }> = [
  {
    source: 'REGISTRY',
    field: 'legalRepName',
    why: 'who answers for the firm (法定代表人)',
    present: "nullif(trim(c.legal_rep_name), '') IS NOT NULL",
  },
  {
    source: 'REGISTRY',
    field: 'legalRepPhone',
    why: 'reaching the legal representative (held, not exposed in the API until masking exists)',
    present: "nullif(trim(c.legal_rep_phone), '') IS NOT NULL",
  },
  {
    source: 'REGISTRY',
    field: 'registeredCapital',
    why: 'the capital the owners committed (注册资本)',
    present: 'c.registered_capital IS NOT NULL',
  },
  {
    source: 'REGISTRY',
    field: 'paidInCapital',
    why: 'the capital actually paid in (实缴资本)',
    present: 'c.paid_in_capital IS NOT NULL',
  },
  {
    source: 'REGISTRY',
    field: 'address',
    why: 'where the firm operates',
    present: "nullif(trim(c.address), '') IS NOT NULL",
  },
  {
    source: 'REGISTRY',
    field: 'businessScope',
    why: 'what the firm may do (经营范围)',
    present: "nullif(trim(c.business_scope), '') IS NOT NULL",
  },
  {
    source: 'TAX',
    field: 'taxpayerType',
    why: 'general or small-scale VAT payer',
    present: 't.taxpayer_type IS NOT NULL',
  },
  {
    source: 'TAX',
    field: 'creditRating',
    why: 'the tax-credit rating (纳税信用等级)',
    present: 't.credit_rating IS NOT NULL',
  },
  {
    source: 'BANK',
    field: 'accounts[accountType=BASIC]',
    why: "an open basic deposit account (基本存款账户): where the firm's money runs",
    present:
      "EXISTS (SELECT 1 FROM bank.account a WHERE a.uscc = f.uscc AND a.account_type = 'BASIC' AND a.closed_on IS NULL)",
  },
  {
    source: 'ALT_DATA',
    field: 'socialInsurance[month=asOf].insuredHeadcount',
    why: 'the social-insurance headcount of the as-of month (the staff check compares it with the claim)',
    present:
      'EXISTS (SELECT 1 FROM alt_data.social_insurance_month m WHERE m.uscc = f.uscc AND m.month = $2 AND m.insured_headcount IS NOT NULL)',
  },
];

/** Per firm and declared field: present? `$1` the firms (null: all), `$2` the as-of month. */
const FIELDS_SQL = `
  SELECT f.uscc, x.ord, x.source, x.field, x.present
    FROM core.firm f
    LEFT JOIN registry.company c ON c.uscc = f.uscc
    LEFT JOIN tax.taxpayer t ON t.uscc = f.uscc
    CROSS JOIN LATERAL (VALUES ${EXPECTED_FIELDS.map((d, i) => `(${i}, '${d.source}', '${d.field}', ${d.present})`).join(',\n      ')}
    ) AS x(ord, source, field, present)
   WHERE $1::bpchar[] IS NULL OR f.uscc = ANY($1::bpchar[])`;

/** Per firm of `usccs` and source, the declared fields its current record(s) lack, in declaration order. */
export async function missingFieldsOf(
  db: Database,
  usccs: readonly string[],
): Promise<Map<string, Map<string, string[]>>> {
  const { rows } = await db.query<{ uscc: string; source: string; field: string }>(
    `SELECT uscc, source, field FROM (${FIELDS_SQL}) m WHERE NOT present ORDER BY uscc, ord`,
    [usccs, await asOfMonthOrNull(db)],
  );
  const out = new Map<string, Map<string, string[]>>(usccs.map((u) => [u, new Map()]));
  for (const r of rows) {
    const bySource = out.get(r.uscc)!;
    bySource.set(r.source, [...(bySource.get(r.source) ?? []), r.field]);
  }
  return out;
}

export interface FieldMissingRate {
  source: string;
  field: string;
  firms: number;
  missingFirms: number;
  /** missingFirms / firms, 0-1, as a decimal string with 4 places. */
  rate: string;
}

/** The portfolio's missing rate per declared field: one statement. */
export async function portfolioFieldMissingRates(db: Database): Promise<FieldMissingRate[]> {
  const { rows } = await db.query<{ source: string; field: string; firms: string; missing: string }>(
    `SELECT source, field, count(*) AS firms, count(*) FILTER (WHERE NOT present) AS missing
       FROM (${FIELDS_SQL}) m GROUP BY ord, source, field ORDER BY ord`,
    [null, await asOfMonthOrNull(db)],
  );
  return rows.map((r) => ({
    source: r.source,
    field: r.field,
    firms: Number(r.firms),
    missingFirms: Number(r.missing),
    rate: Number(r.firms) ? (Number(r.missing) / Number(r.firms)).toFixed(4) : '0.0000',
  }));
}

/** Per firm and source: present?, newest record date, record count. */
const PER_FIRM_SQL = `
  SELECT f.uscc, s.source, s.expected, s.records, s.newest
    FROM core.firm f
    CROSS JOIN LATERAL (VALUES
      ${SOURCES.map((s) => `('${s.name}', ${s.completeness.expected},\n        ${s.completeness.records},\n        ${s.completeness.newest})`).join(',\n      ')}
    ) AS s(source, expected, records, newest)`;

export interface SourceCompleteness {
  source: string;
  /** Every borrower should have records from this source. */
  expected: boolean;
  records: number;
  /** Date of the newest record (month-level sources: the month's first day). */
  newest: string | null;
  /** `expected` and no records. */
  missing: boolean;
  /** Declared fields (EXPECTED_FIELDS) the firm's current record(s) from this source lack. */
  missingFields: string[];
}

export async function completenessOf(db: Database, usccs: readonly string[]): Promise<SourceCompleteness[][]> {
  const { rows } = await db.query<{
    uscc: string;
    source: string;
    expected: boolean;
    records: string;
    newest: string | null;
  }>(`${PER_FIRM_SQL} WHERE f.uscc = ANY($1::bpchar[]) ORDER BY f.uscc, s.source`, [usccs]);
  const fields = await missingFieldsOf(db, usccs);
  const by = new Map<string, SourceCompleteness[]>(usccs.map((u) => [u, []]));
  for (const r of rows) {
    const records = Number(r.records);
    by.get(r.uscc)?.push({
      source: r.source,
      expected: r.expected,
      records,
      newest: r.newest,
      missing: r.expected && records === 0,
      missingFields: fields.get(r.uscc)?.get(r.source) ?? [],
    });
  }
  return usccs.map((u) => by.get(u) ?? []);
}

export interface MissingRate {
  source: string;
  firms: number;
  missingFirms: number;
  /** missingFirms / firms, 0-1, as a decimal string with 4 places. */
  rate: string;
  /** The oldest "newest record" among firms that have some: how stale the stalest firm is. */
  oldestNewest: string | null;
}

/** The portfolio's missing rate per expected source (the seeds' 32% -> 8% measure). */
export async function portfolioMissingRates(db: Database): Promise<MissingRate[]> {
  const { rows } = await db.query<{ source: string; firms: string; missing: string; oldest: string | null }>(
    `SELECT source, count(*) AS firms, count(*) FILTER (WHERE records = 0) AS missing, min(newest) AS oldest
       FROM (${PER_FIRM_SQL}) t WHERE expected GROUP BY source ORDER BY source`,
  );
  return rows.map((r) => ({
    source: r.source,
    firms: Number(r.firms),
    missingFirms: Number(r.missing),
    rate: Number(r.firms) ? (Number(r.missing) / Number(r.firms)).toFixed(4) : '0.0000',
    oldestNewest: r.oldest,
  }));
}
