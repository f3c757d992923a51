/**
 * The loans a borrower takes (sources/loans.ts writes them, pays them and classifies them): the
 * chain of regular loans, renewed on maturity (续贷) or after a gap, the borrowing spree of a
 * sliding firm with the `borrowing` signal and the seasonal working-capital loans, each with its
 * repayment schedule (equal instalments, equal principal, interest-only or bullet).
 */
import { type Day, type Month, civilOf, dayInMonth, monthOfDay } from '../calendar';
import { loanContractNo } from '../codes';
import { type FirmContext } from '../firm.context';
import { type Fen } from '../money';
import { Rng, Stream, Weighted } from '../random';
import { seasonality } from '../series';

export type Method = 'EQUAL_INSTALLMENT' | 'EQUAL_PRINCIPAL' | 'INTEREST_ONLY' | 'BULLET';

export interface Instalment {
  due: Day;
  principal: Fen;
  interest: Fen;
  /** When it was paid (null: not paid by asOf). */
  paidOn: Day | null;
}

export interface Loan {
  id: number;
  contractNo: string;
  product: string;
  principal: Fen;
  rateBp: number;
  term: number;
  method: Method;
  start: Day;
  maturity: Day;
  schedule: Instalment[];
  /** Renews the chain's previous loan on its maturity day (its funds repay that loan, not the firm's account). */
  renewal: boolean;
  /** Paid to the firm's suppliers (受托支付), not into its account. */
  paidToSuppliers: boolean;
  /** A loan of the borrowing spree. */
  spree: boolean;
}

const METHODS_SHORT = Weighted.of<Method>([
  ['BULLET', 25],
  ['INTEREST_ONLY', 35],
  ['EQUAL_INSTALLMENT', 25],
  ['EQUAL_PRINCIPAL', 15],
]);
const METHODS_LONG = Weighted.of<Method>([
  ['EQUAL_INSTALLMENT', 50],
  ['EQUAL_PRINCIPAL', 25],
  ['INTEREST_ONLY', 25],
]);
const TERMS = Weighted.of<number>([
  [12, 45],
  [24, 30],
  [36, 25],
]);
const PRODUCTS = ['小微企业经营贷', '税易贷', '信用快贷', '抵押经营贷'];
const LPR_BP = 345; // one-year loan prime rate, 3.45%
/** Share of maturing loans renewed on the day, and of the others followed by a new loan after a gap. */
const RENEW_SHARE = 0.85;
const RETURN_SHARE = 0.6;

/**
 * The chain of regular loans, drawn as if the firm never failed (generateLoans drops those it
 * never took). The relationship starts before the window for most borrowers, during it for the
 * rest, never in a firm's first half-year; forced borrowers (guarantee circles, planted registry
 * statuses) always renew, so a loan runs at asOf.
 */
export function chain(f: FirmContext, rng: Rng, avoid: readonly Month[]): Loan[] {
  const { asOf, windowStart, plan } = f.g;
  const forced = plan.forcedLoan.has(f.i);
  const lastStart = Math.min(asOf, f.p.lastMonth - 1);
  const drawn = rng.chance(0.7)
    ? windowStart - rng.int(1, 24)
    : windowStart + rng.int(0, Math.max(0, asOf - 6 - windowStart));
  const first = Math.min(Math.max(drawn, f.p.firstMonth + 6), forced ? asOf - 1 : lastStart);
  const out: Loan[] = [];
  let start = dayInMonth(first, rng.int(1, 28));
  let renewal = false;
  let principalYuan = Math.min(
    10_000_000,
    Math.max(100_000, Math.round(((f.id.baseSales / 100) * rng.between(1, 4)) / 10_000) * 10_000),
  );
  while (monthOfDay(start) <= lastStart) {
    if (!renewal && avoid.includes(monthOfDay(start))) {
      const after = avoid[avoid.length - 1] + 1;
      start = dayInMonth(after <= lastStart ? after : avoid[0] - 1, civilOf(start)[2]);
    }
    let term = rng.weighted(TERMS);
    // A forced borrower's last possible loan runs past asOf (its plant needs a loan running then).
    if (forced && monthOfDay(start) + term <= asOf && monthOfDay(start) + term > lastStart)
      term = Math.ceil((asOf + 1 - monthOfDay(start)) / 12) * 12;
    const loan = regularLoan(f, rng, out.length, start, term, principalYuan, renewal);
    out.push(loan);
    if (forced || rng.chance(RENEW_SHARE)) {
      start = loan.maturity;
      renewal = true;
    } else if (rng.chance(RETURN_SHARE)) {
      start = loan.maturity + rng.int(30, 240);
      renewal = false;
    } else break;
    principalYuan = Math.min(
      10_000_000,
      Math.max(100_000, Math.round((principalYuan * rng.between(0.9, 1.2)) / 10_000) * 10_000),
    );
  }
  return out;
}

function regularLoan(
  f: FirmContext,
  rng: Rng,
  seq: number,
  start: Day,
  term: number,
  principalYuan: number,
  renewal: boolean,
): Loan {
  const method = rng.weighted(term === 12 ? METHODS_SHORT : METHODS_LONG);
  const product = renewal
    ? '流动资金贷款（续贷）'
    : f.p.supplier && rng.chance(0.3)
      ? '供应链融资'
      : rng.pick(PRODUCTS);
  const spread = Math.min(
    450,
    Math.max(30, Math.round(150 - 60 * f.p.health + rng.normal(0, 40) - (product === '抵押经营贷' ? 60 : 0))),
  );
  return loanOf(f, seq, monthOfDay(start), civilOf(start)[2], term, method, product, principalYuan, LPR_BP + spread, {
    renewal,
  });
}

