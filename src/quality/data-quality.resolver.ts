import DataLoader from 'dataloader';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../graphql/context';
import type { Database } from '../db/database';
import { loadAllPerKey } from '../../connectors/shared/sql';
import { QualityFinding } from './finding.entity';
import { DataQuality, DataQualityIssue } from './data-quality.types';

/** Unresolved findings per firm, most severe first: one statement per batch. */
export function createFindingsLoader(db: Database): DataLoader<string, QualityFinding[]> {
  return new DataLoader(async (usccs) =>
    (
      await loadAllPerKey<QualityFinding>(
        db,
        { entity: QualityFinding, table: 'core.quality_finding', key: 'uscc', orderBy: "x.severity DESC, x.detected_at DESC, x.id" },
        usccs,
      )
    ).map((list) => list.filter((f) => f.resolvedAt === null)),
  );
}

@Resolver(() => DataQuality)
export class DataQualityResolver {
  @FieldResolver(() => [DataQualityIssue], { description: 'Open, confirmed and dismissed findings the data still shows (resolved ones are left out).' })
  issues(@Root() q: DataQuality, @Ctx() ctx: Context) {
    return ctx.loaders.findings.load(q.uscc);
  }
}
