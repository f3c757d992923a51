import { ObjectType, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Confirmation, CoreEnterprise, Pledge, PurchaseOrder, Receivable } from './supply-chain.records';
import type { Context } from '../../src/graphql/context';
import { SourceSync } from '../../src/provenance/source-sync.entity';
import { provenanceOf } from '../../src/borrower/sources.service';
import { first, FirstArg } from '../../src/profile/args';
import { FirmScoped } from '../../src/profile/profile.types';

@ObjectType({ description: 'The firm in supply chains: core enterprises it supplies, orders, receivables.' })
export class SupplyChainProfile extends FirmScoped {}

@Resolver(() => SupplyChainProfile)
export class SupplyChainResolver {
  @FieldResolver(() => SourceSync, {
    nullable: true,
    description: "How this source's data arrived: origin, reference, as-of date, fetch time.",
  })
  provenance(@Root() p: SupplyChainProfile, @Ctx() ctx: Context) {
    return provenanceOf(ctx, 'SUPPLY_CHAIN', p.uscc);
  }

  @FieldResolver(() => [CoreEnterprise], { description: 'Core enterprises the firm supplies.' })
  coreEnterprises(@Root() p: SupplyChainProfile, @Ctx() ctx: Context) {
    return ctx.loaders.sources.SUPPLY_CHAIN.coreEnterprises.load(p.uscc);
  }

  @FieldResolver(() => [PurchaseOrder], { description: 'Orders placed with the firm, newest first.' })
  orders(@Root() p: SupplyChainProfile, @FirstArg() n: number, @Ctx() ctx: Context) {
    return ctx.loaders.sources.SUPPLY_CHAIN.orders.load({ uscc: p.uscc, first: first(n) });
  }

  @FieldResolver(() => [Receivable], { description: 'Receivables the firm holds, newest first.' })
  receivables(@Root() p: SupplyChainProfile, @FirstArg() n: number, @Ctx() ctx: Context) {
    return ctx.loaders.sources.SUPPLY_CHAIN.receivables.load({ uscc: p.uscc, first: first(n) });
  }
}

@Resolver(() => Receivable)
export class ReceivableResolver {
  @FieldResolver(() => [Confirmation])
  confirmations(@Root() r: Receivable, @Ctx() ctx: Context) {
    return ctx.loaders.sources.SUPPLY_CHAIN.confirmations.load(r.id);
  }

  @FieldResolver(() => [Pledge])
  pledges(@Root() r: Receivable, @Ctx() ctx: Context) {
    return ctx.loaders.sources.SUPPLY_CHAIN.pledges.load(r.id);
  }
}
