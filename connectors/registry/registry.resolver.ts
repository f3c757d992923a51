import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { SensitiveKind } from '../../src/masking/masking.config';
import { Sensitive, UnmaskedArg } from '../../src/masking/sensitive';
import { maskPersonNamesInText } from '../../src/masking/mask';
import { isPersonParty } from '../../src/masking/person-name';
import { AbnormalListing, ChangeItem, RegistryChange, RegistryCompany, Shareholder } from './registry.records';
import type { Context } from '../../src/graphql/context';
import { SourceSync } from '../../src/provenance/source-sync.entity';
import { provenanceOf } from '../../src/borrower/sources.service';
import { first, FirstArg } from '../../src/profile/args';

@Resolver(() => RegistryCompany)
export class RegistryResolver {
  @FieldResolver(() => SourceSync, {
    nullable: true,
    description: "How this source's data arrived: origin, reference, as-of date, fetch time.",
  })
  provenance(@Root() r: RegistryCompany, @Ctx() ctx: Context) {
    return provenanceOf(ctx, 'REGISTRY', r.uscc);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Legal representative (法定代表人), always a person: personal data (masked, e.g. 王*).',
  })
  @Sensitive(SensitiveKind.PERSON_NAME)
  legalRepName(@Root() r: RegistryCompany, @UnmaskedArg() _unmasked: boolean): string {
    return r.legalRepName;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "Legal representative's resident ID number (personal data: masked, e.g. 3301**********1234).",
  })
  @Sensitive(SensitiveKind.ID_NUMBER)
  legalRepIdNo(@Root() r: RegistryCompany, @UnmaskedArg() _unmasked: boolean): string {
    return r.legalRepIdNo;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "Legal representative's mobile phone (personal data: masked, e.g. 138****1234).",
  })
  @Sensitive(SensitiveKind.PHONE)
  legalRepPhone(@Root() r: RegistryCompany, @UnmaskedArg() _unmasked: boolean): string | null {
    return r.legalRepPhone;
  }

  @FieldResolver(() => [Shareholder], { description: 'Shareholders (股东), largest share first.' })
  shareholders(@Root() r: RegistryCompany, @Ctx() ctx: Context) {
    return ctx.loaders.sources.REGISTRY.shareholders.load(r.uscc);
  }

  @FieldResolver(() => [RegistryChange], { description: 'Registered changes (变更记录), newest first.' })
  changes(@Root() r: RegistryCompany, @FirstArg() n: number, @Ctx() ctx: Context) {
    return ctx.loaders.sources.REGISTRY.changes.load({ uscc: r.uscc, first: first(n) });
  }

  @FieldResolver(() => [AbnormalListing], { description: 'Abnormal-operations listings (经营异常名录), newest first.' })
  abnormalListings(@Root() r: RegistryCompany, @Ctx() ctx: Context) {
    return ctx.loaders.sources.REGISTRY.abnormalListings.load(r.uscc);
  }
}

@Resolver(() => Shareholder)
export class ShareholderResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: "The holder's name; a person's name is personal data (masked, e.g. 王*), a firm's is not.",
  })
  @Sensitive<Shareholder>(SensitiveKind.PERSON_NAME, {
    when: (s) => isPersonParty(s.holderName, { type: s.holderType, uscc: s.holderUscc }),
  })
  holderName(@Root() s: Shareholder, @UnmaskedArg() _unmasked: boolean): string {
    return s.holderName;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "A person shareholder's resident ID number (personal data: masked); null for a firm.",
  })
  @Sensitive(SensitiveKind.ID_NUMBER)
  holderIdNo(@Root() s: Shareholder, @UnmaskedArg() _unmasked: boolean): string | null {
    return s.holderIdNo;
  }
}

/** Registry changes whose values name persons: the legal representative, the shareholders (`黄俊志(78.59%)、李华(21.41%)`). */
const NAMES_PERSONS: ReadonlySet<ChangeItem> = new Set([ChangeItem.LEGAL_REPRESENTATIVE, ChangeItem.SHAREHOLDER]);
const namesPersons = (c: RegistryChange) => NAMES_PERSONS.has(c.item);

@Resolver(() => RegistryChange)
export class RegistryChangeResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description:
      "The value before. A change of the legal representative or the shareholders names persons: each person's name in it is masked (黄**(78.59%)), the rest kept.",
  })
  @Sensitive<RegistryChange>(SensitiveKind.PERSON_NAME, { when: namesPersons, maskWith: maskPersonNamesInText })
  beforeValue(@Root() c: RegistryChange, @UnmaskedArg() _unmasked: boolean): string {
    return c.beforeValue;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "The value after; persons' names masked as in beforeValue.",
  })
  @Sensitive<RegistryChange>(SensitiveKind.PERSON_NAME, { when: namesPersons, maskWith: maskPersonNamesInText })
  afterValue(@Root() c: RegistryChange, @UnmaskedArg() _unmasked: boolean): string {
    return c.afterValue;
  }
}
