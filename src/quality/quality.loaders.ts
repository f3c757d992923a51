/** A firm's data-quality findings (stored, and checked on read) and its per-source completeness. */
import type DataLoader from 'dataloader';
import { registerLoaders } from '../graphql/context';
import type { Database } from '../db/database';
import { loader } from '../lib/loader';
import { loadAllPerKey } from '../../connectors/shared/sql';
import { QualityFinding } from './finding.entity';
import { completenessOf, type SourceCompleteness } from './completeness.service';
import { liveFindingsOf, type LiveFinding } from './live-findings.service';

declare module '../graphql/context' {
  interface RequestLoaders {
    findings: DataLoader<string, QualityFinding[]>;
    liveFindings: DataLoader<string, LiveFinding[]>;
    completeness: DataLoader<string, SourceCompleteness[]>;
  }
}

/** Findings checked on read, per firm: each check once per batch of firms, merged with the stored ones. */
export function createLiveFindingsLoader(db: Database): DataLoader<string, LiveFinding[]> {
  return loader((usccs) => liveFindingsOf(db, usccs));
}

export function createCompletenessLoader(db: Database): DataLoader<string, SourceCompleteness[]> {
  return loader((usccs) => completenessOf(db, usccs));
}

/** Unresolved findings per firm, most severe first: one statement per batch. */
export function createFindingsLoader(db: Database): DataLoader<string, QualityFinding[]> {
  return loader(async (usccs) =>
    (
      await loadAllPerKey<QualityFinding>(
        db,
        {
          entity: QualityFinding,
          table: 'core.quality_finding',
          key: 'uscc',
          orderBy: 'x.severity DESC, x.detected_at DESC, x.id',
        },
        usccs,
      )
    ).map((list) => list.filter((f) => f.resolvedAt === null)),
  );
}

export const qualityLoaders = registerLoaders(({ reads }) => ({
  findings: createFindingsLoader(reads),
  liveFindings: createLiveFindingsLoader(reads),
  completeness: createCompletenessLoader(reads),
}));
