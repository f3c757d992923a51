/** `Borrower.approval(amount)`, `Borrower.reconsiderations`, and the reconsideration mutations. */
import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { JSONObjectResolver } from 'graphql-scalars';
import { ErrorCode, PublicError } from '../errors';
import { Firm, type FirmRoot } from '../firm/firm.entity';
import { authorize, refusalNote } from '../auth/authorize.service';
import type { Context } from '../graphql/context';
import { MoneyScalar, UsccScalar } from '../graphql/scalars';
import { requireActor } from '../review/review.service';
import { riskOf } from '../warnings/risk.service';
import { APPROVAL_CONFIG } from './approval.config';
import { type ApprovalDecision, checkAmount, routeApplication, type RouteReason } from './approval.service';
import { ApprovalDecisionType, ApprovalReasonType, ReconsiderationType } from './approval.types';
import { SensitiveEvidence, UnmaskedArg } from '../masking/sensitive';
import { type ApprovalReconsideration, ReconsiderationOutcome } from './reconsideration.entity';
import { decideReconsideration, requestReconsideration, requireText } from './reconsideration.service';

/** A decision as the API serves it: with its firm, against which a read of its reasons' evidence is audited. */
type FirmDecision = ApprovalDecision & { uscc: string };
/** A reason as the API serves it (see `FirmDecision`). */
type FirmReason = RouteReason & { uscc: string };

/**
 * The route for `amount` from the firm's risk picture and related group in this request, or null
 * for an unknown firm. The group comes from the request's loader (`Borrower.relatedGroup`'s): a
 * page of applications reads every group in the same statements. INTERNAL access covers the
 * BANK and REGISTRY sources the group is built from (internal roles read every source).
 */
async function decide(ctx: Context, uscc: string, amount: string): Promise<FirmDecision | null> {
  await authorize(ctx, uscc, 'INTERNAL');
  checkAmount(amount);
  const [risk, group] = await Promise.all([riskOf(ctx, uscc), ctx.loaders.relatedGroups.load(uscc)]);
  return (
    risk && {
      ...routeApplication(
        { amount, health: risk.health, warnings: risk.activeWarnings, findings: risk.findings, group },
        APPROVAL_CONFIG,
      ),
      uscc,
    }
  );
}

@Resolver(() => Firm)
export class BorrowerApprovalResolver {
  @FieldResolver(() => ApprovalDecisionType, {
    nullable: true,
    description:
      "Where an application for `amount` goes (AUTO_APPROVE, SPECIALIST_REVIEW or COMMITTEE) and why, from the health, warnings and data-quality findings of this request and the bank's exposure to the firm's related group (`relatedGroup`). A recommendation, computed on read.",
  })
  approval(
    @Root() f: FirmRoot,
    @Arg('amount', () => MoneyScalar, { description: 'The amount applied for, CNY (> 0).' }) amount: string,
    @Ctx() ctx: Context,
  ): Promise<FirmDecision | null> {
    return decide(ctx, f.uscc, amount);
  }

  @FieldResolver(() => [ReconsiderationType], {
    nullable: true,
    description: 'Reconsiderations asked for this firm, newest first.' + refusalNote('INTERNAL'),
  })
  async reconsiderations(@Root() f: FirmRoot, @Ctx() ctx: Context): Promise<ApprovalReconsideration[]> {
    await authorize(ctx, f.uscc, 'INTERNAL');
    return ctx.loaders.reconsiderations.load(f.uscc);
  }
}

/** A decision's and a reconsideration's reasons, each with its firm (for `ApprovalReasonEvidenceResolver`). */
@Resolver(() => ApprovalDecisionType)
export class ApprovalDecisionReasonsResolver {
  @FieldResolver(() => [ApprovalReasonType])
  reasons(@Root() d: FirmDecision): FirmReason[] {
    return d.reasons.map((r) => ({ ...r, uscc: d.uscc }));
  }
}

@Resolver(() => ReconsiderationType)
export class ReconsiderationReasonsResolver {
  @FieldResolver(() => [ApprovalReasonType])
  reasons(@Root() r: ApprovalReconsideration): FirmReason[] {
    return r.reasons.map((x) => ({ ...x, uscc: r.uscc }));
  }
}

/**
 * A reason's evidence, with the personal data in it masked as the profile masks it
 * (`SensitiveEvidence`): the warnings and findings it quotes carry their own evidence, whose
 * persons (a lost customer, a shareholder's ID number) are masked in it and in their messages.
 */
@Resolver(() => ApprovalReasonType)
export class ApprovalReasonEvidenceResolver {
  @FieldResolver(() => JSONObjectResolver, {
    nullable: true,
    description:
      "The figure, the threshold and the records: amounts, score, tier, model version, missing sources, the related group's exposure and its firms (USCC, exposure, reasons), the warnings and findings " +
      "named (code, fingerprint, severity, message and their evidence). Personal data in them are masked as the profile's fields " +
      "mask them (persons' names 王*, ID numbers 3301**********1234); firms' names and USCCs are not.",
  })
  @SensitiveEvidence()
  evidence(@Root() r: FirmReason, @UnmaskedArg() _unmasked: boolean): Record<string, unknown> {
    return r.evidence;
  }
}

@Resolver()
export class ReconsiderationMutations {
  @Mutation(() => ReconsiderationType, {
    description:
      'Send an application routed to a person (SPECIALIST_REVIEW or COMMITTEE) to manual reconsideration (复议): the route is recomputed and stored with its reasons, who asked (the token subject) and why. CONFLICT when it is routed AUTO_APPROVE or one is already open.',
  })
  async requestReconsideration(
    @Arg('uscc', () => UsccScalar) uscc: string,
    @Arg('amount', () => MoneyScalar) amount: string,
    @Arg('reason', () => String) reason: string,
    @Ctx() ctx: Context,
  ): Promise<ApprovalReconsideration> {
    const actor = requireActor(ctx, 'a reconsideration');
    const why = requireText(reason, 'reason', 'say why the application should be reconsidered');
    const decision = await decide(ctx, uscc, amount);
    if (!decision)
      throw new PublicError(ErrorCode.NOT_FOUND, `no borrower has USCC ${uscc}`, { extensions: { argument: 'uscc' } });
    return requestReconsideration(ctx.db, uscc, decision, why, actor);
  }

  @Mutation(() => ReconsiderationType, {
    description:
      'Decide an open reconsideration (APPROVED or DECLINED, with a note); recorded with who (the token subject) and when. CONFLICT when already decided.',
  })
  decideReconsideration(
    @Arg('id', () => ID) id: string,
    @Arg('outcome', () => ReconsiderationOutcome) outcome: ReconsiderationOutcome,
    @Arg('note', () => String) note: string,
    @Ctx() ctx: Context,
  ): Promise<ApprovalReconsideration> {
    const actor = requireActor(ctx, 'a reconsideration decision');
    return decideReconsideration(
      ctx.db,
      id,
      outcome,
      requireText(note, 'note', 'say why the application is approved or declined'),
      actor,
    );
  }
}
