/**
 * FLOOR's answers (bench/floor/floor.server.ts): the body of Q1_PROFILE and of Q2_PAGE
 * (bench/queries.ts) assembled by hand from its statements' rows (bench/floor/floor.sql.ts), key
 * for key as our server answers an ANALYST: personal names masked with the same pure functions
 * (src/masking/), cursors ours (src/graphql/pagination.ts, with the key the server sets).
 */
import { decodeCursor as decodeSignedCursor, encodeCursor as encodeSignedCursor } from '../../src/graphql/pagination';
import { Q1_PROFILE, Q2_PAGE } from '../queries';
import { checkUscc } from '../../src/lib/uscc';
import { maskPersonName } from '../../src/masking/mask';
import { isPersonParty } from '../../src/masking/person-name';
import { industryByCode } from '../../src/reference/industries';
import { regionByCode } from '../../src/reference/regions';
import {
  PAGE_SIZE,
  type AccountRow,
  type CaseRow,
  type ChangeRow,
  type CompanyRow,
  type CoreEnterpriseRow,
  type DeclarationRow,
  type EnforcementRow,
  type FirmRow,
  type FlowRow,
  type HealthRow,
  type InvoiceRow,
  type Keyed,
  type LoanRow,
  type PledgeRow,
  type ReceivableRow,
  type RunStatement,
  type ShareholderRow,
  type SocialInsuranceRow,
  type TaxpayerRow,
} from './floor.sql';

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
export class BadRequest extends Error {}

/** Our signed cursors (src/graphql/pagination.ts); the server sets the key the contenders' shared configuration gives. */
const encodeCursor = (u: string) => encodeSignedCursor('borrowers', [u]);

function decodeCursor(cursor: string): string {
  try {
    return decodeSignedCursor(cursor, 'borrowers', 1)[0];
  } catch (err) {
    throw new BadRequest((err as Error).message);
  }
}

/** Q1: one firm's full profile, 17 statements at once (a firm the platform does not know is `borrower: null`). */
async function profile(run: RunStatement, variables: Record<string, unknown>): Promise<unknown> {
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
async function page(run: RunStatement, variables: Record<string, unknown>): Promise<unknown> {
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

/** The answer to one request body (its `data`), with `run` issuing the statements; a BadRequest for any request but Q1 and Q2. */
export async function answer(body: string, run: RunStatement): Promise<unknown> {
  let request: { query?: unknown; variables?: unknown };
  try {
    request = JSON.parse(body) as typeof request;
  } catch {
    throw new BadRequest('the body is not JSON: expected {"query": ..., "variables": {...}}');
  }
  const variables = (request.variables ?? {}) as Record<string, unknown>;
  if (typeof variables !== 'object') throw new BadRequest('variables must be an object');
  if (request.query === Q1_PROFILE) return profile(run, variables);
  if (request.query === Q2_PAGE) return page(run, variables);
  throw new BadRequest('the floor answers only Q1_PROFILE and Q2_PAGE of bench/queries.ts, character for character');
}
