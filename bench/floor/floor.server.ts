/**
 * FLOOR, the benchmark's lower bound (bench/bench.ts): a hand-written `node:http` + `pg` server
 * that answers exactly two GraphQL requests, Q1_PROFILE and Q2_PAGE (bench/queries.ts), with the
 * body our server returns to an ANALYST, byte for byte, issuing the fewest statements: one per
 * table needed (a court case is read with its party row), batched over the page's firms with
 * `= ANY($1)`, all independent ones at once, as named prepared statements; the JSON is built here.
 * No GraphQL, no authentication, no DataLoader; cursors are ours (signed with the same key). Money, ratios and sums stay the decimal strings
 * PostgreSQL sends; `health { score tier }` is the stored latest snapshot (the bench database is
 * fully rescored). Personal names are masked as ours are for an ANALYST, with the same pure functions
 * (src/masking/).
 *
 *   DATABASE_URL=postgres://... [PORT=0] node -r @swc-node/register bench/floor/floor.server.ts
 *
 * Listens on 127.0.0.1, prints `READY <url>` and answers the harness's probe (bench/probe.ts).
 */
import 'reflect-metadata'; // the cursor and masking functions it shares with ours live beside type-graphql decorators
import http from 'node:http';
import pg from 'pg';
import { types } from '../../src/db/database';
import { loadConfig } from '../../src/config';
import {
  decodeCursor as decodeSignedCursor,
  encodeCursor as encodeSignedCursor,
  useCursorSecret,
} from '../../src/graphql/pagination';
import { announce, installProbe } from '../probe';
import { Q1_PROFILE, Q2_PAGE } from '../queries';
import { checkUscc } from '../../src/lib/uscc';
import { maskPersonName } from '../../src/masking/mask';
import { isPersonParty } from '../../src/masking/person-name';
import { industryByCode } from '../../src/reference/industries';
import { regionByCode } from '../../src/reference/regions';

const PAGE_SIZE = 50;

