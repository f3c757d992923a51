/**
 * `npm run bench [-- --firms N --seconds S --rounds R --only Q1,Q2 --skip peer,embedded]`
 *
 * What the platform costs on top of the data it serves, measured in one run on the PostgreSQL
 * server named by DATABASE_URL (seeded with --firms firms and rescored first when it is empty).
 * Every contender runs in its own process (bench/probe.ts reports its CPU, SQL statements and
 * peak memory), loaded by autocannon from loopback, rounds interleaved:
 *
 * - OURS: the platform (bench/serve.ts), NODE_ENV=production, an ANALYST token;
 * - NAIVE: the same with DATALOADER_BATCHING=false (no batching, no per-request cache), on Q1 and Q2;
 * - FLOOR: a minimal node:http + pg handler (bench/floor/) issuing the minimum SQL for Q1 and Q2;
 * - PEER: PostGraphile 5 over the same tables (bench/peer/), on its nearest equivalent of Q2.
 *
 * Scenarios (bench/queries.ts): Q1 one firm's full profile (random firms), also at half OURS's
 * highest rate, requests at even intervals, for its p99; Q2 a page of 50 with all five sources and the tier; Q3 score and
 * warnings for 50 firms; Q4 `_entities` with 100 representations; Q5 100 new applicants at once
 * (profile and approval), upstreams over HTTP from the simulator at 50-200 ms; E1 the deadline
 * on the embedded database (60 profiles 30 ms apart: every response by deadline + 100 ms).
 *
 * Every response is checked against the expected body (ours, taken one request at a time before
 * the load; FLOOR's must be identical, PEER's equivalent after bench/peer's mapping): an error or
 * a wrong body fails the run. Prints one table with OURS/FLOOR, OURS/NAIVE and OURS/PEER and
 * writes everything to bench/out/latest.json.
 *
 * This file runs the scenarios Q1-Q4 in turn; beside it, by role: bench.options.ts (the flags),
 * prepare.ts (the database), load.ts (loading and measuring a contender), expected.ts (the expected
 * answers and the checks against them), applicants.scenario.ts (Q5), embedded-deadline.scenario.ts
 * (E1) and report.ts (the tables and bench/out/latest.json).
 */
import 'reflect-metadata';
import { openDatabase } from '../src/db/database';
import type { Simulator } from '../src/upstream/simulator';
import { runCli, UsageError } from '../src/lib/cli';
import { useCursorSecret } from '../src/graphql/pagination';
import { Contender, contenderEnvironment, type Name } from './contender';
import { Q1_PROFILE, Q2_PAGE, Q3_SCORES, Q4_ENTITIES } from './queries';
import { parseOptions, USAGE } from './bench.options';
import { load, paced, post, type LoadShape, type Measured, type Planned } from './load';
import { checkFloor, exact, expectedBodies, peerPlanFor } from './expected';
import { prepare } from './prepare';
import { median, report } from './report';
import { applicants } from './applicants.scenario';
import { embeddedDeadline } from './embedded-deadline.scenario';

const CONNECTIONS = 20;

