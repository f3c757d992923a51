/**
 * Scores the warning rules against the generator's truth. Each rule is compared with the firms
 * planted with what it should find: a planted problem, or a signal of the firms planted as
 * sliding towards default (SLIDING_TO_DEFAULT evidence lists its signals). A sliding firm's cash
 * squeeze (`cashFlow`: last year's cash flow and year-end cash short of the debt service) is
 * rule 1's, its borrowing spree (`borrowing`: several new short-term loans) rule 7's. Its falling
 * sales (`sales`) are, for some firms, the loss of their biggest buyers, not replaced
 * (`customerLoss`, rule 2; its look-alike, a healthy firm whose lost customer a new one replaces,
 * is not planted), and for some suppliers their core enterprise cutting its orders (`orders`,
 * rule 4; look-alikes: temporary dips, skipped call-offs). The truth's NEW_ENFORCEMENT (firms put
 * under enforcement, or listed as dishonest debtors, in the last 9 months: court records the
 * health model draws) is rule 10's. Every rule has plants. Pure functions.
 */
import type { Truth } from '../seed/truth';
import { score, type Score } from '../quality/eval';
import { RULES } from './rules';

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
};

export function plantedFor(truth: Pick<Truth, 'problems'>, rule: string): Set<string> | null {
  const wanted = RULE_TRUTH[rule];
  if (!wanted) return null;
  const out = new Set<string>();
  const problems = truth.problems as Record<string, Array<{ uscc: string; signals?: string[] }> | undefined>;
  for (const w of wanted) {
    if (w.startsWith('signal:')) {
      for (const e of problems.SLIDING_TO_DEFAULT ?? []) if (e.signals?.includes(w.slice(7))) out.add(e.uscc);
    } else for (const e of problems[w] ?? []) out.add(e.uscc);
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

/**
 * Precision and recall per rule. `notShown` lists, per rule, planted firms whose records cannot
 * show the signal at all (the generator draws the signal, but the firm had nothing for it to
 * act on): they are left out of the planted set, and counted.
 */
export function scoreRules(
  truth: Pick<Truth, 'problems'>,
  fired: ReadonlyMap<string, ReadonlySet<string>>,
  notShown: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
): RuleScore[] {
  return RULES.map((r) => {
    const found = fired.get(r.code) ?? new Set<string>();
    const all = plantedFor(truth, r.code);
    const hidden = notShown.get(r.code) ?? new Set<string>();
    const planted = all && new Set([...all].filter((u) => !hidden.has(u)));
    return { code: r.code, number: r.number, fired: found.size, score: planted ? score(r.code, planted, found) : null, notShown: all ? all.size - planted!.size : 0 };
  });
}

/**
 * Planted instalment signals the records cannot show: the firm had no instalment falling due
 * between the start of its slide and the as-of date (a bullet loan, or none due in the window).
 */
export const INSTALMENTS_NOT_SHOWN_SQL = `
  SELECT s.uscc FROM unnest($1::bpchar[], $2::date[]) AS s(uscc, start)
   WHERE NOT EXISTS (SELECT 1 FROM bank.loan l JOIN bank.loan_installment i ON i.loan_id = l.id
                      WHERE l.uscc = s.uscc AND i.due_date >= s.start AND i.due_date <= $3::date)`;

export function formatRuleScores(rows: readonly RuleScore[]): string {
  const head = ' #  rule                             fired  planted     TP  precision  recall  not shown';
  const lines = rows.map((r) => {
    const no = r.number === null ? ' +' : String(r.number).padStart(2);
    const s = r.score;
    const figures = s
      ? `${String(s.planted).padStart(7)}  ${String(s.truePositives).padStart(5)}  ${s.precision.toFixed(3).padStart(9)}  ${s.recall.toFixed(3).padStart(6)}${r.notShown ? String(r.notShown).padStart(11) : ''}`
      : '      (nothing planted for it)';
    return `${no}  ${r.code.padEnd(31)} ${String(r.fired).padStart(5)}  ${figures}`;
  });
  return ['warning rules against the planted problems and slide signals:', head, ...lines].join('\n');
}

/**
 * Planted headcount signals the records cannot show: the insured headcount did not fall between
 * the month the slide started and as-of (a firm founded during its slide is still taking staff on).
 * Only these plants are left out; staff mismatches still count for rule 12.
 */
export const HEADCOUNT_NOT_SHOWN_SQL = `
  SELECT s.uscc FROM unnest($1::bpchar[], $2::text[]) AS s(uscc, start)
   WHERE NOT EXISTS (SELECT 1 FROM alt_data.social_insurance_month a JOIN alt_data.social_insurance_month b ON b.uscc = a.uscc
                      WHERE a.uscc = s.uscc AND a.month = s.start AND b.month = $3 AND b.insured_headcount < a.insured_headcount)`;
