/** Review mutations (findings, entity links, early warnings) and the review trail on each. */
import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../graphql/context';
import { DataQualityIssue } from '../quality/data-quality.types';
import type { QualityFinding } from '../quality/finding.entity';
import { EntityLinkType } from '../resolution/entity-link.types';
import { toLinkType } from '../resolution/entity-link.repository';
import { ReviewEventType } from './review.types';
import type { ReviewEvent } from './review-event.entity';
import { ReviewSubject } from './review-event.entity';
import {
  FindingAction,
  LinkAction,
  requireActor,
  reviewFinding,
  reviewLink,
  reviewWarning,
  WarningAction,
} from './review.service';
import { WarningType } from '../warnings/warning.types';
import { toWarningType } from '../warnings/warning.repository';

@Resolver()
export class ReviewMutations {
  @Mutation(() => DataQualityIssue, {
    description: 'Confirm, dismiss (with a reason) or reopen a data-quality finding; recorded with who and when.',
  })
  reviewQualityIssue(
    @Arg('id', () => ID) id: string,
    @Arg('action', () => FindingAction) action: FindingAction,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
    @Ctx() ctx: Context,
  ): Promise<QualityFinding> {
    return reviewFinding(ctx.db, id, action, reason, requireActor(ctx));
  }

  @Mutation(() => EntityLinkType, {
    description:
      'Confirm, reject (with a reason) or undo (with a reason) an entity link or firm merge; recorded with who and when. Undoing never touched the raw records, so both firms are as they were.',
  })
  async reviewEntityLink(
    @Arg('id', () => ID) id: string,
    @Arg('action', () => LinkAction) action: LinkAction,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
    @Ctx() ctx: Context,
  ): Promise<EntityLinkType> {
    return toLinkType(await reviewLink(ctx.db, id, action, reason, requireActor(ctx)));
  }

  @Mutation(() => WarningType, {
    description:
      'Move an early warning through its lifecycle: START_VERIFICATION, RECORD_ACTION (note: what was done), CLOSE (note: the follow-up outcome), DISMISS (note: why) or REOPEN; recorded with who and when.',
  })
  async reviewWarning(
    @Arg('id', () => ID) id: string,
    @Arg('action', () => WarningAction) action: WarningAction,
    @Arg('note', () => String, {
      nullable: true,
      description: 'What was done, the outcome or the reason; required by RECORD_ACTION, CLOSE and DISMISS.',
    })
    note: string | null,
    @Ctx() ctx: Context,
  ): Promise<WarningType> {
    return toWarningType(await reviewWarning(ctx.db, id, action, note, requireActor(ctx)));
  }
}

@Resolver(() => DataQualityIssue)
export class IssueReviewsResolver {
  @FieldResolver(() => [ReviewEventType], {
    description: 'Decisions people took on this finding, oldest first (empty for a finding not stored yet).',
  })
  reviews(@Root() f: { id?: string | null }, @Ctx() ctx: Context): Promise<ReviewEvent[]> | ReviewEvent[] {
    return f.id ? ctx.loaders.reviews[ReviewSubject.FINDING].load(String(f.id)) : [];
  }
}

@Resolver(() => EntityLinkType)
export class LinkReviewsResolver {
  @FieldResolver(() => [ReviewEventType], { description: 'Decisions people took on this link, oldest first.' })
  reviews(@Root() l: EntityLinkType, @Ctx() ctx: Context): Promise<ReviewEvent[]> {
    return ctx.loaders.reviews[ReviewSubject.LINK].load(l.id);
  }
}

@Resolver(() => WarningType)
export class WarningReviewsResolver {
  @FieldResolver(() => [ReviewEventType], {
    description: 'Each lifecycle step people took on this warning, oldest first (empty for one not stored yet).',
  })
  reviews(@Root() w: WarningType, @Ctx() ctx: Context): Promise<ReviewEvent[]> | ReviewEvent[] {
    return w.id ? ctx.loaders.reviews[ReviewSubject.WARNING].load(w.id) : [];
  }
}
