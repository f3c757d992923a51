/**
 * What a data-quality check is: a code, a default severity, the sources it reads, one
 * set-based SQL statement over the whole portfolio, and a function that turns one result row
 * into a finding's message and evidence. The SQL does the work (grouping, windows, joins) in
 * PostgreSQL; Node only formats the rows the SQL returns.
 */
import type { Severity } from './finding.entity';
import type { QualityConfig } from './quality.config';

/** The portfolio's as-of point: a month `YYYY-MM` and its last day `YYYY-MM-DD`. */
export interface AsOf {
  month: string;
  date: string;
}

/**
 * One row of a check's SQL: the firm, what the finding is about within the firm, and the
 * evidence (row ids, dates, and money as decimal strings like the schema's Money: never floats).
 */
export interface CheckRow {
  uscc: string;
  /** Identifies the finding within the firm and check ('' when there is one per firm). */
  subject: string;
  evidence: Record<string, unknown>;
}

export interface CheckSql {
  text: string;
  values: unknown[];
}

export interface CheckResult<E extends object = object> {
  message: string;
  /** The evidence, of the check's own type (its `evidenceType`, or what its `details` turn into one). */
  evidence: E;
  /** Overrides the check's default severity for this finding. */
  severity?: Severity;
  /** Overrides the check's sources for this finding (a check over several sources naming the one at fault). */
  sources?: string[];
}

/**
 * `C`: the code; `E`: the type of the evidence the check writes (declared in the check's file);
 * `D`: the GraphQL object type of that evidence (`DataQualityIssue.details`), `E` itself unless
 * the JSON has a shape GraphQL cannot type as it is (a record's own columns by name), which
 * `details` then turns into `D`.
 */
export interface QualityCheck<C extends string = string, E extends object = object, D extends object = E> {
  code: C;
  severity: Severity;
  /** Source schemas whose records the check reads. */
  sources: string[];
  /** One line on what the check finds. */
  description: string;
  /** The generator's problem code (truth file) this check is scored against, when it is not `code`. */
  plantedAs?: string;
  sql(asOf: AsOf, config: QualityConfig): CheckSql;
  /**
   * Optional, only for a check whose statement a firm filter cannot reach (the planner cannot
   * push `uscc = ...` below an aggregate over other firms' rows): the same statement narrowed
   * to some firms, which come as one more parameter after `values` (`$<values.length + 1>`, a
   * bpchar[]). It must return every finding of those firms, and may return findings of other
   * firms, each exactly as `sql` would (on read they are filtered out by quality.service
   * scopedSql; an incremental run stores them: a new duplicate of an unchanged firm's invoice).
   * Checks without it are scoped by that filter alone.
   */
  firmSql?(asOf: AsOf, config: QualityConfig): CheckSql;
  evidence(row: CheckRow, asOf: AsOf, config: QualityConfig): CheckResult<E>;
  /** The GraphQL object type of the evidence, named `<PascalCaseCode>Evidence` (implements FindingEvidence). */
  evidenceType: abstract new (...args: never[]) => D;
  /** The evidence (masked as `evidence` is) as `evidenceType`, when its JSON is not that already. */
  details?(evidence: E): D;
}

/**
 * A check, its code kept as a literal type (so checks/index.ts's `FindingCode` type lists it). Without `details` the
 * evidence it writes must be its `evidenceType`; with `details`, what `details` turns it into.
 */
export function qualityCheck<const C extends string, E extends object>(
  check: QualityCheck<C, E, E> & { details?: undefined },
): QualityCheck<C, E, E>;
export function qualityCheck<const C extends string, E extends object, D extends object>(
  check: QualityCheck<C, E, D> & { details(evidence: E): D },
): QualityCheck<C, E, D>;
export function qualityCheck(check: QualityCheck): QualityCheck {
  return check;
}

/** A finding as detected (not yet stored). */
export interface DetectedFinding {
  code: string;
  uscc: string;
  severity: Severity;
  message: string;
  evidence: Record<string, unknown>;
  sources: string[];
  fingerprint: string;
}
