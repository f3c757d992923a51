/**
 * Signed cursors over GraphQL over HTTP (issue 15 item 3): a cursor the client made up, altered or
 * took from another list is BAD_USER_INPUT naming `after`; the API's own cursors page as before.
 * Before signing, base64url of `["' OR 1=1 --"]` or `[123]` as `after` returned a normal page.
 */
import { authHeader, gql, startTestServer, type GraphQLResponse, type TestServer } from './helpers';
import { exampleUscc } from '../src/example';
import { encodeCursor } from '../src/graphql/pagination';
import { Role } from '../src/auth/principal';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const PAGE =
  'query($first: Int!, $after: String) { borrowers(first: $first, after: $after) { edges { cursor node { uscc } } pageInfo { hasNextPage endCursor } } }';

function expectRefusedCursor(res: GraphQLResponse, list: string): void {
  expect(res.errors?.[0]).toMatchObject({
    message: `\`after\` is not a cursor this API issued for \`${list}\` (forged, altered, cut short or of another list): pass the endCursor of a previous page`,
    extensions: { code: 'BAD_USER_INPUT', argument: 'after' },
  });
}

describe.each(['jit', 'graphql-js'] as const)('cursors over HTTP (executor %s)', (executor) => {
  let t: TestServer;
  let uscc: string;

  beforeAll(async () => {
    t = await startTestServer({ executor });
    uscc = (await exampleUscc(t.db))!;
  });
  afterAll(() => t.close());

  it("refuses the probe's forged cursors on `borrowers`", async () => {
    for (const forged of [b64(["' OR 1=1 --"]), b64([123]), b64([uscc])]) {
      const res = await gql(t.url, PAGE, { first: 5, after: forged });
      expectRefusedCursor(res, 'borrowers');
      expect(res.data).toEqual({ borrowers: null });
    }
  });

  it("pages with its own cursors, from the end cursor or any edge's", async () => {
    const p1 = (await gql(t.url, PAGE, { first: 4 })).data!.borrowers;
    expect(p1.edges).toHaveLength(4);
    expect(p1.pageInfo.endCursor).toBe(p1.edges[3].cursor);
    const p2 = (await gql(t.url, PAGE, { first: 2, after: p1.pageInfo.endCursor })).data!.borrowers;
    expect(p2.edges[0].node.uscc > p1.edges[3].node.uscc).toBe(true);
    const fromEdge = (await gql(t.url, PAGE, { first: 2, after: p1.edges[1].cursor })).data!.borrowers;
    expect(fromEdge.edges.map((e: { node: { uscc: string } }) => e.node.uscc)).toEqual([
      p1.edges[2].node.uscc,
      p1.edges[3].node.uscc,
    ]);
    // Altered by one character, or cut short: refused.
    const end: string = p1.pageInfo.endCursor;
    const altered = `${end.slice(0, -1)}${end.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of [altered, end.slice(0, -2), end.slice(0, 20)])
      expectRefusedCursor(await gql(t.url, PAGE, { first: 2, after: bad }), 'borrowers');
  });

  it('refuses a cursor of another list', async () => {
    const borrowersCursor = (await gql(t.url, PAGE, { first: 1 })).data!.borrowers.pageInfo.endCursor as string;
    const warnings = 'query($after: String) { warnings(first: 5, after: $after) { edges { node { id } } } }';
    expectRefusedCursor(await gql(t.url, warnings, { after: borrowersCursor }), 'warnings');
    // A well-formed warnings cursor (signed in this process with the server's key) given to `borrowers`.
    expectRefusedCursor(
      await gql(t.url, PAGE, { first: 5, after: encodeCursor('warnings', ['HIGH', '2026-01-01T00:00:00.000Z', '1']) }),
      'borrowers',
    );
  });

  it('refuses forged cursors on invoices, the audit log and the review queue', async () => {
    const invoices =
      'query($u: USCC!, $after: String) { borrower(uscc: $u) { tax { invoices(first: 2, after: $after) { edges { node { id } } pageInfo { endCursor } } } } }';
    const own = (await gql(t.url, invoices, { u: uscc })).data!.borrower.tax.invoices.pageInfo.endCursor as string;
    expect((await gql(t.url, invoices, { u: uscc, after: own })).errors).toBeUndefined();
    expectRefusedCursor(await gql(t.url, invoices, { u: uscc, after: b64(['2099-01-01', '1']) }), 'invoices');

    const audit = 'query($after: String) { auditLog(first: 2, after: $after) { edges { node { at } } } }';
    const auditor = await authHeader(Role.AUDITOR);
    expectRefusedCursor(
      await gql(t.url, audit, { after: b64(['2099-01-01T00:00:00.000Z', '1']) }, auditor),
      'auditLog',
    );

    const queue = 'query($after: String) { matchReviewQueue(first: 2, after: $after) { edges { node { id } } } }';
    expectRefusedCursor(await gql(t.url, queue, { after: b64(['1', '99999']) }), 'matchReviewQueue');
  });
});
