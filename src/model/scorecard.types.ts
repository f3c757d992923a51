/** The shapes of a scorecard (scorecard.ts): its options, features, λ search, fitted model and a row's score. */
import type { BinningOptions, FeatureBinning } from './binning';
import type { FeatureKind } from './dataset';

export interface ScorecardOptions extends BinningOptions {
  /** Features with an IV below this are dropped before the fit. */
  minIv: number;
  /** Drop wrong-sign features (coefficient > 0 on WoE), weakest IV first, refitting each time. */
  dropWrongSign: boolean;
  /** The L2 penalty, or 'cv' to choose it from `lambdaGrid` by cross-validation on the training rows. */
  lambda: number | 'cv';
  lambdaGrid: number[];
  cvFolds: number;
  maxIterations: number;
  tolerance: number;
}

export type DropReason = 'LOW_IV' | 'WRONG_SIGN';

export interface ScorecardFeature {
  feature: string;
  kind: FeatureKind;
  iv: number;
  selected: boolean;
  dropReason: DropReason | null;
  /** Why it was dropped, in words ("IV 0.0123 < 0.02", "coefficient +0.153 on WoE after a fit with 12 features"). */
  note: string | null;
  /** The coefficient on the WoE value (selected features), else null. */
  coefficient: number | null;
  binning: FeatureBinning;
}

export interface LambdaCandidate {
  lambda: number;
  /** Pooled out-of-fold mean log loss (lower is better). */
  cvLogLoss: number;
  /** Pooled out-of-fold AUC (for information; not the criterion). */
  cvAuc: number;
}

export interface Scorecard {
  format: 'woe-logistic-scorecard';
  version: 1;
  options: ScorecardOptions;
  /** The penalty actually used. */
  lambda: number;
  /** The cross-validation behind λ when options.lambda is 'cv', else null. */
  lambdaSearch: LambdaCandidate[] | null;
  intercept: number;
  /** Every feature given, in the dataset's order, with its binning and selection outcome. */
  features: ScorecardFeature[];
  training: { rows: number; events: number; nonEvents: number; eventRate: number };
  /**
   * Newton iterations and Hessian evaluations over all the fits (the first and each refit after a
   * wrong-sign drop); the last fit's convergence and log-likelihood.
   */
  fit: { iterations: number; hessianEvaluations: number; converged: boolean; logLikelihood: number; refits: number };
}

export interface Contribution {
  feature: string;
  bin: { index: number; label: string };
  woe: number;
  coefficient: number;
  logitContribution: number;
}

export interface RowScore {
  logit: number;
  pd: number;
  contributions: Contribution[];
}