/** The statements, each prepared under its key; `$1` is the firms' USCCs (the page's cursor for `page`). */
const SQL = {
  page: `SELECT uscc, name FROM core.firm WHERE uscc > COALESCE($1::bpchar, '') ORDER BY uscc LIMIT ${PAGE_SIZE + 1}`,
  firm: 'SELECT uscc, name, industry_code AS "industryCode", region_code AS "regionCode" FROM core.firm WHERE uscc = ANY($1::bpchar[])',
  company: `SELECT uscc, status, founded_on AS "foundedOn", registered_capital AS "registeredCapital", paid_in_capital AS "paidInCapital",
              legal_rep_name AS "legalRepName" FROM registry.company WHERE uscc = ANY($1::bpchar[])`,
  shareholders: `SELECT uscc, holder_name AS "holderName", holder_type AS "holderType", holder_uscc AS "holderUscc", share_ratio AS "shareRatio" FROM registry.shareholder
                  WHERE uscc = ANY($1::bpchar[]) ORDER BY share_ratio DESC, id`,
  changes: `SELECT t.* FROM unnest($1::bpchar[]) AS k(key) CROSS JOIN LATERAL
              (SELECT x.uscc, x.changed_on AS "changedOn", x.item FROM registry.change_log x WHERE x.uscc = k.key
                ORDER BY x.changed_on DESC, x.id DESC LIMIT 3) t`,
  taxpayer:
    'SELECT uscc, taxpayer_type AS "taxpayerType", credit_rating AS "creditRating" FROM tax.taxpayer WHERE uscc = ANY($1::bpchar[])',
  declarations: `SELECT t.* FROM unnest($1::bpchar[]) AS k(key) CROSS JOIN LATERAL
                   (SELECT x.uscc, x.period, x.sales, x.tax_paid AS "taxPaid" FROM tax.vat_declaration x WHERE x.uscc = k.key
                     ORDER BY x.period DESC LIMIT 3) t`,
  invoices: `SELECT t.* FROM unnest($1::bpchar[]) AS k(key) CROSS JOIN LATERAL
               (SELECT x.seller_uscc AS uscc, x.invoice_number AS "invoiceNumber", x.buyer_name AS "buyerName", x.buyer_uscc AS "buyerUscc", x.amount, x.issue_date AS "issueDate"
                  FROM tax.invoice x WHERE x.seller_uscc = k.key ORDER BY x.issue_date DESC, x.id DESC LIMIT 3) t`,
  accounts: `SELECT uscc, account_no AS "accountNo", account_type AS "accountType" FROM bank.account
              WHERE uscc = ANY($1::bpchar[]) ORDER BY opened_on, id`,
  flows: `SELECT t.* FROM unnest($1::bpchar[]) AS k(key) CROSS JOIN LATERAL
            (SELECT x.uscc, x.month, sum(x.inflow) AS inflow, sum(x.outflow) AS outflow, sum(x.end_balance) AS "endBalance"
               FROM bank.account_month x WHERE x.uscc = k.key GROUP BY x.uscc, x.month ORDER BY x.month DESC LIMIT 3) t`,
  loans: `SELECT uscc, contract_no AS "contractNo", principal, balance, overdue_days AS "overdueDays", classification FROM bank.loan
           WHERE uscc = ANY($1::bpchar[]) ORDER BY start_date DESC, id DESC`,
  // The core enterprises a firm supplies: those that ordered from it or owe it receivables (connectors/supply-chain).
  coreEnterprises: `SELECT k.key AS uscc, c.name FROM unnest($1::bpchar[]) AS k(key)
                      JOIN supply_chain.core_enterprise c ON c.uscc IN (
                        SELECT o.core_uscc FROM supply_chain.purchase_order o WHERE o.supplier_uscc = k.key
                        UNION SELECT r.debtor_uscc FROM supply_chain.receivable r WHERE r.creditor_uscc = k.key)
                     ORDER BY c.name`,
  receivables: `SELECT t.* FROM unnest($1::bpchar[]) AS k(key) CROSS JOIN LATERAL
                  (SELECT x.creditor_uscc AS uscc, x.id, x.receivable_no AS "receivableNo", x.amount FROM supply_chain.receivable x
                    WHERE x.creditor_uscc = k.key ORDER BY x.issue_date DESC, x.id DESC LIMIT 3) t`,
  // The pledges of the same three receivables, found again here so that this statement need not wait for theirs.
  pledges: `SELECT p.receivable_id AS "receivableId", p.pledgee FROM supply_chain.pledge p
             WHERE p.receivable_id IN (SELECT t.id FROM unnest($1::bpchar[]) AS k(key) CROSS JOIN LATERAL
                                         (SELECT x.id FROM supply_chain.receivable x WHERE x.creditor_uscc = k.key
                                           ORDER BY x.issue_date DESC, x.id DESC LIMIT 3) t)
             ORDER BY p.pledged_on, p.id`,
  cases: `SELECT t.* FROM unnest($1::bpchar[]) AS k(key) CROSS JOIN LATERAL
            (SELECT x.uscc, c.case_no AS "caseNo", c.cause, x.role, c.amount
               FROM judicial.case_party x JOIN judicial.court_case c ON c.id = x.case_id WHERE x.uscc = k.key
              ORDER BY c.filed_on DESC, c.id DESC LIMIT 3) t`,
  enforcements: `SELECT uscc, case_no AS "caseNo", amount FROM judicial.enforcement WHERE uscc = ANY($1::bpchar[]) ORDER BY filed_on DESC, id DESC`,
  dishonest: `SELECT uscc, case_no AS "caseNo" FROM judicial.dishonest_listing WHERE uscc = ANY($1::bpchar[]) ORDER BY listed_on DESC, id DESC`,
  socialInsurance: `SELECT t.* FROM unnest($1::bpchar[]) AS k(key) CROSS JOIN LATERAL
                      (SELECT x.uscc, x.month, x.insured_headcount AS "insuredHeadcount" FROM alt_data.social_insurance_month x
                        WHERE x.uscc = k.key ORDER BY x.month DESC LIMIT 3) t`,
  health: 'SELECT uscc, score, tier FROM core.health_latest WHERE uscc = ANY($1::bpchar[])',
} as const;

