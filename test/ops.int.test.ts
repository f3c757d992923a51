/**
 * Hardening and operations over HTTP (src/ops/): query limits, body size, introspection and
 * field suggestions in production, CSRF prevention, per-tenant rate limits, partners'
 * persisted-only mode, masked errors, request ids and logs, /metrics, /healthz, /readyz.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Request } from 'express';
import { Role, type Principal } from '../src/auth/principal';
import { exampleUscc } from '../src/example';
import { createLogger } from '../src/ops/logger';
import { sha256 } from '../src/ops/persisted-queries';
import type { PrincipalResolver } from '../src/ops/principal';
import { startServer } from '../src/server';
import { authHeader, gql, openTestDatabase, startTestServer, testConfig, type TestServer } from './helpers';

const origin = (url: string) => new URL(url).origin;

/** Test seam for authentication: the principal named by test headers (the auth layer replaces this with a verified token). */
const headerPrincipal: PrincipalResolver = (req: Request): Principal | null => {
  const tenant = req.header('x-test-tenant');
  if (!tenant) return null;
  return {
    subject: `user@${tenant}`,
    tenant,
    role: (req.header('x-test-role') as Role) ?? Role.ANALYST,
    purpose: 'CREDIT_APPROVAL',
    tokenId: null,
  };
};

function depthBomb(levels: number): string {
  let inner = 'id';
  for (let i = 0; i < levels; i++) inner = `warningHistory { borrower { uscc ${inner === 'id' ? '' : inner} } }`;
  return `query Deep($u: USCC!) { borrower(uscc: $u) { ${inner} } }`;
}

function aliasBomb(n: number): string {
  return `query Aliases($u: USCC!) { ${Array.from({ length: n }, (_, i) => `a${i}: borrower(uscc: $u) { uscc }`).join(' ')} }`;
}

/** A pino logger writing into an array, to check what the server logs. */
function captureLogs() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      cb();
    },
  });
  return { lines, logger: createLogger('info', stream) };
}

