/**
 * `Borrower.guaranteeNetwork(depth)`, `Borrower.ultimateControllers`, `Borrower.beneficialOwners`
 * and `Borrower.relatedGroup`. Ownership is the registry's: a partner needs a FULL consent covering
 * REGISTRY. Who is tied to the firm (a guarantee network: the bank's guarantees and loans; a
 * related group, which adds the shareholdings) needs one covering BANK and REGISTRY (access
 * NETWORK). Persons' names and ID numbers are masked as `Shareholder.holderName` / `holderIdNo` are.
 */
import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { authorize, refusalNote } from '../auth/authorize.service';
import { Firm, type FirmRoot } from '../firm/firm.entity';
import type { Context } from '../graphql/context';
import { SensitiveKind } from '../masking/masking.config';
import { isPersonParty } from '../masking/person-name';
import { Sensitive, UnmaskedArg } from '../masking/sensitive';
import { beneficialOwners } from './beneficial-owner.rule';
import { checkDepth, NETWORK_DEPTH } from './network.service';
import { BeneficialOwner, GuaranteeNetwork, UltimateController } from './network.types';
import { RELATED_GROUP_CONFIG } from './related-group.config';
import { RelatedGroup } from './related-group.types';

@Resolver(() => Firm)
export class BorrowerNetworkResolver {
  @FieldResolver(() => GuaranteeNetwork, {
    description:
      "The firms tied to this one by guarantees live on the portfolio's as-of day, in either direction, each by its shortest path with the amounts and the bank's exposure; and whether the firm sits on a guarantee circle." +
      refusalNote('NETWORK'),
    nullable: true,
  })
  async guaranteeNetwork(
    @Root() f: FirmRoot,
    @Arg('depth', () => Int, {
      defaultValue: NETWORK_DEPTH.default,
      description: `How many guarantees out (${NETWORK_DEPTH.min}-${NETWORK_DEPTH.max}).`,
    })
    depth: number,
    @Ctx() ctx: Context,
  ): Promise<GuaranteeNetwork> {
    await authorize(ctx, f.uscc, 'NETWORK');
    return ctx.loaders.guaranteeNetworks.load({ uscc: f.uscc, depth: checkDepth(depth) });
  }

  @FieldResolver(() => [UltimateController], {
    description:
      'Who is at the top of the shareholdings above this firm (股权穿透): natural persons, firms with no recorded shareholders, and firms at the depth bound (10 layers), each with its share (ratios multiplied along a path, summed over paths; loops cut), largest first.' +
      refusalNote('REGISTRY'),
    nullable: true,
  })
  async ultimateControllers(@Root() f: FirmRoot, @Ctx() ctx: Context): Promise<UltimateController[]> {
    await authorize(ctx, f.uscc, 'REGISTRY');
    return (await ctx.loaders.ownership.load(f.uscc)).controllers;
  }

  @FieldResolver(() => [BeneficialOwner], {
    description:
      'The beneficial owners (受益所有人) by the PBoC/SAMR rule (2024): natural persons holding 25% or more directly or indirectly, else the largest natural-person holder, and the legal representative as control by other means; each with its reasons.' +
      refusalNote('REGISTRY'),
    nullable: true,
  })
  async beneficialOwners(@Root() f: FirmRoot, @Ctx() ctx: Context): Promise<BeneficialOwner[]> {
    await authorize(ctx, f.uscc, 'REGISTRY');
    const { controllers, legalRep } = await ctx.loaders.ownership.load(f.uscc);
    return beneficialOwners(f.uscc, controllers, legalRep);
  }

  @FieldResolver(() => RelatedGroup, {
    description:
      `The related group (关联集团): the firms under the same controller (the top of its chain of holdings of at least ${RELATED_GROUP_CONFIG.controlShare} each, ` +
      `and every firm that controller controls so; the borrower itself when no one controls it) and the firms of its guarantee network (live guarantees, either way, up to ${RELATED_GROUP_CONFIG.networkDepth} hops), ` +
      "each with why and the bank's exposure; and the combined exposure, the borrower's own included." +
      refusalNote('NETWORK'),
    nullable: true,
  })
  async relatedGroup(@Root() f: FirmRoot, @Ctx() ctx: Context): Promise<RelatedGroup> {
    await authorize(ctx, f.uscc, 'NETWORK');
    return ctx.loaders.relatedGroups.load(f.uscc);
  }
}

@Resolver(() => UltimateController)
export class UltimateControllerResolver {
  @FieldResolver(() => String, {
    description: "The controller's name; a person's name is personal data (masked, e.g. 王*), a firm's is not.",
  })
  @Sensitive<UltimateController>(SensitiveKind.PERSON_NAME, {
    when: (c) => isPersonParty(c.holderName, { type: c.holderType, uscc: c.holderUscc }),
  })
  holderName(@Root() c: UltimateController, @UnmaskedArg() _unmasked: boolean): string {
    return c.holderName;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "A person's resident ID number (personal data: masked); null for a firm.",
  })
  @Sensitive(SensitiveKind.ID_NUMBER)
  holderIdNo(@Root() c: UltimateController, @UnmaskedArg() _unmasked: boolean): string | null {
    return c.holderIdNo;
  }
}

@Resolver(() => BeneficialOwner)
export class BeneficialOwnerResolver {
  @FieldResolver(() => String, { description: "The person's name (personal data: masked, e.g. 王*)." })
  @Sensitive(SensitiveKind.PERSON_NAME)
  name(@Root() o: BeneficialOwner, @UnmaskedArg() _unmasked: boolean): string {
    return o.name;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "The person's resident ID number (personal data: masked); null when the registry has none.",
  })
  @Sensitive(SensitiveKind.ID_NUMBER)
  idNo(@Root() o: BeneficialOwner, @UnmaskedArg() _unmasked: boolean): string | null {
    return o.idNo;
  }
}

/** Every resolver of this folder, for src/graphql/schema.ts. */
export const networkResolvers = [BorrowerNetworkResolver, UltimateControllerResolver, BeneficialOwnerResolver] as const;
