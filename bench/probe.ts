/**
 * What a contender's process reports to the harness (bench/bench.ts) between scenarios: every
 * server under test runs in its own process with this probe, so its CPU and memory are its own.
 * The harness writes `reset` or `stats` as a line on the child's stdin; the child answers
 * `STATS {json}` on stdout with what it spent since the last reset: CPU (user + system, ms),
 * SQL statements issued, the peak resident memory (sampled every 50 ms), and the longest the
 * event loop was held up (how long a timer due every 10 ms fired late: garbage collection or
 * synchronous work, which delays every request in flight).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import readline from 'node:readline';

export interface ProbeStats {
  cpuMs: number;
  statements: number;
  peakRssMb: number;
  /** The longest event-loop delay, ms. */
  loopDelayMaxMs: number;
}

export const STATS_PREFIX = 'STATS ';
export const READY_PREFIX = 'READY ';

/** Starts answering the harness on stdin/stdout; `statements` counts SQL statements issued so far. */
export function installProbe(statements: () => number): void {
  let cpu = process.cpuUsage();
  let base = statements();
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 50);
  sampler.unref();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const lines = readline.createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const command = line.trim();
    if (command === 'stats') {
      const used = process.cpuUsage(cpu);
      const stats: ProbeStats = {
        cpuMs: (used.user + used.system) / 1000,
        statements: statements() - base,
        peakRssMb: Math.max(peak, process.memoryUsage.rss()) / 2 ** 20,
        loopDelayMaxMs: loop.max / 1e6,
      };
      process.stdout.write(`${STATS_PREFIX}${JSON.stringify(stats)}\n`);
    } else if (command === 'reset') {
      cpu = process.cpuUsage();
      base = statements();
      peak = process.memoryUsage.rss();
      loop.reset();
      process.stdout.write(`${STATS_PREFIX}{}\n`);
    }
  });
  // The harness going away ends the child.
  lines.on('close', () => process.exit(0));
}

/** Tells the harness where the child listens. */
export function announce(url: string): void {
  process.stdout.write(`${READY_PREFIX}${url}\n`);
}
