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
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { loadConfig } from '../src/config';
import { openDatabase, type Database } from '../src/db/database';
import { migrate } from '../src/db/data-source';
import { seedWithProgress } from '../src/seed';
import { startSimulator, type Simulator } from '../src/upstream/simulator';
import { Role } from '../src/auth/principal';
import { signToken } from '../src/auth/token.service';
import { runCli, UsageError, wholeNumberFlag } from '../src/lib/cli';
import { Contender, runScript, type Name } from './contender';
import { Q1_PROFILE, Q2_PAGE, Q3_SCORES, Q4_ENTITIES, Q5_APPLICANT } from './queries';
import { firstDifference } from './compare';
import { PEER_Q2, peerEndCursor, peerToOurs } from './peer/peer.queries';
import { useCursorSecret } from '../src/graphql/pagination';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'bench', 'out', 'latest.json');
const CONNECTIONS = 20;
const USAGE =
  'usage: npm run bench -- [--firms N] [--seconds S] [--rounds R] [--only Q1,Q2,Q3,Q4,Q5,E1] [--skip naive,floor,peer]';

type ScenarioId = 'Q1' | 'Q2' | 'Q3' | 'Q4' | 'Q5' | 'E1';

interface Options {
  firms: number;
  seconds: number;
  rounds: number;
  only: Set<ScenarioId>;
  skip: Set<Name>;
}

function parseOptions(argv: string[]): Options {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        firms: { type: 'string' },
        seconds: { type: 'string' },
        rounds: { type: 'string' },
        only: { type: 'string' },
        skip: { type: 'string' },
      },
    }) as { values: Record<string, string | undefined> });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const list = <T extends string>(flag: string, allowed: readonly T[], fallback: readonly T[]): Set<T> => {
    const raw = values[flag];
    if (raw === undefined) return new Set(fallback);
    const items = raw.split(',').map((s) => s.trim().toUpperCase());
    const wrong = items.filter((s) => !allowed.includes(s as T));
    if (wrong.length)
      throw new UsageError(`--${flag} ${wrong.join(',')}: expected a comma-separated list of ${allowed.join(', ')}`);
    return new Set(items as T[]);
  };
  const scenarios = ['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'E1'] as const;
  return {
    firms: wholeNumberFlag('firms', values.firms, 10_000, 100, 1_000_000),
    seconds: wholeNumberFlag('seconds', values.seconds, 10, 1, 600),
    rounds: wholeNumberFlag('rounds', values.rounds, 3, 1, 20),
    only: list('only', scenarios, scenarios),
    skip: list('skip', ['NAIVE', 'FLOOR', 'PEER'] as const, []),
  };
}

/** One request of a scenario: its body and how to check the answer. */
interface Planned {
  body: string;
  /** Null when the answer is right; otherwise what is wrong with it. */
  check(body: string): string | null;
}

interface Measured {
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
}

interface LoadShape {
  connections: number;
  duration?: number;
  amount?: number;
}

/** Runs one load against one contender; every answer is checked and any failure fails the run. */
async function load(
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
  };
}

/** Requests sent at even intervals (`rate` per second for `seconds`), whatever the answers' pace; each answer checked. */
async function paced(
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
  };
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<string> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`HTTP ${res.status} from ${url}: ${text.slice(0, 500)}`);
  return text;
}

/** The expected answers: ours, one request at a time; a body with errors is not an expected answer. */
async function expectedBodies(
  url: string,
  bodies: string[],
  headers: Record<string, string>,
  label: string,
): Promise<string[]> {
  const out: string[] = [];
  for (const body of bodies) {
    const text = await post(url, body, headers);
    const parsed = JSON.parse(text) as { errors?: unknown[] };
    if (parsed.errors)
      throw new Error(
        `${label}: our server answered with errors, so there is nothing to compare against: ${JSON.stringify(parsed.errors).slice(0, 500)}`,
      );
    out.push(text);
  }
  return out;
}

const exact = (expected: string) => (body: string) => {
  if (body === expected) return null;
  const parsed = JSON.parse(body) as { errors?: unknown[] };
  return parsed.errors
    ? `errors: ${JSON.stringify(parsed.errors).slice(0, 400)}`
    : `body differs: ${firstDifference(JSON.parse(expected), parsed) ?? 'in bytes only'}`;
};