describe('development server (default limits)', () => {
  let t: TestServer;
  let uscc: string;
  const logs = captureLogs();
  beforeAll(async () => {
    t = await startTestServer({ maxBodyBytes: 4096 }, { deps: { logger: logs.logger } });
    uscc = (await exampleUscc(t.db))!;
  });
  afterAll(() => t.close());

  it('refuses a depth bomb with QUERY_TOO_DEEP before anything runs', async () => {
    const res = await gql(t.url, depthBomb(8), { u: uscc });
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0].extensions?.code).toBe('QUERY_TOO_DEEP');
    expect(res.errors![0].message).toMatch(/depth limit of 12 exceeded.*MAX_QUERY_DEPTH/);
  });

  it('refuses an alias bomb with TOO_MANY_ALIASES', async () => {
    const res = await gql(t.url, aliasBomb(21), { u: uscc });
    expect(res.status).toBe(400);
    expect(res.errors![0].extensions?.code).toBe('TOO_MANY_ALIASES');
    expect(res.errors![0].message).toMatch(/MAX_QUERY_ALIASES/);
    // At the limit it passes.
    const ok = await gql(t.url, aliasBomb(20), { u: uscc });
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.a19).toEqual({ uscc });
  });

  it('allows introspection and keeps field suggestions outside production', async () => {
    const res = await gql(t.url, '{ __schema { queryType { name } } }');
    expect(res.errors).toBeUndefined();
    expect(res.data!.__schema.queryType.name).toBe('Query');
    const typo = await gql(t.url, '{ borrowr(uscc: "x") { uscc } }');
    expect(typo.errors![0].message).toMatch(/Did you mean "borrower/);
  });

  it('answers a body over MAX_BODY_BYTES with 413 and a JSON error', async () => {
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(5000) } }),
    });
    expect(res.status).toBe(413);
    const body = (await res.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(body.errors[0].message).toBe('request body is larger than 4096 bytes (MAX_BODY_BYTES)');
  });

  it('answers a body that is not JSON with 400 and a JSON error (no HTML, no stack)', async () => {
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(JSON.parse(text).errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(text).not.toMatch(/at .*\.js|<html/i);
  });

  it('keeps CSRF prevention on: a GET or a simple-content-type POST without a preflight header is refused', async () => {
    const get = await fetch(`${t.url}?query=${encodeURIComponent('{ __typename }')}`);
    expect(get.status).toBe(400);
    expect(await get.text()).toMatch(/Cross-Site Request Forgery/);
    const text = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(text.status).toBe(400);
    expect(await text.text()).toMatch(/Cross-Site Request Forgery/);
    // With the preflight header (a browser could only send it after a CORS preflight), the GET is served.
    const ok = await fetch(`${t.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { 'apollo-require-preflight': 'true', ...(await authHeader(Role.ANALYST)) },
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('gives every request an id: a sane incoming x-request-id is kept, anything else replaced', async () => {
    const kept = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'abc-123' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(kept.headers.get('x-request-id')).toBe('abc-123');
    const replaced = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'bad id\twith spaces' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs requests with their id and operation, but no authorization header, variables or response data', async () => {
    const before = logs.lines.length;
    const auth = await authHeader(Role.ANALYST);
    const token = auth.authorization.slice('Bearer '.length);
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth, 'x-request-id': 'log-probe-1' },
      body: JSON.stringify({
        query: 'query LogProbe($u: USCC!) { borrower(uscc: $u) { name registry { legalRepName } } }',
        variables: { u: uscc },
        operationName: 'LogProbe',
      }),
    });
    const body = (await res.json()) as { data: { borrower: { name: string; registry: { legalRepName: string } } } };
    const name = body.data.borrower.name;
    await new Promise((r) => setTimeout(r, 50));
    const mine = logs.lines.slice(before).filter((l) => l.includes('log-probe-1'));
    expect(mine.length).toBeGreaterThan(0);
    const entry = JSON.parse(mine.find((l) => l.includes('request completed'))!);
    expect(entry).toMatchObject({
      requestId: 'log-probe-1',
      operationName: 'LogProbe',
      req: { method: 'POST', path: '/graphql' },
      res: { statusCode: 200 },
    });
    const all = logs.lines.slice(before).join('\n');
    for (const secret of [token, uscc, name, body.data.borrower.registry.legalRepName])
      expect(all).not.toContain(secret);
  });

  it('serves /healthz and /readyz (database and every source)', async () => {
    const health = await fetch(`${origin(t.url)}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${origin(t.url)}/readyz`);
    const body = (await ready.json()) as { status: string; checks: Array<{ name: string; ok: boolean }> };
    expect(ready.status).toBe(200);
    expect(body.status).toBe('ready');
    expect(body.checks.map((c) => c.name).sort()).toEqual([
      'ALT_DATA',
      'BANK',
      'JUDICIAL',
      'REGISTRY',
      'SUPPLY_CHAIN',
      'TAX',
      'database',
    ]);
    expect(body.checks.every((c) => c.ok)).toBe(true);
  });

  it('exposes request latency by operation and errors by code on /metrics', async () => {
    await gql(t.url, 'query MetricsProbe { __typename }');
    await gql(t.url, depthBomb(8), { u: uscc });
    const res = await fetch(`${origin(t.url)}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(
      /graphql_request_duration_seconds_bucket\{le="0.005",operation="MetricsProbe",type="query"\} \d+/,
    );
    expect(text).toMatch(/graphql_request_duration_seconds_count\{operation="MetricsProbe",type="query"\} 1/);
    expect(text).toMatch(/graphql_errors_total\{code="QUERY_TOO_DEEP"\} [1-9]/);
    expect(text).toMatch(/graphql_errors_total\{code="PAYLOAD_TOO_LARGE"\} [1-9]/);
    for (const source of ['TAX', 'BANK', 'REGISTRY']) {
      expect(text).toContain(`connector_calls_total{source="${source}",adapter="postgres"} 0`);
      expect(text).toContain(`connector_breaker_state{source="${source}",state="NONE"} 1`);
    }
    expect(text).toContain('# TYPE connector_call_duration_seconds histogram');
    expect(text).toContain('# TYPE connector_batch_keys histogram');
  });

  it('bounds the operation label: names that are not plain identifiers count as __other', async () => {
    const m = t.server.metrics;
    expect(m.operationLabel(undefined)).toBe('__anonymous');
    expect(m.operationLabel('drop table; --')).toBe('__other');
    expect(m.operationLabel('x'.repeat(100))).toBe('__other');
  });
});

