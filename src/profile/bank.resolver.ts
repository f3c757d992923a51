import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import {
  BankAccount,
  Consent,
  FinancialStatement,
  Guarantee,
  Loan,
  LoanClassificationChange,
  LoanInstallment,
  MonthlyFlow,
} from '../../connectors/bank';
import type { Context } from '../graphql/context';
import { SourceSync } from '../provenance/source-sync.entity';
import { provenanceOf } from '../borrower/sources.service';
import { months, MonthsArg } from './args';
import { BankProfile } from './profile.types';
import { authorize } from '../auth/authorize.service';

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
    return ctx.loaders.bank.accounts.load(p.uscc);
  }

  @FieldResolver(() => [MonthlyFlow], {
    description: 'Monthly inflow, outflow and balance over all accounts, newest first.',
  })
  monthlyFlows(@Root() p: BankProfile, @MonthsArg() m: number, @Ctx() ctx: Context) {
    return ctx.loaders.bank.monthlyFlows.load({ uscc: p.uscc, months: months(m) });
  }

  @FieldResolver(() => [Loan], { description: 'Loans, newest first.' })
  loans(@Root() p: BankProfile, @Ctx() ctx: Context) {
    return ctx.loaders.bank.loans.load(p.uscc);
  }

  @FieldResolver(() => [Guarantee], { description: 'Guarantees this firm gives for others.' })
  guaranteesGiven(@Root() p: BankProfile, @Ctx() ctx: Context) {
    return ctx.loaders.bank.guaranteesGiven.load(p.uscc);
  }

  @FieldResolver(() => [Guarantee], { description: 'Guarantees others give for this firm.' })
  guaranteesReceived(@Root() p: BankProfile, @Ctx() ctx: Context) {
    return ctx.loaders.bank.guaranteesReceived.load(p.uscc);
  }

  @FieldResolver(() => [Consent], { description: 'Data-sharing consents the firm has granted (数据授权).' })
  async consents(@Root() p: BankProfile, @Ctx() ctx: Context) {
    // They name other institutions: the bank's own business.
    await authorize(ctx, p.uscc, 'INTERNAL');
    return ctx.loaders.bank.consents.load(p.uscc);
  }

  @FieldResolver(() => [FinancialStatement], {
    description: 'Financial statements (财务报表) the firm handed the bank, newest period first.',
  })
  financialStatements(@Root() p: BankProfile, @Ctx() ctx: Context) {
    return ctx.loaders.bank.financialStatements.load(p.uscc);
  }
}

@Resolver(() => Loan)
export class LoanResolver {
  @FieldResolver(() => [LoanInstallment], { description: 'Repayment schedule, in order.' })
  schedule(@Root() loan: Loan, @Ctx() ctx: Context) {
    return ctx.loaders.bank.installments.load(loan.id);
  }

  @FieldResolver(() => [LoanClassificationChange], {
    description:
      'Five-tier classification history (五级分类), oldest first: each change with the day it took effect; the last is the current classification.',
  })
  classificationHistory(@Root() loan: Loan, @Ctx() ctx: Context) {
    return ctx.loaders.bank.classificationHistory.load(loan.id);
  }
}
