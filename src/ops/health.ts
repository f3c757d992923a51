/**
 * `/healthz`: the process is alive and serving HTTP (always 200 while it listens).
 * `/readyz`: the server can serve: the database answers `SELECT 1`. 503 when it does not, and
 * while the server shuts down, so a load balancer stops sending before the listener closes.
 * Sources are reported, never fatal: a source whose connector is unhealthy (its mirror table
 * does not read; in `http` mode its upstream's `/healthz` does not answer) is listed under
 * `degraded` with status `degraded` and HTTP 200, because the server still answers from the
 * mirror and marks the source in each answer. An upstream outage shared by every replica must
 * not take every replica out of the load balancer at once.
 */
import type { Router } from 'express';
import express from 'express';
import type { Database } from '../db/database';
import { allConnectors, type Connectors } from '../connectors';

export interface Check {
  name: string;
  ok: boolean;
  detail?: string;
}

const CHECK_TIMEOUT_MS = 2000;

function withTimeout<T>(what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)),
        CHECK_TIMEOUT_MS,
      );
    }),
  ]).finally(() => clearTimeout(timer));
}

export async function readinessChecks(db: Database, connectors: Connectors): Promise<Check[]> {
  const database = withTimeout('database', db.query('SELECT 1'))
    .then((): Check => ({ name: 'database', ok: true }))
    .catch((err: Error): Check => ({ name: 'database', ok: false, detail: err.message }));
  const sources = allConnectors(connectors).map((c) =>
    withTimeout(`${c.source} health`, c.health())
      .then((h): Check => ({ name: h.source, ok: h.ok, detail: `${h.adapter}${h.detail ? `: ${h.detail}` : ''}` }))
      .catch((err: Error): Check => ({ name: c.source, ok: false, detail: `${c.adapter}: ${err.message}` })),
  );
  return Promise.all([database, ...sources]);
}

export interface Readiness {
  status: 'ready' | 'degraded' | 'not ready';
  /** Parts that stop the server serving: only the database. */
  failing: string[];
  /** Sources whose connector is unhealthy: answers mark them, the server still serves. */
  degraded: string[];
  checks: Check[];
}

/** Ready means "can serve": the database decides; unhealthy sources only degrade. */
export function readiness(checks: Check[]): Readiness {
  const failing = checks.filter((c) => !c.ok && c.name === 'database').map((c) => c.name);
  const degraded = checks.filter((c) => !c.ok && c.name !== 'database').map((c) => c.name);
  const status = failing.length ? 'not ready' : degraded.length ? 'degraded' : 'ready';
  return { status, failing, degraded, checks };
}

export function healthRouter(db: Database, connectors: Connectors, state: { shuttingDown: boolean }): Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    if (state.shuttingDown) {
      res.status(503).json({ status: 'shutting down', failing: ['shutdown'], degraded: [], checks: [] });
      return;
    }
    const checks = await readinessChecks(db, connectors);
    const body = readiness(checks);
    res.status(body.status === 'not ready' ? 503 : 200).json(body);
  });
  return router;
}
