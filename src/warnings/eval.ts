/**
 * Scores the warning rules against the generator's truth. Pure functions.
 *
 * **Rules for planted problems** (a frequent legal-representative change, a shell, a guarantee
 * circle, ..., and the court records of NEW_ENFORCEMENT) are scored on the portfolio as it stands
 * at asOf: the firms the rule fires for against the firms planted with its problem
 * (`scoreRules`).
 *
 * **Rules for a slide's signals** (cash squeeze, lost major customer, tax arrears, cut orders,
 * irregular utility bills, falling balances, a borrowing spree, a lender's suit, staff leaving,
 * late instalments) are scored over the history, month end by month end, on the borrowers the bank
 * was exposed to, from the data known at each month end (`scoreSlideRules`), because slides run at
 * every stage at any one date:
 * - a slide *shows* its signal from its SHOWN_FROM_MONTH-th month until it ends, and after that
 *   for RECENT_RECOVERY_MONTHS if it recovered (the signal fades out of the rules' windows) or for
 *   good if it failed; a failed firm shows the signals every failed firm shows (AFTER_FAILURE);
 * - **recall**: of the slides with the signal that the history saw whole (started and ended within
 *   it, the firm a borrower during it), the share the rule warned about at some month end from the
 *   slide's SHOWN_FROM_MONTH-th month until its signals had faded (RECOVERY_MONTHS after its end;
 *   a court record, published weeks after filing, may only show then), or, for a failing slide,
 *   until the firm left the history at its default;
 * - **precision**: of the month ends the rule warned at (leaving out a slide's first months, too
 *   early to tell), the share at which the firm showed the signal.
 * The truth of CASH_FLOW_COVERAGE_LOW, SHORT_TERM_DEBT_SURGE, MAJOR_CUSTOMER_LOSS and
 * ORDERS_DECLINE is the slide's own `cashFlow`, `borrowing`, `customerLoss` and `orders`; a lost
 * major customer shows once it has bought nothing for three months; a cash squeeze shows in the
 * statement that has it, from the month it arrived until the next year's statement arrives.
 */
import type { Truth } from '../seed/truth';
import { guaranteeRuns } from '../quality/structure-eval';
import { score, type Score } from '../quality/eval';
import { RULES } from './rules';
import { RECOVERY_MONTHS } from '../seed/timeline';
import { lastDayOfMonth, monthIndex } from '../quality/months';
import { AFTER_FAILURE } from '../seed/profile';

/** A slide's signal is expected to show from this month of the slide on (1 = its first). */
export const SHOWN_FROM_MONTH = 3;
/** Months after a recovery during which a rule may still see the slide (the fade, and a quarter of the rules' windows). */
export const RECENT_RECOVERY_MONTHS = RECOVERY_MONTHS + 3;
/**
 * The signals every failed firm shows, whatever its slide drew (seed/profile.ts), falling orders (a
 * failed supplier's core orders less: seed/series.ts) and a cash flow short of the debt service
 * (its overdue payments are debt service its cash flow does not cover).
 */
export const AFTER_FAILURE_SIGNALS: ReadonlySet<string> = new Set([...AFTER_FAILURE, 'orders', 'cashFlow']);

/**
 * NETWORK_CONTAGION's truth, derived from the planted guarantee structures and the firms'
 * outcomes (contagionPlanted): not a problem the generator plants on its own.
 */
const CONTAGION = 'GUARANTEE_CONTAGION';

/** What each rule should find: planted problems and slide signals (`signal:<name>`). */
export const RULE_TRUTH: Record<string, string[]> = {
  CASH_FLOW_COVERAGE_LOW: ['signal:cashFlow'],
  MAJOR_CUSTOMER_LOSS: ['signal:customerLoss'],
  TAX_PAID_DECLINE: ['signal:tax'],
  ORDERS_DECLINE: ['signal:orders'],
  UTILITY_IRREGULAR: ['signal:utilities'],
  BALANCE_DROP: ['signal:balance'],
  SHORT_TERM_DEBT_SURGE: ['signal:borrowing'],
  FREQUENT_LEGAL_REP_CHANGE: ['FREQUENT_LEGAL_REP_CHANGE'],
  RELATED_PARTY_TRANSACTIONS: ['SHELL_COMPANY'],
  LOAN_DISPUTE_SUIT: ['signal:loanSuit'],
  NEW_ENFORCEMENT: ['NEW_ENFORCEMENT'],
  REGISTRY_STATUS_WITH_LIVE_LOAN: ['REGISTRY_STATUS_WITH_LIVE_LOAN'],
  HEADCOUNT_DROP: ['signal:headcount', 'STAFF_MISMATCH'],
  TAX_WITHOUT_FLOW: ['TAX_WITHOUT_FLOW'],
  GUARANTEE_CIRCLE: ['GUARANTEE_CIRCLE'],
  RECEIVABLE_PLEDGED_TWICE: ['RECEIVABLE_PLEDGED_TWICE'],
  SHELL_COMPANY_SIGNS: ['SHELL_COMPANY'],
  REPAYMENT_OVERDUE: ['signal:instalments'],
  NETWORK_CONTAGION: [CONTAGION],
};

