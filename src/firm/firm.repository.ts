/**
 * The platform's firm master (`core.firm`): a per-request loader by USCC, the filtered,
 * cursor-paginated listing behind `Query.borrowers`, and the one way a firm the platform did not
 * know becomes a borrower: its registry record (`registerFirmsSql`).
 */
import type DataLoader from 'dataloader';
import type { PoolClient } from 'pg';
import { loader } from '../lib/loader';
import { statementName, type Database } from '../db/database';
import { loadOnePerKey, selectColumns, USCC_ARRAY } from '../../connectors/shared/sql';
import { Firm, UNCLASSIFIED_INDUSTRY } from './firm.entity';

/**
 * One set-based statement making borrowers of the firms in `rows`, a query yielding (uscc, name)
 * from registry records (registry.company), however they arrived: a batch of an import file
 * (src/import/batch-sql.ts) or a live fetch (`registerFetchedFirms`). Every path that brings a
 * firm's registry record brings the firm; records of other kinds naming a USCC (an invoice's
 * buyer, a court party, an account) do not: most such USCCs are counterparties, not borrowers,
 * and the name they carry is the counterparty's wording, so those rows wait in the mirror and
 * show once the firm's registry record arrives.
 *
 * The new row: name the registry's; region_code the USCC's characters 3-8 (GB 32100: the GB/T
 * 2260 code of the registering place); industry_code UNCLASSIFIED_INDUSTRY (a registry record
 * carries none); claimed_staff null (no application); no former names or old registration
 * number; created_at now. A firm core.firm holds is left as it is (ON CONFLICT DO NOTHING): the
 * master record is the platform's, and re-importing a registry file rewrites nothing in it.
 * `RETURNING 1` counts the firms created.
 */
export function registerFirmsSql(rows: string): string {
  return `INSERT INTO core.firm (uscc, name, industry_code, region_code, claimed_staff)
    SELECT r.uscc, r.name, '${UNCLASSIFIED_INDUSTRY}', substr(r.uscc, 3, 6), NULL FROM (${rows}) AS r(uscc, name)
    ON CONFLICT (uscc) DO NOTHING RETURNING 1`;
}

/** After a live fetch wrote registry records of `usccs` (inside its transaction): those firms are borrowers. */
export async function registerFetchedFirms(client: PoolClient, usccs: readonly string[]): Promise<void> {
  await client.query(registerFirmsSql(`SELECT uscc, name FROM registry.company WHERE uscc = ANY($1::${USCC_ARRAY})`), [
    usccs,
  ]);
}

/**
 * SQL that is true when the registry record of the firm in column `firm` says it was founded
 * after the day in `day`: it did not exist then, so nothing as of that day scores it (a firm with
 * no registry record is not founded later).
 */
export function foundedAfterSql(firm: string, day: string): string {
  return `EXISTS (SELECT 1 FROM registry.company rc WHERE rc.uscc = ${firm} AND rc.founded_on > ${day})`;
}

export function createFirmLoader(db: Database): DataLoader<string, Firm | null> {
  return loader((usccs) => loadOnePerKey<Firm>(db, { entity: Firm, table: 'core.firm', key: 'uscc' }, usccs));
}

export interface FirmFilter {
  /** GB/T 4754 prefix: a section letter, or letter + 2, 3 or 4 digits. */
  industry?: string;
  /** GB/T 2260 prefix: 2 (province), 4 (city) or 6 (county) digits. */
  region?: string;
  /** Part of the registered name. */
  name?: string;
}

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function whereOf(filter: FirmFilter, params: unknown[]): string[] {
  const where: string[] = [];
  if (filter.industry) {
    params.push(`${likeEscape(filter.industry)}%`);
    where.push(`f.industry_code LIKE $${params.length}`);
  }
  if (filter.region) {
    params.push(`${likeEscape(filter.region)}%`);
    where.push(`f.region_code LIKE $${params.length}`);
  }
  if (filter.name) {
    params.push(`%${likeEscape(filter.name)}%`);
    where.push(`f.name ILIKE $${params.length}`);
  }
  return where;
}

/** More columns a page of firms reads in its own statement (a LEFT JOIN on `f.uscc` and the columns it adds). */
export interface PageJoin {
  select: string;
  join: string;
}

/**
 * One page of firms in USCC order after `afterUscc`; fetches `first + 1` to tell whether more
 * follow. With `extra`, each row also carries the joined columns (one statement still).
 */
export async function listFirms(
  db: Database,
  filter: FirmFilter,
  first: number,
  afterUscc: string | null,
  extra?: PageJoin,
): Promise<Array<Firm & Record<string, unknown>>> {
  const params: unknown[] = [];
  const where = whereOf(filter, params);
  if (afterUscc) {
    params.push(afterUscc);
    where.push(`f.uscc > $${params.length}`);
  }
  params.push(first + 1);
  const page = `SELECT ${selectColumns(Firm, 'f')} FROM core.firm f ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY f.uscc LIMIT $${params.length}`;
  const sql = extra ? `SELECT f.*, ${extra.select} FROM (${page}) f ${extra.join} ORDER BY f.uscc` : page;
  // Prepared once per connection under a name taken from its text (a filter gives another text):
  // with the latest scores joined, planning cost more than running it.
  const { rows } = await db.query<Firm & Record<string, unknown>>(sql, params, statementName('firms', sql));
  return rows;
}

export async function countFirms(db: Database, filter: FirmFilter): Promise<number> {
  const params: unknown[] = [];
  const where = whereOf(filter, params);
  const { rows } = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM core.firm f ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
    params,
  );
  return Number(rows[0].n);
}
