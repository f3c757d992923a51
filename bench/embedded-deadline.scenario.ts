/**
 * E1 of the benchmark (bench/bench.ts): the request deadline on the embedded database, on an OURS
 * of its own with a fresh embedded database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Contender } from './contender';
import { post, type Measured } from './load';
import { Q1_PROFILE } from './queries';

/** E1: the embedded database (a fresh one of 1,000 firms), 60 profiles 30 ms apart: every answer by the deadline + 100 ms. */
export async function embeddedDeadline(
  env: NodeJS.ProcessEnv,
  headers: Record<string, string>,
  notes: string[],
): Promise<Measured[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-embedded-'));
  const deadlineMs = 2000;
  console.log('E1: seeding an embedded database of 1,000 firms...');
  const embedded = new Contender('OURS', 'bench/serve.ts', {
    ...env,
    DATABASE_URL: '',
    DATA_DIR: dataDir,
    SEED_FIRMS: '1000',
    REQUEST_DEADLINE_MS: String(deadlineMs),
  });
  try {
    const url = await embedded.url;
    const usccText = await post(
      url,
      JSON.stringify({ query: '{ borrowers(first: 60) { edges { node { uscc } } } }' }),
      headers,
    );
    const usccs = (
      JSON.parse(usccText) as { data: { borrowers: { edges: Array<{ node: { uscc: string } }> } } }
    ).data.borrowers.edges.map((e) => e.node.uscc);
    await embedded.reset();
    const times: number[] = [];
    let partial = 0;
    await Promise.all(
      usccs.map(async (uscc, i) => {
        await new Promise((r) => setTimeout(r, i * 30));
        const t0 = performance.now();
        const text = await post(url, JSON.stringify({ query: Q1_PROFILE, variables: { uscc } }), headers);
        times.push(performance.now() - t0);
        const body = JSON.parse(text) as {
          errors?: Array<{ extensions?: { code?: string } }>;
          data?: { borrower: unknown };
        };
        if (body.errors) {
          const other = body.errors.filter((e) => e.extensions?.code !== 'DEADLINE_EXCEEDED');
          if (other.length)
            throw new Error(`E1: errors other than the deadline's: ${JSON.stringify(other).slice(0, 300)}`);
          partial++;
        }
      }),
    );
    const stats = await embedded.stats();
    times.sort((a, b) => a - b);
    const pct = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(times.length * q))]);
    const max = Math.round(times[times.length - 1]);
    notes.push(
      `E1 (embedded, deadline ${deadlineMs} ms): ${times.length - partial} complete, ${partial} partial; slowest answer ${max} ms (bound: ${deadlineMs + 100} ms): ${max <= deadlineMs + 100 ? 'held' : 'MISSED'}`,
    );
    return [
      {
        scenario: 'E1',
        contender: 'OURS',
        round: 1,
        requests: times.length,
        rps: times.length / ((60 * 30 + max) / 1000),
        p50: pct(0.5),
        p95: pct(0.95),
        p99: pct(0.99),
        max,
        statementsPerRequest: stats.statements / times.length,
        upstreamCallsPerRequest: 0,
        cpuMsPerRequest: stats.cpuMs / times.length,
        peakRssMb: stats.peakRssMb,
        loopDelayMaxMs: stats.loopDelayMaxMs,
      },
    ];
  } finally {
    embedded.stop();
    setTimeout(() => fs.rmSync(dataDir, { recursive: true, force: true }), 1000).unref();
  }
}
