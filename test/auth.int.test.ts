/**
 * Who may see what, over HTTP: authentication (no, malformed, forged, expired, foreign and
 * over-long tokens; JWKS keys), roles (AUDITOR, PARTNER refused the portfolio) and partners'
 * consents (FULL per source, SCORE_ONLY, none, other purpose, revoked, granted and revoked
 * through the mutations on a scratch database), and `npm run token`.
 *
 * The read tests use the real partner consents of the shared test portfolio, found with SQL
 * (active today, China Standard Time).
 */
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { Role } from '../src/auth/principal';
import { ConfigError, loadConfig } from '../src/config';
import type { Database } from '../src/db/database';
import { buildUscc } from '../src/lib/uscc';
import { consentDay } from '../src/consent/consent.repository';
import {
  authHeader,
  BANK_TENANT,
  TEST_NOW,
  openScratchDatabase,
  type ScratchDatabase,
  gql,
  openTestDatabase,
  startTestServer,
  TEST_AUTH_ENV,
  testConfig,
  tokenFor,
  type TestServer,
} from './helpers';

const SECRET = new TextEncoder().encode(TEST_AUTH_ENV.JWT_SECRET);
const FIELD_OF: Record<string, string> = {
  REGISTRY: 'registry',
  TAX: 'tax',
  BANK: 'bank',
  SUPPLY_CHAIN: 'supplyChain',
  JUDICIAL: 'judicial',
  ALT_DATA: 'altData',
};
const PROFILE = `query($u: USCC!) { borrower(uscc: $u) { uscc name
  registry { status } tax { creditRating } bank { accounts { accountNo } } supplyChain { coreEnterprises { name } }
  judicial { cases(first: 1) { caseNo } } altData { socialInsurance(months: 1) { month } } health { score tier } } }`;

interface ConsentRow {
  id: string;
  uscc: string;
  grantee: string;
  purpose: string;
  sources: string[];
  scope: 'FULL' | 'SCORE_ONLY';
}

/** Signs arbitrary claims with the test secret (or `key`), for tokens `signToken` refuses to make. */
async function rawToken(
  claims: Record<string, unknown>,
  opts: { iss?: string; aud?: string; iat?: number; exp?: number; key?: Uint8Array } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(opts.iss ?? TEST_AUTH_ENV.JWT_ISSUER)
    .setAudience(opts.aud ?? TEST_AUTH_ENV.JWT_AUDIENCE)
    .setIssuedAt(opts.iat ?? now)
    .setExpirationTime(opts.exp ?? now + 600)
    .sign(opts.key ?? SECRET);
}

const ANALYST_CLAIMS = {
  sub: 'analyst.x',
  tenant: BANK_TENANT,
  role: 'ANALYST',
  purpose: 'CREDIT_APPLICATION',
  jti: 'j-1',
};
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
const codes = (res: { errors?: Array<{ extensions?: Record<string, unknown> }> }) =>
  (res.errors ?? []).map((e) => e.extensions?.code);

let t: TestServer;
let db: Database;
/** Partners' consents active today, alone for their firm, partner and purpose. */
let active: ConsentRow[];

beforeAll(async () => {
  t = await startTestServer();
  db = await openTestDatabase();
  const { rows } = await db.query<ConsentRow>(
    `SELECT c.id::text AS id, c.uscc, c.grantee, c.purpose, c.sources, c.scope::text AS scope FROM bank.consent c
      WHERE c.grantee <> $2 AND c.revoked_at IS NULL AND c.valid_from <= $1::date AND c.valid_to >= $1::date
        AND NOT EXISTS (SELECT 1 FROM bank.consent o WHERE o.uscc = c.uscc AND o.grantee = c.grantee AND o.id <> c.id)
      ORDER BY c.id`,
    [consentDay(TEST_NOW), BANK_TENANT],
  );
  active = rows;
});

afterAll(async () => {
  await db?.close();
  await t?.close();
});

function pick(scope: 'FULL' | 'SCORE_ONLY'): ConsentRow {
  const c = active.find((r) => r.scope === scope && r.sources.length < 5);
  if (!c)
    throw new Error(
      `the test portfolio has no active ${scope} partner consent today (${consentDay(TEST_NOW)}): its as-of month may be too old`,
    );
  return c;
}

