/**
 * Per-connector instrumentation: calls, keys per batch, latency, errors by code and breaker
 * state. Kept as plain counters and fixed-bucket histograms so a later /metrics endpoint can
 * export them as they are (Prometheus-style cumulative buckets).
 */
import type { SourceName } from './source-name';

export const LATENCY_BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000];
export const BATCH_BUCKETS = [1, 5, 10, 25, 50, 100, 250];

export class Histogram {
  readonly counts: number[];
  sum = 0;
  count = 0;
  constructor(readonly buckets: number[]) {
    this.counts = buckets.map(() => 0);
  }
  observe(v: number): void {
    this.sum += v;
    this.count++;
    this.buckets.forEach((b, i) => {
      if (v <= b) this.counts[i]++;
    });
  }
}

export type BreakerState = 'CLOSED' | 'OPEN' | 'HALF_OPEN' | 'ISOLATED' | 'NONE';

export interface CallRecord {
  source: SourceName;
  keys: number;
  latencyMs: number;
  /** `OK` or the error code of the call. */
  outcome: string;
  attempts: number;
}

export class ConnectorMetrics {
  calls = 0;
  readonly errors: Record<string, number> = {};
  readonly latency = new Histogram(LATENCY_BUCKETS_MS);
  readonly keysPerBatch = new Histogram(BATCH_BUCKETS);
  breakerState: BreakerState = 'NONE';

  constructor(readonly source: SourceName) {}

  record(call: CallRecord): void {
    this.calls++;
    this.latency.observe(call.latencyMs);
    this.keysPerBatch.observe(call.keys);
    if (call.outcome !== 'OK') this.errors[call.outcome] = (this.errors[call.outcome] ?? 0) + 1;
  }

  snapshot() {
    return {
      source: this.source,
      calls: this.calls,
      errors: { ...this.errors },
      breakerState: this.breakerState,
      latencyMs: {
        count: this.latency.count,
        sum: this.latency.sum,
        buckets: this.latency.buckets,
        counts: [...this.latency.counts],
      },
      keysPerBatch: { count: this.keysPerBatch.count, sum: this.keysPerBatch.sum },
    };
  }
}
