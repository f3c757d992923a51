/**
 * `/healthz`: the process is alive and serving HTTP (always 200 while it listens).
 * `/readyz`: the server can do its work: the database answers `SELECT 1` and every source's
 * connector reports healthy (its mirror table reads; in `http` mode its upstream's `/healthz`
 * answers). 200 when all pass; 503 naming the failing parts otherwise, and 503 while the server
 * shuts down, so a load balancer stops sending before the listener closes.
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
      timer = setTimeout(() => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
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

export function healthRouter(db: Database, connectors: Connectors, state: { shuttingDown: boolean }): Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    if (state.shuttingDown) {
      res.status(503).json({ status: 'shutting down', failing: ['shutdown'], checks: [] });
      return;
    }
    const checks = await readinessChecks(db, connectors);
    const failing = checks.filter((c) => !c.ok).map((c) => c.name);
    res.status(failing.length ? 503 : 200).json({ status: failing.length ? 'not ready' : 'ready', failing, checks });
  });
  return router;
}
