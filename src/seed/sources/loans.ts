/**
 * The bank's loans (bank.loan, bank.loan_installment, bank.loan_classification) and guarantees
 * (bank.guarantee).
 *
 * About 60% of firms borrow, as a chain: a first loan (12-36 months) when the relationship
 * starts (for most borrowers before the window opens, for some during it), renewed on its
 * maturity day (续贷) most of the time, now and then after a gap, until the relationship ends.
 * Schedules follow the repayment method. Instalments are paid by direct debit on their day or a
 * few days before; a firm whose slide shows in its instalments pays some late during the slide;
 * a firm that fails pays nothing due from its failure month on, takes no new loan, and so
 * reaches 90 days past due on its first unpaid instalment's day plus 90 days: its default day.
 * The bank writes its loans in arrears off 6-12 months after the default. A loan's record shows
 * its state at asOf (balance, overdue days, classification, status); its five-tier classification
 * is reviewed at every month end (NORMAL; SPECIAL_MENTION when overdue or on the watch list;
 * SUBSTANDARD past 90 days, DOUBTFUL past 180, LOSS past 360 or written off) and each change is
 * a bank.loan_classification row, so the state on any past day is derivable.
 *
 * A sliding firm with the `borrowing` signal borrows from every door at once (多头借贷): 2-4 new
 * short-term working-capital loans (6 or 12 months, interest-only or bullet, each half a month to
 * a month and a half of sales) in different months of its slide's last 6. Its look-alikes: the
 * chain's renewals, and a seasonal working-capital loan, 6 months from the month before the
 * firm's busy season, taken every year (10% of borrowers).
 *
 * Planted: GUARANTEE_CIRCLE (each member guarantees the next member's loan live at asOf, the last
 * the first's), and the guarantee networks of sources/guarantee-networks.ts. Ordinary guarantees
 * come from the plan's pools (network.plan.ts): a pool company guarantees at most 3 firms and is
 * never guaranteed itself, and no planted firm takes one, so they never form a circle, a chain or
 * a star of 5 by accident.
 */
import { type Day, type Month, dayInMonth, formatDay, lastDay, monthOfDay } from '../calendar';
import { type FirmContext } from '../firm.context';
import { type Fen, formatBasisPoints, formatFen } from '../money';
import { Rng, Stream } from '../random';
import { recordNetworkEvidence, writeNetworkGuarantees } from './guarantee-networks';
import { type Loan, chain, extraLoans } from './loan-origination';

export interface LoanBook {
  /** The firm took at least one loan (a borrower whose failure came before its first loan took none). */
  borrowed: boolean;
  /** Money lent into the firm's account, by month. */
  disbursements: Map<Month, Fen>;
  /** Contract numbers of the loans ACTIVE at asOf. */
  active: string[];
  /** Contract numbers of the loans of a borrowing spree (sliding firms with the `borrowing` signal). */
  spree: string[];
  /** Debt service of the loans running on `day` in the 12 months after it: interest, and the principal of amortising loans. */
  debtServiceAfter(day: Day): Fen;
  /** The day the firm first reached 90 days past due (its default), also when after asOf; null if it never did. */
  defaultDay: Day | null;
  /** The default day the firm would have if it stopped paying from month `failure` on (null: no loan running then). */
  defaultDayIf(failure: Month): Day | null;
}

/** Days past due at which a loan is in default (and the five-tier steps after it). */
export const DEFAULT_DAYS_PAST_DUE = 90;

/** `avoid`: months no regular loan may be paid out in (the planted TAX_WITHOUT_FLOW months must show almost no money coming in). */
export function generateLoans(f: FirmContext, avoid: readonly Month[] = []): LoanBook {
  const empty: LoanBook = {
    borrowed: false,
    disbursements: new Map(),
    active: [],
    spree: [],
    debtServiceAfter: () => 0,
    defaultDay: null,
    defaultDayIf: () => null,
  };
  if (!f.p.hasLoan) return empty;
  const rng = Rng.stream(f.g.seed, f.i, Stream.LOANS);
  const all = [...chain(f, rng, avoid), ...extraLoans(f)];
  const defaultDayIf = (failure: Month) => firstDefaultDay(all, failure);
  const failure = f.p.timeline.failure;
  // Loans the firm never took: none starts once it has failed.
  const loans = failure === null ? all : all.filter((l) => l.start < dayInMonth(failure, 1));
  const defaultDay = failure === null ? null : defaultDayIf(failure);
  const after = Rng.stream(f.g.seed, f.i, Stream.AFTER_DEFAULT);
  const writeOff = defaultDay === null ? null : defaultDay + after.int(180, 360);
  const book: LoanBook = {
    borrowed: loans.length > 0,
    disbursements: new Map(),
    active: [],
    spree: [],
    debtServiceAfter: (day) => loans.reduce((s, l) => s + debtServiceAfter(l, day), 0),
    defaultDay,
    defaultDayIf,
  };
  const asOfEnd = lastDay(f.g.asOf);
  const watch = watchDay(f, rng);
  for (const loan of loans) {
    pay(f, rng, loan);
    const writtenOff =
      writeOff !== null && writeOff <= asOfEnd && loan.start < writeOff && inArrears(loan, writeOff) ? writeOff : null;
    const status =
      writtenOff !== null ? 'WRITTEN_OFF' : loan.schedule.every((i) => i.paidOn !== null) ? 'SETTLED' : 'ACTIVE';
    writeLoan(f, loan, status, writtenOff, watch);
    if (status === 'ACTIVE') book.active.push(loan.contractNo);
    if (loan.spree) book.spree.push(loan.contractNo);
    if (!loan.renewal && !loan.paidToSuppliers) {
      const m = monthOfDay(loan.start);
      book.disbursements.set(m, (book.disbursements.get(m) ?? 0) + loan.principal);
    }
  }
  // The chain's newest loan: running at asOf, or the one the firm defaulted on.
  const regular = loans.filter((l) => !l.paidToSuppliers);
  // A circle member that failed before its chain's first loan took only the loans of its spree
  // or season: its circle guarantee is on the newest of those (else the circle would be broken).
  const newest = regular.at(-1) ?? (f.g.plan.circleOf.has(f.i) ? loans.at(-1) : undefined);
  if (newest)
    writeGuarantees(f, regular, newest, defaultDay !== null && defaultDay <= asOfEnd && inArrears(newest, asOfEnd));
  recordNetworkEvidence(f);
  return book;
}

