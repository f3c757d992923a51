/** Where a firm's records from a source came from (the last sync per firm and source). */
import type DataLoader from 'dataloader';
import { registerLoaders } from '../graphql/context';
import { createProvenanceLoader, type ProvenanceKey } from './provenance.repository';
import type { SourceSync } from './source-sync.entity';

declare module '../graphql/context' {
  interface RequestLoaders {
    provenance: DataLoader<ProvenanceKey, SourceSync | null, string>;
  }
}

export const provenanceLoaders = registerLoaders(({ reads }) => ({ provenance: createProvenanceLoader(reads) }));
