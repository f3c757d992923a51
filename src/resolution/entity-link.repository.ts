/** Reads of core.entity_link: per borrower (batched), the review queue, one link by id. */
import type DataLoader from 'dataloader';
import { loader } from '../lib/loader';
import type { Database } from '../db/database';
import { loadAllPerKey, selectColumns } from '../../connectors/shared/sql';
import type { ComparisonPart } from './compare';
import { EntityLink, LinkKind } from './link.entity';
import type { EntityLinkType } from './entity-link.types';

export function toLinkType(l: EntityLink): EntityLinkType {
  const e = l.explanation as { priorWeight?: number; parts?: ComparisonPart[]; reviewReason?: string | null };
  return {
    id: String(l.id),
    kind: l.kind,
    table: l.sourceTable,
    recordKey: l.recordKey,
    recordName: l.recordName,
    uscc: l.uscc,
    method: l.method,
    probability: Number(l.probability),
    matchWeight: Number(l.matchWeight),
    priorWeight: e.priorWeight ?? 0,
    factors: e.parts ?? [],
    reviewReason: e.reviewReason ?? null,
    status: l.status,
    detectedAt: l.detectedAt,
    retiredAt: l.retiredAt,
    decidedBy: l.decidedBy,
    decidedAt: l.decidedAt,
    decisionReason: l.decisionReason,
  };
}

/** Links to each borrower (records resolved to it, firms merged into it), most likely first. */
export function createEntityLinksLoader(db: Database): DataLoader<string, EntityLinkType[]> {
  return loader(async (usccs) =>
    (
      await loadAllPerKey<EntityLink>(
        db,
        { entity: EntityLink, table: 'core.entity_link', key: 'uscc', orderBy: 'x.probability DESC, x.id' },
        usccs,
      )
    ).map((list) => list.map(toLinkType)),
  );
}

/** For each firm, the merge link that folds it into another firm, if one is in effect. */
export function createMergedIntoLoader(db: Database): DataLoader<string, EntityLinkType | null> {
  return loader(async (usccs) => {
    const { rows } = await db.query<EntityLink>(
      `SELECT ${selectColumns(EntityLink, 'x')} FROM core.entity_link x
        WHERE x.kind = $2 AND x.source_table = 'core.firm' AND x.record_key = ANY($1::text[])
          AND x.status IN ('LINKED', 'CONFIRMED') AND x.retired_at IS NULL`,
      [usccs, LinkKind.FIRM],
    );
    const by = new Map(rows.map((r) => [r.recordKey, toLinkType(r)]));
    return usccs.map((u) => by.get(u) ?? null);
  });
}

/** Pairs waiting for review, most likely first, after the (probability, id) cursor. */
export async function reviewQueue(db: Database, limit: number, after: [string, string] | null): Promise<EntityLink[]> {
  const { rows } = await db.query<EntityLink>(
    `SELECT ${selectColumns(EntityLink, 'x')} FROM core.entity_link x
      WHERE x.status = 'REVIEW' AND x.retired_at IS NULL
        AND ($2::numeric IS NULL OR (x.probability, x.id) < ($2::numeric, $3::bigint))
      ORDER BY x.probability DESC, x.id DESC LIMIT $1`,
    [limit + 1, after?.[0] ?? null, after?.[1] ?? null],
  );
  return rows;
}