/** The slide signal a rule is scored on over the history (null: a rule for planted problems). */
export function signalOf(rule: string): string | null {
  return RULE_TRUTH[rule]?.find((w) => w.startsWith('signal:'))?.slice(7) ?? null;
}

/**
 * A rule with both a slide signal and a planted problem (rule 12: staff leaving, and a staff
 * mismatch) is scored at asOf only on the warnings that carry the problem's part of the evidence.
 */
const PLANT_EVIDENCE: Record<string, string> = { HEADCOUNT_DROP: 'staffMismatch' };

/** Whether a warning counts for its rule's planted problem at asOf. */
export function firesForPlant(rule: string, evidence: Record<string, unknown>): boolean {
  const key = PLANT_EVIDENCE[rule];
  return key === undefined || key in evidence;
}

/**
 * The firms planted with a rule's problems (its non-signal truth), at asOf. A guarantee circle
 * counts while every member's guarantee runs at asOf (a member that defaulted long ago leaves it
 * broken once its guarantee has ended; one that failed before it ever borrowed never closed it).
 */
export function plantedFor(
  truth: Pick<Truth, 'problems' | 'asOf'> & Partial<Pick<Truth, 'firms'>>,
  rule: string,
): Set<string> | null {
  const wanted = RULE_TRUTH[rule]?.filter((w) => !w.startsWith('signal:'));
  if (!wanted?.length) return null;
  if (wanted.includes(CONTAGION)) return contagionPlanted(truth);
  const problems = truth.problems as Record<string, Array<{ uscc: string; circle?: string[] }> | undefined>;
  const runs = guaranteeRuns(truth, 'GUARANTEE_CIRCLE');
  const running = (e: { circle?: string[] }) => (e.circle ?? []).every(runs);
  return new Set(
    wanted.flatMap((w) => (problems[w] ?? []).filter((e) => w !== 'GUARANTEE_CIRCLE' || running(e)).map((e) => e.uscc)),
  );
}

/**
 * The firms NETWORK_CONTAGION should warn at asOf, from the truth alone: the members of a planted
 * guarantee circle, chain or star one planted guarantee from a member that had defaulted by then
 * (reached 90 days past due on or before the last day of asOf). A default is the distress sign the
 * truth records; a distressed tier, an enforcement or a listing further out also fire the rule,
 * which this truth counts as false alarms (so precision is a floor).
 */
function contagionPlanted(truth: Pick<Truth, 'problems' | 'asOf'> & Partial<Pick<Truth, 'firms'>>): Set<string> {
  const defaulted = (u: string) => {
    const on = truth.firms?.[u]?.defaultedOn;
    return on != null && on <= lastDayOfMonth(truth.asOf);
  };
  const problems = truth.problems as Record<string, Array<Record<string, unknown>> | undefined>;
  const links: Array<[string, string]> = [];
  const ring = (list: string[], closed: boolean) =>
    list.forEach((u, k) => {
      if (k + 1 < list.length) links.push([u, list[k + 1]]);
      else if (closed && list.length > 1) links.push([u, list[0]]);
    });
  // Evidence without the structure's members (older truth files) adds no link.
  for (const e of problems.GUARANTEE_CIRCLE ?? []) ring((e.circle as string[] | undefined) ?? [], true);
  for (const e of problems.GUARANTEE_CHAIN ?? []) ring((e.chain as string[] | undefined) ?? [], false);
  for (const e of problems.GUARANTEE_STAR ?? [])
    for (const g of (e.guaranteed as string[] | undefined) ?? []) links.push([e.guarantor as string, g]);
  const out = new Set<string>();
  for (const [a, b] of links) {
    if (defaulted(b) && a !== b) out.add(a);
    if (defaulted(a) && a !== b) out.add(b);
  }
  return out;
}

