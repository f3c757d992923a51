/**
 * What an early-warning rule is (one file per rule in this folder, listed in `index.ts`), and the
 * helpers several rules share. A rule is a pure function of the firm's facts, its health
 * indicators and its current data-quality findings; a hit carries its message and the evidence:
 * the records, the figures and the threshold. Each rule's file declares the TypeScript type of its
 * evidence, which its `evaluate` returns and the GraphQL `<Code>Evidence` type implements
 * (src/warnings/warning-evidence.types.ts).
 */
import type { DetectedFinding } from '../../quality/check';
import { addMonths, lastDayOfMonth } from '../../quality/months';
import type { Severity } from '../../quality/finding.entity';
import type { FirmFacts } from '../../health/facts';
import type { HealthFactor } from '../../health/health.service';
import type { WarningsConfig } from '../warnings.config';

export interface RuleInput {
  facts: FirmFacts;
  /** The health factors by indicator code. */
  factors: ReadonlyMap<string, HealthFactor>;
  /** The firm's current data-quality findings. */
  findings: readonly DetectedFinding[];
  config: WarningsConfig;
}

/** What a rule that reads nothing of the firm but its guarantee network is given (`NETWORK_RULES`). */
export interface NetworkRuleInput {
  facts: Pick<FirmFacts, 'network'>;
  config: WarningsConfig;
}

export interface RuleHit<E extends object = object> {
  message: string;
  evidence: E;
  severity?: Severity;
  /** Identifies the warning within the firm when a rule can fire more than once ('' otherwise). */
  subject?: string;
}

export interface WarningRule<C extends string = string, E extends object = object> {
  code: C;
  /** The rule's number in the domain's (docs/domain.md) list (null for the extra signals). */
  number: number | null;
  title: string;
  severity: Severity;
  sources: string[];
  evaluate(input: RuleInput): RuleHit<E> | null;
}

/** A rule that reads only the firm's guarantee network: it can run without the firm's other facts. */
export interface NetworkWarningRule<C extends string = string, E extends object = object> extends Omit<
  WarningRule<C, E>,
  'evaluate'
> {
  evaluate(input: NetworkRuleInput): RuleHit<E> | null;
}

export const n = (s: string | null | undefined) => (s ? Number(s) : 0);
export const pct = (x: number) => `${Math.round(x * 100)}%`;
export const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** A health factor the rule reads, when it was computed (status OK with a value). */
export function indicator(input: RuleInput, code: string): HealthFactor | null {
  const f = input.factors.get(code);
  return f && f.status === 'OK' && f.value !== null ? f : null;
}

/**
 * The evidence a health factor carries, as the indicator's file builds it (the factor's type
 * holds any indicator's evidence: `E` names the one the rule reads).
 */
export function factorEvidence<E extends object>(f: HealthFactor): E {
  return f.evidence as unknown as E;
}

/** Another sign of distress corroborating a weak signal (`distress`). */
export interface Distress {
  indicator: string;
  change: number;
  threshold: number;
}

/** Other signs of distress that corroborate a weak signal: balances or sales falling (named in the evidence). */
export function distress(input: RuleInput): Distress[] {
  const out: Distress[] = [];
  const balance = indicator(input, 'BALANCE_TREND');
  if (balance && balance.value! <= input.config.distressBalanceChange)
    out.push({ indicator: 'BALANCE_TREND', change: balance.value!, threshold: input.config.distressBalanceChange });
  const sales = indicator(input, 'SALES_TREND');
  if (sales && sales.value! <= input.config.distressSalesChange)
    out.push({ indicator: 'SALES_TREND', change: sales.value!, threshold: input.config.distressSalesChange });
  return out;
}

/**
 * A rule that raises a data-quality check's finding of the same code as a warning: the check
 * establishes the fact (set-based, with its evidence); the rule only says it matters for credit.
 * `E` is the check's evidence, as its SQL builds it.
 */
export function raisesFinding<C extends string, E extends object>(
  rule: Omit<WarningRule<C, E>, 'evaluate'>,
): WarningRule<C, E> {
  return {
    ...rule,
    evaluate(input) {
      const f = fromFinding(input, rule.code);
      return f ? { message: f.message, evidence: f.evidence as E } : null;
    },
  };
}

export function fromFinding(input: RuleInput, code: string): DetectedFinding | undefined {
  return input.findings.find((f) => f.code === code);
}

/** The last day of the month `months` before the as-of month: records dated after it are "in the last `months` months". */
export function monthsAgo(asOfMonth: string, months: number): string {
  return lastDayOfMonth(addMonths(asOfMonth, -months));
}
