/** The bank's own books (core banking system), mirror schema `bank`. */
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { DateColumn, MoneyColumn, UsccColumn } from '../shared/columns';
import { DateTimeScalar, LocalDateScalar, MoneyScalar, YearMonthScalar } from '../../src/graphql/scalars';
import { ImportKeyed } from '../../src/import/import-keyed';
import { Guarantee, Loan, LoanClassificationChange, LoanInstallment } from './loan.records';

export * from './loan.records';

export enum AccountType {
  BASIC = 'BASIC',
  GENERAL = 'GENERAL',
}
registerEnumType(AccountType, { name: 'AccountType', description: '基本存款账户 / 一般存款账户' });

export enum ConsentScope {
  FULL = 'FULL',
  SCORE_ONLY = 'SCORE_ONLY',
}
registerEnumType(ConsentScope, {
  name: 'ConsentScope',
  description: 'FULL: data visible; SCORE_ONLY: data usable, not visible (可用不可见).',
});

export enum StatementPeriod {
  ANNUAL = 'ANNUAL',
  SEMI_ANNUAL = 'SEMI_ANNUAL',
  QUARTERLY = 'QUARTERLY',
}
registerEnumType(StatementPeriod, {
  name: 'StatementPeriod',
  description: '年报 / 半年报 / 季报: the period a financial statement covers, ending at periodEnd.',
});

@Entity({ schema: 'bank', name: 'account' })
@Index('account_uscc', ['uscc'])
@ObjectType('BankAccount', { simpleResolvers: true })
export class BankAccount {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  @Field(() => ID)
  id: string;

  @UsccColumn()
  uscc: string;

  @Column({ type: 'varchar', length: 32, unique: true })
  @Field()
  accountNo: string;

  @Column({ type: 'enum', enum: AccountType, enumName: 'account_type' })
  @Field(() => AccountType)
  accountType: AccountType;

  @DateColumn()
  @Field(() => LocalDateScalar)
  openedOn: string;

  @DateColumn({ nullable: true })
  @Field(() => LocalDateScalar, { nullable: true })
  closedOn: string | null;
}

@Entity({ schema: 'bank', name: 'account_month' })
@Index('account_month_uscc_month', ['uscc', 'month'])
export class AccountMonth {
  @PrimaryColumn({ type: 'bigint' })
  accountId: string;

  @PrimaryColumn({ type: 'char', length: 7 })
  month: string;

  /** Denormalised owner, so a firm's flows are read without a join. */
  @UsccColumn()
  uscc: string;

  @MoneyColumn()
  inflow: string;

  @MoneyColumn()
  outflow: string;

  @MoneyColumn()
  endBalance: string;
}

/** A firm's flows over all its accounts in one month (summed in SQL from bank.account_month). */
@ObjectType({
  simpleResolvers: true,
  description: "Inflow, outflow and month-end balance over all of a firm's accounts.",
})
export class MonthlyFlow {
  @Field(() => YearMonthScalar)
  month: string;
  @Field(() => MoneyScalar)
  inflow: string;
  @Field(() => MoneyScalar)
  outflow: string;
  @Field(() => MoneyScalar)
  endBalance: string;
}

@Entity({ schema: 'bank', name: 'consent' })
@Index('consent_import_key', ['importKey'], { unique: true })
@Index('consent_uscc', ['uscc', 'grantee'])
@ObjectType({
  simpleResolvers: true,
  description: "A firm's consent (数据授权) for an institution to use its data for a purpose.",
})
export class Consent extends ImportKeyed {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  @Field(() => ID)
  id: string;

  @UsccColumn()
  uscc: string;

  @Column({ type: 'text' })
  @Field({ description: 'The institution the consent names.' })
  grantee: string;

  @Column({ type: 'text' })
  @Field({ description: 'Purpose, e.g. CREDIT_APPLICATION, POST_LOAN_MONITORING.' })
  purpose: string;

  @Column({ type: 'text', array: true })
  @Field(() => [String], { description: 'Sources the consent covers.' })
  sources: string[];

