/**
 * Prometheus metrics (prom-client), one registry per server, served at `/metrics`:
 *
 * - `graphql_request_duration_seconds{operation,type}`: every GraphQL request's latency;
 *   `operation` is the operation name when it is a plain identifier and one of the first
 *   MAX_OPERATION_NAMES names seen (`__other` after that, `__anonymous` without one), so a
 *   client cannot blow up the label set;
 * - `graphql_errors_total{code}`: errors by public code (unknown codes count as `OTHER`),
 *   including requests refused before GraphQL (rate limit, body size, persisted-only);
 * - per connector, read from the connectors' own counters (connectors/shared/metrics.ts) at
 *   scrape time: `connector_calls_total`, `connector_errors_total{code}`,
 *   `connector_call_duration_seconds` and `connector_batch_keys` (histograms) and
 *   `connector_breaker_state{state}` (1 for the current state);
 * - the process's default metrics (CPU, memory, event loop lag) with prefix `process_`/`nodejs_`.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics, type Metric } from 'prom-client';
import { allConnectors, type Connectors } from '../connectors';
import { ErrorCode } from '../errors';
import type { Histogram as CountingHistogram, BreakerState } from '../../connectors/shared/metrics';

export const MAX_OPERATION_NAMES = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const BREAKER_STATES: BreakerState[] = ['CLOSED', 'OPEN', 'HALF_OPEN', 'ISOLATED', 'NONE'];
const KNOWN_CODES = new Set<string>([
  ...Object.values(ErrorCode),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  // Codes other parts of the platform add (authentication, consent) are kept once they exist.
  'FORBIDDEN',
  'CONSENT_REQUIRED',
]);

/** The code an error is counted under: a public error's code anywhere in the cause chain, else the outer code. */
export function errorCodeOf(error: unknown): string {
  let outer: string | undefined;
  for (let e = error, depth = 0; e && depth < 8; depth++) {
    const code = (e as { extensions?: { code?: unknown } }).extensions?.code;
    if (typeof code === 'string') {
      outer ??= code;
      if (code in ErrorCode && code !== ErrorCode.INTERNAL_SERVER_ERROR) return code;
    }
    e = (e as { originalError?: unknown }).originalError;
  }
  const code = outer ?? ErrorCode.INTERNAL_SERVER_ERROR;
  return KNOWN_CODES.has(code) ? code : 'OTHER';
}

/** A prom-client metric whose values are computed at scrape time (for the connectors' fixed-bucket histograms). */
function scrapedMetric(name: string, help: string, type: 'histogram', values: () => ScrapedValue[]): Metric {
  const metric = {
    name,
    help,
    type,
    aggregator: 'sum',
    collect() {},
    get: async () => ({ name, help, type, aggregator: 'sum', values: values() }),
    reset() {},
  };
  return metric as unknown as Metric;
}

type ScrapedValue = { labels: Record<string, string | number>; value: number; metricName: string };

function histogramValues(name: string, source: string, h: CountingHistogram, scale: number): ScrapedValue[] {
  return [
    ...h.buckets.map((b, i) => ({
      labels: { source, le: b * scale },
      value: h.counts[i],
      metricName: `${name}_bucket`,
    })),
    { labels: { source, le: '+Inf' }, value: h.count, metricName: `${name}_bucket` },
    { labels: { source }, value: h.sum * scale, metricName: `${name}_sum` },
    { labels: { source }, value: h.count, metricName: `${name}_count` },
  ];
}

export class ServerMetrics {
  readonly registry = new Registry();
  private readonly operations = new Set<string>();
  readonly requestDuration: Histogram<'operation' | 'type'>;
  readonly errors: Counter<'code'>;

  constructor(connectors: Connectors) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requestDuration = new Histogram({
      name: 'graphql_request_duration_seconds',
      help: 'GraphQL request latency by operation name (bounded) and type',
      labelNames: ['operation', 'type'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.errors = new Counter({
      name: 'graphql_errors_total',
      help: 'Errors returned to clients, by code',
      labelNames: ['code'],
      registers,
    });
    const list = () => allConnectors(connectors);
    new Counter({
      name: 'connector_calls_total',
      help: 'Upstream calls per source connector',
      labelNames: ['source', 'adapter'],
      registers,
      collect() {
        this.reset();
        for (const c of list()) this.inc({ source: c.source, adapter: c.adapter }, c.metrics.calls);
      },
    });
    new Counter({
      name: 'connector_errors_total',
      help: 'Failed upstream calls per source connector, by error code',
      labelNames: ['source', 'code'],
      registers,
      collect() {
        this.reset();
        for (const c of list())
          for (const [code, n] of Object.entries(c.metrics.errors)) this.inc({ source: c.source, code }, n);
      },
    });
    new Gauge({
      name: 'connector_breaker_state',
      help: 'Circuit breaker state per source connector (1 for the current state; NONE: no upstream)',
      labelNames: ['source', 'state'],
      registers,
      collect() {
        this.reset();
        for (const c of list())
          for (const s of BREAKER_STATES)
            this.set({ source: c.source, state: s }, c.metrics.breakerState === s ? 1 : 0);
      },
    });
    this.registry.registerMetric(
      scrapedMetric('connector_call_duration_seconds', 'Upstream call latency per source connector', 'histogram', () =>
        list().flatMap((c) =>
          histogramValues('connector_call_duration_seconds', c.source, c.metrics.latency, 1 / 1000),
        ),
      ),
    );
    this.registry.registerMetric(
      scrapedMetric(
        'connector_batch_keys',
        'Keys (firms) per upstream batch call per source connector',
        'histogram',
        () => list().flatMap((c) => histogramValues('connector_batch_keys', c.source, c.metrics.keysPerBatch, 1)),
      ),
    );
  }

  /** The `operation` label: bounded to MAX_OPERATION_NAMES distinct plain names. */
  operationLabel(name: string | null | undefined): string {
    if (!name) return '__anonymous';
    if (!OPERATION_NAME.test(name)) return '__other';
    if (this.operations.has(name)) return name;
    if (this.operations.size >= MAX_OPERATION_NAMES) return '__other';
    this.operations.add(name);
    return name;
  }

  countError(code: string): void {
    this.errors.inc({ code: KNOWN_CODES.has(code) ? code : 'OTHER' });
  }

  /** Times every GraphQL request and counts its errors. */
  plugin(): ApolloServerPlugin {
    return {
      requestDidStart: async () => {
        const started = process.hrtime.bigint();
        return {
          didEncounterErrors: async ({ errors }) => {
            for (const e of errors) this.countError(errorCodeOf(e));
          },
          willSendResponse: async ({ operation, operationName, request }) => {
            const seconds = Number(process.hrtime.bigint() - started) / 1e9;
            this.requestDuration.observe(
              {
                operation: this.operationLabel(operationName ?? request.operationName),
                type: operation?.operation ?? 'unknown',
              },
              seconds,
            );
          },
        };
      },
    };
  }
}
