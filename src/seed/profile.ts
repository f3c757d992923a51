/**
 * A firm's hidden profile: its health, its course over time (a distress episode and whether and
 * when it fails: seed/timeline.ts), which warning signals a slide shows, and the static business
 * attributes the sources are drawn from (claimed staff, capital, whether it borrows, supplies a
 * core enterprise or goes to court).
 *
 * The health model (the early-warning rules are what it should be found by): every firm has a
 * latent health h ~ N(0,1). Now and then a firm, more often an unhealthy one, goes through a
 * *slide* of 6-9 months in which sales and tax fall, balances fall, utility bills get paid late,
 * insured staff leave, instalments are paid late, a lender sues, the firm borrows from every door
 * at once, and its last accounts already showed its cash flow falling short of its debt service;
 * each signal only with some probability (drawn here, used only while the slide runs). For some
 * the falling sales are the loss of their biggest buyers, not replaced (`customerLoss`), or, for
 * a supplier, its core enterprise cutting its orders (`orders`): see customers.ts, whose events
 * are drawn from their own stream. A slide ends in failure or recovery; some firms fail without
 * one. After a failure the firm pays nobody and its business shrinks to a trickle. Health also
 * shifts growth, balances, tax ratings, loan pricing and court records a little for every firm.
 */
import { type Month, monthOfDay } from './calendar';
import { type GeneratorContext } from './context';
import { type BusinessEvents, type CustomerBook, customerBook, drawEvents } from './customers';
import { type FirmIdentity } from './identity';
import { type Fen } from './money';
import { type ShellCluster } from './plan';
import { Rng, Stream, sigmoid } from './random';
import {
  RECOVERY_MONTHS,
  SPAN_AFTER_AS_OF,
  SPAN_BEFORE_WINDOW,
  type Timeline,
  drawTimeline,
  failedBy,
  slideProgress,
} from './timeline';
import { sectorOf } from '../reference/industries';

export interface SlideSignals {
  sales: boolean;
  tax: boolean;
  balance: boolean;
  utilities: boolean;
  headcount: boolean;
  instalments: boolean;
  loanSuit: boolean;
  /** A borrowing spree (多头借贷): several new short-term loans in the last months (sources/loan-origination.ts). */
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
  /** The firm's slide (if any), its outcome and its failure month (if any). */
  timeline: Timeline;
  signals: SlideSignals;
  /** Annual sales growth rate (log scale). */
  growth: number;
  /** Month-to-month sales noise (log sd). */
  volatility: number;
  /** A temporary sales dip outside any slide (a false alarm for warning rules). */
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

const GENERAL_RATE: Record<string, number> = {
  A: 0.09,
  C: 0.13,
  E: 0.09,
  F: 0.13,
  G: 0.09,
  H: 0.06,
  I: 0.06,
  L: 0.06,
  O: 0.06,
  P: 0.06,
};
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
  const paidShare = shell
    ? rng.between(0, 0.008)
    : id.kind === 'INDIVIDUAL_BUSINESS'
      ? 1
      : rng.chance(0.4)
        ? 1
        : rng.between(0.1, 1);
  const paidInCapital = Math.round((registeredCapital * paidShare) / 100_000) * 100_000; // whole thousands of yuan

  const ceasedNormally = plan.ceased.has(i);
  const hasLoan = !ceasedNormally && (plan.forcedLoan.has(i) || rng.chance(0.6));
  const supplier = plan.forcedSupplier.has(i) || (!shell && !ceasedNormally && rng.chance(SUPPLIER_SHARE[sector]));
  const hasCases = plan.forcedCase.has(i) || rng.chance(0.045 + 0.02 * Math.max(0, -health));
  const enforcement = rng.chance(sigmoid(-4.6 - 1.1 * health));

  const retail = RETAIL.has(id.industry.code);
  const invoicedShare = shell
    ? 1
    : retail
      ? rng.between(0.3, 0.65)
      : id.taxpayer === 'GENERAL'
        ? rng.between(0.85, 0.98)
        : rng.between(0.6, 0.9);
  const exemptShare =
    sector === 'AGRICULTURE' ? rng.between(0.7, 1) : id.industry.code === 'P8391' ? rng.between(0, 0.5) : 0;
  const vatRate = id.taxpayer === 'GENERAL' ? (GENERAL_RATE[id.industry.code[0]] ?? 0.13) : SMALL_SCALE_LEVY;

