/**
 * What the indicators and warning rules read about one firm: aggregates of its records over
 * fixed windows before the as-of month, loaded set-based for a batch of firms
 * (facts.repository.ts). Money stays a decimal string as PostgreSQL summed it; every list keeps
 * the ids or numbers of the records behind it, so a factor or warning can name them.
 *
 * A source the firm has no records from, or whose upstream failed in this request, is `null`:
 * missing is not zero.
 */
import type { AsOf } from '../quality/check';
import { HEALTH_SOURCES } from '../auth/authorize.service';

export type Decimal = string;

export interface MonthAmount {
  month: string;
  amount: Decimal;
}

export interface RegistryFacts {
  foundedOn: string;
  status: string;
  statusChangedOn: string | null;
  registeredCapital: Decimal;
  paidInCapital: Decimal;
  /** Legal-representative changes, newest first. */
  legalRepChanges: Array<{ id: string; changedOn: string; before: string; after: string }>;
  /** Abnormal-operations listings still in force. */
  abnormalListings: Array<{ id: string; listedOn: string; reason: string }>;
  address: string;
  /** Other firms registered at the same address. */
  sameAddress: string[];
}

export interface TaxFacts {
  taxpayerType: string;
  /** The newest tax-credit rating published by as-of (null: none yet) and the year it assessed. */
  creditRating: string | null;
  ratingYear: number | null;
  /** Monthly VAT declarations of the window, oldest first. */
  declarations: Array<{ period: string; sales: Decimal; taxPayable: Decimal; taxPaid: Decimal }>;
  /**
   * Invoiced sales (normal invoices) per buyer: the last 3 months and the 9 months before them,
   * in how many of those 9 months it bought (a regular customer buys most months), and the first
   * and last month of the 12 it bought in.
   */
  buyers: Array<{
    buyer: string;
    buyerName: string;
    recent: Decimal;
    prior: Decimal;
    priorMonths: number;
    firstMonth: string;
    lastMonth: string;
  }>;
  /** Invoiced sales (normal invoices) per month of the last 12 months with any (`YYYY-MM`, oldest first). */
  invoicedMonths: Array<{ month: string; amount: Decimal }>;
  /** Sales invoiced to related parties (firms sharing a shareholder or legal representative) over 12 months. */
  relatedSales: Decimal;
  /** Invoiced sales (normal invoices) of the last 12 months, and of the last 3 of them. */
  invoicedSales12: Decimal;
  invoicedSalesRecent: Decimal;
}

export interface LoanFact {
  id: string;
  contractNo: string;
  principal: Decimal;
  /** Annual interest rate, a decimal string such as "0.0435". */
  annualRate: Decimal;
  balance: Decimal;
  status: string;
  classification: string;
  overdueDays: number;
  startDate: string;
  maturityDate: string;
}

export interface BankFacts {
  /** Inflow, outflow and month-end balance over all accounts, oldest first. */
  months: Array<{ month: string; inflow: Decimal; outflow: Decimal; endBalance: Decimal }>;
  loans: LoanFact[];
  /**
   * Debt service due in the 12 months after as-of on live loans, and what is already overdue on
   * them: interest on all, principal on amortising ones only (a bullet or interest-only
   * working-capital loan is renewed at maturity (续贷), so its principal is not paid from the
   * year's cash flow).
   */
  debtServiceNext12: Decimal;
  /** Instalments of the last 12 months paid late or not at all (as of the as-of date). */
  lateInstalments: Array<{ loanId: string; contractNo: string; seq: number; dueDate: string; paidOn: string | null }>;
  /** Guarantees the firm gave that are still running. */
  guaranteesGiven: Array<{ id: string; borrowerUscc: string; amount: Decimal; endDate: string }>;
  /** Guarantee circles the firm is in (A guarantees B ... guarantees A), as USCC paths. */
  guaranteeCycles: string[][];
}

export interface SupplyChainFacts {
  /** Orders received as a supplier per month, oldest first (12 months). */
  orders: MonthAmount[];
}

export interface JudicialFacts {
  /** Cases where the firm is the defendant (USCC or an effective entity link), newest first. */
  defendantCases: Array<{
    id: string;
    caseNo: string;
    cause: string;
    filedOn: string;
    amount: Decimal;
    status: string;
  }>;
  enforcements: Array<{ id: string; caseNo: string; filedOn: string; amount: Decimal; status: string }>;
  dishonestListings: Array<{ id: string; caseNo: string; listedOn: string; removedOn: string | null }>;
}

export interface AltDataFacts {
  /** Insured headcount per month, oldest first (16 months). */
  headcount: Array<{ month: string; insured: number }>;
  /** Utility bills per month (all utilities), oldest first (12 months). */
  utilities: Array<{ month: string; bills: number; due: Decimal; paid: Decimal; late: number; unpaid: number }>;
}