/** Short-term products a firm can get quickly (online credit, tax-based credit, working capital). */
const QUICK_PRODUCTS = ['信用快贷', '税易贷', '小微企业经营贷', '流动资金贷款'];
/** Sequence numbers of the extra loans start here (the chain's come first). */
const EXTRA_SEQ = 60;

/**
 * The borrowing spree of a sliding firm with the `borrowing` signal, and the seasonal
 * working-capital loans some borrowers take every year. From its own stream, so the chain stays
 * as it was.
 */
export function extraLoans(f: FirmContext): Loan[] {
  const rng = Rng.stream(f.g.seed, f.i, Stream.EXTRA_LOANS);
  const { asOf, windowStart } = f.g;
  const monthlySales = f.id.baseSales;
  const usable = (m: Month) => m >= f.p.firstMonth + 3 && m >= windowStart && m <= Math.min(asOf, f.p.lastMonth);
  const out: Loan[] = [];
  let seq = EXTRA_SEQ;
  const extra = (m: Month, term: number, method: Method, product: string, principalFen: number, spree: boolean) => {
    const principalYuan = Math.max(50_000, Math.round(principalFen / 100 / 10_000) * 10_000);
    const spread = Math.min(450, Math.max(30, Math.round(150 - 60 * f.p.health + rng.normal(0, 40))));
    out.push(
      loanOf(f, seq++, m, rng.int(1, 28), term, method, product, principalYuan, LPR_BP + spread, {
        paidToSuppliers: true,
        spree,
      }),
    );
  };
  const seasonal = rng.chance(0.1);
  const episode = f.p.timeline.episode;
  if (episode && f.p.signals.borrowing) {
    const months = rng
      .shuffle([0, 1, 2, 3, 4, 5].map((k) => episode.end - k).filter(usable))
      .slice(0, rng.int(2, 4))
      .sort((a, b) => a - b);
    for (const m of months)
      extra(
        m,
        rng.pick([6, 12]),
        rng.chance(0.5) ? 'BULLET' : 'INTEREST_ONLY',
        rng.pick(QUICK_PRODUCTS),
        monthlySales * rng.between(0.5, 1.5),
        true,
      );
  }
  if (seasonal) {
    // Six months from the month before the busy season, every year of the window.
    const season = seasonality(f.id.industry.code);
    const peak = season.indexOf(Math.max(...season));
    const principal = monthlySales * rng.between(1, 2);
    for (let y = Math.floor(windowStart / 12); y <= Math.floor(asOf / 12); y++) {
      const m = y * 12 + ((peak + 11) % 12);
      if (usable(m))
        extra(
          m,
          6,
          rng.chance(0.5) ? 'BULLET' : 'INTEREST_ONLY',
          '季节性流动资金贷款',
          principal * rng.between(0.9, 1.1),
          false,
        );
    }
  }
  return out;
}

function loanOf(
  f: FirmContext,
  seq: number,
  startMonth: Month,
  startDay: number,
  term: number,
  method: Method,
  product: string,
  principalYuan: number,
  rateBp: number,
  kind: { renewal?: boolean; paidToSuppliers?: boolean; spree?: boolean },
): Loan {
  const loan: Loan = {
    id: 0,
    contractNo: loanContractNo(f.i, seq, Math.floor(startMonth / 12), f.id.region.code),
    product,
    principal: principalYuan * 100,
    rateBp,
    term,
    method,
    start: dayInMonth(startMonth, startDay),
    maturity: dayInMonth(startMonth + term, startDay),
    schedule: [],
    renewal: kind.renewal ?? false,
    paidToSuppliers: kind.paidToSuppliers ?? false,
    spree: kind.spree ?? false,
  };
  loan.schedule = schedule(loan, startMonth, startDay);
  return loan;
}

/** The repayment schedule (interest on the outstanding balance at a twelfth of the annual rate). */
function schedule(loan: Loan, startMonth: Month, startDay: number): Instalment[] {
  const r = loan.rateBp / 10000 / 12;
  const n = loan.term;
  const due = (k: number) => dayInMonth(startMonth + k, startDay);
  if (loan.method === 'BULLET') {
    return [
      {
        due: loan.maturity,
        principal: loan.principal,
        interest: Math.round((loan.principal * loan.rateBp * n) / 10000 / 12),
        paidOn: null,
      },
    ];
  }
  const out: Instalment[] = [];
  let balance = loan.principal;
  const payment = Math.round((loan.principal * r) / (1 - (1 + r) ** -n));
  for (let k = 1; k <= n; k++) {
    const interest = Math.round(balance * r);
    let principal: Fen;
    if (k === n) principal = balance;
    else if (loan.method === 'EQUAL_INSTALLMENT') principal = payment - interest;
    else if (loan.method === 'EQUAL_PRINCIPAL') principal = Math.floor(loan.principal / n);
    else principal = 0;
    balance -= principal;
    out.push({ due: due(k), principal, interest, paidOn: null });
  }
  return out;
}
