/**
 * Checks that FLOOR (bench/floor/floor.server.ts) answers as our server does: starts ours in
 * this process (as bench/health-page.bench.ts does, with an ANALYST token), spawns the floor as a
 * child, and compares the bodies of Q1 for 30 random firms and of Q2 for the first page and the 5
 * pages after it (following endCursor). Prints the first difference (where, ours and the floor's
 * value) and exits 1, or prints "identical". `firstDifference` is the comparison the harness reuses.
 *
 *   DATABASE_URL=postgres://... node -r @swc-node/register bench/floor/check.ts
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { loadConfig } from '../../src/config';
import { openDatabase } from '../../src/db/database';
import { startServer } from '../../src/server';
import { Role } from '../../src/auth/principal';
import { signToken } from '../../src/auth/token.service';
import { READY_PREFIX } from '../probe';
import { Q1_PROFILE, Q2_PAGE } from '../queries';

const FIRMS = 30;
const FURTHER_PAGES = 5;

const show = (v: unknown) => (v === undefined ? '(absent)' : JSON.stringify(v));
const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

function differenceAt(a: unknown, b: unknown, at: string): string | null {
  if (kind(a) !== kind(b)) return `${at}: ${show(a)} vs ${show(b)}`;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const d = differenceAt(a[i], b[i], `${at}[${i}]`);
      if (d) return d;
    }
    return a.length === b.length ? null : `${at}: ${a.length} items vs ${b.length} items (next: ${show(a[b.length])} vs ${show(b[a.length])})`;
  }
  if (kind(a) === 'object') {
    const x = a as Record<string, unknown>;
    const y = b as Record<string, unknown>;
    const kx = Object.keys(x);
    const ky = Object.keys(y);
    for (let i = 0; i < Math.max(kx.length, ky.length); i++) {
      if (kx[i] !== ky[i]) return `${at}: key ${i + 1} is ${show(kx[i])} vs ${show(ky[i])} (keys ${kx.join(', ')} vs ${ky.join(', ')})`;
      const d = differenceAt(x[kx[i]], y[ky[i]], `${at}.${kx[i]}`);
      if (d) return d;
    }
    return null;
  }
  return a === b ? null : `${at}: ${show(a)} vs ${show(b)}`;
}

/** The first difference between two JSON-parsed bodies, key order included (path, then a's and b's value), or null when equal. */
export function firstDifference(a: unknown, b: unknown): string | null {
  return differenceAt(a, b, '$');
}

/** Spawns the floor on DATABASE_URL and resolves with its URL once it says READY. */
function startFloor(databaseUrl: string) {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'floor.server.ts')], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const url = new Promise<string>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (line.startsWith(READY_PREFIX)) resolve(line.slice(READY_PREFIX.length).trim());
    });
    child.on('exit', (code) => reject(new Error(`the floor server exited (code ${code}) before it was READY`)));
  });
  return { child, url };
}

async function main(): Promise<void> {
  const base = loadConfig({ port: 0, host: '127.0.0.1', nodeEnv: 'test', logLevel: 'silent' });
  if (!base.databaseUrl) throw new Error('set DATABASE_URL to a seeded and rescored database (npm run seed, npm run rescore -- --all) on a PostgreSQL server');
  const db = await openDatabase({ databaseUrl: base.databaseUrl, poolMax: 10 });
  const server = await startServer({ ...base, rateLimit: { ...base.rateLimit, points: 1_000_000 } }, db);
  const token = await signToken(base.auth, { subject: 'bench', tenant: base.auth.bankTenant, role: Role.ANALYST });
  const floor = startFloor(base.databaseUrl);
  try {
    const floorUrl = await floor.url;
    const post = async (url: string, query: string, variables: Record<string, unknown>, auth: boolean) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`${auth ? 'our server' : 'the floor'} answered HTTP ${res.status}: ${text.slice(0, 500)}`);
      return text;
    };
    /** Compares one request's bodies; returns ours parsed, or throws with the first difference. */
    const compare = async (what: string, query: string, variables: Record<string, unknown>): Promise<unknown> => {
      const [ours, theirs] = await Promise.all([post(server.url, query, variables, true), post(floorUrl, query, variables, false)]);
      const parsed: unknown = JSON.parse(ours);
      const diff = firstDifference(parsed, JSON.parse(theirs));
      if (diff) throw new Error(`${what}: ours vs floor differ at ${diff}`);
      if (ours !== theirs) throw new Error(`${what}: the bodies parse alike but differ as text (${show(ours.slice(-40))} vs ${show(theirs.slice(-40))})`);
      return parsed;
    };

    const { rows } = await db.query<{ uscc: string }>('SELECT uscc FROM core.firm ORDER BY random() LIMIT $1', [FIRMS]);
    for (const { uscc } of rows) await compare(`Q1 for ${uscc}`, Q1_PROFILE, { uscc });
    let after: string | null = null;
    for (let n = 0; n <= FURTHER_PAGES; n++) {
      const body = (await compare(`Q2 page ${n + 1} (after ${show(after)})`, Q2_PAGE, { after })) as { data: { borrowers: { pageInfo: { endCursor: string | null } } } };
      after = body.data.borrowers.pageInfo.endCursor;
    }
    console.log(`identical: Q1 for ${rows.length} firms, Q2 for ${FURTHER_PAGES + 1} pages`);
  } finally {
    floor.child.kill();
    await server.stop();
    await db.close();
  }
}

// Run as a script only: the harness imports `firstDifference`.
if (require.main === module) {
  main().catch((err: unknown) => {
    console.error((err as Error).message ?? err);
    process.exit(1);
  });
}