  // Events happen from the firm's seventh month, over the span simulated. A firm that ceased
  // normally, a shell, and a firm planted with an abnormal registry status while its loan is live
  // (its plant is the story its records tell) have none.
  const eventsFrom = Math.max(g.windowStart - SPAN_BEFORE_WINDOW, firstMonth + 6);
  const quiet = ceasedNormally || shell !== null || plan.liveLoanStatus.has(i);
  const eventsTo = quiet ? eventsFrom - 1 : Math.min(g.asOf + SPAN_AFTER_AS_OF, plan.activityEnd(i) ?? Infinity);
  const timeline = drawTimeline(g.seed, i, health, eventsFrom, eventsTo);
  const drawnDip = rng.chance(0.06) ? drawDip(rng, g) : null;
  const dip = drawnDip && !overlapsSlide(timeline, drawnDip.from - 3, drawnDip.to + 3) ? drawnDip : null;
  // Drawn in the order the fields were always drawn, so that a seed's portfolio stays the same.
  const growth = rng.normal(0.03 + 0.05 * health, 0.1);
  const volatility = rng.between(0.06, 0.16);
  const insuredRatio = shell ? 0 : rng.between(0.7, 1) - (health < -1 ? rng.between(0, 0.2) : 0);
  // Shedding insured staff shows only in a firm that insures some beyond the owner and one more.
  signals.headcount &&=
    !shell && !plan.has(i, 'STAFF_MISMATCH') && insuredBase(claimedStaff, insuredRatio) >= HEADCOUNT_SIGNAL_MIN_BASE;
  // Drawn from their own streams: the draws above are the same as before these existed.
  const customers = customerBook(g, i, id, shell, invoicedShare);
  const events = drawEvents(g, i, customers, {
    episode: timeline.episode,
    salesFall: signals.sales,
    supplier,
    shell: shell !== null,
  });
  signals.customerLoss = events.customerLoss !== null && events.customerLoss.replacement === null;
  signals.orders = events.orderCut !== null;
  const profile: FirmProfile = {
    health,
    timeline,
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

/** A dip of 3-5 months somewhere in the window. */
function drawDip(rng: Rng, g: GeneratorContext): FirmProfile['dip'] {
  const length = rng.int(3, 5);
  const from = rng.int(g.windowStart, g.asOf - length + 1);
  return { from, to: from + length - 1, depth: rng.between(0.2, 0.4) };
}

/** The firm is in a slide, recovering from one, or failed in some month of [from, to]. */
function overlapsSlide(t: Timeline, from: Month, to: Month): boolean {
  const start = t.episode?.start ?? t.failure;
  if (start === null) return false;
  return start <= to && (t.failure !== null || t.episode!.end + RECOVERY_MONTHS >= from);
}

/** Signals a failed firm shows whatever its slide drew: it pays nobody, its business has shrunk. */
export const AFTER_FAILURE: ReadonlySet<keyof SlideSignals> = new Set([
  'sales',
  'tax',
  'balance',
  'utilities',
  'headcount',
  'instalments',
]);

/**
 * How strongly the firm shows `signal` in month m, 0 to 1: the slide's progress when its slide drew
 * the signal; 1 once the firm has failed, for the signals every failed firm shows.
 */
export function signalAt(p: Pick<FirmProfile, 'timeline' | 'signals'>, signal: keyof SlideSignals, m: Month): number {
  if (failedBy(p.timeline, m) && AFTER_FAILURE.has(signal)) return 1;
  return p.signals[signal] ? slideProgress(p.timeline, m) : 0;
}

/**
 * What is left of a failed firm's business in month m (1 before its failure): it halves within a
 * few months and settles at a fifth of what the slide left.
 */
export function afterFailure(p: Pick<FirmProfile, 'timeline'>, m: Month): number {
  const f = p.timeline.failure;
  if (f === null || m < f) return 1;
  return Math.max(0.2, 0.7 - 0.12 * (m - f));
}
