import { ObjectType, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { CasePartyView, DishonestListing, Enforcement, FirmCase, PartyType } from './judicial.records';
import { SensitiveKind } from '../../src/masking/masking.config';
import { Sensitive, UnmaskedArg } from '../../src/masking/sensitive';
import type { Context } from '../../src/graphql/context';
import { SourceSync } from '../../src/provenance/source-sync.entity';
import { provenanceOf } from '../../src/borrower/sources.service';
import { first, FirstArg } from '../../src/profile/args';
import { FirmScoped } from '../../src/profile/profile.types';

@ObjectType({ description: 'Court records about the firm (司法).' })
export class JudicialProfile extends FirmScoped {}

@Resolver(() => JudicialProfile)
export class JudicialResolver {
  @FieldResolver(() => SourceSync, {
    nullable: true,
    description: "How this source's data arrived: origin, reference, as-of date, fetch time.",
  })
  provenance(@Root() p: JudicialProfile, @Ctx() ctx: Context) {
    return provenanceOf(ctx, 'JUDICIAL', p.uscc);
  }

  @FieldResolver(() => [FirmCase], { description: 'Court cases the firm is party to, newest first.' })
  cases(@Root() p: JudicialProfile, @FirstArg() n: number, @Ctx() ctx: Context) {
    return ctx.loaders.sources.JUDICIAL.cases.load({ uscc: p.uscc, first: first(n) });
  }

  @FieldResolver(() => [Enforcement])
  enforcements(@Root() p: JudicialProfile, @Ctx() ctx: Context) {
    return ctx.loaders.sources.JUDICIAL.enforcements.load(p.uscc);
  }

  @FieldResolver(() => [DishonestListing])
  dishonestListings(@Root() p: JudicialProfile, @Ctx() ctx: Context) {
    return ctx.loaders.sources.JUDICIAL.dishonestListings.load(p.uscc);
  }
}

@Resolver(() => FirmCase)
export class CourtCaseResolver {
  @FieldResolver(() => [CasePartyView], {
    description: "Every party to the case (this firm too); persons' names are masked.",
  })
  async parties(@Root() c: FirmCase, @Ctx() ctx: Context): Promise<CasePartyView[]> {
    const rows = await ctx.loaders.sources.JUDICIAL.parties.load(c.id);
    return rows.map((p) => ({
      id: p.id,
      partyType: p.partyType,
      role: p.role,
      uscc: p.uscc,
      name: p.name,
      firmUscc: c.firmUscc,
    }));
  }
}

@Resolver(() => CasePartyView)
export class CasePartyResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: "The party's name; a person's name is personal data (masked, e.g. 王*).",
  })
  @Sensitive<CasePartyView>(SensitiveKind.PERSON_NAME, {
    firmOf: (p) => p.firmUscc,
    when: (p) => p.partyType === PartyType.PERSON,
  })
  name(@Root() p: CasePartyView, @UnmaskedArg() _unmasked: boolean): string {
    return p.name;
  }
}