const partnerOf = (c: ConsentRow, purpose = c.purpose) =>
  authHeader(Role.PARTNER, { tenant: c.grantee, purpose, sub: 'partner.user' });

describe('authentication', () => {
  const Q = `{ borrowers(first: 1) { edges { node { uscc } } } }`;

  it('refuses a request without a token with UNAUTHENTICATED, HTTP 401 and WWW-Authenticate', async () => {
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: Q }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
    const body = (await res.json()) as {
      data?: unknown;
      errors: Array<{ message: string; extensions: Record<string, unknown> }>;
    };
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([
      { message: expect.stringMatching(/^no bearer token/), extensions: { code: 'UNAUTHENTICATED' } },
    ]);
  });

  it('refuses the federation SDL without a token too: nothing under /graphql is anonymous', async () => {
    const res = await gql(t.url, '{ _service { sdl } }', {}, { authorization: '' });
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    const ok = await gql(t.url, '{ _service { sdl } }', {}, await authHeader(Role.PARTNER, { tenant: 'any-router' }));
    expect(ok.data?._service.sdl).toContain('@key(fields: "uscc")');
  });

  it.each<[string, () => Promise<Record<string, string>>, RegExp]>([
    [
      'a header that is not Bearer',
      async () => ({ authorization: 'Basic YWxhZGRpbjpvcGVuc2VzYW1l' }),
      /must be `Bearer <token>`/,
    ],
    ['a malformed token', async () => bearer('not-a-jwt'), /malformed/],
    [
      'a token forged with another secret',
      async () =>
        bearer(
          await rawToken(ANALYST_CLAIMS, { key: new TextEncoder().encode('another-secret-of-at-least-32-bytes!!') }),
        ),
      /signature does not verify/,
    ],
    [
      'an expired token',
      async () =>
        bearer(
          await rawToken(ANALYST_CLAIMS, {
            iat: Math.floor(Date.now() / 1000) - 7200,
            exp: Math.floor(Date.now() / 1000) - 3600,
          }),
        ),
      /expired at \d{4}-/,
    ],
    [
      'a token of another issuer',
      async () => bearer(await rawToken(ANALYST_CLAIMS, { iss: 'https://idp.example.com' })),
      /issuer \(iss\) is not "sme-credit-test"/,
    ],
    [
      'a token for another audience',
      async () => bearer(await rawToken(ANALYST_CLAIMS, { aud: 'another-api' })),
      /audience \(aud\) does not include "sme-credit-subgraph-test"/,
    ],
    [
      'an unsigned token (alg none)',
      async () => {
        const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
        const now = Math.floor(Date.now() / 1000);
        return bearer(
          `${enc({ alg: 'none' })}.${enc({ ...ANALYST_CLAIMS, iss: TEST_AUTH_ENV.JWT_ISSUER, aud: TEST_AUTH_ENV.JWT_AUDIENCE, exp: now + 60 })}.`,
        );
      },
      /algorithm is not accepted|malformed/,
    ],
    [
      'a token without a tenant',
      async () => bearer(await rawToken({ ...ANALYST_CLAIMS, tenant: undefined })),
      /claims are invalid: tenant must be a string/,
    ],
    [
      'a token with an unknown role',
      async () => bearer(await rawToken({ ...ANALYST_CLAIMS, role: 'ADMIN' })),
      /role must be one of ANALYST, RISK_OFFICER, AUDITOR, PARTNER/,
    ],
    [
      'a token without a jti',
      async () => bearer(await rawToken({ ...ANALYST_CLAIMS, jti: undefined })),
      /claim jti is missing/,
    ],
    [
      'a token living longer than JWT_MAX_TTL_SECONDS',
      async () => bearer(await rawToken(ANALYST_CLAIMS, { exp: Math.floor(Date.now() / 1000) + 10 * 86400 })),
      /longer than the 28800 s/,
    ],
    [
      'an internal role of another tenant',
      async () => bearer(await rawToken({ ...ANALYST_CLAIMS, tenant: '普惠金融服务平台' })),
      /role ANALYST is internal to the bank's tenant "本行"/,
    ],
    [
      "a PARTNER of the bank's own tenant",
      async () => bearer(await rawToken({ ...ANALYST_CLAIMS, role: 'PARTNER' })),
      /role PARTNER is for other institutions/,
    ],
  ])('refuses %s with UNAUTHENTICATED saying why', async (_name, headers, message) => {
    const res = await gql(t.url, Q, {}, await headers());
    expect(res.status).toBe(401);
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]).toMatchObject({
      message: expect.stringMatching(message),
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(JSON.stringify(res)).not.toContain(TEST_AUTH_ENV.JWT_SECRET);
    expect(res.data).toBeUndefined();
  });

  it('lets a valid analyst read a whole profile, health factors included', async () => {
    const c = pick('FULL');
    const res = await gql(
      t.url,
      `query($u: USCC!) { borrower(uscc: $u) { uscc claimedStaff registry { status } bank { consents { grantee } }
      health { score tier confidence factors { code } } dataQuality { issues { code } } warnings { code } } }`,
      { u: c.uscc },
      await authHeader(Role.ANALYST),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.borrower).toMatchObject({
      uscc: c.uscc,
      claimedStaff: expect.any(Number),
      health: { score: expect.any(Number), factors: expect.any(Array) },
    });
    expect(res.data!.borrower.bank.consents.map((x: { grantee: string }) => x.grantee)).toContain(c.grantee);
  });

  it('verifies what `npm run token` prints', () => {
    const out = spawnSync(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        'src/auth/token.cli.ts',
        '--role',
        'PARTNER',
        '--tenant',
        '普惠金融服务平台',
        '--purpose',
        'RISK_ASSESSMENT',
        '--ttl',
        '600',
      ],
      {
        cwd: path.join(__dirname, '..'),
        env: { ...process.env, ...TEST_AUTH_ENV, NODE_ENV: 'test' },
        encoding: 'utf8',
      },
    );
    expect(out.status).toBe(0);
    const token = out.stdout.trim();
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(out.stderr).toContain('"role":"PARTNER"');
    return gql(t.url, '{ borrowers(first: 1) { totalCount } }', {}, bearer(token)).then((res) => {
      // Authenticated (a PARTNER), then refused the portfolio: FORBIDDEN, not UNAUTHENTICATED.
      expect(codes(res)).toEqual(['FORBIDDEN']);
    });
  });

  it('`npm run token` refuses a bad role with the usage', () => {
    const out = spawnSync(process.execPath, ['-r', '@swc-node/register', 'src/auth/token.cli.ts', '--role', 'ADMIN'], {
      cwd: path.join(__dirname, '..'),
      env: { ...process.env, ...TEST_AUTH_ENV },
      encoding: 'utf8',
    });
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('--role must be one of ANALYST, RISK_OFFICER, AUDITOR, PARTNER, got "ADMIN"');
  });
});

