/**
 * The per-request GraphQL context: fresh DataLoaders for every request (no cross-request
 * caching), the request's deadline, and the status of every source the request touched.
 */
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type DataLoader from 'dataloader';
import { AuditCollector } from '../audit/audit.collector';
import type { Database } from '../db/database';
import { createSourceLoaders, LOADERS_OF, type Connectors, type SourceLoaders } from '../connectors';
import { createFirmLoader } from '../firm/firm.repository';
import type { Firm } from '../firm/firm.entity';
import { createProvenanceLoader, type ProvenanceKey } from '../provenance/provenance.repository';
import type { SourceSync } from '../provenance/source-sync.entity';
import {
  createCompletenessLoader,
  createFindingsLoader,
  createLiveFindingsLoader,
} from '../quality/data-quality.resolver';
import type { LiveFinding } from '../quality/live-findings.service';
import type { SourceCompleteness } from '../quality/completeness.service';
import type { QualityFinding } from '../quality/finding.entity';
import { createEntityLinksLoader, createMergedIntoLoader } from '../resolution/entity-link.repository';
import type { EntityLinkType } from '../resolution/entity-link.types';
import { createReviewLoaders } from '../review/review.resolver';
import type { ReviewEvent, ReviewSubject } from '../review/review-event.entity';
import { createFactsLoader, createFactsOnLoader } from '../health/health.resolver';
import {
  createLatestSnapshotLoader,
  createSnapshotDetailsLoader,
  createSnapshotHistoryLoader,
  createSnapshotOnLoader,
  type HealthDetail,
  type LatestSnapshot,
  type ServedHealth,
} from '../rescore/snapshot.repository';
import type { FirmFacts } from '../health/facts';
import { createWarningByFingerprintLoader, createWarningHistoryLoader } from '../warnings/warning.repository';
import type { WarningType } from '../warnings/warning.types';
import { createReconsiderationsLoader } from '../approval/approval.resolver';
import type { ApprovalReconsideration } from '../approval/reconsideration.entity';
import type { SourceName, SourceStatus } from '../../connectors/shared/connector';
import type { CallRecord } from '../../connectors/shared/metrics';
import type { Deadline } from '../../connectors/shared/upstream.client';
import type { Principal } from '../auth/principal';
import { createConsentLoader, type FirmConsents } from '../consent/consent.repository';

export interface Context {
  db: Database;
  deadline: Deadline;
  loaders: SourceLoaders & {
    firm: DataLoader<string, Firm | null>;
    provenance: DataLoader<ProvenanceKey, SourceSync | null, string>;
    findings: DataLoader<string, QualityFinding[]>;
    liveFindings: DataLoader<string, LiveFinding[]>;
    completeness: DataLoader<string, SourceCompleteness[]>;
    entityLinks: DataLoader<string, EntityLinkType[]>;
    mergedInto: DataLoader<string, EntityLinkType | null>;
    reviews: Record<ReviewSubject, DataLoader<string, ReviewEvent[]>>;
    facts: DataLoader<string, FirmFacts | null>;
    factsOn: DataLoader<{ uscc: string; date: string }, FirmFacts | null, string>;
    latestSnapshot: DataLoader<string, LatestSnapshot | null>;
    snapshotOn: DataLoader<{ uscc: string; date: string }, ServedHealth | null, string>;
    snapshotHistory: DataLoader<{ uscc: string; from: string; to: string }, ServedHealth[], string>;
    snapshotDetails: DataLoader<string, HealthDetail | null>;
    warningHistory: DataLoader<string, WarningType[]>;
    warningByFingerprint: DataLoader<string, WarningType | null>;
    reconsiderations: DataLoader<string, ApprovalReconsideration[]>;
    /** The principal's consents per firm (partners), read fresh each request. */
    consents: DataLoader<string, FirmConsents>;
  };
  /** Who makes the request: the verified bearer token's claims (null only outside the HTTP server). */
  principal: Principal | null;
  /** The request's id (the `x-request-id` it came with, or a new one; see src/ops/http.ts): for logs and audit rows. */
  requestId: string;
  /** What this request does with firms' data, written to core.audit_log when the response is sent. */
  audit: AuditCollector;
  /** Upstream calls made for this request (listed in the debug extensions). */
  calls: CallRecord[];
  /** Per firm, the sources this request asked for. */
  requested: Map<string, Map<SourceName, Promise<SourceStatus>>>;
  /**
   * Per firm, work that decides whether sources will be asked for (a score read from a snapshot
   * asks for none; a live one asks for all): `Borrower.sources` waits for it before reporting.
   */
  sourceDecisions: Map<string, Promise<unknown>[]>;
  /** The source's status for one firm, recorded for `Borrower.sources`. */
  sourceStatus(source: SourceName, uscc: string): Promise<SourceStatus>;
}

export function createContext(
  db: Database,
  connectors: Connectors,
  deadlineMs: number,
  principal: Principal | null = null,
  requestId: string = randomUUID(),
  /** The request's time, for judging consents' dates (a server's `clock`; tests pin it). */
  now: Date = new Date(),
): Context {
  const deadline: Deadline = { at: Date.now() + deadlineMs, signal: AbortSignal.timeout(deadlineMs) };
  // Every upstream call of the request (a page of firms: several per source, with retries) and the
  // database view listen on it; Node's warning at 10 listeners is about leaks, which these are not.
  setMaxListeners(200, deadline.signal);
  const calls: CallRecord[] = [];
  // The loaders read through the request's view of the database: a read still waiting for a
  // connection at the deadline is not sent (DEADLINE_EXCEEDED, its fields null); see Database.withDeadline.
  const reads = db.withDeadline(deadline, deadlineMs);
  const loaders = {
    ...createSourceLoaders(connectors, { deadline, db: reads, onCall: (c) => calls.push(c) }),
    firm: createFirmLoader(reads),
    provenance: createProvenanceLoader(reads),
    findings: createFindingsLoader(reads),
    liveFindings: createLiveFindingsLoader(reads),
    completeness: createCompletenessLoader(reads),
    entityLinks: createEntityLinksLoader(reads),
    mergedInto: createMergedIntoLoader(reads),
    reviews: createReviewLoaders(reads),
    facts: createFactsLoader(reads),
    factsOn: createFactsOnLoader(reads),
    latestSnapshot: createLatestSnapshotLoader(reads),
    snapshotOn: createSnapshotOnLoader(reads),
    snapshotHistory: createSnapshotHistoryLoader(reads),
    snapshotDetails: createSnapshotDetailsLoader(reads),
    warningHistory: createWarningHistoryLoader(reads),
    warningByFingerprint: createWarningByFingerprintLoader(reads),
    reconsiderations: createReconsiderationsLoader(reads),
    consents: createConsentLoader(reads, principal, now),
  };
  const requested = new Map<string, Map<SourceName, Promise<SourceStatus>>>();
  return {
    db,
    deadline,
    loaders,
    principal,
    requestId,
    audit: new AuditCollector(),
    calls,
    requested,
    sourceDecisions: new Map(),
    sourceStatus(source, uscc) {
      let perFirm = requested.get(uscc);
      if (!perFirm) requested.set(uscc, (perFirm = new Map()));
      let status = perFirm.get(source);
      if (!status) perFirm.set(source, (status = loaders[LOADERS_OF[source]].status.load(uscc)));
      return status;
    },
  };
}
