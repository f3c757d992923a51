/**
 * Reads are batched: a page of borrowers with every sub-object and nested list issues the same
 * fixed number of SQL statements whatever the page size (one per loader, none per firm).
 */
import { gql, startTestServer, type TestServer } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const FULL_PAGE = `query($first: Int!) { borrowers(first: $first) { edges { node {
  uscc name industry { name } region { name }
  registry { status shareholders { holderName } changes(first: 5) { item } abnormalListings { reason } }
  tax { creditRating declarations(months: 12) { period sales } invoices(first: 5) { edges { node { invoiceNumber } } } }
  bank { accounts { accountNo } monthlyFlows(months: 12) { month inflow } loans { contractNo schedule { seq dueDate } }
         guaranteesGiven { amount } guaranteesReceived { amount } consents { grantee } financialStatements { periodEnd totalAssets } }
  supplyChain { coreEnterprises { name } orders(first: 5) { orderNo } receivables(first: 5) { receivableNo confirmations { confirmedOn } pledges { pledgee } } }
  judicial { cases(first: 5) { caseNo } enforcements { caseNo } dishonestListings { caseNo } }
  altData { socialInsurance(months: 12) { month } utilities(months: 12) { month } }
} } } }`;

/**
 * 1 page query + registry 4 + tax 3 + bank 8 + supply chain 5 + judicial 3 + alt data 2. Bank's
 * 8: accounts, monthly flows, loans, instalments, guarantees given and received, consents,
 * financial statements (the last one loader, one statement for the whole page).
 */
const EXPECTED_STATEMENTS = 26;

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
