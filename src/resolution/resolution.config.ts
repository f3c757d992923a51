/**
 * Entity-resolution parameters: the m and u probabilities of every comparison level (Splink's
 * Fellegi-Sunter model), the prior, and the decision thresholds.
 *
 * For a comparison level, m = P(level | the two records are the same firm) and u = P(level | they
 * are different firms); its match weight is log2(m / u): positive when the level is evidence
 * for a match, negative against, 0 when the data is missing on either side (UNKNOWN). The total
 * match weight is the prior's weight log2(λ / (1 - λ)) plus the levels' weights, and the match
 * probability is 2^w / (1 + 2^w).
 *
 * The values are set from what the data sets look like, not fitted: u of a name level is about
 * how often two different firms in one block share it (firm names are registered unique per
 * region, so an equal normalised name is rare: 1 in a million pairs); m about how sources
 * misspell. `npm run eval:quality` measures the result against the generator's truth.
 */
export interface LevelParams {
  m: number;
  u: number;
}

export type Comparison =
  'IDENTIFIER' | 'NAME' | 'LEGAL_FORM' | 'REGION' | 'CONTEXT' | 'LEGAL_REP' | 'ADDRESS' | 'SHAREHOLDERS';

export interface ResolutionConfig {
  prior: number;
  autoLink: number;
  review: number;
  ambiguityMarginBits: number;
  contextLiftFloor: number;
  similarCore: number;
  similarAddress: number;
  levels: Record<Comparison, Record<string, LevelParams>>;
}

export const RESOLUTION_CONFIG: ResolutionConfig = {
  /** λ: the chance that a record and a firm in the same block are the same firm, before comparing them. */
  prior: 1e-4,
  /** Probability at or above which a record is linked without review. */
  autoLink: 0.99,
  /** Probability at or above which an uncertain pair goes to the review queue (below: no link). */
  review: 0.5,
  /**
   * A record with several plausible firms is still linked to the best when its match weight
   * leads the runner-up's by at least this many bits (2^10: a thousand times likelier);
   * otherwise every plausible firm goes to review.
   */
  ambiguityMarginBits: 10,
  /**
   * Context (a court in the firm's county, a known counterparty; for firms: legal
   * representative, address, shareholders) can raise a match but never stand in for the name:
   * a pair is auto-linked on context only when the identifier and name alone (the match weight
   * without the context comparisons) already reach this probability. A name that alone falls
   * below it goes to review however well the context agrees. 0.9 sits between the weakest name
   * that identifies a firm (its registered name without the region prefix: about 0.96-0.97)
   * and names that only resemble it (a trade word more or less: below 0.5).
   */
  contextLiftFloor: 0.9,
  /** Levenshtein similarity (1 - distance / longer length) at or above which cores are SIMILAR. */
  similarCore: 0.75,
  /** Address similarity at or above which addresses are SIMILAR. */
  similarAddress: 0.85,
  levels: {
    IDENTIFIER: {
      SAME: { m: 0.999, u: 1e-9 },
      DIFFERENT: { m: 0.2, u: 0.9999 },
    },
    NAME: {
      EXACT: { m: 0.6, u: 1e-7 },
      FORMER_NAME: { m: 0.1, u: 1e-7 },
      SAME_CORE: { m: 0.25, u: 1e-6 },
      /** One core extends the other (西湖电子 / 西湖电子科技): common among look-alike firms of one 字号. */
      PARTIAL_CORE: { m: 0.03, u: 1e-4 },
      SIMILAR_CORE: { m: 0.04, u: 0.002 },
      DIFFERENT: { m: 0.01, u: 0.998 },
    },
    LEGAL_FORM: {
      SAME: { m: 0.95, u: 0.7 },
      DIFFERENT: { m: 0.05, u: 0.3 },
      /** One side a branch (…分公司) the other is not, or two different branches. */
      BRANCH: { m: 0.01, u: 0.05 },
    },
    REGION: {
      SAME: { m: 0.95, u: 0.05 },
      DIFFERENT: { m: 0.05, u: 0.95 },
    },
    CONTEXT: {
      KNOWN_COUNTERPARTY: { m: 0.8, u: 0.002 },
      SAME_LOCALITY: { m: 0.8, u: 0.02 },
      UNRELATED: { m: 0.2, u: 0.98 },
    },
    LEGAL_REP: {
      SAME_ID: { m: 0.85, u: 1e-7 },
      SAME_NAME: { m: 0.1, u: 0.001 },
      DIFFERENT: { m: 0.05, u: 0.999 },
    },
    ADDRESS: {
      SAME: { m: 0.7, u: 1e-5 },
      SIMILAR: { m: 0.2, u: 0.001 },
      DIFFERENT: { m: 0.1, u: 0.999 },
    },
    SHAREHOLDERS: {
      MOSTLY_SAME: { m: 0.8, u: 1e-5 },
      SOME_SAME: { m: 0.1, u: 0.001 },
      NONE_SAME: { m: 0.1, u: 0.999 },
    },
  },
};
