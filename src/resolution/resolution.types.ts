/** What entity resolution works on and produces: the records and firms compared, and a link decision. */
import type { MatchProfile, PairScore } from './compare';
import type { LinkKind, LinkMethod, LinkStatus } from './link.entity';

/** Something to resolve: a source record naming a firm, or a firm that may duplicate another. */
export interface Subject {
  kind: LinkKind;
  table: string;
  key: string;
  name: string;
  profile: MatchProfile;
}

export interface FirmCandidate {
  uscc: string;
  name: string;
  createdAt: string;
  profile: MatchProfile;
}

export interface LinkDecision {
  kind: LinkKind;
  table: string;
  key: string;
  name: string;
  uscc: string;
  method: LinkMethod;
  status: LinkStatus.LINKED | LinkStatus.REVIEW;
  score: PairScore;
  /** Why a pair went to review, when it did. */
  reviewReason: string | null;
  /** The next most likely firm of a linked record that had another plausible one. */
  runnerUp?: { uscc: string; matchWeight: number };
}
