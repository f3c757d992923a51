/** The review trail (who decided what, when) of findings, links, warnings and consents. */
import type DataLoader from 'dataloader';
import { registerLoaders } from '../graphql/context';
import type { Database } from '../db/database';
import { loader } from '../lib/loader';
import { type ReviewEvent, ReviewSubject } from './review-event.entity';
import { reviewTrail } from './review.service';

declare module '../graphql/context' {
  interface RequestLoaders {
    reviews: Record<ReviewSubject, DataLoader<string, ReviewEvent[]>>;
  }
}

export function createReviewLoaders(db: Database): Record<ReviewSubject, DataLoader<string, ReviewEvent[]>> {
  const trail = (subject: ReviewSubject) => loader((ids: readonly string[]) => reviewTrail(db, subject, ids));
  return {
    [ReviewSubject.FINDING]: trail(ReviewSubject.FINDING),
    [ReviewSubject.LINK]: trail(ReviewSubject.LINK),
    [ReviewSubject.WARNING]: trail(ReviewSubject.WARNING),
    [ReviewSubject.CONSENT]: trail(ReviewSubject.CONSENT),
  };
}

export const reviewLoaders = registerLoaders(({ reads }) => ({ reviews: createReviewLoaders(reads) }));
