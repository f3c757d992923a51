/**
 * Pagination cursors (src/graphql/pagination.ts): signed, bound to their list and arity, and
 * refused when forged, altered, cut short, of another list or of another key; and their key in
 * the configuration (CURSOR_SECRET).
 */
import 'reflect-metadata';
import { hkdfSync } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { connection, decodeCursor, encodeCursor, useCursorSecret } from '../src/graphql/pagination';
import { ConfigError, DEV_CURSOR_SECRET, loadConfig } from '../src/config';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

function refusal(
  cursor: string,
  kind: Parameters<typeof decodeCursor>[1],
  arity: number,
  argument?: string,
): GraphQLError {
  try {
    decodeCursor(cursor, kind, arity, argument);
  } catch (err) {
    expect(err).toBeInstanceOf(GraphQLError);
    return err as GraphQLError;
  }
  throw new Error(`cursor ${cursor} was accepted`);
}

afterEach(() => useCursorSecret(DEV_CURSOR_SECRET));

describe('cursors', () => {
  it('round-trips a sort key, as strings', () => {
    const c = encodeCursor('warnings', ['HIGH', '2026-01-01T00:00:00.000Z', 42]);
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(c, 'warnings', 3)).toEqual(['HIGH', '2026-01-01T00:00:00.000Z', '42']);
    expect(decodeCursor(encodeCursor('borrowers', ["' OR 1=1 --"]), 'borrowers', 1)).toEqual(["' OR 1=1 --"]);
  });

  it('refuses the forged cursors of the probe (issue 15): base64url of ["\' OR 1=1 --"] and [123]', () => {
    for (const forged of [b64(["' OR 1=1 --"]), b64([123]), b64(['91330106MA2CFGNC1X'])]) {
      const err = refusal(forged, 'borrowers', 1);
      expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
      expect(err.message).toBe(
        '`after` is not a cursor this API issued for `borrowers` (forged, altered, cut short or of another list): pass the endCursor of a previous page',
      );
    }
  });

  it('refuses a cursor altered, cut short, lengthened, re-spelled or empty', () => {
    const c = encodeCursor('borrowers', ['91330106MA2CFGNC1X']);
    const raw = Buffer.from(c, 'base64url');
    const flipped = (i: number) => {
      const b = Buffer.from(raw);
      b[i] ^= 1;
      return b.toString('base64url');
    };
    const altered = [
      flipped(0), // the tag
      flipped(raw.length - 3), // the sort key
      // the same tag over another sort key
      Buffer.concat([raw.subarray(0, 16), Buffer.from(JSON.stringify(['91330106MA2CFGNC1Y']))]).toString('base64url'),
      c.slice(0, -1),
      c.slice(0, 22),
      c.slice(1),
      `${c}A`,
      `${c}=`,
      `${c.slice(0, 10)}*${c.slice(10)}`, // Node's decoder would skip the '*'
      '',
      'not-a-cursor',
      'A'.repeat(5000),
    ];
    for (const bad of altered)
      expect(refusal(bad, 'borrowers', 1).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
  });

  it('binds a cursor to its list and its arity', () => {
    const warnings = encodeCursor('warnings', ['HIGH', '2026-01-01T00:00:00.000Z', '1']);
    expect(refusal(warnings, 'borrowers', 1).message).toContain('for `borrowers`');
    expect(refusal(warnings, 'borrowers', 3).message).toContain('for `borrowers`');
    expect(refusal(encodeCursor('auditLog', ['2026-01-01T00:00:00.000Z', '1']), 'invoices', 2).message).toContain(
      'for `invoices`',
    );
    expect(refusal(encodeCursor('borrowers', ['a', 'b']), 'borrowers', 1).message).toContain(
      'not a cursor this API issued',
    );
  });

  it('refuses a cursor signed with another key (a replica configured with another CURSOR_SECRET)', () => {
    useCursorSecret('replica-a-0123456789-0123456789-0123456789');
    const c = encodeCursor('borrowers', ['91330106MA2CFGNC1X']);
    expect(decodeCursor(c, 'borrowers', 1)).toEqual(['91330106MA2CFGNC1X']);
    useCursorSecret('replica-b-0123456789-0123456789-0123456789');
    expect(refusal(c, 'borrowers', 1).extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    useCursorSecret('replica-a-0123456789-0123456789-0123456789');
    expect(decodeCursor(c, 'borrowers', 1)).toEqual(['91330106MA2CFGNC1X']);
  });

  it('names the argument it was given', () => {
    expect(refusal('x', 'invoices', 2, 'invoicesAfter').extensions).toMatchObject({ argument: 'invoicesAfter' });
  });

  it('builds edges and pageInfo, signing a cursor only when it is read', () => {
    const rows = [{ id: 1 }, { id: 2 }];
    let signed = 0;
    const c = connection(
      'auditLog',
      rows,
      (r) => (signed++, ['2026-01-01T00:00:00.000Z', r.id]),
      true,
      (r) => ({ n: r.id }),
    );
    expect(signed).toBe(0);
    expect(c.edges.map((e) => e.node)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(c.pageInfo.hasNextPage).toBe(true);
    expect(decodeCursor(c.pageInfo.endCursor!, 'auditLog', 2)).toEqual(['2026-01-01T00:00:00.000Z', '2']);
    expect(c.edges[0].cursor).not.toBe(c.edges[1].cursor);
    expect(c.edges[1].cursor).toBe(c.pageInfo.endCursor);
    expect(signed).toBe(5); // one per read: endCursor, edge 0, edge 1 twice, endCursor
    expect(connection('borrowers', [], () => [], false).pageInfo.endCursor).toBeNull();
  });
});

describe('CURSOR_SECRET', () => {
  const TEST_JWT_SECRET = 'test-secret-0123456789-abcdefghij-KLMNOP';
  const PROD = { NODE_ENV: 'production', JWT_ISSUER: 'iss', JWT_AUDIENCE: 'aud' };
  const fails = (env: Record<string, string>) => {
    try {
      loadConfig({}, env);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as Error).message;
    }
    throw new Error('expected a ConfigError');
  };

  it('is taken as given, at least 32 bytes, and its value is never shown', () => {
    expect(loadConfig({}, { CURSOR_SECRET: 'c'.repeat(32) }).cursorSecret).toBe('c'.repeat(32));
    const short = fails({ CURSOR_SECRET: 'too-short-secret' });
    expect(short).toContain(
      'CURSOR_SECRET: expected at least 32 bytes (the HMAC key of pagination cursors), got 16 (the value is not shown)',
    );
    expect(short).not.toContain('too-short-secret');
  });

  it('is otherwise derived from JWT_SECRET (HKDF-SHA256, its own label), in production too', () => {
    const derived = Buffer.from(
      hkdfSync('sha256', TEST_JWT_SECRET, '', 'sme-credit pagination cursors v1', 32),
    ).toString('base64url');
    expect(loadConfig({}, { JWT_SECRET: TEST_JWT_SECRET }).cursorSecret).toBe(derived);
    expect(loadConfig({}, { ...PROD, JWT_SECRET: TEST_JWT_SECRET }).cursorSecret).toBe(derived);
    expect(derived).not.toContain(TEST_JWT_SECRET);
    expect(loadConfig({}, { JWT_SECRET: TEST_JWT_SECRET, CURSOR_SECRET: 'c'.repeat(40) }).cursorSecret).toBe(
      'c'.repeat(40),
    );
  });

  it('is required in production when tokens are verified by JWT_JWKS_URL (no shared secret to derive from)', () => {
    expect(fails({ ...PROD, JWT_JWKS_URL: 'https://idp.example.com/jwks' })).toContain(
      'NODE_ENV=production needs CURSOR_SECRET (at least 32 bytes, the same on every replica) when JWT_SECRET is not set',
    );
    expect(
      loadConfig({}, { ...PROD, JWT_JWKS_URL: 'https://idp.example.com/jwks', CURSOR_SECRET: 'c'.repeat(32) })
        .cursorSecret,
    ).toBe('c'.repeat(32));
  });

  it('falls back to the development key outside production', () => {
    expect(loadConfig({}, {}).cursorSecret).toBe(DEV_CURSOR_SECRET);
    expect(loadConfig({}, { JWT_JWKS_URL: 'https://idp.example.com/jwks' }).cursorSecret).toBe(DEV_CURSOR_SECRET);
  });
});