describe('roles', () => {
  it("refuses an AUDITOR firms' data (FORBIDDEN), never an empty answer", async () => {
    const c = pick('FULL');
    const h = await authHeader(Role.AUDITOR);
    const one = await gql(t.url, `query($u: USCC!) { borrower(uscc: $u) { uscc name } }`, { u: c.uscc }, h);
    expect(one.data?.borrower).toBeNull();
    expect(one.errors).toEqual([
      expect.objectContaining({
        path: ['borrower'],
        message: "role AUDITOR may read the audit log only, not firms' data",
        extensions: { code: 'FORBIDDEN', role: 'AUDITOR' },
      }),
    ]);
    const list = await gql(t.url, `{ borrowers(first: 5) { edges { node { uscc } } } }`, {}, h);
    expect(codes(list)).toEqual(['FORBIDDEN']);
  });

  it.each([
    ['borrowers', '{ borrowers(first: 5) { edges { node { uscc } } } }'],
    ['qualityReport', '{ qualityReport { findings { code } } }'],
    ['warnings', '{ warnings(first: 5) { edges { node { code } } } }'],
    ['matchReviewQueue', '{ matchReviewQueue(first: 5) { edges { node { id } } } }'],
  ])('refuses a PARTNER the portfolio-wide %s (FORBIDDEN)', async (name, query) => {
    const c = pick('FULL');
    const res = await gql(t.url, query, {}, await partnerOf(c));
    expect(res.data).toEqual({ [name]: null });
    expect(res.errors).toEqual([
      expect.objectContaining({
        path: [name],
        message: expect.stringMatching(
          /needs role ANALYST or RISK_OFFICER; this token's role is PARTNER; a PARTNER reads one consented firm/,
        ),
        extensions: { code: 'FORBIDDEN', role: 'PARTNER' },
      }),
    ]);
  });

  it("a refused root field nulls itself only: the query's other fields come back", async () => {
    const c = pick('FULL');
    const res = await gql(
      t.url,
      `query($u: USCC!) { borrower(uscc: $u) { uscc } warnings(first: 5) { edges { node { code } } } }`,
      { u: c.uscc },
      await partnerOf(c),
    );
    expect(res.data).toEqual({ borrower: { uscc: c.uscc }, warnings: null });
    expect(codes(res)).toEqual(['FORBIDDEN']);
  });
});

