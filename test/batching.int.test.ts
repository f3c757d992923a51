/**
 * Reads are batched: a page of borrowers with every sub-object and nested list issues the same
 * fixed number of SQL statements whatever the page size (one per loader, none per firm).
 */
import { authHeader, gql, startTestServer, type TestServer } from './helpers';
import { Role } from '../src/auth/principal';
import { setLoaderBatching } from '../src/lib/loader';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const FULL_PAGE = `query($first: Int!) { borrowers(first: $first) { edges { node {
  uscc name industry { name } region { name }
  registry { status shareholders { holderName } changes(first: 5) { item } abnormalListings { reason } }
  tax { creditRating creditRatings { year rating publishedOn } declarations(months: 12) { period sales } invoices(first: 5) { edges { node { invoiceNumber } } } }
  bank { accounts { accountNo } monthlyFlows(months: 12) { month inflow }
         loans { contractNo writtenOffOn schedule { seq dueDate } classificationHistory { changedOn classification } }
         guaranteesGiven { amount } guaranteesReceived { amount } consents { grantee } financialStatements { periodEnd totalAssets } }
  supplyChain { coreEnterprises { name } orders(first: 5) { orderNo } receivables(first: 5) { receivableNo confirmations { confirmedOn } pledges { pledgee } } }
  judicial { cases(first: 5) { caseNo publishedOn } enforcements { caseNo publishedOn closedOn } dishonestListings { caseNo } }
  altData { socialInsurance(months: 12) { month } utilities(months: 12) { month } }
} } } }`;

/**
 * 1 page query + registry 4 + tax 4 + bank 9 + supply chain 5 + judicial 3 + alt data 2. Tax's
 * 4: taxpayer, credit ratings, declarations, invoices. Bank's 9: accounts, monthly flows, loans,
 * instalments, classification histories, guarantees given and received, consents, financial
 * statements (each one loader, one statement for the whole page: the loans' instalments and
 * classification histories too, whatever the number of loans).
 */
const EXPECTED_STATEMENTS = 28;

async function statementsFor(first: number): Promise<number> {
  t.db.resetStatementCount();
  const res = await gql(t.url, FULL_PAGE, { first });
  expect(res.errors).toBeUndefined();
  expect(res.data!.borrowers.edges).toHaveLength(first);
  return t.db.statementCount();
}

describe('batched reads', () => {
  it(`a page of 50 borrowers with all five sources takes ${EXPECTED_STATEMENTS} statements, as does a page of 100`, async () => {
    expect(await statementsFor(50)).toBe(EXPECTED_STATEMENTS);
    expect(await statementsFor(100)).toBe(EXPECTED_STATEMENTS);
  });
});

describe('the NAIVE build (DATALOADER_BATCHING=false, for the benchmark)', () => {
  it('answers the same page with one statement per firm and source instead of one per source', async () => {
    const batched = await gql(t.url, FULL_PAGE, { first: 10 });
    const naive = await startTestServer({ loaderBatching: false });
    try {
      naive.db.resetStatementCount();
      const res = await gql(naive.url, FULL_PAGE, { first: 10 });
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual(batched.data);
      // 27 loaders, each now called once per firm (and per loan, receivable, case...): well over 10 x 27.
      expect(naive.db.statementCount()).toBeGreaterThan(10 * (EXPECTED_STATEMENTS - 1));
    } finally {
      await naive.close();
      setLoaderBatching(true);
    }
  });
});

describe('the executors (GRAPHQL_EXECUTOR)', () => {
  it('graphql-jit (the default) and graphql-js give the same answer, byte for byte, with the same statements', async () => {
    const headers = { 'content-type': 'application/json', ...(await authHeader(Role.ANALYST)) };
    t.db.resetStatementCount();
    const jit = await fetch(t.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: FULL_PAGE, variables: { first: 20 } }),
    });
    const jitText = await jit.text();
    const jitStatements = t.db.statementCount();
    const reference = await startTestServer({ executor: 'graphql-js' });
    try {
      reference.db.resetStatementCount();
      const res = await fetch(reference.url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query: FULL_PAGE, variables: { first: 20 } }),
      });
      expect(await res.text()).toBe(jitText);
      expect(reference.db.statementCount()).toBe(jitStatements);
    } finally {
      await reference.close();
    }
  });
});
