/**
 * How the benchmark (bench/bench.ts) loads a contender and measures it: a closed loop of
 * connections (autocannon) or requests at even intervals, every answer checked against its
 * planned request's check; a wrong answer, an error or a timeout fails the run.
 */
import autocannon from 'autocannon';
import type { Simulator } from '../src/upstream/simulator';
import type { Contender, Name } from './contender';

/** One request of a scenario: its body and how to check the answer. */
export interface Planned {
  body: string;
  /** Null when the answer is right; otherwise what is wrong with it. */
  check(body: string): string | null;
}

/** What one load of one contender measured (per request: statements, upstream calls, CPU). */
export interface Measured {
  scenario: string;
  contender: Name;
  round: number;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  statementsPerRequest: number;
  upstreamCallsPerRequest: number;
  cpuMsPerRequest: number;
  peakRssMb: number;
  /** The contender's longest event-loop delay during the run, ms (bench/probe.ts). */
  loopDelayMaxMs: number;
}

export interface LoadShape {
  connections: number;
  duration?: number;
  amount?: number;
}

/** Runs one load against one contender; every answer is checked and any failure fails the run. */
export async function load(
  scenario: string,
  contender: Contender,
  round: number,
  plan: Planned[],
  shape: LoadShape,
  headers: Record<string, string>,
  sim?: Simulator,
): Promise<Measured> {
  const url = await contender.url;
  let next = 0;
  const failures: string[] = [];
  let answered = 0;
  await contender.reset();
  sim?.resetStats();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    autocannon(
      {
        url,
        method: 'POST',
        // A saturated NAIVE takes seconds per request: autocannon's 10 s default would count it as lost.
        timeout: 120,
        ...shape,
        headers: { 'content-type': 'application/json', ...headers },
        requests: [
          {
            setupRequest: (req, context) => {
              const k = next++ % plan.length;
              (context as { k: number }).k = k;
              return { ...req, body: plan[k].body };
            },
            onResponse: (status, body, context) => {
              answered++;
              const wrong =
                status === 200
                  ? plan[(context as { k: number }).k].check(body)
                  : `HTTP ${status}: ${body.slice(0, 300)}`;
              if (wrong && failures.length < 5) failures.push(wrong);
            },
          },
        ],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
  });
  const stats = await contender.stats();
  if (result.errors || result.timeouts || failures.length) {
    throw new Error(
      `${scenario} ${contender.name} round ${round}: ${result.errors} connection errors, ${result.timeouts} timeouts, wrong answers: ${failures.join(' | ') || 'none'}`,
    );
  }
  const upstream = sim ? Object.values(sim.stats()).reduce((n, s) => n + s.calls, 0) : 0;
  const n = Math.max(answered, 1);
  return {
    scenario,
    contender: contender.name,
    round,
    requests: answered,
    rps: result.requests.average,
    p50: result.latency.p50,
    p95: result.latency.p97_5 ?? result.latency.p99,
    p99: result.latency.p99,
    max: result.latency.max,
    statementsPerRequest: stats.statements / n,
    upstreamCallsPerRequest: upstream / n,
    cpuMsPerRequest: stats.cpuMs / n,
    peakRssMb: stats.peakRssMb,
    loopDelayMaxMs: stats.loopDelayMaxMs,
  };
}

/** Requests sent at even intervals (`rate` per second for `seconds`), whatever the answers' pace; each answer checked. */
export async function paced(
  scenario: string,
  contender: Contender,
  round: number,
  plan: Planned[],
  rate: number,
  seconds: number,
  headers: Record<string, string>,
): Promise<Measured> {
  const url = await contender.url;
  const total = Math.round(rate * seconds);
  const times: number[] = [];
  const failures: string[] = [];
  await contender.reset();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: total }, async (_, i) => {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + (i * 1000) / rate - performance.now())));
      const t0 = performance.now();
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: plan[i % plan.length].body,
      });
      const text = await res.text();
      times.push(performance.now() - t0);
      const wrong =
        res.status === 200 ? plan[i % plan.length].check(text) : `HTTP ${res.status}: ${text.slice(0, 300)}`;
      if (wrong && failures.length < 5) failures.push(wrong);
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const stats = await contender.stats();
  if (failures.length)
    throw new Error(`${scenario} ${contender.name} round ${round}: wrong answers: ${failures.join(' | ')}`);
  times.sort((a, b) => a - b);
  const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(times.length * q))]);
  return {
    scenario,
    contender: contender.name,
    round,
    requests: total,
    rps: total / elapsed,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: at(1),
    statementsPerRequest: stats.statements / total,
    upstreamCallsPerRequest: 0,
    cpuMsPerRequest: stats.cpuMs / total,
    peakRssMb: stats.peakRssMb,
    loopDelayMaxMs: stats.loopDelayMaxMs,
  };
}

/** One POST of `body` to `url`; anything but HTTP 200 fails the run. */
export async function post(url: string, body: string, headers: Record<string, string>): Promise<string> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`HTTP ${res.status} from ${url}: ${text.slice(0, 500)}`);
  return text;
}