describe('input validation where users send data', () => {
  let t: TestServer;
  let uscc: string;
  beforeAll(async () => {
    t = await startTestServer();
    uscc = (await exampleUscc(t.db))!;
  });
  afterAll(() => t.close());

  it.each([
    ['a malformed USCC', 'query($u: USCC!) { borrower(uscc: $u) { uscc } }', { u: '91330000ABC' }],
    ['a page size out of range', '{ borrowers(first: 1000) { edges { cursor } } }', {}],
    ['a negative page size', '{ matchReviewQueue(first: -1) { edges { cursor } } }', {}],
    ['a forged cursor', '{ borrowers(after: "not-a-cursor") { edges { cursor } } }', {}],
    ['a forged warnings cursor', '{ warnings(after: "bm90LWEtY3Vyc29y") { edges { cursor } } }', {}],
    ['a bad industry filter', '{ borrowers(filter: { industry: "ZZ9" }) { edges { cursor } } }', {}],
    ['a one-letter name filter', '{ borrowers(filter: { name: "a" }) { edges { cursor } } }', {}],
    ['an empty warnings filter list', '{ warnings(filter: { tiers: [] }) { edges { cursor } } }', {}],
    ['a worst count out of range', '{ qualityReport(worst: -5) { worstFirms { uscc } } }', {}],
    [
      'a sub-list size out of range',
      'query($u: USCC!, $n: Int!) { borrower(uscc: $u) { judicial { cases(first: $n) { caseNo } } } }',
      'uscc',
    ],
    [
      'a months count out of range',
      'query($u: USCC!) { borrower(uscc: $u) { tax { declarations(months: -1) { period } } } }',
      'uscc',
    ],
    [
      'a forged invoice cursor',
      'query($u: USCC!) { borrower(uscc: $u) { tax { invoices(after: "%%%") { edges { cursor } } } } }',
      'uscc',
    ],
    [
      'a review id that is not a number',
      'mutation { reviewQualityIssue(id: "1; DROP TABLE x", action: CONFIRM) { id } }',
      {},
    ],
    [
      'a review reason over 1000 characters',
      `mutation { reviewWarning(id: "1", action: DISMISS, note: "${'x'.repeat(1001)}") { id } }`,
      {},
    ],
  ])('refuses %s with BAD_USER_INPUT naming the argument', async (_what, query, vars) => {
    const res = await gql(t.url, query, vars === 'uscc' ? { u: uscc, n: 10_000 } : (vars as Record<string, unknown>));
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).not.toBe('Internal server error');
  });
});

describe('smaller limits (tokens, cost)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ queryLimits: { depth: 12, aliases: 20, tokens: 60, cost: 30, directives: 5 } });
  });
  afterAll(() => t.close());

  it('refuses a document over MAX_QUERY_TOKENS with TOO_MANY_TOKENS', async () => {
    const res = await gql(t.url, `{ ${Array.from({ length: 70 }, () => '__typename').join(' ')} }`);
    expect(res.status).toBe(400);
    expect(res.errors![0].extensions?.code).toBe('TOO_MANY_TOKENS');
    expect(res.errors![0].message).toMatch(/Token limit of 60 exceeded.*MAX_QUERY_TOKENS/);
  });

  it('refuses an operation over MAX_QUERY_COST with QUERY_TOO_COSTLY', async () => {
    const res = await gql(
      t.url,
      '{ borrowers(first: 5) { edges { node { uscc name registry { legalRepName shareholders { name } } tax { declarations { period sales } } } } } }',
    );
    expect(res.status).toBe(400);
    expect(res.errors![0].extensions?.code).toBe('QUERY_TOO_COSTLY');
    expect(res.errors![0].message).toMatch(/MAX_QUERY_COST/);
  });
});

describe('production server', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ nodeEnv: 'production' });
  });
  afterAll(() => t.close());

  it('refuses introspection', async () => {
    const res = await gql(t.url, '{ __schema { queryType { name } } }');
    expect(res.status).toBe(400);
    expect(res.errors![0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors![0].message).toMatch(/introspection is not allowed/);
    expect(res.data).toBeUndefined();
  });

  it('gives no field suggestions', async () => {
    const res = await gql(t.url, '{ borrowr(uscc: "x") { uscc } }');
    expect(res.status).toBe(400);
    expect(res.errors![0].message).toMatch(/Cannot query field "borrowr"/);
    expect(res.errors![0].message).not.toMatch(/Did you mean|borrower/);
  });

  it('masks internal errors (no stack trace, no SQL) and logs them with the request id, without the driver detail', async () => {
    const db = await openTestDatabase();
    // A database whose every statement fails the way a driver does: SQL in the message, row values in `detail`.
    const broken = new Proxy(db, {
      get(target, prop, receiver) {
        // A request reads through its view of the database (withDeadline): here, the broken database itself.
        if (prop === 'withDeadline') return () => receiver;
        if (prop !== 'query') return Reflect.get(target, prop, receiver);
        return async () => {
          throw Object.assign(new Error('syntax error at or near "FROM" in SELECT f.uscc FROM core.firm f'), {
            code: '42601',
            detail: 'Key (id_number)=(330102199001011234)',
          });
        };
      },
    });
    const logs = captureLogs();
    const server = await startServer(testConfig({ nodeEnv: 'production' }), broken, { logger: logs.logger });
    try {
      const res = await fetch(server.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-request-id': 'masked-1',
          ...(await authHeader(Role.ANALYST)),
        },
        body: JSON.stringify({
          query: 'query($u: USCC!) { borrower(uscc: $u) { name } }',
          variables: { u: (await exampleUscc(db))! },
        }),
      });
      const text = await res.text();
      const body = JSON.parse(text) as { errors: Array<{ message: string; extensions: Record<string, unknown> }> };
      expect(body.errors[0]).toMatchObject({
        message: 'Internal server error',
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
      expect(text).not.toMatch(/SELECT|core\.firm|stacktrace|330102|\.ts:\d+/);
      const logged = logs.lines
        .map((l) => JSON.parse(l) as Record<string, any>)
        .find((l) => l.msg === 'unexpected error');
      expect(logged).toMatchObject({
        level: 50,
        requestId: 'masked-1',
        err: { type: 'GraphQLError', cause: { code: '42601', message: expect.stringContaining('syntax error') } },
      });
      expect(JSON.stringify(logged)).not.toContain('330102199001011234');
    } finally {
      await server.stop();
      await db.close();
    }
  });
});

