/**
 * What one request did with firms' data, collected while it runs and turned into audit rows when
 * the response is sent (`audit.plugin.ts`): which firms it touched, which sources it asked for
 * (`ctx.requested`), which sensitive fields it read (masked or in full), and, from the
 * response's errors, whether it was refused or failed. Whether the caller got the response at
 * all is decided later, on the HTTP response's `finish` or `close` (`audit.delivery.ts`).
 */
import type { GraphQLFormattedError } from 'graphql';
import type { Principal } from '../auth/principal';
import type { SourceName } from '../../connectors/shared/connector';
import { ErrorCode } from '../errors';

export enum AuditOutcome {
  OK = 'OK',
  DENIED = 'DENIED',
  ERROR = 'ERROR',
  /** The response was not written whole: the client went away or the server closed the connection. */
  ABORTED = 'ABORTED',
}

/** Error codes that mean the request was refused (not failed): the row's outcome is DENIED. */
export const DENIED_CODES: ReadonlySet<string> = new Set(['FORBIDDEN', 'CONSENT_REQUIRED', 'UNAUTHENTICATED']);

/** One row of core.audit_log, as the writer inserts it. */
export interface AuditRow {
  at: Date;
  requestId: string;
  subject: string | null;
  tenant: string | null;
  role: string | null;
  purpose: string | null;
  operationName: string | null;
  uscc: string;
  sources: string[];
  sensitiveFields: string[];
  unmaskedFields: string[];
  outcome: AuditOutcome;
  errorCode: string | null;
  clientIp: string | null;
}

interface FirmTrace {
  sensitive: Set<string>;
  unmasked: Set<string>;
}

export class AuditCollector {
  readonly startedAt = new Date();
  clientIp: string | null = null;
  private readonly firms = new Map<string, FirmTrace>();
  /** Response path of each Borrower object (or of a field that looked one up) -> its USCC. */
  private readonly paths = new Map<string, string>();

  /** A firm's data was returned (a Borrower object resolved), at `path` in the response. */
  firm(uscc: string, path?: string): void {
    this.trace(uscc);
    if (path !== undefined) this.paths.set(path, uscc);
  }

  /** A field at `path` looks up this firm (refusals at that path are the firm's even if nothing came back). */
  lookup(uscc: string, path: string): void {
    this.paths.set(path, uscc);
  }

  /** A sensitive field of the firm was read: `field` is `Type.field`; `full` when shown unmasked. */
  sensitive(uscc: string, field: string, full: boolean): void {
    const t = this.trace(uscc);
    t.sensitive.add(field);
    if (full) t.unmasked.add(field);
  }

  private trace(uscc: string): FirmTrace {
    let t = this.firms.get(uscc);
    if (!t) this.firms.set(uscc, (t = { sensitive: new Set(), unmasked: new Set() }));
    return t;
  }

  /** The USCC whose Borrower (or look-up) is the longest prefix of an error's path. */
  private firmOfPath(path: ReadonlyArray<string | number>): string | null {
    for (let n = path.length; n > 0; n--) {
      const uscc = this.paths.get(path.slice(0, n).join('.'));
      if (uscc) return uscc;
    }
    return null;
  }

  /** One row per firm the request touched (none when it touched no firm). */
  rows(input: {
    principal: Principal | null;
    requestId: string;
    operationName: string | null;
    requested: ReadonlyMap<string, ReadonlyMap<SourceName, unknown>>;
    errors: readonly GraphQLFormattedError[] | undefined;
  }): AuditRow[] {
    const sources = new Map<string, Set<string>>();
    const outcome = new Map<string, { outcome: AuditOutcome; code: string | null }>();
    for (const [uscc, perFirm] of input.requested) {
      this.trace(uscc);
      sources.set(uscc, new Set(perFirm.keys()));
    }
    const codeOf = (e: GraphQLFormattedError) =>
      typeof e.extensions?.code === 'string' ? e.extensions.code : 'INTERNAL_SERVER_ERROR';
    const kindOf = (code: string) => (DENIED_CODES.has(code) ? AuditOutcome.DENIED : AuditOutcome.ERROR);
    /** The response's first error that is no firm's (no path, or a path under no firm). */
    let unattributed: string | null = null;
    for (const e of input.errors ?? []) {
      const uscc = e.path ? this.firmOfPath(e.path) : null;
      const code = codeOf(e);
      if (!uscc) {
        unattributed ??= code;
        continue;
      }
      this.trace(uscc);
      if (typeof e.extensions?.source === 'string') {
        if (!sources.has(uscc)) sources.set(uscc, new Set());
        sources.get(uscc)!.add(e.extensions.source);
      }
      const kind = kindOf(code);
      const before = outcome.get(uscc);
      // DENIED wins over ERROR; the first error of the stronger kind names the code.
      if (!before || (before.outcome === AuditOutcome.ERROR && kind === AuditOutcome.DENIED))
        outcome.set(uscc, { outcome: kind, code });
    }
    // A response that carried an error is not a clean answer about any firm in it: a firm without
    // an error of its own takes the response's first other error (e.g. a BAD_USER_INPUT or a
    // DEADLINE_EXCEEDED on a field outside every Borrower), never OK.
    if (unattributed !== null) {
      for (const uscc of this.firms.keys())
        if (!outcome.has(uscc)) outcome.set(uscc, { outcome: kindOf(unattributed), code: unattributed });
    }
    const p = input.principal;
    return [...this.firms].map(([uscc, t]) => ({
      at: this.startedAt,
      requestId: input.requestId,
      subject: p?.subject ?? null,
      tenant: p?.tenant ?? null,
      role: p?.role ?? null,
      purpose: p?.purpose ?? null,
      operationName: input.operationName,
      uscc,
      sources: [...(sources.get(uscc) ?? [])].sort(),
      sensitiveFields: [...t.sensitive].sort(),
      unmaskedFields: [...t.unmasked].sort(),
      outcome: outcome.get(uscc)?.outcome ?? AuditOutcome.OK,
      errorCode: outcome.get(uscc)?.code ?? null,
      clientIp: this.clientIp,
    }));
  }
}

/** `rows` as the caller got them when the response was not written whole: ABORTED, code ABORTED. */
export function aborted(rows: readonly AuditRow[]): AuditRow[] {
  return rows.map((r) => ({ ...r, outcome: AuditOutcome.ABORTED, errorCode: ErrorCode.ABORTED }));
}
