/**
 * What a person does on a fresh machine: `npm start` (here the same entry point with a small
 * portfolio and a free port), paste the printed example query, stop, start again (the data is
 * reused, nothing is generated again). And what a deployment does: `npm run build`, then
 * `npm run serve` runs the compiled server, which answers the same example.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createScratchDatabase } from './helpers';
import { startMain, stopMain } from './process.helpers';

interface Printed {
  url: string;
  curlBody: string;
  /** The Authorization header the printed curl sends. */
  curlAuth: string;
}

/** The URL and the printed example `curl` (its body and Authorization header), once both are out. */
function printed(out: string): Printed | null {
  const ready = /GraphQL at (\S+)/.exec(out);
  const curl = /-H 'authorization: (Bearer [^']+)' -d '(.+)'\n/.exec(out);
  return ready && curl ? { url: ready[1], curlBody: curl[2], curlAuth: curl[1] } : null;
}

const start = async (env: NodeJS.ProcessEnv, entry: 'source' | 'built' = 'source') => {
  const p = await startMain(env, printed, 120_000, entry);
  return { ...p, ...p.ready };
};
const stop = (s: { child: ChildProcess }) => stopMain(s.child);

describe('npm start', () => {
  let dataDir: string;
  let scratch: { url: string; drop(): Promise<void> } | undefined;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'credit-start-'));
    if (process.env.DATABASE_URL) scratch = await createScratchDatabase();
  });
  afterAll(async () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    await scratch?.drop();
  });

  const environment = (dir: string, url = '') => ({
    DATA_DIR: dir,
    PORT: '0',
    HOST: '127.0.0.1',
    SEED_FIRMS: '40',
    DATABASE_URL: url,
    JWT_SECRET: '',
    JWT_JWKS_URL: '',
    AUTH_MODE: '',
    // As a person runs it (jest's NODE_ENV=test turns off Apollo's own signal handlers, which
    // once hung the process on SIGTERM).
    NODE_ENV: 'development',
  });

  /** The printed example, sent as printed: every source of the firm comes back. */
  const examplePasted = async (server: Printed) => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: server.curlAuth },
      body: server.curlBody,
    });
    const body = (await res.json()) as { data: { borrower: Record<string, unknown> }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    for (const source of ['registry', 'tax', 'bank', 'supplyChain', 'judicial'])
      expect(body.data.borrower[source]).toBeTruthy();
  };

  it('loads a portfolio on first start, serves the printed example, and reuses the data on the next start', async () => {
    const env = environment(dataDir, scratch?.url);
    const first = await start(env);
    expect(first.output()).toContain('first start: generating a synthetic portfolio of 40 firms');
    // No JWT_SECRET in the environment: the development secret, said loudly.
    expect(first.output()).toContain('JWT_SECRET is not set');
    const anonymous = await fetch(first.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: first.curlBody,
    });
    expect(anonymous.status).toBe(401);
    expect(first.output()).toMatch(/an ANALYST token of 本行 for development/);
    await examplePasted(first);
    expect(await stop(first)).toBe(0);

    const second = await start(env);
    expect(second.output()).toContain('portfolio: 40 firms already loaded');
    expect(second.output()).not.toContain('first start');
    expect(await stop(second)).toBe(0);
  }, 180_000);

  it('npm run build compiles a server that npm run serve starts without the transpiler, with the same answers', async () => {
    execFileSync('npm', ['run', '-s', 'build'], { cwd: path.join(__dirname, '..'), stdio: 'pipe' });
    // Its own embedded data (the built server migrates from dist/migrations); on the server, the scratch database the first test left seeded.
    const builtDir = fs.mkdtempSync(path.join(os.tmpdir(), 'credit-built-'));
    try {
      const built = await start(environment(builtDir, scratch?.url), 'built');
      await examplePasted(built);
      expect(await stop(built)).toBe(0);
    } finally {
      fs.rmSync(builtDir, { recursive: true, force: true });
    }
  }, 240_000);
});
