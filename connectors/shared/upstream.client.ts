/**
 * The client of a source's upstream REST API (docs/upstream-protocol.md): batched look-ups by
 * USCC, validated at the boundary, behind cockatiel's bulkhead, circuit breaker, retry (with
 * backoff and jitter, honouring Retry-After) and per-attempt timeout. Nothing outlives the
 * GraphQL request's deadline: every attempt runs under the deadline's AbortSignal, and a retry
 * that could not finish in time is not tried.
 */
import {
  BrokenCircuitError,
  BulkheadRejectedError,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  TaskCancelledError,
  TimeoutStrategy,
  bulkhead,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  wrap,
  type IBackoff,
  type IBackoffFactory,
  type IRetryBackoffContext,
} from 'cockatiel';
import { z } from 'zod';
import type { Deadline } from '../../src/lib/deadline';
import type { SourceName } from './source-name';
import { ConnectorMetrics, type CallRecord } from './metrics';

export type UpstreamErrorCode = 'UPSTREAM_UNAVAILABLE' | 'UPSTREAM_TIMEOUT' | 'UPSTREAM_BAD_DATA';

export class UpstreamError extends Error {
  override name = 'UpstreamError';
  constructor(
    readonly code: UpstreamErrorCode,
    readonly source: SourceName,
    message: string,
    /** Worth another attempt (5xx, 429, a connection refused, one attempt's timeout). */
    readonly retryable = false,
    /** From a 429's Retry-After. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export interface UpstreamSettings {
  baseUrl: string;
  token: string;
  /** One attempt's timeout. */
  timeoutMs: number;
  /** Retries after the first attempt. */
  retries: number;
  /** Keys per batch call (the upstream's limit). */
  maxBatch: number;
  /** Calls in flight at once (bulkhead); more wait in a queue of the same size. */
  concurrency: number;
  /** Consecutive failed calls that open the breaker. */
  breakerThreshold: number;
  /** How long the breaker stays open before one trial call. */
  breakerHalfOpenMs: number;
}

export interface UpstreamDeps {
  fetch: typeof fetch;
  metrics: ConnectorMetrics;
}

/** What a batch returns per key: the profile, null (the upstream does not know the firm) or an error. */
export type KeyResult<P> = { uscc: string; asOf: string | null; value: P | null } | UpstreamError;

const envelope = z.object({
  profiles: z.array(
    z.object({
      uscc: z.string(),
      asOf: z.string().nullable().optional(),
      data: z.record(z.string(), z.unknown()),
      nextPageTokens: z.record(z.string(), z.string().nullable()).optional(),
    }),
  ),
  notFound: z.array(z.string()).default([]),
});
const pageEnvelope = z.object({ items: z.array(z.unknown()), nextPageToken: z.string().nullable() });

/** A long list is followed to its end, but never past this many pages (a runaway upstream). */
const MAX_PAGES = 50;

/** Uses a 429's Retry-After when it has one, else exponential backoff with decorrelated jitter. */
class RetryAfterBackoff implements IBackoffFactory<IRetryBackoffContext<unknown>> {
  constructor(private readonly inner: IBackoffFactory<unknown>) {}
  next(ctx: IRetryBackoffContext<unknown>): IBackoff<IRetryBackoffContext<unknown>> {
    const innerNext = this.inner.next(ctx);
    const err = 'error' in ctx.result ? ctx.result.error : undefined;
    const retryAfter = err instanceof UpstreamError ? err.retryAfterMs : undefined;
    return { duration: retryAfter ?? innerNext.duration, next: (c) => new RetryAfterBackoff(innerNext).next(c) };
  }
}

const MIN_ATTEMPT_MS = 50;
const MAX_BACKOFF_MS = 400;

export interface UpstreamClient<P> {
  /** `onCall` hears of every call (a request's debug extensions list them). */
  batchGet(usccs: readonly string[], deadline: Deadline, onCall?: (call: CallRecord) => void): Promise<KeyResult<P>[]>;
  breakerState(): CircuitState;
}

export function createUpstreamClient<P>(
  source: SourceName,
  resource: string,
  settings: UpstreamSettings,
  profileSchema: z.ZodType<P>,
  deps: UpstreamDeps,
): UpstreamClient<P> {
  const breaker = circuitBreaker(
    handleWhen((e) => e instanceof UpstreamError && e.code !== 'UPSTREAM_BAD_DATA'),
    {
      halfOpenAfter: settings.breakerHalfOpenMs,
      breaker: new ConsecutiveBreaker(settings.breakerThreshold),
    },
  );
  const stateName = {
    [CircuitState.Closed]: 'CLOSED',
    [CircuitState.Open]: 'OPEN',
    [CircuitState.HalfOpen]: 'HALF_OPEN',
    [CircuitState.Isolated]: 'ISOLATED',
  } as const;
  deps.metrics.breakerState = 'CLOSED';
  breaker.onStateChange((s) => (deps.metrics.breakerState = stateName[s]));
  const policy = wrap(
    bulkhead(settings.concurrency, settings.concurrency),
    retry(
      handleWhen((e) => e instanceof UpstreamError && e.retryable),
      {
        maxAttempts: settings.retries,
        backoff: new RetryAfterBackoff(new ExponentialBackoff({ initialDelay: 25, maxDelay: MAX_BACKOFF_MS })),
      },
    ),
    breaker,
    timeout(settings.timeoutMs, TimeoutStrategy.Cooperative),
  );
  const base = `${settings.baseUrl.replace(/\/$/, '')}/v1/${resource}/profiles`;
  const url = `${base}:batchGet`;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${settings.token}` };

  async function attempt(usccs: readonly string[], signal: AbortSignal, deadline: Deadline): Promise<KeyResult<P>[]> {
    const fail = (code: UpstreamErrorCode, message: string, retryable = false, retryAfterMs?: number) => {
      // A retry is worth it only if its wait and a short attempt still fit before the deadline.
      const left = deadline.at - Date.now();
      const fits = left > (retryAfterMs ?? MAX_BACKOFF_MS) + MIN_ATTEMPT_MS;
      return new UpstreamError(code, source, message, retryable && fits, retryAfterMs);
    };
    let res: Response;
    try {
      res = await deps.fetch(url, { method: 'POST', headers, body: JSON.stringify({ usccs }), signal });
    } catch (err) {
      if (deadline.signal.aborted)
        throw fail('UPSTREAM_TIMEOUT', `${source} upstream did not answer before the request's deadline`);
      if (signal.aborted)
        throw fail('UPSTREAM_TIMEOUT', `${source} upstream did not answer within ${settings.timeoutMs} ms`, true);
      throw fail('UPSTREAM_UNAVAILABLE', `${source} upstream unreachable: ${(err as Error).message}`, true);
    }
    let text: string;
    try {
      text = await res.text();
    } catch {
      if (deadline.signal.aborted)
        throw fail('UPSTREAM_TIMEOUT', `${source} upstream did not finish its answer before the request's deadline`);
      throw fail(
        'UPSTREAM_TIMEOUT',
        `${source} upstream did not finish its answer within ${settings.timeoutMs} ms`,
        true,
      );
    }
    if (res.status === 429) {
      const seconds = Number(res.headers.get('retry-after'));
      const retryAfterMs = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
      throw fail(
        'UPSTREAM_UNAVAILABLE',
        `${source} upstream is rate-limiting (429, Retry-After ${res.headers.get('retry-after') ?? 'absent'})`,
        true,
        retryAfterMs,
      );
    }
    if (res.status >= 500)
      throw fail('UPSTREAM_UNAVAILABLE', `${source} upstream failed with HTTP ${res.status}`, true);
    if (res.status === 401 || res.status === 403)
      throw fail('UPSTREAM_UNAVAILABLE', `${source} upstream refused our credentials (HTTP ${res.status})`);
    if (res.status !== 200)
      throw fail(
        'UPSTREAM_BAD_DATA',
        `${source} upstream rejected the request with HTTP ${res.status}: ${text.slice(0, 200)}`,
      );

