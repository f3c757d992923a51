import { ObjectType, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import {
  BankAccount,
  Consent,
  FinancialStatement,
  Guarantee,
  Loan,
  LoanClassificationChange,
  LoanInstallment,
  MonthlyFlow,
} from './bank.records';
import type { Context } from '../../src/graphql/context';
import { SourceSync } from '../../src/provenance/source-sync.entity';
import { provenanceOf } from '../../src/borrower/sources.service';
import { months, MonthsArg } from '../../src/profile/args';
import { authorize, refusalNote } from '../../src/auth/authorize.service';
import { FirmScoped } from '../../src/profile/profile.types';

@ObjectType({
  description:
    "The bank's own books about the firm: accounts, flows, loans, guarantees, consents, financial statements.",
})
export class BankProfile extends FirmScoped {}

@Resolver(() => BankProfile)
export class BankResolver {
  @FieldResolver(() => SourceSync, {
    nullable: true,
    description: "How this source's data arrived: origin, reference, as-of date, fetch time.",
  })
  provenance(@Root() p: BankProfile, @Ctx() ctx: Context) {
    return provenanceOf(ctx, 'BANK', p.uscc);
  }

  @FieldResolver(() => [BankAccount])
  accounts(@Root() p: BankProfile, @Ctx() ctx: Context) {
    return ctx.loaders.sources.BANK.accounts.load(p.uscc);
  }

  @FieldResolver(() => [MonthlyFlow], {
    description: 'Monthly inflow, outflow and balance over all accounts, newest first.',
  })
  monthlyFlows(@Root() p: BankProfile, @MonthsArg() m: number, @Ctx() ctx: Context) {
    return ctx.loaders.sources.BANK.monthlyFlows.load({ uscc: p.uscc, months: months(m) });
  }

  @FieldResolver(() => [Loan], { description: 'Loans, newest first.' })
  loans(@Root() p: BankProfile, @Ctx() ctx: Context) {
    return ctx.loaders.sources.BANK.loans.load(p.uscc);
  }

  @FieldResolver(() => [Guarantee], { description: 'Guarantees this firm gives for others.' })
  guaranteesGiven(@Root() p: BankProfile, @Ctx() ctx: Context) {
    return ctx.loaders.sources.BANK.guaranteesGiven.load(p.uscc);
  }

  @FieldResolver(() => [Guarantee], { description: 'Guarantees others give for this firm.' })
  guaranteesReceived(@Root() p: BankProfile, @Ctx() ctx: Context) {
    return ctx.loaders.sources.BANK.guaranteesReceived.load(p.uscc);
  }

  @FieldResolver(() => [Consent], {
    nullable: true,
    description: 'Data-sharing consents the firm has granted (数据授权).' + refusalNote('INTERNAL'),
  })
  async consents(@Root() p: BankProfile, @Ctx() ctx: Context) {
    // They name other institutions: the bank's own business.
    await authorize(ctx, p.uscc, 'INTERNAL');
    return ctx.loaders.sources.BANK.consents.load(p.uscc);
  }

  @FieldResolver(() => [FinancialStatement], {
    description: 'Financial statements (财务报表) the firm handed the bank, newest period first.',
  })
  financialStatements(@Root() p: BankProfile, @Ctx() ctx: Context) {
    return ctx.loaders.sources.BANK.financialStatements.load(p.uscc);
  }
}

@Resolver(() => Loan)
export class LoanResolver {
  @FieldResolver(() => [LoanInstallment], { description: 'Repayment schedule, in order.' })
  schedule(@Root() loan: Loan, @Ctx() ctx: Context) {
    return ctx.loaders.sources.BANK.installments.load(loan.id);
  }

  @FieldResolver(() => [LoanClassificationChange], {
    description:
      'Five-tier classification history (五级分类), oldest first: each change with the day it took effect; the last is the current classification.',
  })
  classificationHistory(@Root() loan: Loan, @Ctx() ctx: Context) {
    return ctx.loaders.sources.BANK.classificationHistory.load(loan.id);
  }
}
