/**
 * `npm run bench:health-page`: what the dashboard's first screen costs with and without the
 * score. A page of 50 borrowers (`borrowers(first: 50)`, a few fields each) with and without
 * `health { score tier probabilityOfDefault }` (BENCH_PAGE: `dashboard`, the default, adds the
 * registry status and the bank's loans to each node; `light` has identity columns only), served by
 * the platform as `npm run bench` serves it (bench/serve.ts in its own process, production mode,
 * JWT, audit) on DATABASE_URL (a seeded portfolio, rescored first: `npm run rescore -- --all`),
 * loaded by autocannon from this process over loopback with 20 connections, in alternating rounds
 * (BENCH_ROUNDS, default 3, of BENCH_SECONDS, default 10). Every response is checked (50 nodes,
 * no errors, a score on every node with health), and once before the rounds that every score on
 * the page is a stored one (`live: false`); a round with errors or wrong bodies fails the run.
 * Prints requests/s, latency and the server's CPU per request for each round, and the ratios of
 * the medians (requests/s with health over without; CPU per request without over with).
 */
import 'reflect-metadata';
import { runCli, UsageError } from '../src/lib/cli';
import { Contender, contenderEnvironment } from './contender';
import { load, post, type Measured, type Planned } from './load';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 20;

/** Two pages: the identity columns alone, and the dashboard's (identity, registry status, the bank's loans). */
const PAGES: Record<string, string> = {
  light: 'uscc name industry { code } region { name }',
  dashboard:
    'uscc name industry { code } region { name } registry { status } bank { loans { contractNo balance overdueDays classification } }',
};
const PAGE_NAME = process.env.BENCH_PAGE ?? 'dashboard';
const PAGE = (withHealth: boolean, health = 'health { score tier probabilityOfDefault }') =>
  `{ borrowers(first: 50) { edges { node { ${PAGES[PAGE_NAME]}${withHealth ? ` ${health}` : ''} } } } }`;

interface PageBody {
  errors?: unknown[];
  data?: { borrowers: { edges: Array<{ node: { health?: { live?: boolean } | null } }> } };
}

function planned(withHealth: boolean): Planned {
  return {
    body: JSON.stringify({ query: PAGE(withHealth) }),
    check(raw) {
      const body = JSON.parse(raw) as PageBody;
      const edges = body.data?.borrowers.edges ?? [];
      if (body.errors) return `errors: ${JSON.stringify(body.errors).slice(0, 300)}`;
      if (edges.length !== 50) return `${edges.length} nodes, 50 expected`;
      return withHealth && !edges.every((e) => e.node.health) ? 'a node without its health' : null;
    },
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  if (!PAGES[PAGE_NAME])
    throw new UsageError(`BENCH_PAGE must be one of ${Object.keys(PAGES).join(', ')}, got ${PAGE_NAME}`);
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl)
    throw new UsageError(
      'set DATABASE_URL to a seeded and rescored database (npm run seed, npm run rescore -- --all) on a PostgreSQL server',
    );
  const { env, headers } = await contenderEnvironment(databaseUrl);
  const ours = new Contender('OURS', 'bench/serve.ts', env);
  const measured: Record<'without' | 'with', Measured[]> = { without: [], with: [] };
  try {
    // The page's scores must all be stored ones (else the run measures live scoring): checked once, with `live`.
    const checked = JSON.parse(
      await post(await ours.url, JSON.stringify({ query: PAGE(true, 'health { live }') }), headers),
    ) as PageBody;
    const live = checked.data?.borrowers.edges.filter((e) => e.node.health?.live !== false).length ?? 50;
    if (checked.errors || live)
      throw new Error(
        `the page has ${live} scores not stored: run npm run rescore -- --all first (${JSON.stringify(checked.errors ?? [])})`,
      );
    const plans = { without: [planned(false)], with: [planned(true)] };
    await load('warm-up', ours, 0, plans.without, { connections: CONNECTIONS, duration: 3 }, headers);
    await load('warm-up', ours, 0, plans.with, { connections: CONNECTIONS, duration: 3 }, headers);
    for (let r = 1; r <= ROUNDS; r++) {
      for (const side of ['without', 'with'] as const) {
        const m = await load(
          `${side} health`,
          ours,
          r,
          plans[side],
          { connections: CONNECTIONS, duration: SECONDS },
          headers,
        );
        measured[side].push(m);
        console.log(
          `round ${r} ${side === 'with' ? 'with health   ' : 'without health'}: ${m.rps.toFixed(1)} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms, ` +
            `${m.cpuMsPerRequest.toFixed(2)} ms server CPU and ${m.statementsPerRequest.toFixed(1)} statements per request`,
        );
      }
    }
  } finally {
    ours.stop();
  }
  const rps = (side: 'without' | 'with') => median(measured[side].map((m) => m.rps));
  const cpu = (side: 'without' | 'with') => median(measured[side].map((m) => m.cpuMsPerRequest));
  console.log(
    `median (${PAGE_NAME} page): without ${rps('without').toFixed(1)} req/s, ${cpu('without').toFixed(2)} ms CPU; ` +
      `with health ${rps('with').toFixed(1)} req/s, ${cpu('with').toFixed(2)} ms CPU; ` +
      `ratio ${(rps('with') / rps('without')).toFixed(2)} in requests/s, ${(cpu('without') / cpu('with')).toFixed(2)} in server CPU per request`,
  );
}

runCli(
  main,
  'usage: [DATABASE_URL=...] [BENCH_PAGE=dashboard|light] [BENCH_ROUNDS=3] [BENCH_SECONDS=10] npm run bench:health-page',
);