/** Prepares the database: migrations, a portfolio of `firms` when it is empty, every firm scored. */
async function prepare(db: Database, firms: number, env: NodeJS.ProcessEnv): Promise<number> {
  await migrate(db.url);
  const count = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM core.firm')).rows[0].n);
  let have = await count();
  if (have === 0) {
    console.log(`seeding ${firms} firms (seed 27182)...`);
    await seedWithProgress(db, { firms, seed: 27182 });
    have = await count();
  } else if (have !== firms) {
    console.log(
      `the database already holds ${have} firms: measuring those (--firms ${firms} applies to an empty database)`,
    );
  }
  // Every run: a previous run's Q5 wrote live fetches through, and their firms' stored scores are
  // no longer current (an incremental rescore scores those alone; on a fresh portfolio, all).
  console.log('scoring what changed (npm run rescore)...');
  await runScript('src/rescore/rescore.cli.ts', [], env, 'inherit');
  return have;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

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

async function main(argv: string[]): Promise<void> {
  const opts = parseOptions(argv);
  const started = Date.now();
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl)
    throw new UsageError(
      'set DATABASE_URL to a PostgreSQL server database (empty: it is seeded and scored first; or already seeded)',
    );
  // The contenders' common environment: production mode with a secret made for this run.
  const secret = randomBytes(32).toString('hex');
  // The deadline is out of the way of throughput runs (a saturated contender queues requests for
  // longer than 2 s, and a cut answer fails the run); E1 measures the deadline itself.
  const env: NodeJS.ProcessEnv = {
    DATABASE_URL: databaseUrl,
    NODE_ENV: 'production',
    JWT_SECRET: secret,
    JWT_ISSUER: 'bench',
    JWT_AUDIENCE: 'bench',
    LOG_LEVEL: 'silent',
    REQUEST_DEADLINE_MS: '60000',
  };
  const config = loadConfig({}, { ...process.env, ...env });
  // PEER's pages are compared in this process with our cursors: signed with the contenders' key.
  useCursorSecret(config.cursorSecret);
  const headers = {
    authorization: `Bearer ${await signToken(config.auth, { subject: 'bench', tenant: config.auth.bankTenant, role: Role.ANALYST, ttlSeconds: config.auth.maxTtlSeconds })}`,
  };

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
            `${scenario} ${n.padEnd(5)} round ${r}: ${m.rps.toFixed(1)} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms, ${m.statementsPerRequest.toFixed(1)} statements, ${m.cpuMsPerRequest.toFixed(2)} ms CPU/request, ${m.peakRssMb.toFixed(0)} MB`,
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
          `Q1@half OURS round ${r}: ${m.rps.toFixed(1)} req/s at even intervals, p50 ${m.p50} ms, p99 ${m.p99} ms`,
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
  }));
  console.log(
    `\n${firms} firms, ${opts.rounds} rounds of ${opts.seconds} s, ${CONNECTIONS} connections; medians of the rounds (p95 is autocannon's p97.5)`,
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

/** FLOOR must answer every planned request exactly as we do before it is measured. */
async function checkFloor(
  scenario: string,
  floor: Contender | undefined,
  plan: Planned[],
  headers: Record<string, string>,
): Promise<void> {
  if (!floor) return;
  const url = await floor.url;
  for (const p of plan) {
    const wrong = p.check(await post(url, p.body, headers));
    if (wrong) throw new Error(`${scenario}: FLOOR's answer is not ours: ${wrong}`);
  }
}

/** PEER's requests for the same pages, checked equivalent to ours after bench/peer's mapping. */
async function peerPlanFor(
  peer: Contender | undefined,
  expected: string[],
  notes: string[],
): Promise<Planned[] | undefined> {
  if (!peer) return undefined;
  const url = await peer.url;
  const plan: Planned[] = [];
  let after: string | null = null;
  for (const want of expected) {
    const body = JSON.stringify({ query: PEER_Q2, variables: { after } });
    const check = (text: string) => {
      const diff = firstDifference(JSON.parse(want), peerToOurs(JSON.parse(text)));
      return diff ? `PEER's page is not equivalent to ours: ${diff}` : null;
    };
    const first = await post(url, body, {});
    const wrong = check(first);
    if (wrong) throw new Error(`Q2: ${wrong}`);
    plan.push({ body, check });
    after = peerEndCursor(JSON.parse(first));
  }
  notes.push(
    'PEER answers Q2 through its own schema (bench/peer/peer.queries.ts); its pages are checked equivalent to ours after the mapping there.',
  );
  return plan;
}

/** Q5: 100 applicants at once, five waves of firms never asked for before, upstreams over HTTP at 50-200 ms. */
async function applicants(
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

/** E1: the embedded database (a fresh one of 1,000 firms), 60 profiles 30 ms apart: every answer by the deadline + 100 ms. */
async function embeddedDeadline(
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
      },
    ];
  } finally {
    embedded.stop();
    setTimeout(() => fs.rmSync(dataDir, { recursive: true, force: true }), 1000).unref();
  }
}

runCli(() => main(process.argv.slice(2)), USAGE);
