/**
 * The bank's loans (bank.loan, bank.loan_installment) and guarantees (bank.guarantee).
 *
 * About 60% of firms borrow: one ACTIVE loan (12-36 months) and often an earlier SETTLED one.
 * Schedules follow the repayment method; instalments due by asOf are paid (paid_on, paid_amount),
 * later ones are not. A sliding firm may pay late and leave its latest instalment unpaid, giving
 * small overdue_days (mostly under 30) and at most SPECIAL_MENTION: a loan is never already
 * non-performing, because the default the truth file records lies in the future.
 *
 * Planted: GUARANTEE_CIRCLE (each member guarantees the next member's loan, the last the
 * first's). A sliding firm with the `borrowing` signal borrows from every door at once (多头借贷):
 * 2-4 new short-term working-capital loans (6 or 12 months, interest-only or bullet, each half a
 * month to a month and a half of sales) in different months of the last 6. Its look-alikes, drawn
 * for any borrower: a renewal (续贷), a 12-month loan that matured in the last 6 months, repaid
 * and replaced the same day by a new one of about the same size; and a seasonal working-capital
 * loan, 6 months from the month before the firm's busy season, taken every year. Ordinary guarantees only go from a lower-numbered firm to a higher-numbered one, so
 * they can never close a circle by accident.
 */
import { type Day, type Month, dayInMonth, formatDay, lastDay, monthOfDay } from '../calendar';
import { loanContractNo } from '../codes';
import { type FirmContext } from '../context';
import { type Fen, formatBasisPoints, formatFen } from '../money';
import { Rng, Stream, Weighted } from '../random';
import { seasonality } from '../series';

type Method = 'EQUAL_INSTALLMENT' | 'EQUAL_PRINCIPAL' | 'INTEREST_ONLY' | 'BULLET';

interface Instalment {
  due: Day;
  principal: Fen;
  interest: Fen;
  paidOn: Day | null;
}

interface Loan {
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
}

export interface LoanBook {
  /** Money lent into the firm's account, by month. */
  disbursements: Map<Month, Fen>;
  /** Contract numbers of ACTIVE loans. */
  active: string[];
  /** Contract numbers of the loans of a borrowing spree (sliding firms with the `borrowing` signal). */
  spree: string[];
  /** Debt service of the ACTIVE loans in the 12 months after asOf: interest, and the principal of amortising loans. */
  debtServiceNext12: Fen;
}

const METHODS_SHORT = Weighted.of<Method>([['BULLET', 25], ['INTEREST_ONLY', 35], ['EQUAL_INSTALLMENT', 25], ['EQUAL_PRINCIPAL', 15]]);
const METHODS_LONG = Weighted.of<Method>([['EQUAL_INSTALLMENT', 50], ['EQUAL_PRINCIPAL', 25], ['INTEREST_ONLY', 25]]);
const TERMS = Weighted.of<number>([[12, 45], [24, 30], [36, 25]]);
const PRODUCTS = ['小微企业经营贷', '税易贷', '信用快贷', '抵押经营贷'];
const LPR_BP = 345; // one-year loan prime rate, 3.45%

export function generateLoans(f: FirmContext, avoid: readonly Month[] = []): LoanBook {
  const book: LoanBook = { disbursements: new Map(), active: [], spree: [], debtServiceNext12: 0 };
  if (!f.p.hasLoan) return book;
  const rng = Rng.stream(f.g.seed, f.i, Stream.LOANS);
  const asOf = f.g.asOf;
  let term = rng.weighted(TERMS);
  // Started within the term before asOf (so still running), when the firm was in business.
  let startMonth = Math.min(f.p.lastMonth - 1, Math.max(f.p.firstMonth + 6, asOf - term + 1 + rng.int(0, term - 2)));
  // No disbursement in a tax-without-flow month: the planted months must show (almost) no money coming in.
  if (avoid.includes(startMonth)) {
    const after = avoid[avoid.length - 1] + 1;
    startMonth = after <= Math.min(f.p.lastMonth - 1, asOf - 1) ? after : avoid[0] - 1;
    if (startMonth + term <= asOf) term = 24; // still running at asOf
  }
  let seq = 0;
  // An earlier loan, repaid, for firms that have banked here for a while.
  const earlierStart = startMonth - 13 - rng.int(0, 12);
  if (earlierStart >= f.p.firstMonth + 3 && rng.chance(0.45)) {
    const settled = newLoan(f, rng, seq++, earlierStart, 12);
    settle(settled);
    writeLoan(f, settled, 'SETTLED', 0);
    addDisbursement(book, settled);
  }
  const active = newLoan(f, rng, seq++, startMonth, term);
  const overdueDays = repay(f, rng, active);
  writeLoan(f, active, 'ACTIVE', overdueDays, rng);
  addDisbursement(book, active);
  book.active.push(active.contractNo);
  writeGuarantees(f, rng, active);
  extraLoans(f, book, seq);
  book.debtServiceNext12 += debtServiceNext12(f, active);
  return book;
}