export interface RuleScore {
  code: string;
  number: number | null;
  fired: number;
  score: Score | null;
  /** Plants left out because the records could not show them (e.g. no instalment fell due during the slide). */
  notShown: number;
}

/** Precision and recall at asOf of the rules for planted problems (firms fired against firms planted). */
export function scoreRules(
  truth: Pick<Truth, 'problems' | 'asOf'> & Partial<Pick<Truth, 'firms'>>,
  fired: ReadonlyMap<string, ReadonlySet<string>>,
): RuleScore[] {
  return RULES.filter((r) => plantedFor(truth, r.code)).map((r) => {
    const found = fired.get(r.code) ?? new Set<string>();
    const planted = plantedFor(truth, r.code)!;
    return { code: r.code, number: r.number, fired: found.size, score: score(r.code, planted, found), notShown: 0 };
  });
}

export interface SlideEvidence {
  uscc: string;
  fromMonth: string;
  toMonth: string;
  outcome: 'RUNNING' | 'FAILED' | 'RECOVERED';
  failedIn?: string;
  signals?: string[];
  customerLoss?: { fromMonth: string };
  cashSqueeze?: { receivedOn: string; newestUntil: string | null };
}

/** One borrower at one month end of the history, and the rules that warned. */
export interface HistoryPoint {
  uscc: string;
  month: string;
  rules: readonly string[];
}

export interface SlideRuleScore extends RuleScore {
  /** Month ends warned at: in total, while the signal showed, and left out (a slide's first months). */
  firedMonths: number;
  truePositiveMonths: number;
  leftOutMonths: number;
}

/**
 * Precision (per warned month end) and recall (per slide) of the slide-signal rules over the
 * history (see the header). `notShown`: per rule, firms whose records cannot show the signal at
 * all (left out of recall).
 */
export function scoreSlideRules(
  truth: Pick<Truth, 'problems' | 'firms'>,
  history: readonly HistoryPoint[],
  notShown: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
): SlideRuleScore[] {
  if (!history.length) return [];
  let first = Infinity;
  let last = -Infinity;
  for (const p of history) {
    const t = monthIndex(p.month);
    if (t < first) first = t;
    if (t > last) last = t;
  }
  const slides = new Map<string, SlideEvidence>();
  for (const e of (truth.problems as unknown as Record<string, SlideEvidence[] | undefined>).SLIDE ?? [])
    slides.set(e.uscc, e);
  const seenAt = new Map<string, Set<number>>();
  for (const p of history) {
    let s = seenAt.get(p.uscc);
    if (!s) seenAt.set(p.uscc, (s = new Set()));
    s.add(monthIndex(p.month));
  }
  const failedAt = (uscc: string) => {
    const f = truth.firms[uscc]?.failedIn;
    return f ? monthIndex(f) : null;
  };
  /** From when to when the firm shows `signal` (null: never), and the months too early to tell. */
  const window = (
    uscc: string,
    signal: string,
  ): { from: number; to: number; early: [number, number] | null } | null => {
    const e = slides.get(uscc);
    const failed = failedAt(uscc);
    if (e?.signals?.includes(signal)) {
      const start = monthIndex(e.fromMonth);
      // The squeezed statement shows from the month it arrived until the next year's statement arrives.
      if (signal === 'cashFlow' && e.cashSqueeze) {
        const until = e.cashSqueeze.newestUntil;
        return {
          from: monthIndex(e.cashSqueeze.receivedOn),
          to: until ? monthIndex(until) - 1 : Infinity,
          early: null,
        };
      }
      const from =
        signal === 'customerLoss' && e.customerLoss
          ? monthIndex(e.customerLoss.fromMonth) + 2
          : start + SHOWN_FROM_MONTH - 1;
      const to =
        e.outcome === 'RECOVERED' || (e.outcome === 'RUNNING' && failed === null)
          ? monthIndex(e.toMonth) + RECENT_RECOVERY_MONTHS
          : Infinity;
      return { from, to, early: from > start ? [start, from - 1] : null };
    }
    if (failed !== null && AFTER_FAILURE_SIGNALS.has(signal)) return { from: failed, to: Infinity, early: null };
    return null;
  };
  return RULES.filter((r) => signalOf(r.code)).map((r) => {
    const signal = signalOf(r.code)!;
    let firedMonths = 0;
    let tp = 0;
    let leftOut = 0;
    const warned = new Map<string, number[]>();
    for (const p of history) {
      if (!p.rules.includes(r.code)) continue;
      const t = monthIndex(p.month);
      const w = window(p.uscc, signal);
      if (w?.early && t >= w.early[0] && t <= w.early[1]) {
        leftOut++;
        continue;
      }
      firedMonths++;
      if (w && t >= w.from && t <= w.to) tp++;
      warned.set(p.uscc, [...(warned.get(p.uscc) ?? []), t]);
    }
    // Recall: slides with the signal the history saw whole, the firm a borrower during them.
    const hidden = notShown.get(r.code) ?? new Set<string>();
    let planted = 0;
    let caught = 0;
    let notShownCount = 0;
    for (const e of slides.values()) {
      if (!e.signals?.includes(signal)) continue;
      const start = monthIndex(e.fromMonth);
      const end = monthIndex(e.toMonth);
      if (start < first || end > last) continue;
      const w = window(e.uscc, signal)!;
      const until = e.outcome === 'RECOVERED' ? end + RECOVERY_MONTHS : Infinity;
      const seen = [...(seenAt.get(e.uscc) ?? [])].filter((t) => t >= w.from && t <= until);
      if (!seen.length) continue;
      if (hidden.has(e.uscc)) {
        notShownCount++;
        continue;
      }
      planted++;
      if ((warned.get(e.uscc) ?? []).some((t) => t >= w.from && t <= until)) caught++;
    }
    const precision = firedMonths ? tp / firedMonths : planted ? 0 : 1;
    const recall = planted ? caught / planted : 1;
    return {
      code: r.code,
      number: r.number,
      fired: warned.size,
      notShown: notShownCount,
      score: {
        code: r.code,
        planted,
        found: warned.size,
        truePositives: caught,
        precision,
        recall,
        missed: [],
        falseAlarms: [],
      },
      firedMonths,
      truePositiveMonths: tp,
      leftOutMonths: leftOut,
    };
  });
}

