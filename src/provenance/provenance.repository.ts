/** Per-request loader of provenance rows (core.source_sync) for any (firm, source) pairs: one statement per batch. */
import type DataLoader from 'dataloader';
import { loader } from '../lib/loader';
import type { Database } from '../db/database';
import { selectColumns } from '../../connectors/shared/sql';
import { SourceSync } from './source-sync.entity';

export type ProvenanceKey = { uscc: string; source: string };

export function createProvenanceLoader(db: Database): DataLoader<ProvenanceKey, SourceSync | null, string> {
  return loader(
    async (keys) => {
      const { rows } = await db.query<SourceSync>(
        `SELECT ${selectColumns(SourceSync, 's')} FROM core.source_sync s
           JOIN unnest($1::bpchar[], $2::varchar[]) AS k(uscc, source) ON s.uscc = k.uscc AND s.source = k.source`,
        [keys.map((k) => k.uscc), keys.map((k) => k.source)],
      );
      const byKey = new Map(rows.map((r) => [`${r.uscc}/${r.source}`, r]));
      return keys.map((k) => byKey.get(`${k.uscc}/${k.source}`) ?? null);
    },
    { cacheKeyFn: (k) => `${k.uscc}/${k.source}` },
  );
}