/** Short-term products a firm can get quickly (online credit, tax-based credit, working capital). */
const QUICK_PRODUCTS = ['信用快贷', '税易贷', '小微企业经营贷', '流动资金贷款'];

/**
 * The borrowing spree of a sliding firm with the `borrowing` signal, and the look-alikes any
 * borrower may have: a renewal of a maturing 12-month loan, a seasonal working-capital loan.
 * From its own stream, so the firm's other loans stay as they were.
 */
function extraLoans(f: FirmContext, book: LoanBook, seq: number): void {
  const rng = Rng.stream(f.g.seed, f.i, Stream.EXTRA_LOANS);
  const asOf = f.g.asOf;
  const monthlySales = f.id.baseSales;
  const usable = (m: Month) => m >= f.p.firstMonth + 3 && m <= Math.min(asOf, f.p.lastMonth);
  // Working-capital loans are paid to the firm's suppliers directly (受托支付), not into its account.
  // Only a firm whose slide shows in its instalments pays a running one late; the others, and
  // every loan that matured by asOf, are paid by direct debit.
  const add = (loan: Loan, spree = false) => {
    const settled = loan.maturity <= lastDay(asOf);
    const overdueDays = f.p.sliding && f.p.signals.instalments && !settled ? repay(f, rng, loan) : payOnTime(f, rng, loan);
    writeLoan(f, loan, settled ? 'SETTLED' : 'ACTIVE', overdueDays, rng);
    if (!settled) {
      book.active.push(loan.contractNo);
      book.debtServiceNext12 += debtServiceNext12(f, loan);
    }
    if (spree) book.spree.push(loan.contractNo);
  };
  const renewal = rng.chance(0.1);
  const seasonal = rng.chance(0.1);
  if (f.p.sliding && f.p.signals.borrowing) {
    const months = rng.shuffle([0, 1, 2, 3, 4, 5].map((k) => asOf - k).filter(usable)).slice(0, rng.int(2, 4)).sort((a, b) => a - b);
    for (const m of months) {
      const method = rng.chance(0.5) ? 'BULLET' : 'INTEREST_ONLY';
      add(extraLoan(f, rng, seq++, m, rng.int(1, 28), rng.pick([6, 12]), method, rng.pick(QUICK_PRODUCTS), monthlySales * rng.between(0.5, 1.5)), true);
    }
  }
  if (renewal) {
    // The old loan matured in one of the last 6 months; the new one starts the same day.
    const renewedIn = asOf - rng.int(0, 5);
    const day = rng.int(1, 28);
    const principal = monthlySales * rng.between(1, 3);
    if (usable(renewedIn - 12) && usable(renewedIn)) {
      const method = rng.chance(0.5) ? 'INTEREST_ONLY' : 'EQUAL_INSTALLMENT';
      const old = extraLoan(f, rng, seq++, renewedIn - 12, day, 12, method, '流动资金贷款', principal);
      settle(old);
      writeLoan(f, old, 'SETTLED', 0);
      add(extraLoan(f, rng, seq++, renewedIn, day, 12, method, '流动资金贷款（续贷）', principal * rng.between(0.9, 1.2)));
    }
  }
  if (seasonal) {
    // Six months from the month before the busy season, last year and (when it has come) this year.
    const season = seasonality(f.id.industry.code);
    const peak = season.indexOf(Math.max(...season));
    const thisYear = Math.floor(asOf / 12) * 12 + ((peak + 11) % 12);
    const principal = monthlySales * rng.between(1, 2);
    for (const m of [thisYear - 12, thisYear]) {
      if (!usable(m)) continue;
      add(extraLoan(f, rng, seq++, m, rng.int(1, 28), 6, rng.chance(0.5) ? 'BULLET' : 'INTEREST_ONLY', '季节性流动资金贷款', principal * rng.between(0.9, 1.1)));
    }
  }
}

