/**
 * The subgraph composes with a second subgraph that extends Borrower (@apollo/composition) and
 * @apollo/gateway answers queries that cross both, over real HTTP.
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { parse } from 'graphql';
import { buildSubgraph } from '../src/graphql/schema';
import { exampleUscc } from '../src/example';
import { authHeader, startTestServer, type TestServer } from './helpers';
import { Role } from '../src/auth/principal';

const LIMITS_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  scalar USCC
  type Borrower @key(fields: "uscc") {
    uscc: USCC!
    "The credit limit this (test) subgraph assigns."
    creditLimit: String!
  }
  type Query { largestLimits: [Borrower!]! }
`;

let t: TestServer;
let limits: ApolloServer;
let gateway: ApolloServer;
let uscc: string;

beforeAll(async () => {
  t = await startTestServer();
  uscc = (await exampleUscc(t.db))!;
  limits = new ApolloServer({
    schema: buildSubgraphSchema({
      typeDefs: parse(LIMITS_SDL),
      resolvers: {
        Query: { largestLimits: () => [{ uscc }] },
        Borrower: {
          __resolveReference: (ref: { uscc: string }) => ref,
          creditLimit: (b: { uscc: string }) => `LIMIT-${b.uscc.slice(-4)}`,
        },
      } as never,
    }),
  });
  const { url: limitsUrl } = await startStandaloneServer(limits, { listen: { port: 0, host: '127.0.0.1' } });

  // The router forwards the caller's token; here the gateway sends an analyst's.
  const { authorization } = await authHeader(Role.ANALYST);
  const { sdl } = await buildSubgraph();
  const composed = composeServices([
    { name: 'credit', typeDefs: parse(sdl), url: t.url },
    { name: 'limits', typeDefs: parse(LIMITS_SDL), url: limitsUrl },
  ]);
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
  gateway = new ApolloServer({
    gateway: new ApolloGateway({
      supergraphSdl: composed.supergraphSdl,
      buildService: ({ url }) =>
        new RemoteGraphQLDataSource({
          url,
          willSendRequest: ({ request }) => {
            request.http?.headers.set('authorization', authorization);
          },
        }),
    }),
  });
  await gateway.start();
});

afterAll(async () => {
  await gateway?.stop();
  await limits?.stop();
  await t.close();
});

async function run(query: string, variables?: Record<string, unknown>) {
  const res = await gateway.executeOperation({ query, variables });
  if (res.body.kind !== 'single') throw new Error('expected a single result');
  return res.body.singleResult;
}

describe('federation through @apollo/gateway', () => {
  it('answers a query that starts here and crosses into the extending subgraph', async () => {
    const r = await run(`query($u: USCC!) { borrower(uscc: $u) { name registry { status } creditLimit } }`, {
      u: uscc,
    });
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({
      borrower: {
        name: expect.any(String),
        registry: { status: expect.any(String) },
        creditLimit: `LIMIT-${uscc.slice(-4)}`,
      },
    });
  });

  it('answers a query that starts in the other subgraph and resolves Borrower here via _entities', async () => {
    const r = await run(`{ largestLimits { uscc name tax { creditRating } creditLimit } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({
      largestLimits: [
        { uscc, name: expect.any(String), tax: { creditRating: expect.any(String) }, creditLimit: expect.any(String) },
      ],
    });
  });
});
