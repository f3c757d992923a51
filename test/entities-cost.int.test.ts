/**
 * `_entities` is charged by the cost limit once per representation (src/ops/entities-cost.ts),
 * over HTTP with the default limits (MAX_QUERY_COST 20000): a router's batch of 2,000 is refused
 * before anything runs, a batch of 100 of a modest selection is answered, an expensive selection
 * is refused at a smaller count, and a malformed `representations` still gets Apollo's own error.
 */
import { Role } from '../src/auth/principal';
import { allBorrowers, authHeader, gql, startTestServer, type TestServer } from './helpers';

const ENTITIES = (selection: string) =>
  `query Entities($r: [_Any!]!) { _entities(representations: $r) { ... on Borrower { ${selection} } } }`;
/** What a router asks for a page of borrowers (bench/queries.ts Q4): 50 per representation. */
const ROUTER_SELECTION = 'uscc name registry { status } bank { loans { contractNo balance } } health { score tier }';
const MODEST_SELECTION = 'uscc name registry { status }';
const EXPENSIVE_SELECTION =
  'uscc tax { invoices(first: 20) { edges { node { invoiceNumber amount } } } } judicial { cases(first: 10) { caseNo amount } }';

describe('_entities under the cost limit', () => {
  let t: TestServer;
  let usccs: string[];
  let auth: Record<string, string>;
  const reps = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ __typename: 'Borrower', uscc: usccs[i % usccs.length] }));
  beforeAll(async () => {
    t = await startTestServer();
    auth = await authHeader(Role.ANALYST);
    usccs = (await allBorrowers<{ uscc: string }>(t.url, 'uscc')).map((b) => b.uscc);
  });
  afterAll(() => t.close());

  it('refuses 2,000 representations before anything runs, naming the count, the cost of one, the total and the limit', async () => {
    const before = t.db.statementCount();
    const res = await gql(t.url, ENTITIES(ROUTER_SELECTION), { r: reps(2000) }, auth);
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(res.errors).toHaveLength(1);
    const [err] = res.errors!;
    expect(err.extensions).toMatchObject({
      code: 'QUERY_TOO_COSTLY',
      limit: 'MAX_QUERY_COST',
      maxCost: 20000,
      representations: 2000,
      costPerRepresentation: 50,
      cost: 100_000,
    });
    expect(err.message).toBe(
      'Query Cost limit of 20000 exceeded: `_entities` is charged per representation, 2000 representations × 50 per representation = 100000 (MAX_QUERY_COST)',
    );
    expect(t.db.statementCount()).toBe(before);
  });

  it('answers 100 representations of a modest selection', async () => {
    const r = reps(100);
    const res = await gql(t.url, ENTITIES(MODEST_SELECTION), { r }, auth);
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities).toHaveLength(100);
    expect(res.data!._entities.map((e: { uscc: string }) => e.uscc)).toEqual(r.map((x) => x.uscc));
    expect(res.data!._entities[0]).toEqual({
      uscc: r[0].uscc,
      name: expect.any(String),
      registry: { status: expect.any(String) },
    });
  });

  it('refuses an expensive selection at a smaller count, and the rest of the operation adds to it', async () => {
    const res = await gql(t.url, ENTITIES(EXPENSIVE_SELECTION), { r: reps(30) }, auth);
    expect(res.status).toBe(400);
    expect(res.errors![0].extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', representations: 30 });
    const per = res.errors![0].extensions!.costPerRepresentation as number;
    expect(per).toBeGreaterThan(20000 / 30);
    // The largest batch that fits is answered; one more is refused.
    const fits = Math.floor(20000 / per);
    expect(fits).toBeLessThan(30);
    const ok = await gql(t.url, ENTITIES(EXPENSIVE_SELECTION), { r: reps(fits) }, auth);
    expect(ok.errors).toBeUndefined();
    expect(ok.data!._entities).toHaveLength(fits);
    const over = await gql(t.url, ENTITIES(EXPENSIVE_SELECTION), { r: reps(fits + 1) }, auth);
    expect(over.errors![0].extensions?.code).toBe('QUERY_TOO_COSTLY');
    // Beside another root field, the batch that fitted alone no longer does.
    const withRest = await gql(
      t.url,
      `query Entities($r: [_Any!]!) { borrowers(first: 100) { edges { node { uscc name } } } _entities(representations: $r) { ... on Borrower { ${EXPENSIVE_SELECTION} } } }`,
      { r: reps(fits) },
      auth,
    );
    expect(withRest.status).toBe(400);
    expect(withRest.errors![0].message).toMatch(
      new RegExp(
        `^Query Cost limit of 20000 exceeded: \`_entities\` is charged per representation, ${fits} representations × ${per} per representation \\+ [\\d.]+ for the rest of the operation = [\\d.]+ \\(MAX_QUERY_COST\\)$`,
      ),
    );
  });

  it('leaves a malformed representations variable to Apollo (its usual error, however long the list)', async () => {
    const nullList = await gql(t.url, ENTITIES(MODEST_SELECTION), { r: null }, auth);
    expect(nullList.status).toBe(400);
    expect(nullList.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(nullList.errors![0].message).toMatch(/Variable "\$r" of non-null type "\[_Any!\]!" must not be null/);

    const missing = await gql(t.url, ENTITIES(MODEST_SELECTION), {}, auth);
    expect(missing.status).toBe(400);
    expect(missing.errors![0].extensions?.code).toBe('BAD_USER_INPUT');

    const nulls = await gql(t.url, ENTITIES(ROUTER_SELECTION), { r: [...reps(3000), null] }, auth);
    expect(nulls.status).toBe(400);
    expect(nulls.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(nulls.errors![0].message).toMatch(
      /Variable "\$r" got invalid value null at "r\[3000\]"; Expected non-nullable type "_Any!" not to be null/,
    );
  });
});