/** Instalments due by asOf paid on their day or up to 3 days before (direct debit); returns 0 overdue days. */
function payOnTime(f: FirmContext, rng: Rng, loan: Loan): number {
  for (const inst of loan.schedule) if (inst.due <= lastDay(f.g.asOf)) inst.paidOn = inst.due - rng.int(0, 3);
  return 0;
}

function extraLoan(f: FirmContext, rng: Rng, seq: number, startMonth: Month, startDay: number, term: number, method: Method, product: string, principalFen: number): Loan {
  const principalYuan = Math.max(50_000, Math.round(principalFen / 100 / 10_000) * 10_000);
  const spread = Math.min(450, Math.max(30, Math.round(150 - 60 * f.p.health + rng.normal(0, 40))));
  return loanOf(f, seq, startMonth, startDay, term, method, product, principalYuan, LPR_BP + spread);
}

/** What the platform counts as debt service of the 12 months after asOf (facts.repository.ts): interest, and amortising principal. */
function debtServiceNext12(f: FirmContext, loan: Loan): Fen {
  const from = lastDay(f.g.asOf);
  const to = lastDay(f.g.asOf + 12);
  const amortising = loan.method === 'EQUAL_INSTALLMENT' || loan.method === 'EQUAL_PRINCIPAL';
  let sum = 0;
  for (const i of loan.schedule) if (i.due > from && i.due <= to) sum += i.interest + (amortising ? i.principal : 0);
  return sum;
}

function newLoan(f: FirmContext, rng: Rng, seq: number, startMonth: Month, term: number): Loan {
  const method = rng.weighted(term === 12 ? METHODS_SHORT : METHODS_LONG);
  const product = f.p.supplier && rng.chance(0.3) ? '供应链融资' : rng.pick(PRODUCTS);
  const principalYuan = Math.min(10_000_000, Math.max(100_000, Math.round((f.id.baseSales / 100) * rng.between(1, 4) / 10_000) * 10_000));
  const spread = Math.min(450, Math.max(30, Math.round(150 - 60 * f.p.health + rng.normal(0, 40) - (product === '抵押经营贷' ? 60 : 0))));
  const startDay = rng.int(1, 28);
  return loanOf(f, seq, startMonth, startDay, term, method, product, principalYuan, LPR_BP + spread);
}

