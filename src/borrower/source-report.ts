/**
 * `Borrower.sources`: how every source fared for a profile (its status in this response, when its
 * data was fetched, how long it took), and the GraphQL enum of the sources' names.
 */
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DeadlineExceededError } from '../errors';
import type { Context } from '../graphql/context';
import { DateTimeScalar } from '../graphql/scalars';
import type { SourceName } from '../../connectors/shared/connector';
import { SOURCE_NAMES } from '../../connectors/sources';

/** The GraphQL enum of the sources' names (connectors/sources.ts), in the list's order. */
export const Source = Object.fromEntries(SOURCE_NAMES.map((n) => [n, n])) as { readonly [K in SourceName]: K };
export type Source = SourceName;
registerEnumType(Source, { name: 'Source' });

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
    SOURCE_NAMES.map(async (source): Promise<SourceReport> => {
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