export interface StatementFacts {
  id: string;
  periodEnd: string;
  totalAssets: Decimal;
  totalLiabilities: Decimal;
  currentAssets: Decimal;
  currentLiabilities: Decimal;
  inventory: Decimal;
  accountsReceivable: Decimal;
  revenue: Decimal;
  costOfSales: Decimal;
  netProfit: Decimal;
  operatingCashFlow: Decimal;
  /** Cash at period end. */
  cash: Decimal;
}

/** One sign that a firm is in distress, with the record behind it (network-facts.repository.ts). */
export interface DistressSign {
  kind: 'TIER' | 'ENFORCEMENT' | 'DISHONEST_LISTING' | 'DEFAULT';
  /** The snapshot, enforcement, listing or loan. */
  recordId: string;
  /** When it happened (the snapshot's as-of, the filing, the listing); null for a loan's state. */
  date: string | null;
  detail: string;
}

/** A firm of the guarantee network in distress: how it is tied to the firm, and its signs. */
export interface DistressedMember {
  uscc: string;
  name: string | null;
  hops: number;
  /** The firms from this firm to the member, both included. */
  path: string[];
  /** The guarantees along the path, in order. */
  edges: Array<{ guarantorUscc: string; borrowerUscc: string; amount: Decimal }>;
  signs: DistressSign[];
}

/** The firm's guarantee network (live guarantees, either direction, up to `depth`): its size and its distressed members. */
export interface NetworkFacts {
  depth: number;
  members: number;
  distressed: DistressedMember[];
}

export interface FirmFacts {
  uscc: string;
  name: string;
  industryCode: string;
  /** Staff the firm claimed when it applied; null for a firm known only from a registry file or fetch. */
  claimedStaff: number | null;
  asOf: AsOf;
  registry: RegistryFacts | null;
  tax: TaxFacts | null;
  bank: BankFacts | null;
  supplyChain: SupplyChainFacts | null;
  judicial: JudicialFacts;
  altData: AltDataFacts | null;
  statement: StatementFacts | null;
  /** The guarantee network (the bank's books: dropped with BANK). */
  network: NetworkFacts | null;
  /** Expected sources with no records, or whose upstream failed in this request. */
  missingSources: string[];
  /** Sources whose upstream failed in this request (their facts were dropped, not found empty). */
  failedSources?: string[];
  /**
   * Sources left out because the reader's consent does not cover them (`restrictToSources`):
   * their facts were dropped, not found empty.
   */
  excludedSources?: string[];
}

const FACTS_OF: Record<string, keyof FirmFacts> = {
  REGISTRY: 'registry',
  TAX: 'tax',
  BANK: 'bank',
  SUPPLY_CHAIN: 'supplyChain',
  ALT_DATA: 'altData',
};

/** The facts with `sources`' data dropped (a source's facts, not the firm's identity), and those sources named missing. */
function dropSources(f: FirmFacts, sources: readonly string[]): FirmFacts {
  const out: FirmFacts = { ...f, missingSources: [...new Set([...f.missingSources, ...sources])] };
  for (const s of sources) {
    if (s === 'JUDICIAL') out.judicial = { defendantCases: [], enforcements: [], dishonestListings: [] };
    else if (s === 'BANK') Object.assign(out, { bank: null, statement: null, network: null });
    else if (FACTS_OF[s]) Object.assign(out, { [FACTS_OF[s]]: null });
  }
  return out;
}

/**
 * The facts without the sources that failed in this request: their data is dropped (not read
 * from an older mirror copy the request could not confirm) and they are named missing.
 */
export function withoutSources(f: FirmFacts, failed: readonly string[]): FirmFacts {
  if (failed.length === 0) return f;
  return { ...dropSources(f, failed), failedSources: [...failed] };
}

/**
 * The facts restricted to the sources a reader may use (a partner's consent): every other
 * source of the health index (HEALTH_SOURCES) is dropped and named missing like a source that
 * failed, and listed in `excludedSources`, so the score (scoreHealth) reads nothing of it: its
 * inputs are unknown (neutral evidence), its caps (registry status, listings, overdue loans)
 * and a default shown by the bank's books do not apply, and confidence drops. Pure; the same
 * facts when `usable` covers every source.
 */
export function restrictToSources(f: FirmFacts, usable: readonly string[]): FirmFacts {
  const excluded = HEALTH_SOURCES.filter((s) => !usable.includes(s));
  if (excluded.length === 0) return f;
  return { ...dropSources(f, excluded), excludedSources: [...new Set([...(f.excludedSources ?? []), ...excluded])] };
}
