import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { SocialInsuranceMonth, UtilityPayment } from '../../connectors/alt-data';
import type { Context } from '../graphql/context';
import { SourceSync } from '../provenance/source-sync.entity';
import { provenanceOf } from '../borrower/sources.service';
import { months, MonthsArg } from './args';
import { AltDataProfile } from './profile.types';

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
    return ctx.loaders.altData.socialInsurance.load({ uscc: p.uscc, months: months(m) });
  }

  @FieldResolver(() => [UtilityPayment], { description: 'Utility bills and payments per month, newest first.' })
  utilities(@Root() p: AltDataProfile, @MonthsArg() m: number, @Ctx() ctx: Context) {
    return ctx.loaders.altData.utilities.load({ uscc: p.uscc, months: months(m) });
  }
}
