/**
 * The benchmark's scenarios (`npm run bench`, bench/bench.ts): the GraphQL documents every
 * contender answers. FLOOR (bench/floor/) and PEER (bench/peer/) answer Q1 and Q2 with bodies
 * equal to ours; the harness checks that before it measures.
 */
import { PROFILE_QUERY } from '../src/example';

/** Q1: one firm's full profile (the example query `npm start` prints), a random firm per request. */
export const Q1_PROFILE = PROFILE_QUERY;

/** Q2: a page of 50 borrowers with all five sources and the tier (the dashboard's first screen). */
export const Q2_PAGE = `query Page($after: String) {
  borrowers(first: 50, after: $after) {
    edges { node {
      uscc name
      registry { status registeredCapital }
      tax { declarations(months: 3) { period sales taxPaid } }
      bank { loans { contractNo balance overdueDays classification } }
      supplyChain { receivables(first: 3) { receivableNo amount } }
      judicial { cases(first: 3) { caseNo cause role amount } }
      health { score tier }
    } }
    pageInfo { endCursor hasNextPage }
  }
}`;

/** Q3: score and warnings for 50 firms (a page of the portfolio, warnings computed on read). */
export const Q3_SCORES = `query Scores($after: String) {
  borrowers(first: 50, after: $after) {
    edges { node {
      uscc
      health { score tier probabilityOfDefault reasons }
      warnings { code severity message sources }
    } }
  }
}`;

/** Q4: the federation entry point: 100 borrowers by reference, as a router asks for them. */
export const Q4_ENTITIES = `query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Borrower { uscc name registry { status } bank { loans { contractNo balance } } health { score tier } }
  }
}`;

/** Q5: a new applicant: the full profile plus where an application for 500,000 CNY goes. */
export const Q5_APPLICANT = PROFILE_QUERY.replace(
  /\}\s*\}\s*$/,
  '    approval(amount: "500000") { route score tier missingSources }\n  }\n}',
);
