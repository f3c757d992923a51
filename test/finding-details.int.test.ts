/**
 * `DataQualityIssue.details` over HTTP: for one finding of every check in the test portfolio, a
 * client selects the typed evidence with inline fragments and gets the same values the JSON
 * `evidence` has (DUPLICATE_RECORD's key and row columns as name/value lists); `code` is the
 * FindingCode enum. A person's name inside a typed field is masked for an ANALYST as in
 * `evidence`, and in full for a RISK_OFFICER asking with `unmasked: true`.
 */
import { Role } from '../src/auth/principal';
import { portfolioAsOf } from '../src/quality/as-of';
import { CHECKS } from '../src/quality/checks';
import { detect } from '../src/quality/quality.service';
import { authHeader, gql, startTestServer, type TestServer } from './helpers';

let t: TestServer;
/** One firm with a finding of each check. */
const firmOf = new Map<string, string>();
/**
 * The guarantee structures are planted from 300 firms on, above the shared portfolio's size: their
 * typed details are checked the same way on a hand-built network (test/guarantee-structures.int.test.ts).
 */
const ON_A_HAND_BUILT_NETWORK = new Set(['GUARANTEE_CIRCLE', 'GUARANTEE_CHAIN', 'GUARANTEE_STAR']);
const PORTFOLIO_CHECKS = CHECKS.filter((c) => !ON_A_HAND_BUILT_NETWORK.has(c.code));

beforeAll(async () => {
  t = await startTestServer();
  const asOf = await portfolioAsOf(t.db);
  for (const check of PORTFOLIO_CHECKS) {
    const [first] = await detect(t.db, check, asOf);
    if (!first) throw new Error(`the test portfolio has no ${check.code} finding`);
    firmOf.set(check.code, first.uscc);
  }
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const DETAILS = `details(unmasked: $full) {
  __typename code
  ... on DuplicateInvoiceEvidence { invoiceCode invoiceNumber identical differingFields
    rows { id sellerUscc buyerUscc buyerName issueDate amount taxAmount status } }
  ... on TaxWithoutFlowEvidence { months { month declaredSales invoicedWithTax inflow ratio } maxInflowRatio minConsecutiveMonths window }
  ... on StaffMismatchEvidence { claimedStaff insured { month insuredHeadcount } maxInsured ratio maxInsuredRatio minClaimedStaff }
  ... on ReceivablePledgedTwiceEvidence { receivable { id receivableNo debtorUscc amount issueDate dueDate status }
    pledges { id pledgee registrationNo pledgedOn amount status } }
  ... on RegistryStatusWithLiveLoanEvidence { registry { uscc name status statusChangedOn }
    abnormalListings { id listedOn reason authority removedOn }
    activeLoans { id contractNo principal balance startDate maturityDate overdueDays } }
  ... on DatedRecordAnomalyEvidence { asOfDate foundedOn invoices { id invoiceCode invoiceNumber issueDate amount status problem } }
  ... on FrequentLegalRepChangeEvidence { windowStart windowEnd minChanges windowMonths changes { id changedOn before after } }
  ... on DuplicateRecordEvidence { table source key { name value } rowIds identical differingFields rows { id fields { name value } } }
  ... on FinancialStatementIdentityEvidence { statementId periodEnd periodType receivedOn audited
    figures { totalAssets totalLiabilities ownersEquity currentAssets cash accountsReceivable inventory }
    broken { identity rule left right difference } tolerance { applied absolute relativeToTotalAssets } }
}`;
const ISSUES = `query Issues($u: USCC!, $full: Boolean! = false) { borrower(uscc: $u) { dataQuality { issues(live: true) {
  code fingerprint evidence(unmasked: $full) ${DETAILS} } } } }`;

type Json = Record<string, unknown>;
interface Issue {
  code: string;
  fingerprint: string;
  evidence: Json;
  details: Json & { __typename: string; code: string };
}

async function issuesOf(uscc: string, headers: Record<string, string>, full = false): Promise<Issue[]> {
  const res = await gql(t.url, ISSUES, { u: uscc, full }, headers);
  expect(res.errors).toBeUndefined();
  return res.data!.borrower.dataQuality.issues as Issue[];
}

/** The JSON evidence as the typed fields show it: ids as GraphQL IDs (strings), DUPLICATE_RECORD's maps as lists. */
function expectedDetails(code: string, evidence: Json): Json {
  const ids = (v: unknown, key?: string): unknown =>
    Array.isArray(v)
      ? v.map((x) => ids(x, key))
      : typeof v === 'object' && v !== null
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, ids(x, k)]))
        : (key === 'id' || key === 'statementId') && typeof v === 'number'
          ? String(v)
          : v;
  const e = ids(evidence) as Json;
  if (code !== 'DUPLICATE_RECORD') return e;
  const key = e.key as Record<string, string | null>;
  return {
    ...e,
    key: Object.keys(key).map((name) => ({ name, value: key[name] })),
    rows: (e.rows as Array<Json & { id: string }>).map(({ id, ...fields }) => ({
      id,
      fields: Object.entries(fields).map(([name, value]) => ({ name, value })),
    })),
  };
}

