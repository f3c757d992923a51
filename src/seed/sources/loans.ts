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
 * first's). Ordinary guarantees only go from a lower-numbered firm to a higher-numbered one, so
 * they can never close a circle by accident.
 */
import { type Day, type Month, dayInMonth, formatDay, lastDay, monthOfDay } from '../calendar';
import { loanContractNo } from '../codes';
import { type FirmContext } from '../context';
import { type Fen, formatBasisPoints, formatFen } from '../money';
import { Rng, Stream, Weighted } from '../random';

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
}

const METHODS_SHORT = Weighted.of<Method>([['BULLET', 25], ['INTEREST_ONLY', 35], ['EQUAL_INSTALLMENT', 25], ['EQUAL_PRINCIPAL', 15]]);
const METHODS_LONG = Weighted.of<Method>([['EQUAL_INSTALLMENT', 50], ['EQUAL_PRINCIPAL', 25], ['INTEREST_ONLY', 25]]);
const TERMS = Weighted.of<number>([[12, 45], [24, 30], [36, 25]]);
const PRODUCTS = ['小微企业经营贷', '税易贷', '信用快贷', '抵押经营贷'];
const LPR_BP = 345; // one-year loan prime rate, 3.45%

export function generateLoans(f: FirmContext, avoid: readonly Month[] = []): LoanBook {
  const book: LoanBook = { disbursements: new Map(), active: [] };
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
  return book;
}

function newLoan(f: FirmContext, rng: Rng, seq: number, startMonth: Month, term: number): Loan {
  const method = rng.weighted(term === 12 ? METHODS_SHORT : METHODS_LONG);
  const product = f.p.supplier && rng.chance(0.3) ? '供应链融资' : rng.pick(PRODUCTS);
  const principalYuan = Math.min(10_000_000, Math.max(100_000, Math.round((f.id.baseSales / 100) * rng.between(1, 4) / 10_000) * 10_000));
  const spread = Math.min(450, Math.max(30, Math.round(150 - 60 * f.p.health + rng.normal(0, 40) - (product === '抵押经营贷' ? 60 : 0))));
  const startDay = rng.int(1, 28);
  const start = dayInMonth(startMonth, startDay);
  const loan: Loan = {
    id: f.g.ids.take('bank.loan'),
    contractNo: loanContractNo(f.i, seq, Math.floor(startMonth / 12), f.id.region.code),
    product,
    principal: principalYuan * 100,
    rateBp: LPR_BP + spread,
    term,
    method,
    start,
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