/**
 * The default day if the firm pays nothing due from the first day of `failure`: the earliest
 * such instalment of a loan it had taken by then, plus 90 days (null when no loan ran then).
 */
function firstDefaultDay(loans: readonly Loan[], failure: Month): Day | null {
  const from = dayInMonth(failure, 1);
  let first: Day | null = null;
  for (const l of loans) {
    if (l.start >= from) continue;
    const inst = l.schedule.find((i) => i.due >= from);
    if (inst && (first === null || inst.due < first)) first = inst.due;
  }
  return first === null ? null : first + DEFAULT_DAYS_PAST_DUE;
}

/**
 * Pays the instalments due by asOf: by direct debit on the day or up to 3 days before; late (3-25
 * days, 45% of them) during the slide of a firm whose slide shows in its instalments; now and
 * then a few days late for anyone; never from the failure month on. A payment after asOf is not
 * paid yet.
 */
function pay(f: FirmContext, rng: Rng, loan: Loan): void {
  const asOfEnd = lastDay(f.g.asOf);
  const { timeline, signals } = f.p;
  const stopped = timeline.failure === null ? null : dayInMonth(timeline.failure, 1);
  const e = timeline.episode;
  for (const inst of loan.schedule) {
    if (inst.due > asOfEnd || (stopped !== null && inst.due >= stopped)) continue;
    const month = monthOfDay(inst.due);
    const sliding = signals.instalments && e !== null && month >= e.start && month <= e.end;
    let paidOn = inst.due - rng.int(0, 3);
    if (sliding && rng.chance(0.45)) paidOn = inst.due + rng.int(3, 25);
    else if (rng.chance(0.004)) paidOn = inst.due + rng.int(1, 6);
    inst.paidOn = paidOn > asOfEnd ? null : paidOn;
  }
}

/** Days past due on `day`: since the earliest instalment due by then and not paid by then (0 if none). */
function daysPastDue(loan: Loan, day: Day): number {
  for (const i of loan.schedule) {
    if (i.due >= day) return 0;
    if (i.paidOn === null || i.paidOn > day) return day - i.due;
  }
  return 0;
}

function inArrears(loan: Loan, day: Day): boolean {
  return daysPastDue(loan, day) > 0;
}

/** A sliding firm's loans go on the watch list (关注) at a month end of its slide 30% of the time, any borrower's 1%. */
function watchDay(f: FirmContext, rng: Rng): Day | null {
  const e = f.p.timeline.episode;
  if (e && rng.chance(0.3)) return lastDay(rng.int(e.start, e.end));
  if (rng.chance(0.01)) return lastDay(rng.int(f.g.windowStart, f.g.asOf));
  return null;
}

type LoanClass = 'NORMAL' | 'SPECIAL_MENTION' | 'SUBSTANDARD' | 'DOUBTFUL' | 'LOSS';

/** The five-tier class for days past due (and the watch list). */
function classOf(dpd: number, watched: boolean): LoanClass {
  if (dpd > 360) return 'LOSS';
  if (dpd > 180) return 'DOUBTFUL';
  if (dpd > DEFAULT_DAYS_PAST_DUE) return 'SUBSTANDARD';
  return dpd > 0 || watched ? 'SPECIAL_MENTION' : 'NORMAL';
}

/**
 * Writes the loan as it stands at asOf, its instalments and its classification history
 * (reviewed at each month end from its start until it is settled or written off).
 */
