/** Reads of core.audit_log (newest first, keyset-paginated on (at, id)). */
import type { Database } from '../db/database';
import { selectColumns } from '../../connectors/shared/sql';
import { AuditLog } from './audit-log.entity';
import type { AuditOutcome } from './audit.collector';

export interface AuditQuery {
  uscc?: string | null;
  subject?: string | null;
  tenant?: string | null;
  outcome?: AuditOutcome | null;
  from?: Date | null;
  to?: Date | null;
  /** Rows strictly older than this (at, id) position. */
  before?: { at: string; id: string } | null;
}

export async function listAuditLog(db: Database, q: AuditQuery, limit: number): Promise<AuditLog[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (p: string) => string, v: unknown) => {
    params.push(v);
    where.push(sql(`$${params.length}`));
  };
  if (q.uscc) add((p) => `x.uscc = ${p}`, q.uscc);
  if (q.subject) add((p) => `x.subject = ${p}`, q.subject);
  if (q.tenant) add((p) => `x.tenant = ${p}`, q.tenant);
  if (q.outcome) add((p) => `x.outcome = ${p}::core.audit_outcome`, q.outcome);
  if (q.from) add((p) => `x.at >= ${p}::timestamptz`, q.from.toISOString());
  if (q.to) add((p) => `x.at < ${p}::timestamptz`, q.to.toISOString());
  if (q.before) {
    params.push(q.before.at, q.before.id);
    where.push(`(x.at, x.id) < ($${params.length - 1}::timestamptz, $${params.length}::bigint)`);
  }
  params.push(limit);
  const { rows } = await db.query<AuditLog>(
    `SELECT ${selectColumns(AuditLog, 'x')} FROM core.audit_log x ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY x.at DESC, x.id DESC LIMIT $${params.length}`,
    params,
  );
  return rows;
}