interface Keyed {
  uscc: string;
}
interface FirmRow extends Keyed {
  name: string;
  industryCode: string;
  regionCode: string;
}
interface CompanyRow extends Keyed {
  status: string;
  foundedOn: string;
  registeredCapital: string;
  paidInCapital: string;
  legalRepName: string;
}
interface ShareholderRow extends Keyed {
  holderName: string;
  holderType: string | null;
  holderUscc: string | null;
  shareRatio: string;
}
interface ChangeRow extends Keyed {
  changedOn: string;
  item: string;
}
interface TaxpayerRow extends Keyed {
  taxpayerType: string;
  creditRating: string;
}
interface DeclarationRow extends Keyed {
  period: string;
  sales: string;
  taxPaid: string;
}
interface InvoiceRow extends Keyed {
  invoiceNumber: string;
  buyerName: string;
  buyerUscc: string | null;
  amount: string;
  issueDate: string;
}
interface AccountRow extends Keyed {
  accountNo: string;
  accountType: string;
}
interface FlowRow extends Keyed {
  month: string;
  inflow: string;
  outflow: string;
  endBalance: string;
}
interface LoanRow extends Keyed {
  contractNo: string;
  principal: string;
  balance: string;
  overdueDays: number;
  classification: string;
}
interface CoreEnterpriseRow extends Keyed {
  name: string;
}
interface ReceivableRow extends Keyed {
  id: string;
  receivableNo: string;
  amount: string;
}
interface PledgeRow {
  receivableId: string;
  pledgee: string;
}
interface CaseRow extends Keyed {
  caseNo: string;
  cause: string;
  role: string;
  amount: string;
}
interface EnforcementRow extends Keyed {
  caseNo: string;
  amount: string;
}
interface SocialInsuranceRow extends Keyed {
  month: string;
  insuredHeadcount: number;
}
interface HealthRow extends Keyed {
  score: number;
  tier: string;
}

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error('floor: set DATABASE_URL to the seeded and rescored bench database (postgres://...)');
  process.exit(1);
}
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, types, options: '-c jit=off' });
// A broken idle connection must not crash the process; the pool replaces it.
pool.on('error', () => {});

let statements = 0;

/** One statement, prepared per connection under its name. */
async function run<R extends pg.QueryResultRow>(name: keyof typeof SQL, values: unknown[]): Promise<R[]> {
  statements++;
  const { rows } = await pool.query<R>({ name: `floor-${name}`, text: SQL[name], values });
  return rows;
}

/** Rows grouped by a key (a firm, a receivable), each group in the statement's order. */
function groupBy<R>(rows: R[], keyOf: (r: R) => string): Map<string, R[]> {
  const groups = new Map<string, R[]>();
  for (const r of rows) {
    const key = keyOf(r);
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }
  return groups;
}

const uscc = (r: Keyed) => r.uscc;

/** A request the floor does not answer (400, with the reason). */
class BadRequest extends Error {}

/** Our signed cursors (src/graphql/pagination.ts), with the key the contenders' shared configuration gives. */
useCursorSecret(loadConfig().cursorSecret);
const encodeCursor = (u: string) => encodeSignedCursor('borrowers', [u]);

function decodeCursor(cursor: string): string {
  try {
    return decodeSignedCursor(cursor, 'borrowers', 1)[0];
  } catch (err) {
    throw new BadRequest((err as Error).message);
  }
}

