/**
 * The per-request GraphQL context: fresh DataLoaders for every request (no cross-request
 * caching), the request's deadline, and the status of every source the request touched.
 *
 * This module imports no feature. A feature adds its loaders in its own `<feature>.loaders.ts`:
 * it declares their types by augmenting `RequestLoaders` and builds them with `registerLoaders`;
 * src/graphql/loaders.ts lists the registrations (and fails to compile if one is missing).
 */
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { AuditCollector } from '../audit/audit.collector';
import type { Database } from '../db/database';
import type { Deadline } from '../lib/deadline';
import type { Principal } from '../auth/principal';
import type { SourceName, SourceStatus } from '../../connectors/shared/connector';
import type { SourceLoaderMap } from '../../connectors/shared/source';
import type { CallRecord } from '../../connectors/shared/metrics';

/**
 * Every request's loaders, by name. Only the sources' are named here (src/connectors.ts registers
 * them); each feature declares its own, e.g.
 * `declare module '../graphql/context' { interface RequestLoaders { firm: DataLoader<string, Firm | null> } }`.
 */
export interface RequestLoaders {
  /** Every source's loaders, by source name, each with the firm's status for it. */
  sources: SourceLoaderMap;
}

/** What a feature's loaders are built from, once per request. */
export interface LoaderScope {
  /** The request's view of the database: a read still waiting for a connection at the deadline is not sent. */
  reads: Database;
  deadline: Deadline;
  principal: Principal | null;
  /** The request's time (a server's `clock`; tests pin it). */
  now: Date;
  /** Hears of every upstream call the request makes (listed in the debug extensions). */
  onCall(call: CallRecord): void;
}

/** A feature's contribution to every request's loaders. */
export type LoaderRegistration<K extends keyof RequestLoaders> = (scope: LoaderScope) => Pick<RequestLoaders, K>;

/** Any feature's registration, as the context runs it. */
export type AnyLoaderRegistration = (scope: LoaderScope) => Partial<RequestLoaders>;

/** Declares a feature's loaders (their names and types come from its `RequestLoaders` augmentation). */
export function registerLoaders<K extends keyof RequestLoaders>(
  build: (scope: LoaderScope) => Pick<RequestLoaders, K>,
): LoaderRegistration<K> {
  return build;
}

export interface Context {
  db: Database;
  deadline: Deadline;
  loaders: RequestLoaders;
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
  /** Every feature's loaders (src/graphql/loaders.ts), the source connectors' included. */
  registrations: readonly AnyLoaderRegistration[],
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
  const scope: LoaderScope = { reads, deadline, principal, now, onCall: (c) => calls.push(c) };
  const loaders = Object.assign({}, ...registrations.map((register) => register(scope))) as RequestLoaders;
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
      if (!status) perFirm.set(source, (status = loaders.sources[source].status.load(uscc)));
      return status;
    },
  };
}
