/**
 * Start-up configuration: every wrong setting fails with a message naming the variable, the
 * value it got and the form it expects; several wrong settings are all listed at once.
 */
import { ConfigError, loadConfig } from '../src/config';
import { parsePersistedQueries, sha256 } from '../src/ops/persisted-queries';

function problems(env: Record<string, string>): string {
  try {
    loadConfig({}, env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error(`no ConfigError for ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it.each([
    ['PORT', 'abc', 'expected a whole number from 0 to 65535'],
    ['PORT', '70000', 'expected a whole number from 0 to 65535'],
    ['DATABASE_URL', 'mysql://x', 'expected a postgres:// or postgresql:// URL'],
    ['DB_POOL_MAX', '0', 'expected a whole number from 1 to 200'],
    ['SEED', '1.5', 'expected a whole number'],
    ['NODE_ENV', 'prod', 'expected development, production or test'],
    ['REQUEST_DEADLINE_MS', '10', 'expected a whole number from 50 to 120000'],
    ['DEBUG_EXTENSIONS', 'yes', 'expected true, false, 1 or 0'],
    ['UPSTREAM_URL', 'ftp://x', 'expected an http(s):// URL'],
    ['TAX_ADAPTER', 'ftp', 'expected postgres or http'],
    ['JUDICIAL_TIMEOUT_MS', '0', 'expected a whole number from 1 to 60000'],
    ['MAX_QUERY_DEPTH', '1', 'expected a whole number from 2 to 100'],
    ['MAX_QUERY_ALIASES', 'many', 'expected a whole number from 0 to 1000'],
    ['MAX_QUERY_TOKENS', '10', 'expected a whole number from 50 to 100000'],
    ['MAX_QUERY_COST', '-1', 'expected a whole number from 10 to 10000000'],
    ['MAX_BODY_BYTES', '1mb', 'expected a whole number from 1024 to 52428800'],
    ['RATE_LIMIT_POINTS', '-5', 'expected a whole number from 0 to 1000000'],
    ['RATE_LIMIT_DURATION_SECONDS', '0', 'expected a whole number from 1 to 86400'],
    ['PARTNER_PERSISTED_ONLY', 'on', 'expected true, false, 1 or 0'],
    ['LOG_LEVEL', 'loud', 'expected fatal, error, warn, info, debug, trace or silent'],
    ['SHUTDOWN_GRACE_MS', '1s', 'expected a whole number from 0 to 600000'],
  ])('%s=%s names the variable, the value and the expected form', (name, value, expected) => {
    expect(problems({ [name]: value })).toContain(`${name}=${JSON.stringify(value)}: ${expected}`);
  });

  it('lists every wrong setting at once', () => {
    const msg = problems({ PORT: 'x', MAX_QUERY_DEPTH: '0', LOG_LEVEL: 'loud', RATE_LIMIT_POINTS: 'lots' });
    expect(msg.split('\n').filter((l) => l.startsWith('  '))).toHaveLength(4);
    for (const name of ['PORT', 'MAX_QUERY_DEPTH', 'LOG_LEVEL', 'RATE_LIMIT_POINTS'])
      expect(msg).toContain(`  ${name}=`);
  });

  it('needs PERSISTED_QUERIES_FILE when PARTNER_PERSISTED_ONLY=true', () => {
    expect(problems({ PARTNER_PERSISTED_ONLY: 'true' })).toMatch(
      /PARTNER_PERSISTED_ONLY=true needs PERSISTED_QUERIES_FILE/,
    );
  });

  it('reads the hardening settings', () => {
    const c = loadConfig(
      {},
      {
        MAX_QUERY_DEPTH: '8',
        MAX_BODY_BYTES: '2048',
        RATE_LIMIT_POINTS: '10',
        RATE_LIMIT_DURATION_SECONDS: '1',
        LOG_LEVEL: 'warn',
        PARTNER_PERSISTED_ONLY: 'true',
        PERSISTED_QUERIES_FILE: 'pq.json',
      },
    );
    expect(c.queryLimits).toEqual({ depth: 8, aliases: 20, tokens: 3000, cost: 20000, directives: 30 });
    expect(c).toMatchObject({
      maxBodyBytes: 2048,
      rateLimit: { points: 10, durationSeconds: 1 },
      logLevel: 'warn',
      partnerPersistedOnly: true,
      shutdownGraceMs: 10000,
    });
    expect(c.persistedQueriesFile).toMatch(/\/pq\.json$/);
  });
});

describe('persisted-query manifest', () => {
  const body = 'query PartnerTier { __typename }';
  const manifest = (ops: unknown[]) =>
    JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations: ops });

  it('reads the operations by their sha256', () => {
    const map = parsePersistedQueries(
      manifest([{ id: sha256(body), name: 'PartnerTier', type: 'query', body }]),
      'pq.json',
    );
    expect(map.get(sha256(body))).toEqual({ name: 'PartnerTier', body });
  });

  it.each([
    ['not JSON', '{', /PERSISTED_QUERIES_FILE="pq.json": not JSON/],
    [
      'another format',
      JSON.stringify({ format: 'x', version: 1, operations: [] }),
      /format: expected "format": "apollo-persisted-query-manifest"/,
    ],
    [
      'an id that is not the hash of its body',
      manifest([{ id: 'a'.repeat(64), name: 'PartnerTier', body }]),
      /operations.0 \(PartnerTier\): id a{64} is not the sha256 of its body/,
    ],
    [
      'an id that is not a digest',
      manifest([{ id: 'PartnerTier', body }]),
      /operations.0.id: expected a lower-case sha256 hex digest/,
    ],
  ])('refuses %s with a message naming the setting', (_what, text, message) => {
    expect(() => parsePersistedQueries(text, 'pq.json')).toThrow(message);
  });
});
