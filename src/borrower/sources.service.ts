/**
 * Partial results: each sub-object asks its source's status first. A failed source nulls only
 * its own sub-object and adds one error naming the source (`extensions.source`); a STALE one is
 * served from the mirror's older copy without an error. `Borrower.sources` reports every source
 * (./source-report.ts).
 */
import { DeadlineExceededError, ErrorCode, PublicError } from '../errors';
import type { Context } from '../graphql/context';
import type { SourceName, SourceStatus } from '../../connectors/shared/connector';
import { authorize } from '../auth/authorize.service';

function upstreamError(s: SourceStatus): PublicError {
  // The request's deadline cut the source's own read: DEADLINE_EXCEEDED, as for any other cut read.
  if (s.error instanceof DeadlineExceededError)
    return new PublicError(s.error.code, s.error.message, { extensions: { ...s.error.extensions, source: s.source } });
  const code = s.error ? ErrorCode[s.error.code] : ErrorCode.UPSTREAM_UNAVAILABLE;
  return new PublicError(code, s.error?.message ?? `${s.source} is unavailable`, { extensions: { source: s.source } });
}

/**
 * The source's status for a sub-object; every per-source sub-object calls it first. Throws when
 * the principal may not see the source (FORBIDDEN, CONSENT_REQUIRED: src/auth/authorize.service.ts),
 * or the source's error when it has nothing to serve.
 */
export async function requireSource(ctx: Context, source: SourceName, uscc: string): Promise<SourceStatus> {
  await authorize(ctx, uscc, source);
  const s = await ctx.sourceStatus(source, uscc);
  if (s.status === 'UNAVAILABLE' || s.status === 'TIMEOUT') throw upstreamError(s);
  return s;
}

/** Provenance of a sub-object, read once the source's data is in place. */
export async function provenanceOf(ctx: Context, source: SourceName, uscc: string) {
  await ctx.sourceStatus(source, uscc);
  return ctx.loaders.provenance.load({ uscc, source });
}
