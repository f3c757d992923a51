import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { SensitiveKind } from '../masking/masking.config';
import { Sensitive, UnmaskedArg } from '../masking/sensitive';
import { AbnormalListing, RegistryChange, RegistryCompany, Shareholder } from '../../connectors/registry';
import type { Context } from '../graphql/context';
import { SourceSync } from '../provenance/source-sync.entity';
import { provenanceOf } from '../borrower/sources.service';
import { first, FirstArg } from './args';

@Resolver(() => RegistryCompany)
export class RegistryResolver {
  @FieldResolver(() => SourceSync, { nullable: true, description: 'How this source\'s data arrived: origin, reference, as-of date, fetch time.' })
  provenance(@Root() r: RegistryCompany, @Ctx() ctx: Context) {
    return provenanceOf(ctx, 'REGISTRY', r.uscc);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Legal representative\'s resident ID number (personal data: masked, e.g. 3301**********1234).' })
  @Sensitive(SensitiveKind.ID_NUMBER)
  legalRepIdNo(@Root() r: RegistryCompany, @UnmaskedArg() _unmasked: boolean): string {
    return r.legalRepIdNo;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Legal representative\'s mobile phone (personal data: masked, e.g. 138****1234).' })
  @Sensitive(SensitiveKind.PHONE)
  legalRepPhone(@Root() r: RegistryCompany, @UnmaskedArg() _unmasked: boolean): string | null {
    return r.legalRepPhone;
  }

  @FieldResolver(() => [Shareholder], { description: 'Shareholders (股东), largest share first.' })
  shareholders(@Root() r: RegistryCompany, @Ctx() ctx: Context) {
    return ctx.loaders.registry.shareholders.load(r.uscc);
  }

  @FieldResolver(() => [RegistryChange], { description: 'Registered changes (变更记录), newest first.' })
  changes(@Root() r: RegistryCompany, @FirstArg() n: number, @Ctx() ctx: Context) {
    return ctx.loaders.registry.changes.load({ uscc: r.uscc, first: first(n) });
  }

  @FieldResolver(() => [AbnormalListing], { description: 'Abnormal-operations listings (经营异常名录), newest first.' })
  abnormalListings(@Root() r: RegistryCompany, @Ctx() ctx: Context) {
    return ctx.loaders.registry.abnormalListings.load(r.uscc);
  }
}

@Resolver(() => Shareholder)
export class ShareholderResolver {
  @FieldResolver(() => String, { nullable: true, description: 'A person shareholder\'s resident ID number (personal data: masked); null for a firm.' })
  @Sensitive(SensitiveKind.ID_NUMBER)
  holderIdNo(@Root() s: Shareholder, @UnmaskedArg() _unmasked: boolean): string | null {
    return s.holderIdNo;
  }
}
