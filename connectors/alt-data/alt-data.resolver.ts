import { ObjectType, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { SocialInsuranceMonth, UtilityPayment } from './alt-data.records';
import type { Context } from '../../src/graphql/context';
import { SourceSync } from '../../src/provenance/source-sync.entity';
import { provenanceOf } from '../../src/borrower/sources.service';
import { months, MonthsArg } from '../../src/profile/args';
import { FirmScoped } from '../../src/profile/profile.types';

@ObjectType({ description: 'Alternative data: social-insurance headcount (社保) and utility payments (水电气).' })
export class AltDataProfile extends FirmScoped {}

@Resolver(() => AltDataProfile)
export class AltDataResolver {
  @FieldResolver(() => SourceSync, {
    nullable: true,
    description: "How this source's data arrived: origin, reference, as-of date, fetch time.",
  })
  provenance(@Root() p: AltDataProfile, @Ctx() ctx: Context) {
    return provenanceOf(ctx, 'ALT_DATA', p.uscc);
  }

  @FieldResolver(() => [SocialInsuranceMonth], { description: 'Insured headcount per month, newest first.' })
  socialInsurance(@Root() p: AltDataProfile, @MonthsArg() m: number, @Ctx() ctx: Context) {
    return ctx.loaders.sources.ALT_DATA.socialInsurance.load({ uscc: p.uscc, months: months(m) });
  }

  @FieldResolver(() => [UtilityPayment], { description: 'Utility bills and payments per month, newest first.' })
  utilities(@Root() p: AltDataProfile, @MonthsArg() m: number, @Ctx() ctx: Context) {
    return ctx.loaders.sources.ALT_DATA.utilities.load({ uscc: p.uscc, months: months(m) });
  }
}