function loanOf(f: FirmContext, seq: number, startMonth: Month, startDay: number, term: number, method: Method, product: string, principalYuan: number, rateBp: number): Loan {
  const loan: Loan = {
    id: f.g.ids.take('bank.loan'),
    contractNo: loanContractNo(f.i, seq, Math.floor(startMonth / 12), f.id.region.code),
    product,
    principal: principalYuan * 100,
    rateBp,
    term,
    method,
    start: dayInMonth(startMonth, startDay),
    maturity: dayInMonth(startMonth + term, startDay),
    schedule: [],
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
    return [{ due: loan.maturity, principal: loan.principal, interest: Math.round((loan.principal * loan.rateBp * n) / 10000 / 12), paidOn: null }];
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

function settle(loan: Loan): void {
  for (const inst of loan.schedule) inst.paidOn = inst.due;
}

/**
 * Pays the instalments due by asOf; returns the loan's overdue days. A sliding firm with the
 * instalment signal pays some late and may leave the latest unpaid; a few healthy firms are a
 * few days late too, so that lateness alone is not the label.
 */
function repay(f: FirmContext, rng: Rng, loan: Loan): number {
  const asOfEnd = lastDay(f.g.asOf);
  const late = f.p.sliding && f.p.signals.instalments;
  const due = loan.schedule.filter((s) => s.due <= asOfEnd);
  const skipLatest = due.length > 0 && (late ? rng.chance(0.5) : rng.chance(0.006));
  let firstUnpaid: Day | null = null;
  due.forEach((inst, k) => {
    const sliding = late && monthOfDay(inst.due) >= f.p.slideStart;
    let paidOn = inst.due - rng.int(0, 3);
    if (sliding && rng.chance(0.45)) paidOn = inst.due + rng.int(3, 25);
    else if (rng.chance(0.004)) paidOn = inst.due + rng.int(1, 6);
    if ((k === due.length - 1 && skipLatest) || paidOn > asOfEnd || firstUnpaid !== null) {
      firstUnpaid ??= inst.due;
      return;
    }
    inst.paidOn = paidOn;
  });
  return firstUnpaid === null ? 0 : asOfEnd - firstUnpaid + 1;
}

function writeLoan(f: FirmContext, loan: Loan, status: 'ACTIVE' | 'SETTLED', overdueDays: number, rng?: Rng): void {
  let balance = loan.principal;
  for (const inst of loan.schedule) if (inst.paidOn !== null) balance -= inst.principal;
  // Overdue under 30 days is often still NORMAL; a sliding firm's loan is sometimes flagged for attention.
  let classification = 'NORMAL';
  if (overdueDays >= 30) classification = 'SPECIAL_MENTION';
  else if (rng && overdueDays > 0 && rng.chance(0.5)) classification = 'SPECIAL_MENTION';
  else if (rng && rng.chance(f.p.sliding ? 0.08 : 0.01)) classification = 'SPECIAL_MENTION';
  f.out['bank.loan'].add(
    loan.id, f.id.uscc, loan.contractNo, loan.product, formatFen(loan.principal), formatFen(balance),
    formatBasisPoints(loan.rateBp), loan.term, loan.method, formatDay(loan.start), formatDay(loan.maturity),
    overdueDays, classification, status,
  );
  const rows = f.out['bank.loan_installment'];
  loan.schedule.forEach((inst, k) => {
    const paid = inst.paidOn === null ? 0 : inst.principal + inst.interest;
    rows.add(loan.id, k + 1, formatDay(inst.due), formatFen(inst.principal), formatFen(inst.interest), inst.paidOn === null ? null : formatDay(inst.paidOn), formatFen(paid));
  });
}

function addDisbursement(book: LoanBook, loan: Loan): void {
  const m = monthOfDay(loan.start);
  book.disbursements.set(m, (book.disbursements.get(m) ?? 0) + loan.principal);
}

/** Guarantees for the active loan: from the previous circle member, or now and then from another firm. */
function writeGuarantees(f: FirmContext, rng: Rng, loan: Loan): void {
  const { plan, identities } = f.g;
  const circleAt = plan.circleOf.get(f.i);
  let guarantor: number | undefined;
  if (circleAt) {
    const [c, pos] = circleAt;
    const members = plan.circles[c];
    guarantor = members[(pos + members.length - 1) % members.length];
    const usccs = members.map((j) => identities.get(j).uscc);
    f.evidence('GUARANTEE_CIRCLE', {
      circle: usccs,
      position: pos,
      guarantorUscc: usccs[(pos + members.length - 1) % members.length],
      loanContractNo: loan.contractNo,
    });
  } else if (f.i > 0 && !f.p.shell && rng.chance(0.15)) {
    const j = rng.int(0, f.i - 1);
    if (!plan.circleOf.has(j) && identities.get(j).kind === 'COMPANY') guarantor = j;
  }
  if (guarantor === undefined) return;
  f.out['bank.guarantee'].add(
    f.g.ids.take('bank.guarantee'), identities.get(guarantor).uscc, f.id.uscc, loan.id, formatFen(loan.principal),
    formatDay(loan.start), formatDay(loan.maturity),
  );
}
