/**
 * The problems the generator plants (what the truth file records and the checks must find): their
 * codes, the share of firms carrying each, and the statement identities a planted statement breaks.
 * plan.ts decides which firms carry them.
 */

export const PROBLEM_CODES = [
  'DUPLICATE_INVOICE',
  'TAX_WITHOUT_FLOW',
  'STAFF_MISMATCH',
  'FREQUENT_LEGAL_REP_CHANGE',
  'GUARANTEE_CIRCLE',
  'RECEIVABLE_PLEDGED_TWICE',
  'NAME_VARIANT',
  'SHELL_COMPANY',
  'REGISTRY_STATUS_WITH_LIVE_LOAN',
  'DATED_RECORD_ANOMALY',
  'SLIDE',
  'DUPLICATE_RECORD',
  'STATEMENT_IDENTITY',
  'NEW_ENFORCEMENT',
  'HARD_NAME_VARIANT',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/**
 * Share of firms carrying each planted problem. SLIDE (a firm's slide, seed/timeline.ts) comes
 * from the health model; NEW_ENFORCEMENT records the court records the health model draws
 * (sources/judicial.ts).
 */
export const PLANT_RATES: Record<Exclude<ProblemCode, 'SLIDE' | 'NEW_ENFORCEMENT'>, number> = {
  DUPLICATE_INVOICE: 0.015,
  TAX_WITHOUT_FLOW: 0.02,
  STAFF_MISMATCH: 0.02,
  FREQUENT_LEGAL_REP_CHANGE: 0.015,
  GUARANTEE_CIRCLE: 0.02,
  RECEIVABLE_PLEDGED_TWICE: 0.015,
  NAME_VARIANT: 0.02,
  SHELL_COMPANY: 0.015,
  REGISTRY_STATUS_WITH_LIVE_LOAN: 0.01,
  DATED_RECORD_ANOMALY: 0.015,
  DUPLICATE_RECORD: 0.015,
  STATEMENT_IDENTITY: 0.015,
  HARD_NAME_VARIANT: 0.04,
};

/**
 * Share of firms that get a look-alike (a firm of the same 字号 and trade word with the other
 * legal form), each pair planted with a SHARED_TRADE_NAME and a LOOKALIKE_NAME record; on top of
 * the HARD_NAME_VARIANT firms.
 */
export const LOOKALIKE_PAIR_RATE = 0.006;

/**
 * The identity (勾稽关系) a planted financial statement breaks: total assets != liabilities +
 * equity, current assets above total assets, or current assets below cash + receivables + inventory.
 */
export type StatementBreak =
  'ASSETS_EQUAL_LIABILITIES_PLUS_EQUITY' | 'CURRENT_ASSETS_WITHIN_TOTAL' | 'CURRENT_ASSETS_COVER_COMPONENTS';
export const STATEMENT_BREAKS: readonly StatementBreak[] = [
  'ASSETS_EQUAL_LIABILITIES_PLUS_EQUITY',
  'CURRENT_ASSETS_WITHIN_TOTAL',
  'CURRENT_ASSETS_COVER_COMPONENTS',
];
