/**
 * The benchmark's report (bench/bench.ts): per scenario and contender the median round, the
 * ratios of OURS to the others, printed as tables and written with every round to
 * bench/out/latest.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Options } from './bench.options';
import type { Measured } from './load';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'bench', 'out', 'latest.json');

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Per scenario and contender: the median round. */
function summarise(rows: Measured[]): Measured[] {
  const groups = new Map<string, Measured[]>();
  for (const r of rows) {
    const key = `${r.scenario}\u0000${r.contender}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((g) => {
    const m = (f: (r: Measured) => number) => median(g.map(f));
    return {
      ...g[0],
      round: 0,
      requests: g.reduce((n, r) => n + r.requests, 0),
      rps: m((r) => r.rps),
      p50: m((r) => r.p50),
      p95: m((r) => r.p95),
      p99: m((r) => r.p99),
      max: Math.max(...g.map((r) => r.max)),
      statementsPerRequest: m((r) => r.statementsPerRequest),
      upstreamCallsPerRequest: m((r) => r.upstreamCallsPerRequest),
      cpuMsPerRequest: m((r) => r.cpuMsPerRequest),
      peakRssMb: Math.max(...g.map((r) => r.peakRssMb)),
      loopDelayMaxMs: m((r) => r.loopDelayMaxMs),
    };
  });
}

function ratios(summary: Measured[]): Array<Record<string, string>> {
  const out: Array<Record<string, string>> = [];
  for (const scenario of [...new Set(summary.map((s) => s.scenario))]) {
    const ours = summary.find((s) => s.scenario === scenario && s.contender === 'OURS');
    if (!ours) continue;
    for (const other of summary.filter((s) => s.scenario === scenario && s.contender !== 'OURS')) {
      out.push({
        ratio: `OURS/${other.contender}`,
        scenario,
        throughput: `${(ours.rps / other.rps).toFixed(2)}x`,
        p99: `${(ours.p99 / other.p99).toFixed(2)}x`,
      });
    }
  }
  return out;
}

/** What the harness hands to the report: the run's options and measurements, `started` its start (ms since the epoch). */
export interface Run {
  firms: number;
  opts: Options;
  connections: number;
  results: Measured[];
  notes: string[];
  started: number;
}

/** Prints the summary and the ratios, then writes everything to bench/out/latest.json. */
export function report({ firms, opts, connections, results, notes, started }: Run): void {
  const summary = summarise(results);
  const table = summary.map((s) => ({
    scenario: s.scenario,
    contender: s.contender,
    'req/s': s.rps.toFixed(1),
    p50: s.p50,
    p95: s.p95,
    p99: s.p99,
    'SQL/req': s.statementsPerRequest.toFixed(1),
    'upstream/req': s.upstreamCallsPerRequest.toFixed(1),
    'CPU ms/req': s.cpuMsPerRequest.toFixed(2),
    'peak MB': s.peakRssMb.toFixed(0),
    'loop max ms': s.loopDelayMaxMs.toFixed(0),
  }));
  console.log(
    `\n${firms} firms, ${opts.rounds} rounds of ${opts.seconds} s, ${connections} connections; medians of the rounds (p95 is autocannon's p97.5)`,
  );
  console.table(table);
  const ratioRows = ratios(summary);
  console.table(ratioRows);
  for (const note of notes) console.log(note);
  const machine = {
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(
    OUT,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        firms,
        options: { ...opts, only: [...opts.only], skip: [...opts.skip] },
        machine,
        summary,
        ratios: ratioRows,
        rounds: results,
        notes,
        elapsedSeconds: (Date.now() - started) / 1000,
      },
      null,
      2,
    ),
  );
  console.log(`\nwritten: ${path.relative(process.cwd(), OUT)} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}
