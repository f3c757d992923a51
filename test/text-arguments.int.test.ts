/**
 * Text PostgreSQL cannot take (a NUL character, an unpaired UTF-16 surrogate) in any argument is
 * BAD_USER_INPUT naming the argument, before anything runs (src/graphql/text-arguments.plugin.ts),
 * on both executors. Before the plugin, `borrowers(filter: { name: "a\u0000b" })` reached SQL and
 * came back as INTERNAL_SERVER_ERROR (PostgreSQL 22021, issue 15 item 2).
 */
import { gql, startTestServer, type GraphQLResponse, type TestServer } from './helpers';
import { exampleUscc } from '../src/example';

const EXPECTED = 'must be text without NUL characters or unpaired surrogates';
const BORROWERS = 'query($f: BorrowerFilter) { borrowers(first: 5, filter: $f) { edges { node { uscc } } } }';

describe.each(['jit', 'graphql-js'] as const)('text arguments (executor %s)', (executor) => {
  let t: TestServer;
  let uscc: string;

  beforeAll(async () => {
    t = await startTestServer({ executor });
    uscc = (await exampleUscc(t.db))!;
  });
  afterAll(() => t.close());

  function expectRefused(res: GraphQLResponse, extensions: Record<string, unknown>, message?: string): void {
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', ...extensions });
    expect(res.errors![0].extensions).not.toHaveProperty('http');
    expect(res.errors![0].message).toContain(EXPECTED);
    if (message) expect(res.errors![0].message).toBe(message);
  }

  it("refuses a NUL in a string literal of an input object (the probe's request)", async () => {
    const res = await gql(t.url, '{ borrowers(filter: { name: "a\\u0000b" }) { edges { node { uscc } } } }');
    expectRefused(
      res,
      { argument: 'filter.name', field: 'borrowers' },
      '`filter.name` of `borrowers` must be text without NUL characters or unpaired surrogates: found a NUL character (U+0000) at index 1',
    );
  });

  it('refuses a NUL or a lone surrogate in a variable, naming the argument and the variable', async () => {
    expectRefused(
      await gql(t.url, BORROWERS, { f: { name: 'ab\u0000' } }),
      { argument: 'filter.name', field: 'borrowers', variable: 'f' },
      '`filter.name` of `borrowers` (variable `$f`) must be text without NUL characters or unpaired surrogates: found a NUL character (U+0000) at index 2',
    );
    expectRefused(
      await gql(t.url, BORROWERS, { f: { name: '机械\ud800' } }),
      { argument: 'filter.name', variable: 'f' },
      '`filter.name` of `borrowers` (variable `$f`) must be text without NUL characters or unpaired surrogates: found an unpaired surrogate (U+D800) at index 2',
    );
    expectRefused(await gql(t.url, BORROWERS, { f: { name: '\udc00机械' } }), { argument: 'filter.name' });
    // A variable bound to a field of an input object literal.
    const q = 'query($n: String) { borrowers(filter: { name: $n }) { edges { node { uscc } } } }';
    expectRefused(await gql(t.url, q, { n: '机\u0000械' }), { argument: 'filter.name', variable: 'n' });
    // A variable's default value.
    expectRefused(
      await gql(
        t.url,
        'query($n: String = "机\\u0000械") { borrowers(filter: { name: $n }) { edges { node { uscc } } } }',
      ),
      { argument: 'filter.name', variable: 'n' },
    );
  });

  it('takes ordinary text, surrogate pairs included', async () => {
    for (const name of ['机械', '😀😀', 'a\tb']) {
      const res = await gql(t.url, BORROWERS, { f: { name } });
      expect(res.errors).toBeUndefined();
      expect(res.data!.borrowers.edges).toEqual(expect.any(Array));
    }
  });

  it('refuses bad text in lists, other fields, nested fields and fragments', async () => {
    // A list inside an input object (warnings' filter.codes), as a variable.
    const warnings = 'query($f: WarningFilter) { warnings(filter: $f) { edges { node { id } } } }';
    expectRefused(await gql(t.url, warnings, { f: { codes: ['TAX_PAID_DROP', 'X\u0000'] } }), {
      argument: 'filter.codes[1]',
      field: 'warnings',
      variable: 'f',
    });
    // A plain String argument: `after`, checked before it is taken for a cursor.
    expectRefused(await gql(t.url, '{ borrowers(after: "\\u0000") { edges { node { uscc } } } }'), {
      argument: 'after',
      field: 'borrowers',
    });
    // A custom scalar (USCC) argument.
    expectRefused(
      await gql(t.url, 'query($u: USCC!) { borrower(uscc: $u) { name } }', { u: `${uscc.slice(0, 17)}\u0000` }),
      { argument: 'uscc', field: 'borrower', variable: 'u' },
    );
    // An argument of a nested field.
    const nested =
      'query($u: USCC!, $a: String) { borrower(uscc: $u) { tax { invoices(first: 2, after: $a) { edges { node { id } } } } } }';
    expectRefused(await gql(t.url, nested, { u: uscc, a: 'x\ud800' }), {
      argument: 'after',
      field: 'invoices',
      variable: 'a',
    });
    // Inside a fragment.
    const fragment =
      'query { ...Page } fragment Page on Query { borrowers(filter: { name: "机械\\u0000" }) { edges { node { uscc } } } }';
    expectRefused(await gql(t.url, fragment), { argument: 'filter.name', field: 'borrowers' });
  });

  it("refuses bad text in `_entities` representations (the router's requests)", async () => {
    const q = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Borrower { name } } }';
    expectRefused(
      await gql(t.url, q, {
        r: [
          { __typename: 'Borrower', uscc },
          { __typename: 'Borrower', uscc: `${uscc}\u0000` },
        ],
      }),
      {
        argument: 'representations[1].uscc',
        field: '_entities',
        variable: 'r',
      },
    );
    const ok = await gql(t.url, q, { r: [{ __typename: 'Borrower', uscc }] });
    expect(ok.errors).toBeUndefined();
    expect(ok.data!._entities[0].name).toEqual(expect.any(String));
  });
});
