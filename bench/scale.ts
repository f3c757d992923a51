/**
 * `npm run bench:scale [-- --sizes 10000,100000 --import-sizes 10000 --latency-only]`
 *
 * How the platform scales with the portfolio, on the PostgreSQL server of DATABASE_URL (its
 * host and credentials; each size gets its own database, `<name>_scale_<N>`, created and seeded
 * on first use and kept for the next run):
 *
 * - Q1 latency (one firm's full profile, 300 random firms one at a time after a warm-up):
 *   p50/p95/p99, which should stay flat as every lookup is indexed;
 * - the batch jobs per firm: the seed (a bulk load), `npm run rescore -- --all`,
 *   `npm run quality -- --full`, and at --import-sizes `npm run import` of the portfolio's
 *   files into an empty database.
 *
 * `--latency-only` measures Q1 alone on the sizes' databases (seeding the missing ones).
 * Prints a table and writes bench/out/scale.json. Slow by nature (a 100,000-firm seed takes
 * about 14 minutes on 2 cores); never part of CI.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../src/config';
import { Role } from '../src/auth/principal';
import { signToken } from '../src/auth/token.service';
import { runCli, UsageError } from '../src/lib/cli';
import { Q1_PROFILE } from './queries';
import { Contender, runScript } from './contender';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'bench', 'out', 'scale.json');
const USAGE = 'usage: npm run bench:scale -- [--sizes 10000,100000] [--import-sizes 10000] [--latency-only]';

function sizes(flag: string, text: string | undefined, fallback: number[]): number[] {
  if (text === undefined) return fallback;
  const out = text.split(',').map((s) => s.trim());
  const bad = out.filter((s) => !/^\d+$/.test(s) || Number(s) < 100 || Number(s) > 1_000_000);
  if (bad.length)
    throw new UsageError(`--${flag} ${bad.join(',')}: expected comma-separated whole numbers from 100 to 1000000`);
  return out.map(Number);
}

/** Runs one of the project's commands against `url`; resolves with its wall time in seconds. */
const timed = (script: string, args: string[], url: string) => runScript(script, args, { DATABASE_URL: url });

async function ensureDatabase(admin: pg.Client, name: string): Promise<boolean> {
  const { rows } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (rows.length) return false;
  await admin.query(`CREATE DATABASE "${name}"`);
  return true;
}

async function firmCount(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: table } = await client.query<{ t: string | null }>("SELECT to_regclass('core.firm')::text AS t");
    if (!table[0].t) return 0;
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM core.firm');
    return Number(rows[0].n);
  } finally {
    await client.end();
  }
}

async function profileLatency(
  url: string,
  env: NodeJS.ProcessEnv,
  headers: Record<string, string>,
): Promise<{ p50: number; p95: number; p99: number }> {
  const server = new Contender('OURS', 'bench/serve.ts', { ...env, DATABASE_URL: url });
  try {
    const endpoint = await server.url;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ uscc: string }>('SELECT uscc FROM core.firm ORDER BY md5(uscc) LIMIT 400');
    await client.end();
    const ask = async (uscc: string) => {
      const started = performance.now();
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: Q1_PROFILE, variables: { uscc } }),
      });
      const body = (await res.json()) as { errors?: unknown[] };
      if (body.errors) throw new Error(`Q1 for ${uscc}: ${JSON.stringify(body.errors).slice(0, 300)}`);
      return performance.now() - started;
    };
    for (const { uscc } of rows.slice(300)) await ask(uscc); // warm-up
    const times: number[] = [];
    for (const { uscc } of rows.slice(0, 300)) times.push(await ask(uscc));
    times.sort((a, b) => a - b);
    const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(times.length * q))] * 10) / 10;
    return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
  } finally {
    server.stop();
  }
}