function writeLoan(
  f: FirmContext,
  loan: Loan,
  status: 'ACTIVE' | 'SETTLED' | 'WRITTEN_OFF',
  writtenOff: Day | null,
  watch: Day | null,
): void {
  loan.id = f.g.ids.take('bank.loan');
  const asOfEnd = lastDay(f.g.asOf);
  let balance = loan.principal;
  for (const inst of loan.schedule) if (inst.paidOn !== null) balance -= inst.principal;
  const history: Array<[Day, LoanClass]> = [[loan.start, 'NORMAL']];
  // One row per day: a later change on the same day replaces the earlier one.
  const change = (day: Day, cls: LoanClass) => {
    if (history.at(-1)![0] === day) history.pop();
    if (history.at(-1)?.[1] !== cls) history.push([day, cls]);
  };
  const lastPaid = Math.max(...loan.schedule.map((i) => i.paidOn ?? Infinity));
  const reviewUntil = Math.min(asOfEnd, writtenOff ?? Infinity, lastPaid);
  for (let m = monthOfDay(loan.start); lastDay(m) <= reviewUntil; m++) {
    const day = lastDay(m);
    const cls = classOf(daysPastDue(loan, day), watch !== null && watch <= day && day < loan.maturity);
    if (cls !== history.at(-1)![1]) change(day, cls);
  }
  if (writtenOff !== null) change(writtenOff, 'LOSS');
  else if (lastPaid <= asOfEnd) change(lastPaid, 'NORMAL'); // paid off
  const overdueDays = daysPastDue(loan, writtenOff ?? asOfEnd);
  f.out['bank.loan'].add(
    loan.id,
    f.id.uscc,
    loan.contractNo,
    loan.product,
    formatFen(loan.principal),
    formatFen(balance),
    formatBasisPoints(loan.rateBp),
    loan.term,
    loan.method,
    formatDay(loan.start),
    formatDay(loan.maturity),
    overdueDays,
    history.at(-1)![1],
    status,
    writtenOff === null ? null : formatDay(writtenOff),
  );
  for (const [day, cls] of history) f.out['bank.loan_classification'].add(loan.id, formatDay(day), cls);
  const rows = f.out['bank.loan_installment'];
  loan.schedule.forEach((inst, k) => {
    const paid = inst.paidOn === null ? 0 : inst.principal + inst.interest;
    rows.add(
      loan.id,
      k + 1,
      formatDay(inst.due),
      formatFen(inst.principal),
      formatFen(inst.interest),
      inst.paidOn === null ? null : formatDay(inst.paidOn),
      formatFen(paid),
    );
  });
}

/** Debt service of a loan running on `day` (started, not matured) in the 12 months after it: interest, and amortising principal. */
function debtServiceAfter(loan: Loan, day: Day): Fen {
  if (loan.start > day || loan.maturity <= day) return 0;
  const to = day + 365;
  const amortising = loan.method === 'EQUAL_INSTALLMENT' || loan.method === 'EQUAL_PRINCIPAL';
  let sum = 0;
  for (const i of loan.schedule) if (i.due > day && i.due <= to) sum += i.interest + (amortising ? i.principal : 0);
  return sum;
}

/**
 * Guarantees for the chain's newest loan: from the previous circle member, from the planted
 * networks (sources/guarantee-networks.ts), or now and then from the firm's pool guarantor. A
 * guarantee runs to the loan's maturity; for a loan in default, three years past it (the
 * guarantee period of the bank's contracts, 保证期间): the guarantor stays liable.
 */
function writeGuarantees(f: FirmContext, loans: readonly Loan[], newest: Loan, inDefault: boolean): void {
  const { plan, identities } = f.g;
  const end = inDefault ? newest.maturity + 3 * 365 : newest.maturity;
  const add = (guarantor: number, loan: Loan, until: Day) =>
    f.out['bank.guarantee'].add(
      f.g.ids.take('bank.guarantee'),
      identities.get(guarantor).uscc,
      f.id.uscc,
      loan.id,
      formatFen(loan.principal),
      formatDay(loan.start),
      formatDay(until),
    );
  const circleAt = plan.circleOf.get(f.i);
  if (circleAt) {
    const [c, pos] = circleAt;
    const members = plan.circles[c];
    const usccs = members.map((j) => identities.get(j).uscc);
    f.evidence('GUARANTEE_CIRCLE', {
      circle: usccs,
      position: pos,
      guarantorUscc: usccs[(pos + members.length - 1) % members.length],
      loanContractNo: newest.contractNo,
      // The circle runs while every member's guarantee does (a defaulted member's ends three years after its loan's maturity).
      guaranteeEndsOn: formatDay(end),
    });
    add(members[(pos + members.length - 1) % members.length], newest, end);
  }
  writeNetworkGuarantees(f, loans, newest, end, add);
  if (circleAt || plan.networks.uses(f.i) || f.p.shell) return;
  const guarantor = plan.networks.ordinaryGuarantor(f.i);
  if (guarantor !== undefined) add(guarantor, newest, end);
}
