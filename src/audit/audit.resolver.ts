import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { requireRole } from '../auth/authorize.service';
import { Role } from '../auth/principal';
import { badInput, NULL_ROOT } from '../errors';
import type { Context } from '../graphql/context';
import { checkFirst, connection, decodeCursor } from '../graphql/pagination';
import { listAuditLog } from './audit.repository';
import { flushAuditWriters } from './audit.writer';
import { AuditLogConnection, AuditLogFilter } from './audit.types';

const MAX_PAGE = 200;

@Resolver()
export class AuditLogResolver {
  @Query(() => AuditLogConnection, {
    nullable: true,
    description: 'The audit log, newest first (AUDITOR only).' + NULL_ROOT,
  })
  async auditLog(
    @Arg('filter', () => AuditLogFilter, { nullable: true }) filter: AuditLogFilter | null,
    @Arg('first', () => Int, { defaultValue: 50, description: `Page size (0-${MAX_PAGE}).` }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'The endCursor of the previous page.' })
    after: string | null,
    @Ctx() ctx: Context,
  ): Promise<AuditLogConnection> {
    requireRole(ctx, [Role.AUDITOR], 'auditLog');
    const limit = checkFirst(first, MAX_PAGE);
    const f = filter ?? {};
    if (f.from && f.to && f.from >= f.to)
      throw badInput('`filter.from` must be before `filter.to`', { argument: 'filter' });
    let before: { at: string; id: string } | null = null;
    if (after) {
      const [at, id] = decodeCursor(after, 'auditLog', 2);
      if (Number.isNaN(Date.parse(at)) || !/^\d+$/.test(id))
        throw badInput('`after` is not a cursor this API issued: pass the endCursor of a previous page', {
          argument: 'after',
        });
      before = { at, id };
    }
    // Rows still buffered in this process are written first, so the log is complete up to now.
    await flushAuditWriters(ctx.db);
    const rows = await listAuditLog(ctx.db, { ...f, before }, limit + 1);
    const page = rows.slice(0, limit);
    return connection('auditLog', page, (node) => [new Date(node.at).toISOString(), node.id], rows.length > limit);
  }
}
