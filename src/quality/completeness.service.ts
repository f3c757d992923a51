/**
 * Completeness and freshness per source (数据缺失率): whether the platform holds a firm's
 * records from each source every borrower should have (registry, tax, bank, social insurance),
 * and the date of the newest one. Supply-chain and court records are legitimately absent for
 * most firms, so they count records but are never "missing". Set-based: one statement for any
 * number of firms, and one for the whole portfolio.
 */
import type { Database } from '../db/database';

/** Per firm and source: present?, newest record date, record count. */
const PER_FIRM_SQL = `
  SELECT f.uscc, s.source, s.expected, s.records, s.newest
    FROM core.firm f
    CROSS JOIN LATERAL (VALUES
      ('REGISTRY', true,
        (SELECT count(*) FROM registry.company c WHERE c.uscc = f.uscc),
        (SELECT greatest(max(c.founded_on), (SELECT max(l.changed_on) FROM registry.change_log l WHERE l.uscc = f.uscc)) FROM registry.company c WHERE c.uscc = f.uscc)),
      ('TAX', true,
        (SELECT count(*) FROM tax.vat_declaration d WHERE d.uscc = f.uscc),
        (SELECT (max(d.period) || '-01')::date FROM tax.vat_declaration d WHERE d.uscc = f.uscc)),
      ('BANK', true,
        (SELECT count(*) FROM bank.account_month m WHERE m.uscc = f.uscc),
        (SELECT (max(m.month) || '-01')::date FROM bank.account_month m WHERE m.uscc = f.uscc)),
      ('ALT_DATA', true,
        (SELECT count(*) FROM alt_data.social_insurance_month m WHERE m.uscc = f.uscc),
        (SELECT (max(m.month) || '-01')::date FROM alt_data.social_insurance_month m WHERE m.uscc = f.uscc)),
      ('SUPPLY_CHAIN', false,
        (SELECT count(*) FROM supply_chain.receivable r WHERE r.creditor_uscc = f.uscc),
        (SELECT max(r.issue_date) FROM supply_chain.receivable r WHERE r.creditor_uscc = f.uscc)),
      ('JUDICIAL', false,
        (SELECT count(*) FROM judicial.case_party p WHERE p.uscc = f.uscc),
        (SELECT max(c.filed_on) FROM judicial.case_party p JOIN judicial.court_case c ON c.id = p.case_id WHERE p.uscc = f.uscc))
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
}

export async function completenessOf(db: Database, usccs: readonly string[]): Promise<SourceCompleteness[][]> {
  const { rows } = await db.query<{ uscc: string; source: string; expected: boolean; records: string; newest: string | null }>(
    `${PER_FIRM_SQL} WHERE f.uscc = ANY($1::bpchar[]) ORDER BY f.uscc, s.source`,
    [usccs],
  );
  const by = new Map<string, SourceCompleteness[]>(usccs.map((u) => [u, []]));
  for (const r of rows) {
    const records = Number(r.records);
    by.get(r.uscc)?.push({ source: r.source, expected: r.expected, records, newest: r.newest, missing: r.expected && records === 0 });
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