  @Column({ type: 'enum', enum: ConsentScope, enumName: 'consent_scope' })
  @Field(() => ConsentScope)
  scope: ConsentScope;

  @DateColumn()
  @Field(() => LocalDateScalar)
  validFrom: string;

  @DateColumn()
  @Field(() => LocalDateScalar)
  validTo: string;

  @Column({ type: 'timestamptz' })
  @Field(() => DateTimeScalar)
  grantedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  @Field(() => DateTimeScalar, { nullable: true })
  revokedAt: Date | null;
}

/**
 * A financial statement (财务报表) a borrower handed the bank: balance-sheet figures at
 * period_end, income and cash-flow figures for the period (year to date, as Chinese statements
 * report them). The rows are as the firm reported them: whether they add up (勾稽关系) is the
 * data-quality check FINANCIAL_STATEMENT_IDENTITY's business, not the import's.
 */
@Entity({ schema: 'bank', name: 'financial_statement' })
@Index('financial_statement_import_key', ['importKey'], { unique: true })
@Index('financial_statement_uscc_period', ['uscc', 'periodEnd'])
@ObjectType({
  simpleResolvers: true,
  description:
    'A financial statement (财务报表) the firm handed the bank: balance sheet at periodEnd, income and cash flow for the period.',
})
export class FinancialStatement extends ImportKeyed {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  @Field(() => ID)
  id: string;

  @UsccColumn()
  uscc: string;

  @DateColumn()
  @Field(() => LocalDateScalar, {
    description: 'Balance-sheet date; the period runs from the start of its year (year to date).',
  })
  periodEnd: string;

  @Column({ type: 'enum', enum: StatementPeriod, enumName: 'statement_period' })
  @Field(() => StatementPeriod)
  periodType: StatementPeriod;

  @Column({ type: 'boolean' })
  @Field({ description: 'Audited by an accounting firm (审计).' })
  audited: boolean;

  @MoneyColumn()
  @Field(() => MoneyScalar, { description: '资产总计' })
  totalAssets: string;

  @MoneyColumn()
  @Field(() => MoneyScalar, { description: '流动资产合计' })
  currentAssets: string;

  @MoneyColumn()
  @Field(() => MoneyScalar, { description: '货币资金' })
  cash: string;

  @MoneyColumn()
  @Field(() => MoneyScalar, { description: '应收账款' })
  accountsReceivable: string;

  @MoneyColumn()
  @Field(() => MoneyScalar, { description: '存货' })
  inventory: string;

  @MoneyColumn()
  @Field(() => MoneyScalar, { description: '负债合计' })
  totalLiabilities: string;

  @MoneyColumn()
  @Field(() => MoneyScalar, { description: '流动负债合计' })
  currentLiabilities: string;

  @MoneyColumn()
  @Field(() => MoneyScalar, { description: '短期借款' })
  shortTermBorrowings: string;

  @MoneyColumn()
  @Field(() => MoneyScalar, { description: '所有者权益合计 (negative when liabilities exceed assets).' })
  ownersEquity: string;

  @MoneyColumn()
  @Field(() => MoneyScalar, { description: '营业收入, for the period.' })
  revenue: string;

  @MoneyColumn()
  @Field(() => MoneyScalar, { description: '营业成本, for the period.' })
  costOfSales: string;

  @MoneyColumn()
  @Field(() => MoneyScalar, { description: '净利润, for the period (negative for a loss).' })
  netProfit: string;

  @MoneyColumn()
  @Field(() => MoneyScalar, { description: '经营活动产生的现金流量净额, for the period.' })
  operatingCashFlow: string;

  @DateColumn()
  @Field(() => LocalDateScalar, { description: 'The day the bank received the statement.' })
  receivedOn: string;
}

export const bankEntities = [
  BankAccount,
  AccountMonth,
  Loan,
  LoanInstallment,
  LoanClassificationChange,
  Guarantee,
  Consent,
  FinancialStatement,
];
