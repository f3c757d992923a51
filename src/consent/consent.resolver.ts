/** Consent records in GraphQL: grant and revoke (the bank's ANALYST or RISK_OFFICER), and each consent's trail. */
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../graphql/context';
import { LocalDateScalar, UsccScalar } from '../graphql/scalars';
import { Consent, ConsentScope } from '../../connectors/bank';
import { Source } from '../borrower/source-report';
import { requireActor } from '../review/review.service';
import { ReviewEventType } from '../review/review.types';
import { ReviewSubject, type ReviewEvent } from '../review/review-event.entity';
import { grantConsent, revokeConsent } from './consent.service';

@InputType({ description: "A firm's consent (数据授权) for an institution to use its data for a purpose." })
export class ConsentInput {
  @Field(() => UsccScalar, { description: 'The firm granting it.' })
  uscc: string;
  @Field({ description: "The institution it names: a partner's tenant, exactly as in its tokens." })
  grantee: string;
  @Field({
    description: "The purpose, an upper-case code (e.g. CREDIT_APPLICATION); a partner's token must carry the same.",
  })
  purpose: string;
  @Field(() => [Source], { description: 'Sources it covers.' })
  sources: Source[];
  @Field(() => ConsentScope, {
    description: 'FULL: the covered sources are visible; SCORE_ONLY: only the health score and tier.',
  })
  scope: ConsentScope;
  @Field(() => LocalDateScalar, { description: 'First day it is valid (China Standard Time).' })
  validFrom: string;
  @Field(() => LocalDateScalar, { description: 'Last day it is valid; at most five years after validFrom.' })
  validTo: string;
  @Field(() => String, { nullable: true, description: "A note for the trail, e.g. the signed form's reference." })
  note?: string | null;
}

@Resolver()
export class ConsentMutations {
  @Mutation(() => Consent, {
    description: "Record a firm's consent for an institution (ANALYST or RISK_OFFICER); recorded with who and when.",
  })
  grantConsent(@Arg('input', () => ConsentInput) input: ConsentInput, @Ctx() ctx: Context): Promise<Consent> {
    return grantConsent(ctx.db, { ...input, sources: input.sources }, requireActor(ctx, 'granting a consent'));
  }

  @Mutation(() => Consent, {
    description:
      'Revoke a consent (ANALYST or RISK_OFFICER; reason required): refused from the next request on; recorded with who and when.',
  })
  revokeConsent(
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String, { description: 'Why, e.g. the firm withdrew it in writing.' }) reason: string,
    @Ctx() ctx: Context,
  ): Promise<Consent> {
    return revokeConsent(ctx.db, id, reason, requireActor(ctx, 'revoking a consent'));
  }
}

@Resolver(() => Consent)
export class ConsentEventsResolver {
  @FieldResolver(() => [ReviewEventType], {
    description: 'Who granted or revoked it through the API, when and why, oldest first (none for imported consents).',
  })
  events(@Root() c: Consent, @Ctx() ctx: Context): Promise<ReviewEvent[]> {
    return ctx.loaders.reviews[ReviewSubject.CONSENT].load(String(c.id));
  }
}
