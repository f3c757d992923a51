/**
 * A firm's hidden profile: its health, whether it is sliding towards default and which warning
 * signals that slide shows, and the static business attributes the sources are drawn from
 * (claimed staff, capital, whether it borrows, supplies a core enterprise or goes to court).
 *
 * The health model (DOMAIN.md's early-warning rules are what it should be found by): every firm
 * has a latent health h ~ N(0,1). About 7% of firms, more often the unhealthy, are *sliding*:
 * over their last 6-9 months sales and tax fall, balances fall, utility bills get paid late,
 * insured staff leave, instalments are paid late, a lender sues, the firm borrows from every
 * door at once, and last year's accounts already showed its cash flow falling short of its debt
 * service; each signal only with some probability. For some the falling sales are the loss of
 * their biggest buyers, not replaced (`customerLoss`), or, for a supplier, its core enterprise
 * cutting its orders (`orders`): see customers.ts, whose events are drawn from their own stream.
 * Health also shifts growth, balances, tax rating and court records a little for every firm. The
 * default label is drawn last (defaultLabel) from h, the slide and noise, and no generated row
 * depends on it.
 */
import { type Month, monthOfDay } from './calendar';
import { type GeneratorContext } from './context';
import { type BusinessEvents, type CustomerBook, customerBook, drawEvents } from './customers';
import { type FirmIdentity } from './identity';
import { type Fen } from './money';
import { type ShellCluster } from './plan';
import { Rng, Stream, sigmoid } from './random';
import { sectorOf } from '../reference/industries';

export interface SlideSignals {
  sales: boolean;
  tax: boolean;
  balance: boolean;
  utilities: boolean;
  headcount: boolean;
  instalments: boolean;
  loanSuit: boolean;
  /** A borrowing spree (多头借贷): several new short-term loans in the last months (sources/loans.ts). */
  borrowing: boolean;
  /** A cash squeeze: last year's operating cash flow fell short of the debt service (sources/statements.ts). */
  cashFlow: boolean;
  /** The firm's biggest buyer(s) stop buying during the slide and are not replaced (events.customerLoss). */
  customerLoss: boolean;
  /** A supplier's core enterprise cuts its orders over the slide (events.orderCut). */
  orders: boolean;
}

export interface FirmProfile {
  health: number;
  sliding: boolean;
  /** First month of the slide (asOf + 1 when the firm is not sliding). */
  slideStart: Month;
  slideMonths: number;
  signals: SlideSignals;
  /** Annual sales growth rate (log scale). */
  growth: number;
  /** Month-to-month sales noise (log sd). */
  volatility: number;
  /** A temporary sales dip of a firm that is not sliding (a false alarm for warning rules). */
  dip: { from: Month; to: Month; depth: number } | null;
  /** Founding month and last month of business (asOf, or the month the firm ceased). */
  firstMonth: Month;
  lastMonth: Month;
  claimedStaff: number;
  /** Share of staff the firm insures (about 1 for honest firms). */
  insuredRatio: number;
  registeredCapital: Fen;
  paidInCapital: Fen;
  hasLoan: boolean;
  supplier: boolean;
  hasCases: boolean;
  enforcement: boolean;
  /** Share of sales invoiced (the rest is cash sales to people who want no invoice). */
  invoicedShare: number;
  /** Share of sales exempt from VAT (farm produce, some training). */
  exemptShare: number;
  /** VAT rate on the firm's invoices: 13/9/6% for general taxpayers, 1% levy for small-scale. */
  vatRate: number;
  /** Month-end balance a firm keeps, in months of sales. */
  balanceMonths: number;
  shell: ShellCluster | null;
  /** Who the firm invoices (its regular customers and their weights). */
  customers: CustomerBook;
  /** A major customer lost, a core enterprise's share of sales and its order cut (seed/customers.ts). */
  events: BusinessEvents;
}

const GENERAL_RATE: Record<string, number> = { A: 0.09, C: 0.13, E: 0.09, F: 0.13, G: 0.09, H: 0.06, I: 0.06, L: 0.06, O: 0.06, P: 0.06 };
const SMALL_SCALE_LEVY = 0.01; // the 2023-2027 reduced levy rate for small-scale taxpayers