/** Q1: one firm's full profile, 17 statements at once (a firm the platform does not know is `borrower: null`). */
async function profile(variables: Record<string, unknown>): Promise<unknown> {
  const check = checkUscc(typeof variables.uscc === 'string' ? variables.uscc : '');
  if (!check.ok) throw new BadRequest(`variables.uscc: ${check.reason}`);
  const k = [[check.value]];
  const [
    [firm],
    [company],
    shareholders,
    changes,
    [taxpayer],
    declarations,
    invoices,
    accounts,
    flows,
    loans,
    cores,
    receivables,
    pledges,
    cases,
    enforcements,
    dishonest,
    social,
  ] = await Promise.all([
    run<FirmRow>('firm', k),
    run<CompanyRow>('company', k),
    run<ShareholderRow>('shareholders', k),
    run<ChangeRow>('changes', k),
    run<TaxpayerRow>('taxpayer', k),
    run<DeclarationRow>('declarations', k),
    run<InvoiceRow>('invoices', k),
    run<AccountRow>('accounts', k),
    run<FlowRow>('flows', k),
    run<LoanRow>('loans', k),
    run<CoreEnterpriseRow>('coreEnterprises', k),
    run<ReceivableRow>('receivables', k),
    run<PledgeRow>('pledges', k),
    run<CaseRow>('cases', k),
    run<EnforcementRow>('enforcements', k),
    run<Keyed & { caseNo: string }>('dishonest', k),
    run<SocialInsuranceRow>('socialInsurance', k),
  ]);
  if (!firm) return { borrower: null };
  const pledgesOf = groupBy(pledges, (p) => p.receivableId);
  const region = regionByCode(firm.regionCode);
  return {
    borrower: {
      uscc: firm.uscc,
      name: firm.name,
      industry: { code: firm.industryCode, name: industryByCode(firm.industryCode)?.name ?? null },
      region: { province: region?.province ?? null, city: region?.city ?? null, name: region?.name ?? null },
      registry: company
        ? {
            status: company.status,
            foundedOn: company.foundedOn,
            registeredCapital: company.registeredCapital,
            paidInCapital: company.paidInCapital,
            legalRepName: maskPersonName(company.legalRepName),
            shareholders: shareholders.map((s) => ({
              holderName: isPersonParty(s.holderName, { type: s.holderType, uscc: s.holderUscc })
                ? maskPersonName(s.holderName)
                : s.holderName,
              shareRatio: s.shareRatio,
            })),
            changes: changes.map((c) => ({ changedOn: c.changedOn, item: c.item })),
          }
        : null,
      tax: taxpayer
        ? {
            taxpayerType: taxpayer.taxpayerType,
            creditRating: taxpayer.creditRating,
            declarations: declarations.map((d) => ({ period: d.period, sales: d.sales, taxPaid: d.taxPaid })),
            invoices: {
              edges: invoices.map((i) => ({
                node: {
                  invoiceNumber: i.invoiceNumber,
                  buyerName: isPersonParty(i.buyerName, { uscc: i.buyerUscc })
                    ? maskPersonName(i.buyerName)
                    : i.buyerName,
                  amount: i.amount,
                  issueDate: i.issueDate,
                },
              })),
            },
          }
        : null,
      bank: {
        accounts: accounts.map((a) => ({ accountNo: a.accountNo, accountType: a.accountType })),
        monthlyFlows: flows.map((f) => ({
          month: f.month,
          inflow: f.inflow,
          outflow: f.outflow,
          endBalance: f.endBalance,
        })),
        loans: loans.map((l) => ({
          contractNo: l.contractNo,
          principal: l.principal,
          balance: l.balance,
          overdueDays: l.overdueDays,
          classification: l.classification,
        })),
      },
      supplyChain: {
        coreEnterprises: cores.map((c) => ({ name: c.name })),
        receivables: receivables.map((r) => ({
          receivableNo: r.receivableNo,
          amount: r.amount,
          pledges: (pledgesOf.get(r.id) ?? []).map((p) => ({ pledgee: p.pledgee })),
        })),
      },
      judicial: {
        cases: cases.map((c) => ({ caseNo: c.caseNo, cause: c.cause, role: c.role, amount: c.amount })),
        enforcements: enforcements.map((e) => ({ caseNo: e.caseNo, amount: e.amount })),
        dishonestListings: dishonest.map((d) => ({ caseNo: d.caseNo })),
      },
      altData: { socialInsurance: social.map((s) => ({ month: s.month, insuredHeadcount: s.insuredHeadcount })) },
    },
  };
}