describe('partners and consents', () => {
  it('a FULL consent shows exactly the sources it covers; the others are CONSENT_REQUIRED, each at its own path', async () => {
    const c = pick('FULL');
    const res = await gql(t.url, PROFILE, { u: c.uscc }, await partnerOf(c));
    const b = res.data!.borrower;
    expect(b).toMatchObject({
      uscc: c.uscc,
      name: expect.any(String),
      health: { score: expect.any(Number), tier: expect.any(String) },
    });
    const refused = Object.keys(FIELD_OF).filter((s) => !c.sources.includes(s));
    expect(refused.length).toBeGreaterThan(0);
    expect((res.errors ?? []).map((e) => e.path!.join('.')).sort()).toEqual(
      refused.map((s) => `borrower.${FIELD_OF[s]}`).sort(),
    );
    for (const e of res.errors!) {
      const source = Object.keys(FIELD_OF).find((s) => FIELD_OF[s] === e.path![1])!;
      expect(e).toMatchObject({
        message: expect.stringContaining(
          `source ${source} needs a FULL consent covering ${source}; the active consent ${c.id} covers`,
        ),
        extensions: {
          code: 'CONSENT_REQUIRED',
          uscc: c.uscc,
          grantee: c.grantee,
          purpose: c.purpose,
          sources: [source],
          consentIds: [c.id],
        },
      });
      expect(b[e.path![1]]).toBeNull();
    }
    for (const s of c.sources) expect(res.errors!.some((e) => e.path![1] === FIELD_OF[s])).toBe(false);
  });

  it.each([
    ['dataQuality { issues { code } }', 'borrower.dataQuality', 'FORBIDDEN'],
    ['entityLinks { id }', 'borrower.entityLinks', 'FORBIDDEN'],
    ['mergedInto { id }', 'borrower.mergedInto', 'FORBIDDEN'],
    ['warnings { code }', 'borrower.warnings', 'FORBIDDEN'],
    ['warningHistory { code }', 'borrower.warningHistory', 'FORBIDDEN'],
    ['reconsiderations { id }', 'borrower.reconsiderations', 'FORBIDDEN'],
    ['bank { consents { grantee } }', 'borrower.bank.consents', 'FORBIDDEN'],
    ['health { score factors { code } }', 'borrower.health.factors', 'CONSENT_REQUIRED'],
    ['health { score reasons }', 'borrower.health.reasons', 'CONSENT_REQUIRED'],
    ['health { score caps }', 'borrower.health.caps', 'CONSENT_REQUIRED'],
  ])(
    "refuses a consented partner %s: internal to the bank, or the score's explanation (needs every source FULL)",
    async (fields, at, code) => {
      const c = active.find((r) => r.scope === 'FULL' && r.sources.includes('BANK')) ?? pick('FULL');
      const res = await gql(
        t.url,
        `query($u: USCC!) { borrower(uscc: $u) { uscc ${fields} } }`,
        { u: c.uscc },
        await partnerOf(c),
      );
      expect((res.errors ?? []).map((e) => [e.path!.join('.'), e.extensions!.code])).toEqual([[at, code]]);
      // Only the refused field is null: the borrower stays (a non-null field once nulled the whole borrower).
      expect(res.data!.borrower).toMatchObject({ uscc: c.uscc });
      const [, ...path] = at.split('.');
      expect(
        path.reduce<Record<string, unknown>>((o, k) => o[k] as Record<string, unknown>, res.data!.borrower),
      ).toBeNull();
    },
  );

  it('a SCORE_ONLY consent gives health { score tier } and nothing of the data: no factors, no source, not even a covered one', async () => {
    const c = pick('SCORE_ONLY');
    const h = await partnerOf(c);
    const score = await gql(
      t.url,
      `query($u: USCC!) { borrower(uscc: $u) { uscc health { score tier modelVersion asOf } } }`,
      { u: c.uscc },
      h,
    );
    expect(score.errors).toBeUndefined();
    expect(score.data!.borrower.health).toEqual({
      score: expect.any(Number),
      tier: expect.stringMatching(/^(GREEN|BLUE|YELLOW|ORANGE|RED)$/),
      modelVersion: expect.any(String),
      asOf: expect.any(String),
    });
    // Computed from the sources the consent names only, so not the analyst's (test/consent-scoped-score.int.test.ts).

    const covered = FIELD_OF[c.sources[0]];
    const more = await gql(
      t.url,
      `query($u: USCC!) { borrower(uscc: $u) { uscc claimedStaff ${covered} { __typename } } }`,
      { u: c.uscc },
      h,
    );
    expect(more.data!.borrower).toEqual({ uscc: c.uscc, claimedStaff: null, [covered]: null });
    const byPath = Object.fromEntries((more.errors ?? []).map((e) => [e.path!.join('.'), e]));
    expect(Object.keys(byPath).sort()).toEqual(['borrower.claimedStaff', `borrower.${covered}`].sort());
    for (const e of Object.values(byPath)) expect(e.extensions!.code).toBe('CONSENT_REQUIRED');
    expect(byPath[`borrower.${covered}`].message).toContain(`${c.sources[0]} (SCORE_ONLY)`);
    const explained = await gql(
      t.url,
      `query($u: USCC!) { borrower(uscc: $u) { health { score tier factors { code evidence } confidence missingSources profile caps reasons } } }`,
      { u: c.uscc },
      h,
    );
    expect(explained.data!.borrower.health).toEqual({
      ...score.data!.borrower.health,
      modelVersion: undefined,
      asOf: undefined,
      factors: null,
      confidence: null,
      missingSources: null,
      profile: null,
      caps: null,
      reasons: null,
    });
    expect((explained.errors ?? []).map((e) => [e.path!.join('.'), e.extensions!.code]).sort()).toEqual(
      ['factors', 'confidence', 'missingSources', 'profile', 'caps', 'reasons']
        .map((f) => [`borrower.health.${f}`, 'CONSENT_REQUIRED'])
        .sort(),
    );
  });

  it('refuses a firm the partner has no consent from, and a USCC the platform does not know, alike (CONSENT_REQUIRED)', async () => {
    const c = pick('FULL');
    const { rows } = await db.query<{ uscc: string }>(
      `SELECT uscc FROM core.firm f WHERE NOT EXISTS (SELECT 1 FROM bank.consent x WHERE x.uscc = f.uscc AND x.grantee = $1) ORDER BY uscc LIMIT 1`,
      [c.grantee],
    );
    const h = await partnerOf(c);
    for (const u of [rows[0].uscc, buildUscc('9', '1', '330106', 'NXQUCHFR')]) {
      const res = await gql(t.url, `query($u: USCC!) { borrower(uscc: $u) { uscc name } }`, { u }, h);
      expect(res.data!.borrower).toBeNull();
      expect(res.errors).toEqual([
        expect.objectContaining({
          path: ['borrower'],
          message: `no consent for ${c.grantee} (purpose ${c.purpose}) to read firm ${u}: the firm has granted it no consent`,
          extensions: { code: 'CONSENT_REQUIRED', uscc: u, grantee: c.grantee, purpose: c.purpose },
        }),
      ]);
    }
  });

  it('refuses a token whose purpose the consent does not name', async () => {
    const c = pick('FULL');
    const res = await gql(
      t.url,
      `query($u: USCC!) { borrower(uscc: $u) { uscc } }`,
      { u: c.uscc },
      await partnerOf(c, 'MARKETING'),
    );
    expect(res.errors?.[0]).toMatchObject({
      message: expect.stringContaining(`its consents name other purposes (${c.purpose})`),
      extensions: { code: 'CONSENT_REQUIRED' },
    });
  });

  it('refuses under a consent the firm revoked', async () => {
    const { rows } = await db.query<ConsentRow>(
      `SELECT c.id::text AS id, c.uscc, c.grantee, c.purpose FROM bank.consent c WHERE c.grantee <> $1 AND c.revoked_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM bank.consent o WHERE o.uscc = c.uscc AND o.grantee = c.grantee AND o.id <> c.id) ORDER BY c.id LIMIT 1`,
      [BANK_TENANT],
    );
    expect(rows).toHaveLength(1);
    const c = rows[0];
    const res = await gql(
      t.url,
      `query($u: USCC!) { borrower(uscc: $u) { uscc health { score } } }`,
      { u: c.uscc },
      await partnerOf(c),
    );
    expect(res.data!.borrower).toBeNull();
    expect(res.errors?.[0]).toMatchObject({
      message: expect.stringMatching(new RegExp(`consent ${c.id} was revoked at \\d{4}-`)),
      extensions: { code: 'CONSENT_REQUIRED' },
    });
  });

  it('resolves _entities for consented firms and refuses the others, with one consent statement for the whole batch', async () => {
    const c = pick('FULL');
    const mine = active.filter((r) => r.grantee === c.grantee && r.purpose === c.purpose).map((r) => r.uscc);
    const { rows } = await db.query<{ uscc: string }>(
      `SELECT uscc FROM core.firm f WHERE NOT EXISTS (SELECT 1 FROM bank.consent x WHERE x.uscc = f.uscc AND x.grantee = $1) ORDER BY uscc LIMIT 2`,
      [c.grantee],
    );
    const reps = [...mine, ...rows.map((r) => r.uscc)].map((uscc) => ({ __typename: 'Borrower', uscc }));
    const h = await partnerOf(c);
    t.db.resetStatementCount();
    const res = await gql(
      t.url,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Borrower { uscc name } } }`,
      { r: reps },
      h,
    );
    // One statement for the partner's consents of every firm, one for the firms.
    expect(t.db.statementCount()).toBe(2);
    expect(res.data!._entities.slice(0, mine.length)).toEqual(mine.map((uscc) => ({ uscc, name: expect.any(String) })));
    expect(res.data!._entities.slice(mine.length)).toEqual([null, null]);
    expect((res.errors ?? []).map((e) => [e.path!.join('.'), e.extensions!.code])).toEqual([
      [`_entities.${mine.length}`, 'CONSENT_REQUIRED'],
      [`_entities.${mine.length + 1}`, 'CONSENT_REQUIRED'],
    ]);
  });
});

describe('granting and revoking consents (scratch database)', () => {
  const FIRM = buildUscc('9', '1', '330106', 'CNTNT001');
  const PARTNER = '普惠金融服务平台';
  let scratch: ScratchDatabase;
  let sdb: Database;
  let api: TestServer;
  const GRANT = `mutation($i: ConsentInput!) { grantConsent(input: $i) { id grantee purpose sources scope validFrom validTo revokedAt events { action reason actor statusBefore statusAfter } } }`;
  const REVOKE = `mutation($id: ID!, $r: String!) { revokeConsent(id: $id, reason: $r) { id revokedAt events { action reason actor statusBefore statusAfter } } }`;
  const today = consentDay(TEST_NOW);
  const input = (over: Record<string, unknown> = {}) => ({
    uscc: FIRM,
    grantee: PARTNER,
    purpose: 'RISK_ASSESSMENT',
    sources: ['REGISTRY', 'TAX'],
    scope: 'FULL',
    validFrom: today,
    validTo: '2099-12-31',
    ...over,
  });

  beforeAll(async () => {
    scratch = await openScratchDatabase();
    sdb = scratch.db;
    await sdb.query(
      `INSERT INTO core.firm (uscc, name, former_names, industry_code, region_code, claimed_staff, registration_no, created_at)
                     VALUES ($1, '杭州授权测试机械有限公司', '{}', 'C3311', '330106', 12, NULL, now())`,
      [FIRM],
    );
    api = await startTestServer({}, { databaseUrl: scratch.url });
  });
  afterAll(async () => {
    await api?.close();
    await scratch?.drop();
  });

  it('checks every input and the role, naming the field at fault', async () => {
    const officer = await authHeader(Role.RISK_OFFICER, { sub: 'officer.zhao' });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ grantee: '  ' }, '`input.grantee` must name the institution'],
      [{ purpose: 'risk assessment' }, '`input.purpose` must be an upper-case code'],
      [
        { sources: [] },
        '`input.sources` must list at least one of REGISTRY, TAX, BANK, SUPPLY_CHAIN, JUDICIAL, ALT_DATA',
      ],
      [
        { validFrom: '2030-01-02', validTo: '2030-01-01' },
        '`input.validTo` (2030-01-01) is before `input.validFrom` (2030-01-02)',
      ],
      [{ validFrom: '2020-01-01', validTo: '2020-12-31' }, 'is in the past'],
      [{ validFrom: today, validTo: '2099-12-31', uscc: FIRM }, 'a consent may last at most 1827 days'],
    ];
    for (const [over, message] of cases.slice(0, 5)) {
      const res = await gql(api.url, GRANT, { i: input(over) }, officer);
      expect(res.errors?.[0]).toMatchObject({
        message: expect.stringContaining(message),
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    const long = await gql(api.url, GRANT, { i: input({ validFrom: '2026-01-01', validTo: '2099-12-31' }) }, officer);
    expect(long.errors?.[0].message).toContain(cases[5][1]);
    const unknown = await gql(
      api.url,
      GRANT,
      { i: input({ uscc: buildUscc('9', '1', '330106', 'NXQUCHFR'), validTo: '2027-12-31' }) },
      officer,
    );
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const partner = await gql(
      api.url,
      GRANT,
      { i: input({ validTo: '2027-12-31' }) },
      await authHeader(Role.PARTNER, { tenant: PARTNER }),
    );
    expect(partner.errors?.[0]).toMatchObject({
      message: expect.stringContaining('granting a consent needs role ANALYST or RISK_OFFICER'),
      extensions: { code: 'FORBIDDEN' },
    });
    const auditor = await gql(api.url, REVOKE, { id: '1', r: 'x' }, await authHeader(Role.AUDITOR));
    expect(auditor.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await sdb.query('SELECT count(*)::int AS n FROM bank.consent')).rows[0].n).toBe(0);
  });

  it('grants (recorded with who), serves the partner from the next request, and refuses it once revoked', async () => {
    const officer = await authHeader(Role.RISK_OFFICER, { sub: 'officer.zhao' });
    const partner = await authHeader(Role.PARTNER, { tenant: PARTNER, purpose: 'RISK_ASSESSMENT' });
    const read = () =>
      gql(api.url, `query($u: USCC!) { borrower(uscc: $u) { uscc name registry { status } } }`, { u: FIRM }, partner);

    expect(codes(await read())).toEqual(['CONSENT_REQUIRED']);
    const validTo = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
    const granted = await gql(
      api.url,
      GRANT,
      { i: input({ sources: ['TAX', 'REGISTRY', 'TAX'], validTo, note: 'signed form 2026-118' }) },
      officer,
    );
    expect(granted.errors).toBeUndefined();
    const c = granted.data!.grantConsent;
    expect(c).toMatchObject({
      grantee: PARTNER,
      purpose: 'RISK_ASSESSMENT',
      sources: ['REGISTRY', 'TAX'], // in the sources' list order (connectors/sources.ts)
      scope: 'FULL',
      validFrom: today,
      validTo,
      revokedAt: null,
    });
    expect(c.events).toEqual([
      {
        action: 'GRANT',
        reason: 'signed form 2026-118',
        actor: 'officer.zhao',
        statusBefore: 'NONE',
        statusAfter: 'ACTIVE',
      },
    ]);

    const ok = await read();
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.borrower).toEqual({ uscc: FIRM, name: '杭州授权测试机械有限公司', registry: null });

    const noReason = await gql(api.url, REVOKE, { id: c.id, r: ' ' }, officer);
    expect(noReason.errors?.[0]).toMatchObject({
      message: expect.stringContaining('needs a reason'),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const revoked = await gql(
      api.url,
      REVOKE,
      { id: c.id, r: 'the firm withdrew it in writing' },
      await authHeader(Role.ANALYST, { sub: 'analyst.qian' }),
    );
    expect(revoked.errors).toBeUndefined();
    expect(revoked.data!.revokeConsent.revokedAt).toEqual(expect.any(String));
    expect(
      revoked.data!.revokeConsent.events.map((e: { action: string; actor: string; statusAfter: string }) => [
        e.action,
        e.actor,
        e.statusAfter,
      ]),
    ).toEqual([
      ['GRANT', 'officer.zhao', 'ACTIVE'],
      ['REVOKE', 'analyst.qian', 'REVOKED'],
    ]);

    const after = await read();
    expect(after.data!.borrower).toBeNull();
    expect(after.errors?.[0]).toMatchObject({
      message: expect.stringContaining(`consent ${c.id} was revoked at`),
      extensions: { code: 'CONSENT_REQUIRED' },
    });
    const again = await gql(api.url, REVOKE, { id: c.id, r: 'twice' }, officer);
    expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
    const trail = await sdb.query(
      `SELECT action, actor FROM core.review_event WHERE subject = 'CONSENT' AND subject_id = $1 ORDER BY id`,
      [c.id],
    );
    expect(trail.rows).toEqual([
      { action: 'GRANT', actor: 'officer.zhao' },
      { action: 'REVOKE', actor: 'analyst.qian' },
    ]);
  });
});

describe('configuration and modes', () => {
  it('refuses unsafe settings at start-up with a message per variable', () => {
    const fails = (env: Record<string, string>) => {
      try {
        loadConfig({}, env);
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as Error).message;
      }
      throw new Error('expected a ConfigError');
    };
    const prod = fails({ NODE_ENV: 'production', AUTH_MODE: 'off' });
    expect(prod).toContain('AUTH_MODE=off is refused when NODE_ENV=production');
    expect(prod).toContain('NODE_ENV=production needs JWT_SECRET (at least 32 bytes) or JWT_JWKS_URL');
    expect(prod).toContain('NODE_ENV=production needs JWT_ISSUER');
    expect(prod).toContain('NODE_ENV=production needs JWT_AUDIENCE');
    const short = fails({ JWT_SECRET: 'short-secret' });
    expect(short).toContain('JWT_SECRET: expected at least 32 bytes for HS256, got 12 (the value is not shown)');
    expect(short).not.toContain('short-secret"');
    expect(fails({ JWT_SECRET: TEST_AUTH_ENV.JWT_SECRET, JWT_JWKS_URL: 'https://idp.example.com/jwks' })).toContain(
      'not both',
    );
    expect(fails({ AUTH_MODE: 'none' })).toContain('AUTH_MODE');
    expect(loadConfig({}, { NODE_ENV: 'production', ...TEST_AUTH_ENV }).auth).toMatchObject({
      mode: 'jwt',
      devSecret: false,
      issuer: 'sme-credit-test',
    });
    expect(loadConfig({}, {}).auth).toMatchObject({ mode: 'jwt', devSecret: true, bankTenant: '本行' });
  });

  it('with AUTH_MODE=off (development) serves a request without a token as the development analyst, and still verifies a token sent', async () => {
    const off = await startTestServer({ auth: { ...testConfig().auth, mode: 'off' } });
    try {
      const anon = await gql(off.url, '{ borrowers(first: 1) { edges { node { uscc } } } }', {}, { authorization: '' });
      expect(anon.errors).toBeUndefined();
      const forged = await gql(off.url, '{ borrowers(first: 1) { totalCount } }', {}, bearer('not-a-jwt'));
      expect(codes(forged)).toEqual(['UNAUTHENTICATED']);
    } finally {
      await off.close();
    }
  });

  it("verifies RS256 tokens against an identity provider's JWKS, and refuses HS256 ones there", async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const idp = http.createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })),
    );
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    const jwksUrl = `http://127.0.0.1:${(idp.address() as AddressInfo).port}/jwks.json`;
    const srv = await startTestServer({ auth: { ...testConfig().auth, secret: null, jwksUrl, devSecret: false } });
    try {
      const now = Math.floor(Date.now() / 1000);
      const rs = await new SignJWT(ANALYST_CLAIMS)
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(TEST_AUTH_ENV.JWT_ISSUER)
        .setAudience(TEST_AUTH_ENV.JWT_AUDIENCE)
        .setIssuedAt(now)
        .setExpirationTime(now + 300)
        .sign(privateKey);
      const ok = await gql(srv.url, '{ borrowers(first: 1) { edges { node { uscc } } } }', {}, bearer(rs));
      expect(ok.errors).toBeUndefined();
      const hs = await gql(srv.url, '{ borrowers(first: 1) { totalCount } }', {}, bearer(await tokenFor(Role.ANALYST)));
      expect(hs.errors?.[0]).toMatchObject({
        message: expect.stringContaining('algorithm is not accepted: this server accepts RS256, ES256'),
        extensions: { code: 'UNAUTHENTICATED' },
      });
    } finally {
      await srv.close();
      idp.close();
    }
  });
});