/** Classes selling mostly to people (many sales never invoiced). */
const RETAIL = new Set(['F5212', 'F5292', 'H6110', 'H6210', 'O8010', 'O8111', 'P8391', 'F5123']);

const SUPPLIER_SHARE: Record<string, number> = {
  MANUFACTURING: 0.55,
  WHOLESALE_RETAIL: 0.3,
  CONSTRUCTION: 0.3,
  AGRICULTURE: 0.25,
  SERVICES: 0.08,
  OTHER: 0.1,
};

const REGISTERED_CAPITAL_WAN: Record<string, number[]> = {
  MICRO: [10, 30, 50, 100, 100, 200, 300, 500],
  SMALL: [100, 200, 300, 500, 500, 800, 1000, 2000, 3000, 5000],
  INDIVIDUAL_BUSINESS: [3, 5, 10, 10, 20, 50],
  COOPERATIVE: [50, 100, 200, 300, 500],
  SHELL: [500, 1000, 1000, 2000, 5000],
};

export function drawProfile(g: GeneratorContext, i: number, id: FirmIdentity): FirmProfile {
  const rng = Rng.stream(g.seed, i, Stream.PROFILE);
  const plan = g.plan;
  const health = rng.normal();
  const sliding = rng.chance(sigmoid(-2.9 - 0.9 * health));
  const slideMonths = rng.int(6, 9);
  const signals: SlideSignals = {
    sales: rng.chance(0.8),
    tax: rng.chance(0.35),
    balance: rng.chance(0.75),
    utilities: rng.chance(0.6),
    headcount: rng.chance(0.55),
    instalments: rng.chance(0.6),
    loanSuit: rng.chance(0.25),
    // Drawn last or from their own streams (below), so that adding them shifted none of the profile's other draws.
    borrowing: false,
    cashFlow: false,
    customerLoss: false,
    orders: false,
  };
  const firstMonth = monthOfDay(id.foundedOn);
  const lastMonth = plan.activityEnd(i) ?? g.asOf;
  const shellIndex = plan.shellClusterOf.get(i);
  const shell = shellIndex === undefined ? null : plan.shellClusters[shellIndex];
  const sector = sectorOf(id.industry.code);

  const claimedStaff = drawClaimedStaff(rng, g, i, id, shell !== null);
  const capitalKey = shell ? 'SHELL' : id.kind === 'COMPANY' ? id.size : id.kind;
  const registeredCapital = rng.pick(REGISTERED_CAPITAL_WAN[capitalKey]) * 1_000_000; // 万元 -> fen
  // Shells pay in almost nothing; other firms 10-100% (individual businesses all of it).
  const paidShare = shell ? rng.between(0, 0.008) : id.kind === 'INDIVIDUAL_BUSINESS' ? 1 : rng.chance(0.4) ? 1 : rng.between(0.1, 1);
  const paidInCapital = Math.round((registeredCapital * paidShare) / 100_000) * 100_000; // whole thousands of yuan

  const ceasedNormally = plan.ceased.has(i);
  const hasLoan = !ceasedNormally && (plan.forcedLoan.has(i) || rng.chance(0.6));
  const supplier = plan.forcedSupplier.has(i) || (!shell && !ceasedNormally && rng.chance(SUPPLIER_SHARE[sector]));
  const hasCases = plan.forcedCase.has(i) || rng.chance(0.045 + 0.02 * Math.max(0, -health));
  const enforcement = rng.chance(sigmoid(-4.6 - 1.1 * health));

  const retail = RETAIL.has(id.industry.code);
  const invoicedShare = shell ? 1 : retail ? rng.between(0.3, 0.65) : id.taxpayer === 'GENERAL' ? rng.between(0.85, 0.98) : rng.between(0.6, 0.9);
  const exemptShare = sector === 'AGRICULTURE' ? rng.between(0.7, 1) : id.industry.code === 'P8391' ? rng.between(0, 0.5) : 0;
  const vatRate = id.taxpayer === 'GENERAL' ? GENERAL_RATE[id.industry.code[0]] ?? 0.13 : SMALL_SCALE_LEVY;

  const dip = !sliding && rng.chance(0.06) ? drawDip(rng, g.asOf) : null;
  // Drawn in the order the fields were always drawn, so that a seed's portfolio stays the same.
  const growth = rng.normal(0.03 + 0.05 * health, 0.1);
  const volatility = rng.between(0.06, 0.16);
  const insuredRatio = shell ? 0 : rng.between(0.7, 1) - (health < -1 ? rng.between(0, 0.2) : 0);
  // Shedding insured staff shows only in a firm that insures some beyond the owner and one more.
  signals.headcount &&= !shell && !plan.has(i, 'STAFF_MISMATCH') && insuredBase(claimedStaff, insuredRatio) >= HEADCOUNT_SIGNAL_MIN_BASE;
  const slideStart = sliding ? g.asOf - slideMonths + 1 : g.asOf + 1;
  // Drawn from their own streams: the draws above are the same as before these existed.
  const customers = customerBook(g, i, id, shell, invoicedShare);
  const events = drawEvents(g, i, customers, { sliding, salesFall: signals.sales, slideStart, supplier, shell: shell !== null });
  signals.customerLoss = events.customerLoss !== null && events.customerLoss.replacement === null;
  signals.orders = events.orderCut !== null;
  const profile: FirmProfile = {
    health,
    sliding,
    slideStart,
    slideMonths,
    signals,
    growth,
    volatility,
    dip,
    firstMonth,
    lastMonth,
    claimedStaff,
    insuredRatio,
    registeredCapital,
    paidInCapital,
    hasLoan,
    supplier,
    hasCases,
    enforcement,
    invoicedShare,
    exemptShare,
    vatRate,
    balanceMonths: shell ? rng.between(0.05, 0.2) : Math.exp(rng.normal(Math.log(0.9) + 0.25 * health, 0.35)),
    shell,
    customers,
    events,
  };
  signals.borrowing = rng.chance(0.4);
  signals.cashFlow = rng.chance(0.45);
  return profile;
}

