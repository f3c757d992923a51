/**
 * The upstream simulator: serves the tax, registry, supply-chain and judicial sources'
 * upstream protocol (docs/upstream-protocol.md) from the database, so tests and benchmarks
 * can point the platform's `http` adapters at it and inject every fault on purpose.
 *
 * One request of a source goes: authentication (401), stats, the fault plan drawn from the
 * source's seeded dice, then the latency; an outage answers 503, a timeout never answers, a
 * rate limit 429 with Retry-After, an error 500; otherwise the request is validated (400),
 * answered from the database, and possibly broken on the way out (malformed body, invalid or
 * omitted profiles).
 */
import http from 'node:http';
import { setMaxListeners } from 'node:events';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Database } from '../db/database';
import { checkUscc } from '../lib/uscc';
import {
  completeFaults,
  corruptProfile,
  Dice,
  type FaultSettings,
  FaultSettingsError,
  malformedBody,
  NO_FAULTS,
  planKey,
  planRequest,
  type RequestPlan,
} from './faults';
import { PageTokenError } from './page-token';
import { isSource, readListPage, readProfiles, type Source, SOURCES, UnknownListError } from './profiles';

export { SOURCES, STATEMENTS_PER_BATCH, type Source } from './profiles';
export { NO_FAULTS, type FaultSettings } from './faults';

export const DEFAULT_TOKEN = 'dev-upstream-token';

export interface SimulatorOptions {
  db: Database;
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** The bearer token every request (but /healthz) must carry. */
  token?: string;
  /** Items per list in a profile and per page. */
  pageSize?: number;
  /** Keys per batchGet. */
  maxBatch?: number;
  /** Seed of the fault dice. */
  seed?: number;
  faults?: Partial<Record<Source, Partial<FaultSettings>>>;
}

export interface SourceStats {
  /** batchGet requests received (authenticated), whatever their answer. */
  calls: number;
  /** Keys those requests asked for. */
  keys: number;
}

export interface Simulator {
  /** Base URL, e.g. http://127.0.0.1:4100 (what UPSTREAM_URL takes). */
  readonly url: string;
  readonly port: number;
  /** Replaces the source's faults (what is not given is "no fault"). Throws FaultSettingsError. */
  setFaults(source: Source, settings: Partial<FaultSettings>): void;
  faults(): Record<Source, FaultSettings>;
  resetFaults(): void;
  stats(): Record<Source, SourceStats>;
  resetStats(): void;
  /** Stops listening, drops every connection (hung ones included) and waits for handlers in flight. */
  stop(): Promise<void>;
}

/** An answer that is an error of the protocol: `{ error: { code, message } }`. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const perSource = <T>(make: (s: Source, i: number) => T) =>
  Object.fromEntries(SOURCES.map((s, i) => [s, make(s, i)])) as Record<Source, T>;
const emptyStats = (): SourceStats => ({ calls: 0, keys: 0 });

/** A body-parser failure, kept on the request so authentication is still answered first. */
type ParsedRequest = Request & { bodyError?: HttpError };

