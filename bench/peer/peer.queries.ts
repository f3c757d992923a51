/**
 * PEER's document for scenario Q2 (bench/queries.ts Q2_PAGE) and the mapping of its response to
 * the shape of ours, so the harness can compare bodies (bench/peer/check.ts shows they agree).
 *
 * Field by field, where PostGraphile's answer necessarily differs and what the mapping does:
 * - `borrowers(first: 50, after)` is `firms(first: 50, after, orderBy: USCC_ASC)`, USCC order as
 *   ours. `after` is PostGraphile's `Cursor`, its own opaque format (base64 of
 *   `["<digest of the order>","<uscc>"]`; ours: base64url of `["<uscc>"]`): the mapping decodes
 *   PostGraphile's `endCursor` and re-encodes its USCC as ours (so a wrong position still shows).
 * - Lists are connections: `loans { nodes }` where ours has `loans`, likewise for declarations,
 *   receivables and cases: the mapping unwraps `nodes`.
 * - Ours groups a firm's data per source (`tax`, `bank`, `supplyChain`, `judicial`); PostGraphile
 *   follows the tables' relations. `tax` is the firm's `taxpayer` row (null with none, as ours),
 *   its declarations those of the taxpayer; `bank`, `supplyChain` and `judicial` are objects ours
 *   always returns on the mirror (no upstream can fail): the mapping builds them around the lists.
 * - `declarations(months: 3)` is `declarations(first: 3, orderBy: PERIOD_DESC)`, newest first.
 * - `loans` (all, newest first) is `loans(orderBy: [START_DATE_DESC, ROW_ID_DESC])`: ours orders by
 *   start date then id; PostGraphile's default would be primary-key order.
 * - `receivables(first: 3)` is `receivables(first: 3, orderBy: [ISSUE_DATE_DESC, ROW_ID_DESC])`.
 * - `judicial.cases(first: 3)` are the firm's `caseParties` (a party row per case, as ours joins
 *   them): `role` is the party's, `caseNo`, `cause` and `amount` the related `case`'s; newest filed
 *   first by `CASE__FILED_ON_DESC` (pg-order-by-related; filed_on made orderable by a smart tag),
 *   then `CASE_ID_DESC`, as ours. A firm that is party to one case twice (plaintiff and defendant)
 *   has two rows of the same case: ours leaves their order to PostgreSQL, which returns them in
 *   party-row order; `ROW_ID_ASC` says so. The mapping flattens each party row and its case.
 * - `registry` is the firm's `registry.company` row: `status` spelled as ours (both take the
 *   PostgreSQL enum labels, ACTIVE...), `registeredCapital` a `BigFloat` string as PostgreSQL
 *   prints numeric(18,2), the same digits as our `Money` ("1234.00").
 * - Money (`balance`, `amount`, `sales`, `taxPaid`): `BigFloat` strings, digits as ours. Enums
 *   (`classification`, `role`, `tier`): the same labels. `period` is char(7), "YYYY-MM" as our YearMonth.
 * - `health { score tier }` is the firm's `core.health_latest` row, the stored score. Ours serves
 *   that stored score while the firm's inputs are unchanged since it was computed and computes a
 *   live one otherwise: the bodies agree on a portfolio rescored after its last change (as the
 *   benchmark's is); no mapping.
 * - Errors: a body without `data.firms` is returned as is (the comparison then fails on it).
 */
import { encodeCursor } from '../../src/graphql/pagination';

export const PEER_Q2 = `query Page($after: Cursor) {
  firms(first: 50, after: $after, orderBy: USCC_ASC) {
    edges { node {
      uscc name
      registry { status registeredCapital }
      taxpayer { declarations(first: 3, orderBy: PERIOD_DESC) { nodes { period sales taxPaid } } }
      loans(orderBy: [START_DATE_DESC, ROW_ID_DESC]) { nodes { contractNo balance overdueDays classification } }
      receivables(first: 3, orderBy: [ISSUE_DATE_DESC, ROW_ID_DESC]) { nodes { receivableNo amount } }
      caseParties(first: 3, orderBy: [CASE__FILED_ON_DESC, CASE_ID_DESC, ROW_ID_ASC]) { nodes { role case { caseNo cause amount } } }
      health { score tier }
    } }
    pageInfo { endCursor hasNextPage }
  }
}`;

interface Nodes<T> {
  nodes: T[];
}

interface PeerFirm {
  uscc: string;
  name: string;
  registry: { status: string; registeredCapital: string } | null;
  taxpayer: { declarations: Nodes<{ period: string; sales: string; taxPaid: string }> } | null;
  loans: Nodes<{ contractNo: string; balance: string; overdueDays: number; classification: string }>;
  receivables: Nodes<{ receivableNo: string; amount: string }>;
  caseParties: Nodes<{ role: string; case: { caseNo: string; cause: string; amount: string } | null }>;
  health: { score: number; tier: string } | null;
}

interface PeerBody {
  errors?: unknown[];
  data?: {
    firms?: { edges: Array<{ node: PeerFirm }>; pageInfo: { endCursor: string | null; hasNextPage: boolean } } | null;
  } | null;
}

/**
 * PostGraphile's cursor (base64 JSON: a digest of the order, then the key's values) as ours for
 * the same USCC (src/graphql/pagination.ts, signed with the key this process's server was started with).
 */
function ourCursor(cursor: string | null): string | null {
  if (cursor === null) return null;
  const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8'));
  if (!Array.isArray(decoded) || decoded.length !== 2 || typeof decoded[1] !== 'string')
    throw new Error(`unexpected PostGraphile cursor ${cursor}`);
  return encodeCursor('borrowers', [decoded[1]]);
}

/** The `after` of PEER's next page: its response's own endCursor (null on an error or the last page). */
export function peerEndCursor(body: unknown): string | null {
  return (body as PeerBody).data?.firms?.pageInfo.endCursor ?? null;
}

/** PostGraphile's Q2 response in the shape of ours (bench/queries.ts Q2_PAGE). */
export function peerToOurs(body: unknown): unknown {
  const b = body as PeerBody;
  const firms = b.data?.firms;
  if (!firms) return body;
  const edges = firms.edges.map(({ node: f }) => ({
    node: {
      uscc: f.uscc,
      name: f.name,
      registry: f.registry,
      tax: f.taxpayer && { declarations: f.taxpayer.declarations.nodes },
      bank: { loans: f.loans.nodes },
      supplyChain: { receivables: f.receivables.nodes },
      judicial: {
        cases: f.caseParties.nodes.map((p) => ({
          caseNo: p.case?.caseNo,
          cause: p.case?.cause,
          role: p.role,
          amount: p.case?.amount,
        })),
      },
      health: f.health,
    },
  }));
  return {
    ...(b.errors ? { errors: b.errors } : {}),
    data: {
      borrowers: {
        edges,
        pageInfo: { endCursor: ourCursor(firms.pageInfo.endCursor), hasNextPage: firms.pageInfo.hasNextPage },
      },
    },
  };
}
