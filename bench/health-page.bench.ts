/**
 * `npm run bench:health-page`: what the dashboard's first screen costs with and without the
 * score. A page of 50 borrowers (`borrowers(first: 50)`, a few fields each) with and without
 * `health { score tier probabilityOfDefault }` (BENCH_PAGE: `dashboard`, the default, adds the
 * registry status and the bank's loans to each node; `light` has identity columns only), served by the platform on DATABASE_URL (a seeded
 * portfolio, rescored first: `npm run rescore -- --all`), loaded by autocannon from loopback with
 * 20 connections, in alternating rounds (BENCH_ROUNDS, default 3, of BENCH_SECONDS, default 10).
 * Every response is checked (50 nodes, no errors, a score on every node with health), and once
 * before the rounds that every score on the page is a stored one (`live: false`);
 * a round with errors or wrong bodies fails the run. Prints requests/s and latency per round and
 * the ratio of the medians.
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { startOursInProcess } from './in-process';

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

function verify(withHealth: boolean) {
  return (raw: string | Buffer | undefined): boolean => {
    if (raw === undefined) return false;
    const body = JSON.parse(raw.toString()) as PageBody;
    const edges = body.data?.borrowers.edges ?? [];
    return !body.errors && edges.length === 50 && (!withHealth || edges.every((e) => e.node.health));
  };
}

async function main(): Promise<void> {
  const server = await startOursInProcess();
  const { token } = server;
  const run = (withHealth: boolean) =>
    new Promise<autocannon.Result>((resolve, reject) => {
      autocannon(
        {
          url: server.url,
          method: 'POST',
          connections: CONNECTIONS,
          duration: SECONDS,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: PAGE(withHealth) }),
          verifyBody: verify(withHealth),
        },
        (err, result) => (err ? reject(err) : resolve(result)),
      );
    });
  const rates: Record<'without' | 'with', number[]> = { without: [], with: [] };
  try {
    // The page's scores must all be stored ones (else the run measures live scoring): checked once, with `live`.
    const check = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: PAGE(true, 'health { live }') }),
    });
    const checked = (await check.json()) as PageBody;
    const live = checked.data?.borrowers.edges.filter((e) => e.node.health?.live !== false).length ?? 50;
    if (checked.errors || live)
      throw new Error(
        `the page has ${live} scores not stored: run npm run rescore -- --all first (${JSON.stringify(checked.errors ?? [])})`,
      );
    await run(false);
    for (let r = 0; r < ROUNDS; r++) {
      for (const withHealth of [false, true]) {
        const res = await run(withHealth);
        if (res.errors || res.non2xx || res.mismatches)
          throw new Error(
            `round ${r + 1} ${withHealth ? 'with' : 'without'} health: ${res.errors} errors, ${res.non2xx} non-2xx, ${res.mismatches} wrong bodies`,
          );
        rates[withHealth ? 'with' : 'without'].push(res.requests.average);
        console.log(
          `round ${r + 1} ${withHealth ? 'with health   ' : 'without health'}: ${res.requests.average.toFixed(1)} req/s, p50 ${res.latency.p50} ms, p99 ${res.latency.p99} ms`,
        );
      }
    }
  } finally {
    await server.stop();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(
    `median: without ${median(rates.without).toFixed(1)} req/s, with health ${median(rates.with).toFixed(1)} req/s: ratio ${(median(rates.with) / median(rates.without)).toFixed(2)}`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
