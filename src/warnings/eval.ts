/**
 * Scores the warning rules against the generator's truth. Each rule is compared with the firms
 * planted with what it should find: a planted problem, or a signal of the firms planted as
 * sliding towards default (SLIDING_TO_DEFAULT evidence lists its signals). Rules with nothing
 * planted for them are listed without figures: the generator plants no customer loss (its
 * `sales` signal lowers every customer's purchases alike), no cash-flow squeeze, order slump,
 * short-term borrowing spree or enforcement wave. Pure functions.
 */
import type { Truth } from '../seed/truth';
import { score, type Score } from '../quality/eval';
import { RULES } from './rules';

/** What each rule should find: planted problems and slide signals (`signal:<name>`). */
export const RULE_TRUTH: Record<string, string[]> = {
  TAX_PAID_DECLINE: ['signal:tax'],
  UTILITY_IRREGULAR: ['signal:utilities'],
  BALANCE_DROP: ['signal:balance'],
  FREQUENT_LEGAL_REP_CHANGE: ['FREQUENT_LEGAL_REP_CHANGE'],
  RELATED_PARTY_TRANSACTIONS: ['SHELL_COMPANY'],
  LOAN_DISPUTE_SUIT: ['signal:loanSuit'],
  REGISTRY_STATUS_WITH_LIVE_LOAN: ['REGISTRY_STATUS_WITH_LIVE_LOAN'],
  HEADCOUNT_DROP: ['signal:headcount', 'STAFF_MISMATCH', 'SHELL_COMPANY'],
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
}

export function scoreRules(truth: Pick<Truth, 'problems'>, fired: ReadonlyMap<string, ReadonlySet<string>>): RuleScore[] {
  return RULES.map((r) => {
    const found = fired.get(r.code) ?? new Set<string>();
    const planted = plantedFor(truth, r.code);
    return { code: r.code, number: r.number, fired: found.size, score: planted ? score(r.code, planted, found) : null };
  });
}

export function formatRuleScores(rows: readonly RuleScore[]): string {
  const head = ' #  rule                             fired  planted     TP  precision  recall';
  const lines = rows.map((r) => {
    const no = r.number === null ? ' +' : String(r.number).padStart(2);
    const s = r.score;
    const figures = s
      ? `${String(s.planted).padStart(7)}  ${String(s.truePositives).padStart(5)}  ${s.precision.toFixed(3).padStart(9)}  ${s.recall.toFixed(3).padStart(6)}`
      : '      (nothing planted for it)';
    return `${no}  ${r.code.padEnd(31)} ${String(r.fired).padStart(5)}  ${figures}`;
  });
  return ['warning rules against the planted problems and slide signals:', head, ...lines].join('\n');
}