async function main(argv: string[]): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: { sizes: { type: 'string' }, 'import-sizes': { type: 'string' }, 'latency-only': { type: 'boolean' } },
    }) as { values: Record<string, string | boolean | undefined> });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const base = process.env.DATABASE_URL;
  if (!base)
    throw new UsageError(
      'set DATABASE_URL to a PostgreSQL server (its host and credentials are used; one database per size is created beside it)',
    );
  const all = sizes('sizes', values.sizes as string | undefined, [10_000, 100_000]);
  const latencyOnly = values['latency-only'] === true;
  const importSizes = new Set(
    latencyOnly ? [] : sizes('import-sizes', values['import-sizes'] as string | undefined, [10_000]),
  );
  const secret = randomBytes(32).toString('hex');
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'production',
    JWT_SECRET: secret,
    JWT_ISSUER: 'bench',
    JWT_AUDIENCE: 'bench',
    LOG_LEVEL: 'silent',
  };
  const config = loadConfig({}, { ...process.env, ...env });
  const headers = {
    authorization: `Bearer ${await signToken(config.auth, { subject: 'bench', tenant: config.auth.bankTenant, role: Role.ANALYST, ttlSeconds: config.auth.maxTtlSeconds })}`,
  };
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  const dbUrl = (name: string) => {
    const u = new URL(base);
    u.pathname = `/${name}`;
    return u.toString();
  };
  const stem = new URL(base).pathname.slice(1) || 'postgres';
  const rows: Array<Record<string, number | string>> = [];
  try {
    for (const n of all) {
      const name = `${stem}_scale_${n}`;
      const url = dbUrl(name);
      const row: Record<string, number | string> = { firms: n };
      await ensureDatabase(admin, name);
      const have = await firmCount(url);
      if (have === 0) {
        console.log(`${n}: seeding ${name}...`);
        row['seed ms/firm'] =
          ((await timed('src/seed/seed.cli.ts', ['--firms', String(n), '--seed', '27182', '--as-of', '2026-10'], url)) *
            1000) /
          n;
      } else if (have !== n) {
        throw new Error(`${name} holds ${have} firms, not ${n}: drop it (DROP DATABASE "${name}") to reseed`);
      }
      if (!latencyOnly) {
        console.log(`${n}: rescore --all...`);
        row['rescore ms/firm'] = ((await timed('src/rescore/rescore.cli.ts', ['--all'], url)) * 1000) / n;
        console.log(`${n}: quality --full...`);
        row['quality ms/firm'] = ((await timed('src/quality/quality.cli.ts', ['--full'], url)) * 1000) / n;
      }
      if (importSizes.has(n)) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-import-'));
        const target = `${stem}_scale_${n}_import`;
        try {
          console.log(`${n}: writing the portfolio as files, importing them into ${target}...`);
          await admin.query(`DROP DATABASE IF EXISTS "${target}"`);
          await ensureDatabase(admin, target);
          const scratch = `${stem}_scale_${n}_files`;
          await admin.query(`DROP DATABASE IF EXISTS "${scratch}"`);
          await ensureDatabase(admin, scratch);
          await timed(
            'src/seed/seed.cli.ts',
            ['--firms', String(n), '--seed', '27182', '--as-of', '2026-10', '--files', dir],
            dbUrl(scratch),
          );
          await admin.query(`DROP DATABASE IF EXISTS "${scratch}"`);
          await timed('src/db/migrate.cli.ts', [], dbUrl(target));
          row['import ms/firm'] = ((await timed('src/import/import.cli.ts', ['--dir', dir], dbUrl(target))) * 1000) / n;
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
          await admin.query(`DROP DATABASE IF EXISTS "${target}"`);
        }
      }
      console.log(`${n}: Q1 latency, one request at a time...`);
      const q1 = await profileLatency(url, env, headers);
      Object.assign(row, { 'Q1 p50 ms': q1.p50, 'Q1 p95 ms': q1.p95, 'Q1 p99 ms': q1.p99 });
      for (const [k, v] of Object.entries(row))
        if (typeof v === 'number' && k.includes('/firm')) row[k] = Math.round(v * 100) / 100;
      rows.push(row);
      console.table([row]);
    }
  } finally {
    await admin.end();
  }
  console.table(rows);
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(
    OUT,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version },
        rows,
      },
      null,
      2,
    ),
  );
  console.log(`written: ${path.relative(process.cwd(), OUT)}`);
}

runCli(() => main(process.argv.slice(2)), USAGE);
