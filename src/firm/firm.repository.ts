/**
 * Reads of the platform's firm master (`core.firm`): a per-request loader by USCC and the
 * filtered, cursor-paginated listing behind `Query.borrowers`.
 */
import type DataLoader from 'dataloader';
import { loader } from '../lib/loader';
import type { Database } from '../db/database';
import { loadOnePerKey, selectColumns } from '../../connectors/shared/sql';
import { Firm } from './firm.entity';

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

/** One page of firms in USCC order after `afterUscc`; fetches `first + 1` to tell whether more follow. */
export async function listFirms(db: Database, filter: FirmFilter, first: number, afterUscc: string | null): Promise<Firm[]> {
  const params: unknown[] = [];
  const where = whereOf(filter, params);
  if (afterUscc) {
    params.push(afterUscc);
    where.push(`f.uscc > $${params.length}`);
  }
  params.push(first + 1);
  const { rows } = await db.query<Firm>(
    `SELECT ${selectColumns(Firm, 'f')} FROM core.firm f ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY f.uscc LIMIT $${params.length}`,
    params,
  );
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