/** Fewest insured staff a firm needs for its shedding staff to be planted (1-2 insured: nobody to shed but the owner's one hire). */
export const HEADCOUNT_SIGNAL_MIN_BASE = 3;

/** The headcount an honest firm insures before drift: most of the staff it claims, at least one. */
export function insuredBase(claimedStaff: number, insuredRatio: number): number {
  return Math.max(1, Math.round(claimedStaff * insuredRatio));
}

function drawClaimedStaff(rng: Rng, g: GeneratorContext, i: number, id: FirmIdentity, shell: boolean): number {
  if (shell) return rng.int(1, 3);
  if (g.plan.has(i, 'STAFF_MISMATCH')) return rng.int(20, 60);
  if (id.kind === 'INDIVIDUAL_BUSINESS') return rng.int(1, 8);
  if (id.size === 'MICRO') return Math.min(19, Math.max(1, Math.round(rng.logNormal(Math.log(7), 0.6))));
  return Math.min(200, Math.max(20, Math.round(rng.logNormal(Math.log(45), 0.55))));
}

function drawDip(rng: Rng, asOf: Month): FirmProfile['dip'] {
  const length = rng.int(3, 5);
  const from = asOf - rng.int(length, 14);
  return { from, to: from + length - 1, depth: rng.between(0.2, 0.4) };
}

/** How far into its slide a firm is in month m: 0 before the slide, rising to 1 at asOf. */
export function slideProgress(p: FirmProfile, m: Month): number {
  if (!p.sliding || m < p.slideStart) return 0;
  return (m - p.slideStart + 1) / p.slideMonths;
}

/**
 * The hidden default label: default within 12 months after asOf, from health, the slide and
 * noise. Drawn from its own stream after everything else, so no row can depend on it.
 */
export function defaultLabel(g: GeneratorContext, i: number, p: FirmProfile): boolean {
  const rng = Rng.stream(g.seed, i, Stream.DEFAULT_LABEL);
  const logit = -4.3 - 0.8 * p.health + (p.sliding ? 3.6 : 0) + rng.normal(0, 0.6);
  return rng.chance(sigmoid(logit));
}
