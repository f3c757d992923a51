/**
 * Partners through the supergraph: this subgraph composed with a partner's subgraph (written
 * here) that extends Borrower, behind @apollo/gateway over real HTTP. The gateway forwards the
 * caller's bearer token to both subgraphs, as a router must: a partner gets the firms it holds a
 * consent for (score and tier; raw data only where the consent is FULL for that source) and is
 * refused the others with CONSENT_REQUIRED, never an empty answer.
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { parse } from 'graphql';
import { buildSubgraph } from '../src/graphql/schema';
import { consentDay } from '../src/consent/consent.repository';
import { Role } from '../src/auth/principal';
import { authHeader, BANK_TENANT, startTestServer, TEST_NOW, type TestServer } from './helpers';

const PARTNER_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  scalar USCC
  type Borrower @key(fields: "uscc") {
    uscc: USCC!
    "The partner's own guarantee quota for the firm."
    guaranteeQuota: String!
  }
  type Query { myPortfolio: [Borrower!]! }
`;

interface Consent {
  uscc: string;
  grantee: string;
  purpose: string;
  scope: string;
  sources: string[];
}

let t: TestServer;
let partnerGraph: ApolloServer;
let gateway: ApolloServer;
let gatewayUrl: string;
let consent: Consent;
let other: string;
let seenAuthorization: string[] = [];

beforeAll(async () => {
  t = await startTestServer();
  const { rows } = await t.db.query<Consent>(
    `SELECT c.uscc, c.grantee, c.purpose, c.scope::text AS scope, c.sources FROM bank.consent c
      WHERE c.grantee <> $2 AND c.scope = 'SCORE_ONLY' AND c.revoked_at IS NULL AND c.valid_from <= $1::date AND c.valid_to >= $1::date
      ORDER BY c.uscc LIMIT 1`,
    [consentDay(TEST_NOW), BANK_TENANT],
  );
  consent = rows[0];
  if (!consent) throw new Error('the test portfolio has no active SCORE_ONLY partner consent on the pinned test date');
  const none = await t.db.query<{ uscc: string }>(
    `SELECT f.uscc FROM core.firm f WHERE NOT EXISTS (SELECT 1 FROM bank.consent c WHERE c.uscc = f.uscc AND c.grantee = $1) ORDER BY f.uscc LIMIT 1`,
    [consent.grantee],
  );
  other = none.rows[0].uscc;

  partnerGraph = new ApolloServer({
    schema: buildSubgraphSchema({
      typeDefs: parse(PARTNER_SDL),
      resolvers: {
        Query: { myPortfolio: () => [{ uscc: consent.uscc }, { uscc: other }] },
        Borrower: {
          __resolveReference: (ref: { uscc: string }) => ref,
          guaranteeQuota: (b: { uscc: string }) => `QUOTA-${b.uscc.slice(-4)}`,
        },
      } as never,
    }),
  });
  const { url: partnerUrl } = await startStandaloneServer(partnerGraph, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }) => {
      seenAuthorization.push(String(req.headers.authorization ?? ''));
      return {};
    },
  });
  const { sdl } = await buildSubgraph();
  const composed = composeServices([
    { name: 'credit', typeDefs: parse(sdl), url: t.url },
    { name: 'partner', typeDefs: parse(PARTNER_SDL), url: partnerUrl },
  ]);
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
  // The router's one duty here: forward the caller's Authorization header to every subgraph.
  gateway = new ApolloServer({
    gateway: new ApolloGateway({
      supergraphSdl: composed.supergraphSdl,
      buildService: ({ url }) =>
        new RemoteGraphQLDataSource<{ authorization?: string }>({
          url,
          willSendRequest: ({ request, context }) => {
            if (context.authorization) request.http?.headers.set('authorization', context.authorization);
          },
        }),
    }),
  });
  ({ url: gatewayUrl } = await startStandaloneServer(gateway, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }) => ({ authorization: req.headers.authorization }),
  }));
}, 120_000);

afterAll(async () => {
  await gateway?.stop();
  await partnerGraph?.stop();
  await t?.close();
});

async function viaGateway(query: string, headers: Record<string, string>, variables?: Record<string, unknown>) {
  const res = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as {
    data?: any;
    errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
  };
}

describe('a partner through the supergraph', () => {
  it('gets score and tier for a consented firm, its own field beside them, and the token reached both subgraphs', async () => {
    const partner = await authHeader(Role.PARTNER, {
      tenant: consent.grantee,
      purpose: consent.purpose,
      sub: 'partner.api',
    });
    seenAuthorization = [];
    const res = await viaGateway(
      `query($u: USCC!) { borrower(uscc: $u) { uscc name health { score tier } guaranteeQuota } }`,
      partner,
      { u: consent.uscc },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.borrower).toMatchObject({
      uscc: consent.uscc,
      health: { score: expect.any(Number), tier: expect.any(String) },
      guaranteeQuota: `QUOTA-${consent.uscc.slice(-4)}`,
    });
    expect(seenAuthorization).toContain(partner.authorization);
  });

  it('is refused the raw data a SCORE_ONLY consent does not show, with CONSENT_REQUIRED', async () => {
    const partner = await authHeader(Role.PARTNER, { tenant: consent.grantee, purpose: consent.purpose });
    const res = await viaGateway(
      `query($u: USCC!) { borrower(uscc: $u) { uscc health { score } tax { creditRating } } }`,
      partner,
      { u: consent.uscc },
    );
    expect(res.data.borrower.health.score).toEqual(expect.any(Number));
    expect(res.data.borrower.tax).toBeNull();
    expect(res.errors?.[0]).toMatchObject({ path: ['borrower', 'tax'], extensions: { code: 'CONSENT_REQUIRED' } });
  });

  it('is refused a firm without consent, also when the firm comes from its own subgraph (_entities)', async () => {
    const partner = await authHeader(Role.PARTNER, { tenant: consent.grantee, purpose: consent.purpose });
    const direct = await viaGateway(`query($u: USCC!) { borrower(uscc: $u) { uscc health { tier } } }`, partner, {
      u: other,
    });
    expect(direct.data?.borrower ?? null).toBeNull();
    expect(direct.errors?.[0].extensions?.code).toBe('CONSENT_REQUIRED');
    const viaEntities = await viaGateway(`{ myPortfolio { uscc guaranteeQuota health { tier } } }`, partner);
    const codes = (viaEntities.errors ?? []).map((e) => e.extensions?.code);
    expect(codes).toContain('CONSENT_REQUIRED');
    const consented = (viaEntities.data?.myPortfolio ?? []).find(
      (b: { uscc: string } | null) => b?.uscc === consent.uscc,
    );
    expect(consented?.health?.tier ?? null).toEqual(expect.any(String));
  });

  it('without a token nothing comes back', async () => {
    const res = await viaGateway(`query($u: USCC!) { borrower(uscc: $u) { uscc } }`, {}, { u: consent.uscc });
    expect(res.data?.borrower ?? null).toBeNull();
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('the audit log of partner reads through the supergraph', () => {
  it('records each firm the partner touched, with its outcome, tenant and purpose', async () => {
    const partner = await authHeader(Role.PARTNER, {
      tenant: consent.grantee,
      purpose: consent.purpose,
      sub: 'partner.audited',
    });
    await viaGateway(`query($u: USCC!) { borrower(uscc: $u) { uscc health { score } } }`, partner, { u: consent.uscc });
    await viaGateway(`query($u: USCC!) { borrower(uscc: $u) { uscc health { score } } }`, partner, { u: other });
    await t.server.audit.flush();
    const { rows } = await t.db.query<{
      uscc: string;
      outcome: string;
      tenant: string;
      role: string;
      purpose: string;
      error_code: string | null;
    }>(
      `SELECT uscc, outcome, tenant, role, purpose, error_code FROM core.audit_log WHERE subject = 'partner.audited' ORDER BY at, id`,
    );
    expect(rows).toEqual([
      {
        uscc: consent.uscc,
        outcome: 'OK',
        tenant: consent.grantee,
        role: 'PARTNER',
        purpose: consent.purpose,
        error_code: null,
      },
      {
        uscc: other,
        outcome: 'DENIED',
        tenant: consent.grantee,
        role: 'PARTNER',
        purpose: consent.purpose,
        error_code: 'CONSENT_REQUIRED',
      },
    ]);
  });
});