/** Q2: a page of 50 borrowers: the page, then its 7 tables at once (8 statements; 1 for an empty page). */
async function page(variables: Record<string, unknown>): Promise<unknown> {
  const { after } = variables;
  if (after != null && typeof after !== 'string')
    throw new BadRequest('variables.after must be a string (an endCursor) or null');
  const rows = await run<Keyed & { name: string }>('page', [after ? decodeCursor(after) : null]);
  const firms = rows.slice(0, PAGE_SIZE);
  const k = [firms.map(uscc)];
  const [companies, taxpayers, declarations, loans, receivables, cases, health] = firms.length
    ? await Promise.all([
        run<CompanyRow>('company', k),
        run<TaxpayerRow>('taxpayer', k),
        run<DeclarationRow>('declarations', k),
        run<LoanRow>('loans', k),
        run<ReceivableRow>('receivables', k),
        run<CaseRow>('cases', k),
        run<HealthRow>('health', k),
      ])
    : [[], [], [], [], [], [], []];
  const company = new Map(companies.map((c) => [c.uscc, c]));
  const taxpayer = new Set(taxpayers.map(uscc));
  const declarationsOf = groupBy(declarations, uscc);
  const loansOf = groupBy(loans, uscc);
  const receivablesOf = groupBy(receivables, uscc);
  const casesOf = groupBy(cases, uscc);
  const healthOf = new Map(health.map((h) => [h.uscc, h]));
  const edges = firms.map((f) => {
    const c = company.get(f.uscc);
    const h = healthOf.get(f.uscc);
    // Ours scores a firm without a stored snapshot live: the floor cannot, and says so.
    if (!h)
      throw new Error(
        `firm ${f.uscc} has no stored health snapshot (core.health_latest): rescore the database first (npm run rescore -- --all)`,
      );
    return {
      node: {
        uscc: f.uscc,
        name: f.name,
        registry: c ? { status: c.status, registeredCapital: c.registeredCapital } : null,
        tax: taxpayer.has(f.uscc)
          ? {
              declarations: (declarationsOf.get(f.uscc) ?? []).map((d) => ({
                period: d.period,
                sales: d.sales,
                taxPaid: d.taxPaid,
              })),
            }
          : null,
        bank: {
          loans: (loansOf.get(f.uscc) ?? []).map((l) => ({
            contractNo: l.contractNo,
            balance: l.balance,
            overdueDays: l.overdueDays,
            classification: l.classification,
          })),
        },
        supplyChain: {
          receivables: (receivablesOf.get(f.uscc) ?? []).map((r) => ({
            receivableNo: r.receivableNo,
            amount: r.amount,
          })),
        },
        judicial: {
          cases: (casesOf.get(f.uscc) ?? []).map((x) => ({
            caseNo: x.caseNo,
            cause: x.cause,
            role: x.role,
            amount: x.amount,
          })),
        },
        health: { score: h.score, tier: h.tier },
      },
    };
  });
  const last = firms.at(-1);
  return {
    borrowers: {
      edges,
      pageInfo: { endCursor: last ? encodeCursor(last.uscc) : null, hasNextPage: rows.length > PAGE_SIZE },
    },
  };
}

async function answer(body: string): Promise<unknown> {
  let request: { query?: unknown; variables?: unknown };
  try {
    request = JSON.parse(body) as typeof request;
  } catch {
    throw new BadRequest('the body is not JSON: expected {"query": ..., "variables": {...}}');
  }
  const variables = (request.variables ?? {}) as Record<string, unknown>;
  if (typeof variables !== 'object') throw new BadRequest('variables must be an object');
  if (request.query === Q1_PROFILE) return profile(variables);
  if (request.query === Q2_PAGE) return page(variables);
  throw new BadRequest('the floor answers only Q1_PROFILE and Q2_PAGE of bench/queries.ts, character for character');
}

function send(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

const server = http.createServer((req, res) => {
  if (req.url !== '/graphql' || req.method !== 'POST') {
    send(res, 404, JSON.stringify({ error: `the floor serves POST /graphql only, not ${req.method} ${req.url}` }));
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    answer(Buffer.concat(chunks).toString('utf8')).then(
      // Apollo Server's body: JSON.stringify of the result and a newline.
      (data) => send(res, 200, `${JSON.stringify({ data })}\n`),
      (err: unknown) =>
        send(res, err instanceof BadRequest ? 400 : 500, JSON.stringify({ error: (err as Error).message })),
    );
  });
});

installProbe(() => statements);
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  announce(`http://127.0.0.1:${port}/graphql`);
});
