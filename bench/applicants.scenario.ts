/**
 * Q5 of the benchmark (bench/bench.ts): new applicants all at once, on an OURS of its own whose
 * four upstreams are fetched over HTTP from the simulator at 50-200 ms.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from '../src/db/database';
import { startSimulator, type Simulator } from '../src/upstream/simulator';
import type { Options } from './bench.options';
import { Contender } from './contender';
import { load, type Measured, type Planned } from './load';
import { Q5_APPLICANT } from './queries';

/** Q5: 100 applicants at once, five waves of firms never asked for before, upstreams over HTTP at 50-200 ms. */
export async function applicants(
  db: Database,
  env: NodeJS.ProcessEnv,
  headers: Record<string, string>,
  opts: Options,
  keep: (sim: Simulator) => void,
): Promise<Measured[]> {
  const token = randomBytes(16).toString('hex');
  const sim = await startSimulator({ db, token });
  keep(sim);
  for (const s of ['tax', 'registry', 'supply-chain', 'judicial'] as const)
    sim.setFaults(s, { latencyMs: 50, jitterMs: 150 });
  const httpEnv = Object.fromEntries(
    ['TAX', 'REGISTRY', 'SUPPLY_CHAIN', 'JUDICIAL'].flatMap((s) => [
      [`${s}_ADAPTER`, 'http'],
      [`${s}_UPSTREAM_URL`, sim.url],
      [`${s}_UPSTREAM_TOKEN`, token],
    ]),
  );
  const ours = new Contender('OURS', 'bench/serve.ts', { ...env, ...httpEnv });
  try {
    await ours.url;
    // Firms the other scenarios never asked for (they used the first 700 by md5).
    const { rows } = await db.query<{ uscc: string }>('SELECT uscc FROM core.firm ORDER BY md5(uscc) DESC LIMIT 600');
    const plan = (usccs: string[]): Planned[] =>
      usccs.map((uscc) => ({
        body: JSON.stringify({ query: Q5_APPLICANT, variables: { uscc } }),
        check: (text) => {
          const body = JSON.parse(text) as {
            errors?: unknown[];
            data?: { borrower: { approval: { route: string } | null } | null };
          };
          if (body.errors) return `errors: ${JSON.stringify(body.errors).slice(0, 300)}`;
          // An upstream that failed would be an error here (UPSTREAM_*); missingSources may name a source with no record of the firm.
          return body.data?.borrower?.approval ? null : `no approval for ${uscc}`;
        },
      }));
    await load(
      'Q5',
      ours,
      0,
      plan(rows.slice(500, 600).map((r) => r.uscc)),
      { connections: 100, amount: 100 },
      headers,
      sim,
    ); // warm-up
    const out: Measured[] = [];
    for (let wave = 1; wave <= Math.min(opts.rounds + 2, 5); wave++) {
      const m = await load(
        'Q5',
        ours,
        wave,
        plan(rows.slice((wave - 1) * 100, wave * 100).map((r) => r.uscc)),
        { connections: 100, amount: 100 },
        headers,
        sim,
      );
      console.log(
        `Q5 OURS  wave ${wave}: 100 applicants at once, p50 ${m.p50} ms, p99 ${m.p99} ms, max ${m.max} ms, ${m.upstreamCallsPerRequest.toFixed(2)} upstream calls/request`,
      );
      out.push(m);
    }
    return out;
  } finally {
    ours.stop();
  }
}