const byName = (list: Array<{ name: string }>) => [...list].sort((a, b) => a.name.localeCompare(b.name));

describe('DataQualityIssue.details', () => {
  it.each(PORTFOLIO_CHECKS.map((c) => c.code))(
    '%s: typed fields through inline fragments carry the JSON evidence',
    async (code) => {
      const issues = await issuesOf(firmOf.get(code)!, await authHeader(Role.RISK_OFFICER), true);
      const issue = issues.find((i) => i.code === code)!;
      expect(issue).toBeDefined();
      const { __typename, code: detailsCode, ...typed } = issue.details;
      expect(detailsCode).toBe(code);
      expect(__typename).toBe(
        `${code.toLowerCase().replace(/(^|_)(\w)/g, (_m, _u, c: string) => c.toUpperCase())}Evidence`,
      );
      const expected = expectedDetails(code, issue.evidence);
      if (code === 'DUPLICATE_RECORD') {
        // Key parts come in the table's key order, a jsonb object's keys in its own: compared as sets.
        expect(byName(typed.key as Array<{ name: string }>)).toEqual(byName(expected.key as Array<{ name: string }>));
        const rows = (list: unknown) =>
          (list as Array<{ id: string; fields: Array<{ name: string }> }>).map((r) => ({
            ...r,
            fields: byName(r.fields),
          }));
        expect(rows(typed.rows)).toEqual(rows(expected.rows));
        expect({ ...typed, key: null, rows: null }).toEqual({ ...expected, key: null, rows: null });
      } else {
        expect(typed).toEqual(expected);
      }
    },
  );

  it("masks a person's name inside a typed field as evidence masks it (ANALYST), in full for a RISK_OFFICER asking so", async () => {
    const uscc = firmOf.get('FREQUENT_LEGAL_REP_CHANGE')!;
    const pick = (list: Issue[]) => list.find((i) => i.code === 'FREQUENT_LEGAL_REP_CHANGE')!;
    const names = (i: Issue) => (i.details.changes as Array<{ before: string; after: string }>).map((c) => c.after);
    const jsonNames = (i: Issue) =>
      (i.evidence.changes as Array<{ before: string; after: string }>).map((c) => c.after);

    const full = pick(await issuesOf(uscc, await authHeader(Role.RISK_OFFICER), true));
    const analyst = pick(await issuesOf(uscc, await authHeader(Role.ANALYST)));
    const officer = pick(await issuesOf(uscc, await authHeader(Role.RISK_OFFICER)));

    expect(names(full).length).toBeGreaterThan(0);
    names(analyst).forEach((n, k) => expect(n).not.toBe(names(full)[k]));
    expect(names(analyst)).toEqual(jsonNames(analyst));
    expect(names(officer)).toEqual(names(analyst));
    expect(names(full)).toEqual(jsonNames(full));

    const res = await gql(t.url, ISSUES, { u: uscc, full: true }, await authHeader(Role.ANALYST));
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it("masks a person shareholder's name and ID number among DUPLICATE_RECORD's row columns", async () => {
    const { rows } = await t.db.query<{ uscc: string; name: string; idNo: string }>(
      `SELECT uscc, min(holder_name) AS name, holder_id_no AS "idNo" FROM registry.shareholder
        WHERE holder_type = 'PERSON' AND holder_uscc IS NULL AND holder_id_no IS NOT NULL
        GROUP BY uscc, holder_id_no HAVING count(*) > 1 ORDER BY uscc LIMIT 1`,
    );
    expect(rows).toHaveLength(1);
    const [holder] = rows;
    const column = (i: Issue, name: string) =>
      (i.details.rows as Array<{ fields: Array<{ name: string; value: string | null }> }>).map(
        (r) => r.fields.find((f) => f.name === name)!.value,
      );
    const pick = (list: Issue[]) =>
      list.find((i) => i.code === 'DUPLICATE_RECORD' && (i.evidence.table as string) === 'registry.shareholder')!;
    const analyst = pick(await issuesOf(holder.uscc, await authHeader(Role.ANALYST)));
    const full = pick(await issuesOf(holder.uscc, await authHeader(Role.RISK_OFFICER), true));
    expect(column(full, 'holder_id_no')).toContain(holder.idNo);
    expect(column(full, 'holder_name')).toContain(holder.name);
    expect(column(analyst, 'holder_id_no')).not.toContain(holder.idNo);
    expect(column(analyst, 'holder_name')).not.toContain(holder.name);
    expect(column(analyst, 'holder_name')).toEqual(
      (analyst.evidence.rows as Array<{ holder_name: string }>).map((r) => r.holder_name),
    );
    expect(column(analyst, 'holder_id_no')).toEqual(
      (analyst.evidence.rows as Array<{ holder_id_no: string }>).map((r) => r.holder_id_no),
    );
  });
});
