/**
 * The per-request GraphQL context: fresh DataLoaders for every request (no cross-request
 * caching), the request's deadline, and the status of every source the request touched.
 */
import { randomUUID } from 'node:crypto';
import type DataLoader from 'dataloader';
import type { Principal } from '../auth/principal';
import { AuditCollector } from '../audit/audit.collector';
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
import { createEntityLinksLoader, createMergedIntoLoader } from '../resolution/entity-link.repository';
import type { EntityLinkType } from '../resolution/entity-link.types';
import { createReviewLoaders } from '../review/review.resolver';
import type { ReviewEvent, ReviewSubject } from '../review/review-event.entity';
import { createFactsLoader } from '../health/health.resolver';
import type { FirmFacts } from '../health/facts';
import { createWarningByFingerprintLoader, createWarningHistoryLoader } from '../warnings/warning.repository';
import type { WarningType } from '../warnings/warning.types';
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
    entityLinks: DataLoader<string, EntityLinkType[]>;
    mergedInto: DataLoader<string, EntityLinkType | null>;
    reviews: Record<ReviewSubject, DataLoader<string, ReviewEvent[]>>;
    facts: DataLoader<string, FirmFacts | null>;
    warningHistory: DataLoader<string, WarningType[]>;
    warningByFingerprint: DataLoader<string, WarningType | null>;
  };
  /** The verified caller (null until authentication sets it, or for an anonymous request). */
  principal: Principal | null;
  /** The request's id (written to the audit log). */
  requestId: string;
  /** What this request does with firms' data, written to core.audit_log when the response is sent. */
  audit: AuditCollector;
  /** Who makes the request, as it says (the X-Actor header); reviews require it. */
  actor: string | null;
  /** Upstream calls made for this request (listed in the debug extensions). */
  calls: CallRecord[];
  /** Per firm, the sources this request asked for. */
  requested: Map<string, Map<SourceName, Promise<SourceStatus>>>;
  /** The source's status for one firm, recorded for `Borrower.sources`. */
  sourceStatus(source: SourceName, uscc: string): Promise<SourceStatus>;
}

export function createContext(
  db: Database,
  connectors: Connectors,
  deadlineMs: number,
  actor: string | null = null,
  principal: Principal | null = null,
  requestId: string = randomUUID(),
): Context {
  const deadline: Deadline = { at: Date.now() + deadlineMs, signal: AbortSignal.timeout(deadlineMs) };
  const calls: CallRecord[] = [];
  const loaders = { ...createSourceLoaders(connectors, { deadline, onCall: (c) => calls.push(c) }), firm: createFirmLoader(db), provenance: createProvenanceLoader(db), findings: createFindingsLoader(db), liveFindings: createLiveFindingsLoader(db), completeness: createCompletenessLoader(db),
    entityLinks: createEntityLinksLoader(db), mergedInto: createMergedIntoLoader(db), reviews: createReviewLoaders(db),
    facts: createFactsLoader(db),
    warningHistory: createWarningHistoryLoader(db), warningByFingerprint: createWarningByFingerprintLoader(db) };
  const requested = new Map<string, Map<SourceName, Promise<SourceStatus>>>();
  return {
    db,
    deadline,
    loaders,
    principal,
    requestId,
    audit: new AuditCollector(),
    actor,
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
