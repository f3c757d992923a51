/**
 * Checks that PEER (PostGraphile, bench/peer/peer.server.ts) answers Q2 as we do: starts it as a
 * child process (as the harness does), starts our server in-process with an ANALYST token, runs
 * Q2 on the first page and the 5 following ones on both (each following its own endCursor), and
 * prints the first difference after `peerToOurs` (page, path, both values) or "equivalent", then
 * the SQL statements per request of each (PEER's from its probe, ours from our statement count).
 *
 *   DATABASE_URL=postgres://... node -r @swc-node/register bench/peer/check.ts
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
import { Q2_PAGE } from '../queries';
import { READY_PREFIX, STATS_PREFIX, type ProbeStats } from '../probe';
import { PEER_Q2, peerEndCursor, peerToOurs } from './peer.queries';

const PAGES = 6;

interface Peer {
  url: string;
  /** Sends a probe command (`reset` or `stats`) and resolves with the child's answer. */
  probe(command: 'reset' | 'stats'): Promise<Partial<ProbeStats>>;
  stop(): void;
}

/** Spawns peer.server.ts and waits for its READY line. */
function startPeer(databaseUrl: string): Promise<Peer> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'peer.server.ts')], {
    cwd: path.join(__dirname, '..', '..'),
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const answers: Array<(stats: Partial<ProbeStats>) => void> = [];
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`peer.server.ts exited with ${code} before READY`)));
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith(READY_PREFIX)) {
        resolve({
          url: line.slice(READY_PREFIX.length).trim(),
          probe: (command) =>
            new Promise((answer) => {
              answers.push(answer);
              child.stdin.write(`${command}\n`);
            }),
          stop: () => child.stdin.end(),
        });
      } else if (line.startsWith(STATS_PREFIX)) {
        answers.shift()?.(JSON.parse(line.slice(STATS_PREFIX.length)) as Partial<ProbeStats>);
      }
    });
  });
}

async function post(url: string, query: string, after: string | null, token?: string): Promise<unknown> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables: { after } }) });
  return res.json();
}

/** The first place where two JSON values differ: its path and both values, or null when equal. */
function firstDifference(ours: unknown, peer: unknown, at = ''): { path: string; ours: unknown; peer: unknown } | null {
  if (Object.is(ours, peer)) return null;
  if (typeof ours !== 'object' || typeof peer !== 'object' || ours === null || peer === null || Array.isArray(ours) !== Array.isArray(peer)) {
    return { path: at || '(root)', ours, peer };
  }
  if (Array.isArray(ours) && Array.isArray(peer) && ours.length !== peer.length) {
    return { path: `${at}.length`, ours: ours.length, peer: peer.length };
  }
  const a = ours as Record<string, unknown>;
  const b = peer as Record<string, unknown>;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const diff = firstDifference(a[key], b[key], Array.isArray(ours) ? `${at}[${key}]` : `${at}.${key}`);
    if (diff) return diff;
  }
  return null;
}

interface Q2Body {
  errors?: unknown[];
  data?: { borrowers?: { edges: unknown[]; pageInfo: { endCursor: string | null } } };
}

async function main(): Promise<void> {
  const base = loadConfig({ port: 0, host: '127.0.0.1', nodeEnv: 'test', logLevel: 'silent' });
  if (!base.databaseUrl) throw new Error('set DATABASE_URL to the seeded and rescored database');
  const peer = await startPeer(base.databaseUrl);
  const db = await openDatabase({ databaseUrl: base.databaseUrl, poolMax: 10 });
  const server = await startServer({ ...base, rateLimit: { ...base.rateLimit, points: 1_000_000 } }, db);
  const token = await signToken(base.auth, { subject: 'bench', tenant: base.auth.bankTenant, role: Role.ANALYST });
  try {
    let ourAfter: string | null = null;
    let peerAfter: string | null = null;
    let difference: string | null = null;
    let nodes = 0;
    await peer.probe('reset');
    db.resetStatementCount();
    for (let page = 1; page <= PAGES; page++) {
      const ours = (await post(server.url, Q2_PAGE, ourAfter, token)) as Q2Body;
      const raw = await post(peer.url, PEER_Q2, peerAfter);
      if (ours.errors || !ours.data?.borrowers) throw new Error(`our page ${page} failed: ${JSON.stringify(ours.errors)}`);
      nodes += ours.data.borrowers.edges.length;
      const diff = firstDifference(ours, peerToOurs(raw));
      if (diff && !difference) difference = `page ${page}, ${diff.path}: ours ${JSON.stringify(diff.ours)}, PEER ${JSON.stringify(diff.peer)}`;
      ourAfter = ours.data.borrowers.pageInfo.endCursor;
      peerAfter = peerEndCursor(raw);
    }
    const stats = await peer.probe('stats');
    console.log(`Q2, ${PAGES} pages (${nodes} borrowers): ${difference ? `first difference at ${difference}` : 'equivalent'}`);
    console.log(`SQL statements per request: PEER ${((stats.statements ?? NaN) / PAGES).toFixed(1)}, ours ${(db.statementCount() / PAGES).toFixed(1)}`);
    if (difference) process.exitCode = 1;
  } finally {
    peer.stop();
    await server.stop();
    await db.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