/**
 * Planted instalment signals the records cannot show: the firm had no instalment falling due
 * during its slide (a bullet loan, or none due in the window). $1 firms, $2 slide starts, $3 slide ends.
 */
export const INSTALMENTS_NOT_SHOWN_SQL = `
  SELECT s.uscc FROM unnest($1::bpchar[], $2::date[], $3::date[]) AS s(uscc, start, stop)
   WHERE NOT EXISTS (SELECT 1 FROM bank.loan l JOIN bank.loan_installment i ON i.loan_id = l.id
                      WHERE l.uscc = s.uscc AND i.due_date >= s.start AND i.due_date <= s.stop)`;

/**
 * Planted headcount signals the records cannot show: the insured headcount did not fall from the
 * month the slide started to the month it ended (a firm founded during its slide is still taking
 * staff on). $1 firms, $2 slide start months, $3 slide end months.
 */
export const HEADCOUNT_NOT_SHOWN_SQL = `
  SELECT s.uscc FROM unnest($1::bpchar[], $2::text[], $3::text[]) AS s(uscc, start, stop)
   WHERE NOT EXISTS (SELECT 1 FROM alt_data.social_insurance_month a JOIN alt_data.social_insurance_month b ON b.uscc = a.uscc
                      WHERE a.uscc = s.uscc AND a.month = s.start AND b.month = s.stop AND b.insured_headcount < a.insured_headcount)`;

export function formatRuleScores(rows: readonly RuleScore[], title: string): string {
  const head = ' #  rule                             fired  planted     TP  precision  recall  not shown';
  const lines = rows.map((r) => {
    const no = r.number === null ? ' +' : String(r.number).padStart(2);
    const s = r.score!;
    const figures = `${String(s.planted).padStart(7)}  ${String(s.truePositives).padStart(5)}  ${s.precision.toFixed(3).padStart(9)}  ${s.recall.toFixed(3).padStart(6)}${String(r.notShown || '').padStart(11)}`;
    const months =
      'firedMonths' in r
        ? `   (${(r as SlideRuleScore).firedMonths} month ends warned, ${(r as SlideRuleScore).truePositiveMonths} while shown${(r as SlideRuleScore).leftOutMonths ? `, ${(r as SlideRuleScore).leftOutMonths} too early left out` : ''})`
        : '';
    return `${no}  ${r.code.padEnd(31)} ${String(r.fired).padStart(5)}  ${figures}${months}`;
  });
  return [title, head, ...lines].join('\n');
}