export async function startSimulator(opts: SimulatorOptions): Promise<Simulator> {
  const { db } = opts;
  const token = opts.token ?? DEFAULT_TOKEN;
  const pageSize = opts.pageSize ?? 200;
  const maxBatch = opts.maxBatch ?? 100;
  const seed = opts.seed ?? 1;
  if (!Number.isInteger(pageSize) || pageSize < 1)
    throw new RangeError(`pageSize must be a whole number >= 1, got ${pageSize}`);
  if (!Number.isInteger(maxBatch) || maxBatch < 1)
    throw new RangeError(`maxBatch must be a whole number >= 1, got ${maxBatch}`);

  let faults = perSource((s) => completeFaults(opts.faults?.[s] ?? {}));
  let stats = perSource(emptyStats);
  const dice = perSource((_, i) => new Dice(seed, i));
  const stopping = new AbortController();
  // Every delayed answer waits on this signal (one listener each while it sleeps): hundreds at once under load.
  setMaxListeners(0, stopping.signal);
  const sockets = new Set<Socket>();
  const inFlight = new Set<Promise<unknown>>();

  const fail = (res: Response, e: HttpError) => {
    res
      .status(e.status)
      .set(e.headers)
      .json({ error: { code: e.code, message: e.message } });
  };

  const authorized = (req: Request) => {
    const [scheme, value] = (req.get('authorization') ?? '').split(' ');
    return scheme?.toLowerCase() === 'bearer' && value === token;
  };

  /**
   * What every request of a source goes through before its own answer. Returns the plan (and
   * the settings it was drawn under, for the rest of the request) when the request is to be
   * answered, or null when it never will be (a timeout, or stopping).
   */
  async function admit(req: ParsedRequest, source: Source): Promise<(RequestPlan & { f: FaultSettings }) | null> {
    const f = faults[source];
    const plan = planRequest(f, dice[source]);
    // A timeout is a request accepted and never answered: the client's own timeout ends it,
    // and stop() destroys its socket.
    if (plan.fault === 'TIMEOUT' && !f.outage) return null;
    if (plan.delayMs > 0) {
      try {
        await sleep(plan.delayMs, undefined, { signal: stopping.signal });
      } catch {
        return null; // stopping: the socket is being destroyed
      }
    }
    if (f.outage) throw new HttpError(503, 'UNAVAILABLE', `${source} upstream is down (simulated outage)`);
    if (plan.fault === 'RATE_LIMIT') {
      throw new HttpError(
        429,
        'RESOURCE_EXHAUSTED',
        `${source} upstream rate limit exceeded (simulated); retry after ${f.retryAfterSeconds} s`,
        {
          'retry-after': String(f.retryAfterSeconds),
        },
      );
    }
    if (plan.fault === 'ERROR')
      throw new HttpError(500, 'INTERNAL', `${source} upstream failed (simulated internal error)`);
    if (req.bodyError) throw req.bodyError;
    return { ...plan, f };
  }

  /** Sends a 200, or, under a malformed fault, a 200 the client cannot read. */
  function answer(res: Response, plan: RequestPlan, body: unknown) {
    if (plan.fault !== 'MALFORMED') return void res.json(body);
    const bad = malformedBody(plan.malformedKind, body);
    res.status(200).type(bad.contentType).send(bad.text);
  }

  function sourceOf(req: Request): Source {
    const s = String(req.params.source);
    if (!isSource(s)) throw new HttpError(404, 'NOT_FOUND', `no source "${s}" (sources: ${SOURCES.join(', ')})`);
    return s;
  }

  /** Keeps the handler's promise so stop() can wait for it. */
  const tracked =
    (handler: (req: ParsedRequest, res: Response) => Promise<void>) =>
    (req: Request, res: Response, next: NextFunction): void => {
      const p = handler(req, res).catch(next);
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    };

  const app = express();
  app.disable('x-powered-by');
  // Generous limit: a batch over maxBatch must be answered BATCH_TOO_LARGE, not 413.
  app.use(express.json({ limit: '1mb' }));
  app.use((err: unknown, req: ParsedRequest, _res: Response, next: NextFunction) => {
    // A body that is not JSON: recorded, answered after authentication (next() without the
    // error resumes ordinary routing).
    const type = (err as { type?: string }).type;
    if (type === 'entity.too.large') req.bodyError = new HttpError(400, 'BATCH_TOO_LARGE', 'request body over 1 MB');
    else if (type)
      req.bodyError = new HttpError(400, 'INVALID_ARGUMENT', `request body is not JSON: ${(err as Error).message}`);
    else return next(err);
    req.body = undefined;
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', outages: SOURCES.filter((s) => faults[s].outage) });
  });

  // The token before anything else, unknown sources and bodies that are not JSON included.
  app.use(['/v1', '/admin'], (req, res, next) => {
    if (authorized(req)) return next();
    fail(res, new HttpError(401, 'UNAUTHENTICATED', 'missing or wrong bearer token', { 'www-authenticate': 'Bearer' }));
  });

  app.post(
    '/v1/:source/profiles\\:batchGet',
    tracked(async (req, res) => {
      const source = sourceOf(req);
      const asked: unknown = req.body?.usccs;
      stats[source].calls++;
      stats[source].keys += Array.isArray(asked) ? asked.length : 0;
      const plan = await admit(req, source);
      if (!plan) return;
      if (!Array.isArray(asked))
        throw new HttpError(400, 'INVALID_ARGUMENT', 'expected a JSON body { "usccs": ["<USCC>", ...] }');
      if (asked.length === 0)
        throw new HttpError(400, 'INVALID_ARGUMENT', 'usccs is empty: ask for 1 to maxBatch keys');
      if (asked.length > maxBatch)
        throw new HttpError(400, 'BATCH_TOO_LARGE', `usccs has ${asked.length} keys; at most ${maxBatch} per batchGet`);
      // Each distinct key is answered once, under the spelling it was asked with.
      const keys: string[] = [];
      const canonical = new Map<string, string>();
      asked.forEach((k: unknown, i) => {
        if (typeof k !== 'string')
          throw new HttpError(400, 'INVALID_ARGUMENT', `usccs[${i}] is not a string: ${JSON.stringify(k)}`);
        const check = checkUscc(k);
        if (!check.ok) throw new HttpError(400, 'INVALID_ARGUMENT', `usccs[${i}]: ${check.reason}`);
        if (!canonical.has(k)) keys.push(k);
        canonical.set(k, check.value);
      });
      // Per-key faults are drawn before the read, so a failed read cannot shift the stream.
      const keyPlans = keys.map(() => planKey(plan.f, dice[source]));
      const firms = [...new Set(canonical.values())];
      const read = await readProfiles(db, source, firms, pageSize);
      const byFirm = new Map(firms.map((u, i) => [u, read[i]]));

      const profiles: unknown[] = [];
      const notFound: string[] = [];
      for (const [i, key] of keys.entries()) {
        const keyPlan = keyPlans[i];
        if (keyPlan.omit) continue;
        const p = byFirm.get(canonical.get(key)!);
        if (!p) notFound.push(key);
        else
          profiles.push({
            uscc: key,
            asOf: p.asOf,
            data: keyPlan.corruption ? corruptProfile(p.data, keyPlan.corruption) : p.data,
            nextPageTokens: p.nextPageTokens,
          });
      }
      answer(res, plan, { profiles, notFound });
    }),
  );

  app.get(
    '/v1/:source/profiles/:uscc/:list',
    tracked(async (req, res) => {
      const source = sourceOf(req);
      const plan = await admit(req, source);
      if (!plan) return;
      const check = checkUscc(String(req.params.uscc));
      if (!check.ok) throw new HttpError(400, 'INVALID_ARGUMENT', check.reason);
      const pageToken = req.query.pageToken;
      if (pageToken !== undefined && typeof pageToken !== 'string')
        throw new HttpError(400, 'INVALID_ARGUMENT', 'give one pageToken');
      const page = await readListPage(db, source, check.value, String(req.params.list), pageToken, pageSize);
      if (!page) throw new HttpError(404, 'NOT_FOUND', `${source} upstream does not know ${check.value}`);
      answer(res, plan, page);
    }),
  );

  // Fault control while running, for the CLI's users and out-of-process benchmarks.
  const admin = express.Router();
  admin.use((req: ParsedRequest, res, next) => {
    if (req.bodyError) return fail(res, req.bodyError);
    next();
  });
  admin.get('/faults', (_req, res) => {
    res.json(faults);
  });
  admin.put('/faults/:source', (req, res) => {
    const source = sourceOf(req);
    sim.setFaults(source, req.body ?? {});
    res.json(faults[source]);
  });
  admin.delete('/faults', (_req, res) => {
    sim.resetFaults();
    res.json(faults);
  });
  admin.get('/stats', (_req, res) => {
    res.json(stats);
  });
  admin.delete('/stats', (_req, res) => {
    sim.resetStats();
    res.json(stats);
  });
  app.use('/admin', admin);

  app.use((req, res) => fail(res, new HttpError(404, 'NOT_FOUND', `no route ${req.method} ${req.path}`)));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent || res.destroyed) return;
    if (err instanceof HttpError) return fail(res, err);
    if (err instanceof FaultSettingsError || err instanceof PageTokenError)
      return fail(res, new HttpError(400, 'INVALID_ARGUMENT', err.message));
    if (err instanceof UnknownListError) return fail(res, new HttpError(404, 'NOT_FOUND', err.message));
    fail(res, new HttpError(500, 'INTERNAL', `simulator failure: ${(err as Error).message}`));
  });

  const server = http.createServer(app);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as { port: number };
  const host = opts.host ?? '127.0.0.1';
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;

  const sim: Simulator = {
    url: `http://${urlHost}:${port}`,
    port,
    setFaults(source, settings) {
      faults = { ...faults, [source]: completeFaults(settings) };
    },
    faults: () => perSource((s) => ({ ...faults[s] })),
    resetFaults() {
      faults = perSource(() => ({ ...NO_FAULTS }));
    },
    stats: () => perSource((s) => ({ ...stats[s] })),
    resetStats() {
      stats = perSource(emptyStats);
    },
    async stop() {
      stopping.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await Promise.allSettled([...inFlight]);
      await closed;
    },
  };
  return sim;
}
