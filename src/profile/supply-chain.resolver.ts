import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Confirmation, CoreEnterprise, Pledge, PurchaseOrder, Receivable } from '../../connectors/supply-chain';
import type { Context } from '../graphql/context';
import { SourceSync } from '../provenance/source-sync.entity';
import { provenanceOf } from '../borrower/sources.service';
import { first, FirstArg } from './args';
import { SupplyChainProfile } from './profile.types';

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
    return ctx.loaders.supplyChain.coreEnterprises.load(p.uscc);
  }

  @FieldResolver(() => [PurchaseOrder], { description: 'Orders placed with the firm, newest first.' })
  orders(@Root() p: SupplyChainProfile, @FirstArg() n: number, @Ctx() ctx: Context) {
    return ctx.loaders.supplyChain.orders.load({ uscc: p.uscc, first: first(n) });
  }

  @FieldResolver(() => [Receivable], { description: 'Receivables the firm holds, newest first.' })
  receivables(@Root() p: SupplyChainProfile, @FirstArg() n: number, @Ctx() ctx: Context) {
    return ctx.loaders.supplyChain.receivables.load({ uscc: p.uscc, first: first(n) });
  }
}

@Resolver(() => Receivable)
export class ReceivableResolver {
  @FieldResolver(() => [Confirmation])
  confirmations(@Root() r: Receivable, @Ctx() ctx: Context) {
    return ctx.loaders.supplyChain.confirmations.load(r.id);
  }

  @FieldResolver(() => [Pledge])
  pledges(@Root() r: Receivable, @Ctx() ctx: Context) {
    return ctx.loaders.supplyChain.pledges.load(r.id);
  }
}
