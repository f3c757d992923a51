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
  'GUARANTEE_CHAIN',
  'GUARANTEE_STAR',
  'GUARANTEE_NETWORK_JOIN',
  'RELEASED_GUARANTEE',
  'OWNERSHIP_LAYERS',
  'SHAREHOLDING_LOOP',
  'CONTROLLER_GROUP',
  'SHAREHOLDING_SOLD',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/**
 * Share of firms carrying each planted problem. SLIDE (a firm's slide, seed/timeline.ts) comes
 * from the health model; NEW_ENFORCEMENT records the court records the health model draws
 * (sources/judicial.ts).
 */
export const PLANT_RATES: Record<Exclude<ProblemCode, 'SLIDE' | 'NEW_ENFORCEMENT' | NetworkCode>, number> = {
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
 * Issue 17's planted networks (seed/network.plan.ts), as structures per firm: `rate` x firms
 * structures, at least `min` of them once the portfolio has MIN_NETWORK_FIRMS firms. Members per
 * structure: circles 2-8 (on top of the GUARANTEE_CIRCLE rate above), chains 3-6, stars 6-10
 * (guarantor included), released circles 3-5, layered holdings 1 (plus 2 holding firms), loops
 * 2-3, controller groups 3-6. GUARANTEE_NETWORK_JOIN joins some chains and stars to a circle.
 */
export const NETWORK_PLANTS = {
  GUARANTEE_CIRCLE: { rate: 0.0015, min: 7 },
  GUARANTEE_CHAIN: { rate: 0.0015, min: 4 },
  GUARANTEE_STAR: { rate: 0.0008, min: 3 },
  RELEASED_GUARANTEE: { rate: 0.001, min: 3 },
  OWNERSHIP_LAYERS: { rate: 0.003, min: 6 },
  SHAREHOLDING_LOOP: { rate: 0.001, min: 3 },
  CONTROLLER_GROUP: { rate: 0.001, min: 4 },
  SHAREHOLDING_SOLD: { rate: 0.0015, min: 6 },
} as const;
/** The codes only the network plan plants (GUARANTEE_CIRCLE is planted by both plans). */
export type NetworkCode = Exclude<keyof typeof NETWORK_PLANTS, 'GUARANTEE_CIRCLE'> | 'GUARANTEE_NETWORK_JOIN';
/** From this portfolio size on, every network structure is planted at least `min` times. */
export const MIN_NETWORK_FIRMS = 300;

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