    let body: z.infer<typeof envelope>;
    try {
      body = envelope.parse(JSON.parse(text));
    } catch {
      throw fail('UPSTREAM_BAD_DATA', `${source} upstream sent a body that is not a batchGet response`);
    }
    // Lists longer than a page: follow their tokens so the mirror gets the whole list.
    for (const p of body.profiles) {
      for (const [list, first] of Object.entries(p.nextPageTokens ?? {})) {
        let token = first;
        for (let n = 0; token && n < MAX_PAGES; n++) {
          const pageUrl = `${base}/${encodeURIComponent(p.uscc)}/${encodeURIComponent(list)}?pageToken=${encodeURIComponent(token)}`;
          let page: z.infer<typeof pageEnvelope>;
          try {
            const r = await deps.fetch(pageUrl, { headers, signal });
            if (!r.ok)
              throw fail(
                r.status >= 500 || r.status === 429 ? 'UPSTREAM_UNAVAILABLE' : 'UPSTREAM_BAD_DATA',
                `${source} upstream failed a page of ${list} for ${p.uscc} with HTTP ${r.status}`,
                r.status >= 500,
              );
            page = pageEnvelope.parse(await r.json());
          } catch (err) {
            if (err instanceof UpstreamError) throw err;
            if (signal.aborted)
              throw fail(
                'UPSTREAM_TIMEOUT',
                `${source} upstream did not finish the pages of ${list} in time`,
                !deadline.signal.aborted,
              );
            throw fail('UPSTREAM_BAD_DATA', `${source} upstream sent a bad page of ${list} for ${p.uscc}`);
          }
          const items = p.data[list];
          if (Array.isArray(items)) items.push(...page.items);
          token = page.nextPageToken;
        }
      }
    }
    const profiles = new Map(body.profiles.map((p) => [p.uscc, p]));
    const notFound = new Set(body.notFound);
    return usccs.map((uscc): KeyResult<P> => {
      const p = profiles.get(uscc);
      if (p) {
        const parsed = profileSchema.safeParse(p.data);
        if (parsed.success) return { uscc, asOf: p.asOf ?? null, value: parsed.data };
        const issue = parsed.error.issues[0];
        return fail(
          'UPSTREAM_BAD_DATA',
          `${source} upstream sent an invalid profile for ${uscc}: ${issue.path.join('.')}: ${issue.message}`,
        );
      }
      if (notFound.has(uscc)) return { uscc, asOf: null, value: null };
      return fail('UPSTREAM_BAD_DATA', `${source} upstream's answer omitted ${uscc}`);
    });
  }

  async function call(
    usccs: readonly string[],
    deadline: Deadline,
    onCall?: (call: CallRecord) => void,
  ): Promise<KeyResult<P>[]> {
    const started = Date.now();
    let attempts = 0;
    let outcome = 'OK';
    try {
      return await policy.execute(({ signal }) => {
        attempts++;
        return attempt(usccs, signal, deadline);
      }, deadline.signal);
    } catch (err) {
      const e = toUpstreamError(err, source, deadline);
      outcome = e.code;
      return usccs.map(() => e);
    } finally {
      const record = { source, keys: usccs.length, latencyMs: Date.now() - started, outcome, attempts };
      deps.metrics.record(record);
      onCall?.(record);
    }
  }

  return {
    async batchGet(usccs, deadline, onCall) {
      const chunks: string[][] = [];
      for (let i = 0; i < usccs.length; i += settings.maxBatch) chunks.push(usccs.slice(i, i + settings.maxBatch));
      return (await Promise.all(chunks.map((c) => call(c, deadline, onCall)))).flat();
    },
    breakerState: () => breaker.state,
  };
}

function toUpstreamError(err: unknown, source: SourceName, deadline: Deadline): UpstreamError {
  if (err instanceof UpstreamError) return err;
  if (err instanceof BrokenCircuitError)
    return new UpstreamError(
      'UPSTREAM_UNAVAILABLE',
      source,
      `${source} upstream is failing; its circuit breaker is open`,
    );
  if (err instanceof BulkheadRejectedError)
    return new UpstreamError('UPSTREAM_UNAVAILABLE', source, `${source} upstream has too many calls in flight`);
  if (err instanceof TaskCancelledError || deadline.signal.aborted) {
    return new UpstreamError(
      'UPSTREAM_TIMEOUT',
      source,
      `${source} upstream did not answer before the request's deadline`,
    );
  }
  return new UpstreamError('UPSTREAM_UNAVAILABLE', source, `${source} upstream call failed: ${(err as Error).message}`);
}