async function main(argv: string[]): Promise<void> {
  const opts = parseOptions(argv);
  const started = Date.now();
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl)
    throw new UsageError(
      'set DATABASE_URL to a PostgreSQL server database (empty: it is seeded and scored first; or already seeded)',
    );
  const { env, config, headers } = await contenderEnvironment(databaseUrl);
  // PEER's pages are compared in this process with our cursors: signed with the contenders' key.
  useCursorSecret(config.cursorSecret);

  const db = await openDatabase({ databaseUrl, poolMax: 4 });
  const firms = await prepare(db, opts.firms, env);
  const { rows: sample } = await db.query<{ uscc: string }>('SELECT uscc FROM core.firm ORDER BY md5(uscc) LIMIT 700');
  const usccs = sample.map((r) => r.uscc);

  const wanted = (n: Name) => n === 'OURS' || !opts.skip.has(n);
  const contenders: Partial<Record<Name, Contender>> = {};
  const start = (name: Name, script: string, extra: NodeJS.ProcessEnv = {}) => {
    if (wanted(name)) contenders[name] = new Contender(name, script, { ...env, ...extra });
  };
  start('OURS', 'bench/serve.ts');
  start('NAIVE', 'bench/serve.ts', { DATALOADER_BATCHING: 'false' });
  start('FLOOR', 'bench/floor/floor.server.ts');
  start('PEER', 'bench/peer/peer.server.ts');
  const all = Object.values(contenders);
  const results: Measured[] = [];
  const notes: string[] = [];
  let sim: Simulator | undefined;
  try {
    await Promise.all(all.map((c) => c.url));
    const ours = contenders.OURS!;
    const oursUrl = await ours.url;
    const run = async (scenario: string, names: Name[], plans: Partial<Record<Name, Planned[]>>, shape: LoadShape) => {
      const present = names.filter((n) => contenders[n] && plans[n]);
      for (const n of present)
        await load(scenario, contenders[n]!, 0, plans[n]!.slice(0, 20), { connections: 2, amount: 40 }, headers); // warm-up
      for (let r = 1; r <= opts.rounds; r++) {
        for (const n of present) {
          const m = await load(scenario, contenders[n]!, r, plans[n]!, shape, headers);
          results.push(m);
          console.log(
            `${scenario} ${n.padEnd(5)} round ${r}: ${m.rps.toFixed(1)} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms, ${m.statementsPerRequest.toFixed(1)} statements, ${m.cpuMsPerRequest.toFixed(2)} ms CPU/request, ${m.peakRssMb.toFixed(0)} MB, event loop held up to ${m.loopDelayMaxMs.toFixed(0)} ms`,
          );
        }
      }
    };
    const duration = { connections: CONNECTIONS, duration: opts.seconds };

    if (opts.only.has('Q1')) {
      const bodies = usccs.slice(0, 200).map((uscc) => JSON.stringify({ query: Q1_PROFILE, variables: { uscc } }));
      const expected = await expectedBodies(oursUrl, bodies, headers, 'Q1');
      const plan = bodies.map((body, i) => ({ body, check: exact(expected[i]) }));
      await checkFloor('Q1', contenders.FLOOR, plan, headers);
      await run('Q1', ['OURS', 'NAIVE', 'FLOOR'], { OURS: plan, NAIVE: plan, FLOOR: plan }, duration);
      // p99 at half the highest rate OURS reached, requests sent at even intervals (an open loop:
      // autocannon's rate limit releases each second's requests together, which measures bursts).
      const top = median(results.filter((m) => m.scenario === 'Q1' && m.contender === 'OURS').map((m) => m.rps));
      for (let r = 1; r <= opts.rounds; r++) {
        const m = await paced('Q1@half', ours, r, plan, Math.max(1, top / 2), opts.seconds, headers);
        results.push(m);
        console.log(
          `Q1@half OURS round ${r}: ${m.rps.toFixed(1)} req/s at even intervals, p50 ${m.p50} ms, p99 ${m.p99} ms, event loop held up to ${m.loopDelayMaxMs.toFixed(0)} ms`,
        );
      }
    }
    if (opts.only.has('Q2') || opts.only.has('Q3') || opts.only.has('Q4')) {
      // Pages of the portfolio: the first 20 cursors, followed from the start.
      const cursors: Array<string | null> = [null];
      while (cursors.length < 20) {
        const text = await post(
          oursUrl,
          JSON.stringify({
            query: 'query($after: String) { borrowers(first: 50, after: $after) { pageInfo { endCursor } } }',
            variables: { after: cursors[cursors.length - 1] },
          }),
          headers,
        );
        cursors.push(
          (JSON.parse(text) as { data: { borrowers: { pageInfo: { endCursor: string } } } }).data.borrowers.pageInfo
            .endCursor,
        );
      }
      if (opts.only.has('Q2')) {
        const bodies = cursors.map((after) => JSON.stringify({ query: Q2_PAGE, variables: { after } }));
        const expected = await expectedBodies(oursUrl, bodies, headers, 'Q2');
        const plan = bodies.map((body, i) => ({ body, check: exact(expected[i]) }));
        await checkFloor('Q2', contenders.FLOOR, plan, headers);
        const peerPlan = await peerPlanFor(contenders.PEER, expected, notes);
        await run(
          'Q2',
          ['OURS', 'NAIVE', 'FLOOR', 'PEER'],
          { OURS: plan, NAIVE: plan, FLOOR: plan, PEER: peerPlan },
          duration,
        );
      }
      if (opts.only.has('Q3')) {
        const bodies = cursors.map((after) => JSON.stringify({ query: Q3_SCORES, variables: { after } }));
        const expected = await expectedBodies(oursUrl, bodies, headers, 'Q3');
        const plan = bodies.map((body, i) => ({ body, check: exact(expected[i]) }));
        await run('Q3', ['OURS'], { OURS: plan }, duration);
      }
      if (opts.only.has('Q4')) {
        const bodies = Array.from({ length: 7 }, (_, k) =>
          JSON.stringify({
            query: Q4_ENTITIES,
            variables: {
              representations: usccs.slice(k * 100, k * 100 + 100).map((uscc) => ({ __typename: 'Borrower', uscc })),
            },
          }),
        );
        const expected = await expectedBodies(oursUrl, bodies, headers, 'Q4');
        const plan = bodies.map((body, i) => ({ body, check: exact(expected[i]) }));
        await run('Q4', ['OURS'], { OURS: plan }, duration);
      }
    }
    if (opts.only.has('Q5')) results.push(...(await applicants(db, env, headers, opts, (s) => (sim = s))));
    if (opts.only.has('E1')) results.push(...(await embeddedDeadline(env, headers, notes)));
  } finally {
    for (const c of all) c.stop();
    await sim?.stop();
    await db.close();
  }

  report({ firms, opts, connections: CONNECTIONS, results, notes, started });
}

runCli(() => main(process.argv.slice(2)), USAGE);
