/**
 * Partial results: each sub-object asks its source's status first. A failed source nulls only
 * its own sub-object and adds one error naming the source (`extensions.source`); a STALE one is
 * served from the mirror's older copy without an error. `Borrower.sources` reports every source.
 */
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DeadlineExceededError, ErrorCode, PublicError } from '../errors';
import type { Context } from '../graphql/context';
import { DateTimeScalar } from '../graphql/scalars';
import type { SourceName, SourceStatus } from '../../connectors/shared/connector';
import { authorize } from '../auth/authorize.service';

/** The GraphQL enum of the connectors' `SourceName`s. */
export enum Source {
  BANK = 'BANK',
  TAX = 'TAX',
  REGISTRY = 'REGISTRY',
  SUPPLY_CHAIN = 'SUPPLY_CHAIN',
  JUDICIAL = 'JUDICIAL',
  ALT_DATA = 'ALT_DATA',
}
registerEnumType(Source, { name: 'Source' });

export const SOURCES: SourceName[] = Object.values(Source);

export enum SourceState {
  OK = 'OK',
  STALE = 'STALE',
  UNAVAILABLE = 'UNAVAILABLE',
  TIMEOUT = 'TIMEOUT',
  NOT_REQUESTED = 'NOT_REQUESTED',
}
registerEnumType(SourceState, {
  name: 'SourceState',
  valuesConfig: {
    STALE: { description: 'The upstream failed; an older copy from the mirror is served.' },
    NOT_REQUESTED: { description: 'The query did not ask for this source.' },
  },
});

@ObjectType({ simpleResolvers: true, description: 'How one source fared for this profile.' })
export class SourceReport {
  @Field(() => Source)
  source: Source;
  @Field(() => SourceState)
  status: SourceState;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the data served was fetched or loaded.' })
  fetchedAt: Date | null;
  @Field(() => Int, { description: "Time spent getting this source's status in this request (the whole batch)." })
  latencyMs: number;
  @Field(() => String, { nullable: true, description: 'The error code when the source failed (also for STALE).' })
  errorCode: string | null;
}

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

/** Reports every source; those the query asked for are awaited (sibling fields start them). */
export async function sourceReports(ctx: Context, uscc: string): Promise<SourceReport[]> {
  // Sibling fields are all started before any promise settles: one turn later every
  // sub-object of this borrower has registered its source.
  await new Promise((resolve) => setImmediate(resolve));
  // A field still deciding whether it needs the sources (the score: snapshot or live) is waited for.
  const deciding = ctx.sourceDecisions.get(uscc);
  if (deciding?.length) {
    await Promise.allSettled(deciding);
    await new Promise((resolve) => setImmediate(resolve));
  }
  const asked = ctx.requested.get(uscc);
  return Promise.all(
    SOURCES.map(async (source): Promise<SourceReport> => {
      const pending = asked?.get(source);
      if (!pending)
        return {
          source: source as Source,
          status: SourceState.NOT_REQUESTED,
          fetchedAt: null,
          latencyMs: 0,
          errorCode: null,
        };
      const s = await pending;
      let fetchedAt = s.fetchedAt;
      if (!fetchedAt) {
        try {
          fetchedAt = (await ctx.loaders.provenance.load({ uscc, source }))?.fetchedAt ?? null;
        } catch (err) {
          // The deadline cut this report's read: the source could not be reported in time (and its
          // other reads from now on are cut too), so it is a TIMEOUT, not an unexpected error.
          if (!(err instanceof DeadlineExceededError)) throw err;
          const failed = s.status !== 'OK';
          return {
            source: source as Source,
            status: failed ? (s.status as SourceState) : SourceState.TIMEOUT,
            fetchedAt: null,
            latencyMs: s.latencyMs,
            errorCode: failed ? (s.error?.code ?? null) : err.code,
          };
        }
      }
      return {
        source: source as Source,
        status: s.status as SourceState,
        fetchedAt,
        latencyMs: s.latencyMs,
        errorCode: s.error?.code ?? null,
      };
    }),
  );
}
