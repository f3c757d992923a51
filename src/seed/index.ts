/** The synthetic portfolio: generator (pure), loader (database) and the truth it plants. */
export {
  seedPortfolio,
  defaultAsOfMonth,
  SeedError,
  type SeedOptions,
  type SeedProgress,
  type SeedResult,
} from './portfolio.loader';
export { seedWithProgress, formatRowCounts } from './progress';
export { PortfolioGenerator, generatePortfolio, DEFAULT_MONTHS, type PortfolioOptions } from './portfolio.generator';
export { PROBLEM_CODES, type ProblemCode } from './problems';
export { TruthRecorder, type Truth, type FirmTruth, type ProblemEvidence } from './truth';
export { TABLE_NAMES, type TableName } from './tables';
