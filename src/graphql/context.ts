/**
 * The per-request GraphQL context: fresh DataLoaders for every request (no cross-request
 * caching), the request's deadline, and the status of every source the request touched.
 */
import type DataLoader from 'dataloader';
import type { Database } from '../db/database';
import { createSourceLoaders, LOADERS_OF, type Connectors, type SourceLoaders } from '../connectors';
import { createFirmLoader } from '../firm/firm.repository';
import type { Firm } from '../firm/firm.entity';
import { createProvenanceLoader, type ProvenanceKey } from '../provenance/provenance.repository';
import type { SourceSync } from '../provenance/source-sync.entity';
import { createCompletenessLoader, createFindingsLoader, createLiveFindingsLoader } from '../quality/data-quality.resolver';
import type { LiveFinding } from '../quality/live-findings.service';
import type { SourceCompleteness } from '../quality/completeness.service';
import type { QualityFinding } from '../quality/finding.entity';
import type { SourceName, SourceStatus } from '../../connectors/shared/connector';
import type { CallRecord } from '../../connectors/shared/metrics';
import type { Deadline } from '../../connectors/shared/upstream.client';

export interface Context {
  db: Database;
  deadline: Deadline;
  loaders: SourceLoaders & { firm: DataLoader<string, Firm | null>; provenance: DataLoader<ProvenanceKey, SourceSync | null, string>;
    findings: DataLoader<string, QualityFinding[]>;
    liveFindings: DataLoader<string, LiveFinding[]>;
    completeness: DataLoader<string, SourceCompleteness[]>;
  };
  /** Upstream calls made for this request (listed in the debug extensions). */
  calls: CallRecord[];
  /** Per firm, the sources this request asked for. */
  requested: Map<string, Map<SourceName, Promise<SourceStatus>>>;
  /** The source's status for one firm, recorded for `Borrower.sources`. */
  sourceStatus(source: SourceName, uscc: string): Promise<SourceStatus>;
}

export function createContext(db: Database, connectors: Connectors, deadlineMs: number): Context {
  const deadline: Deadline = { at: Date.now() + deadlineMs, signal: AbortSignal.timeout(deadlineMs) };
  const calls: CallRecord[] = [];
  const loaders = { ...createSourceLoaders(connectors, { deadline, onCall: (c) => calls.push(c) }), firm: createFirmLoader(db), provenance: createProvenanceLoader(db), findings: createFindingsLoader(db), liveFindings: createLiveFindingsLoader(db), completeness: createCompletenessLoader(db) };
  const requested = new Map<string, Map<SourceName, Promise<SourceStatus>>>();
  return {
    db,
    deadline,
    loaders,
    calls,
    requested,
    sourceStatus(source, uscc) {
      let perFirm = requested.get(uscc);
      if (!perFirm) requested.set(uscc, (perFirm = new Map()));
      let status = perFirm.get(source);
      if (!status) perFirm.set(source, (status = loaders[LOADERS_OF[source]].status.load(uscc)));
      return status;
    },
  };
}