describe('rate limits', () => {
  let t: TestServer;
  beforeAll(async () => {
    // One slice (a plain fixed window) and no tenant ceiling: the refusal's shape; the budgets'
    // rules (per principal, tenant ceiling, smoothing, shared store) are test/rate-limit.int.test.ts's.
    t = await startTestServer(
      { rateLimit: { points: 3, durationSeconds: 60, tenantPoints: 0, slices: 1, store: 'memory' } },
      { deps: { principalOf: headerPrincipal } },
    );
  });
  afterAll(() => t.close());

  const ask = (headers: Record<string, string> = {}) =>
    fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: '{ __typename }' }),
    });

  it('answers the request past the budget with 429 and Retry-After, per principal', async () => {
    const a = { 'x-test-tenant': 'bank-a' };
    for (let i = 0; i < 3; i++) expect((await ask(a)).status).toBe(200);
    const over = await ask(a);
    expect(over.status).toBe(429);
    const retry = Number(over.headers.get('retry-after'));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    const body = (await over.json()) as {
      errors: Array<{ message: string; extensions: { code: string; retryAfterSeconds: number } }>;
    };
    expect(body.errors[0].extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: retry });
    expect(body.errors[0].message).toMatch(/3 requests per 60 s for principal user@bank-a of tenant bank-a/);
    // Another principal has its own budget; so has an anonymous client (by IP): its requests are
    // refused (no token) but still counted, so a client cannot hammer authentication either.
    expect((await ask({ 'x-test-tenant': 'bank-b' })).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await ask()).status).toBe(401);
    expect((await ask()).status).toBe(429);
  });
});

describe('partners in persisted-only mode', () => {
  let t: TestServer;
  let dir: string;
  const listed = 'query PartnerTier { __typename }';
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pq-'));
    const file = path.join(dir, 'manifest.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        format: 'apollo-persisted-query-manifest',
        version: 1,
        operations: [{ id: sha256(listed), name: 'PartnerTier', type: 'query', body: listed }],
      }),
    );
    t = await startTestServer(
      { partnerPersistedOnly: true, persistedQueriesFile: file },
      { deps: { principalOf: headerPrincipal } },
    );
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const partner = { 'x-test-tenant': 'partner-bank', 'x-test-role': Role.PARTNER };
  const post = (body: unknown, headers: Record<string, string>) =>
    fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('refuses an unlisted query from a partner with PERSISTED_QUERY_REQUIRED', async () => {
    const res = await post({ query: '{ __typename }' }, partner);
    expect(res.status).toBe(403);
    const body = (await res.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0].extensions.code).toBe('PERSISTED_QUERY_REQUIRED');
    expect(body.errors[0].message).toMatch(/is not in the allowlist/);
    const unknownHash = await post(
      { extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } },
      partner,
    );
    expect(unknownHash.status).toBe(403);
    const mismatch = await post(
      { query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: sha256(listed) } } },
      partner,
    );
    expect(mismatch.status).toBe(403);
  });

  it('runs a listed operation named by its hash (APQ extension or id), with or without its text', async () => {
    for (const body of [
      { extensions: { persistedQuery: { version: 1, sha256Hash: sha256(listed) } } },
      { id: sha256(listed) },
      { query: listed },
    ]) {
      const res = await post(body, partner);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
    }
  });

  it('leaves internal roles free to send any query', async () => {
    const res = await post({ query: '{ __typename }' }, { 'x-test-tenant': 'the-bank', 'x-test-role': Role.ANALYST });
    expect(res.status).toBe(200);
  });
});
