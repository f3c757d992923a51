/** The bank's own books (core banking system), mirror schema `bank`. */
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateColumn, MoneyColumn, UsccColumn } from '../shared/columns';
import { DateTimeScalar, LocalDateScalar, MoneyScalar, UsccScalar, YearMonthScalar } from '../../src/graphql/scalars';
import { ImportKeyed } from '../../src/import/import-keyed';

export enum AccountType {
  BASIC = 'BASIC',
  GENERAL = 'GENERAL',
}
registerEnumType(AccountType, { name: 'AccountType', description: '基本存款账户 / 一般存款账户' });

export enum LoanClass {
  NORMAL = 'NORMAL',
  SPECIAL_MENTION = 'SPECIAL_MENTION',
  SUBSTANDARD = 'SUBSTANDARD',
  DOUBTFUL = 'DOUBTFUL',
  LOSS = 'LOSS',
}
registerEnumType(LoanClass, {
  name: 'LoanClass',
  description: 'Five-tier loan classification: 正常 / 关注 / 次级 / 可疑 / 损失',
});

export enum RepaymentMethod {
  EQUAL_INSTALLMENT = 'EQUAL_INSTALLMENT',
  EQUAL_PRINCIPAL = 'EQUAL_PRINCIPAL',
  INTEREST_ONLY = 'INTEREST_ONLY',
  BULLET = 'BULLET',
}
registerEnumType(RepaymentMethod, {
  name: 'RepaymentMethod',
  description: '等额本息 / 等额本金 / 先息后本 / 到期一次还本付息',
});

export enum LoanStatus {
  ACTIVE = 'ACTIVE',
  SETTLED = 'SETTLED',
  WRITTEN_OFF = 'WRITTEN_OFF',
}
registerEnumType(LoanStatus, { name: 'LoanStatus' });

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

@Entity({ schema: 'bank', name: 'loan' })
@Index('loan_uscc', ['uscc', 'startDate'])
@ObjectType({ simpleResolvers: true, description: "A loan on the bank's books." })
export class Loan {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  @Field(() => ID)
  id: string;

  @UsccColumn()
  uscc: string;

  @Column({ type: 'varchar', length: 32, unique: true })
  @Field()
  contractNo: string;

  @Column({ type: 'text' })
  @Field()
  product: string;

  @MoneyColumn()
  @Field(() => MoneyScalar)
  principal: string;

  @MoneyColumn()
  @Field(() => MoneyScalar, { description: 'Outstanding balance.' })
  balance: string;

  @Column({ type: 'numeric', precision: 7, scale: 4 })
  @Field({ description: 'Annual interest rate as a decimal string, e.g. "0.0435".' })
  annualRate: string;

  @Column({ type: 'int' })
  @Field(() => Int)
  termMonths: number;

  @Column({ type: 'enum', enum: RepaymentMethod, enumName: 'repayment_method' })
  @Field(() => RepaymentMethod)
  repaymentMethod: RepaymentMethod;

  @DateColumn()
  @Field(() => LocalDateScalar)
  startDate: string;

  @DateColumn()
  @Field(() => LocalDateScalar)
  maturityDate: string;

  @Column({ type: 'int', default: 0 })
  @Field(() => Int)
  overdueDays: number;

  @Column({ type: 'enum', enum: LoanClass, enumName: 'loan_class' })
  @Field(() => LoanClass)
  classification: LoanClass;

  @Column({ type: 'enum', enum: LoanStatus, enumName: 'loan_status' })
  @Field(() => LoanStatus)
  status: LoanStatus;

  @DateColumn({ nullable: true })
  @Field(() => LocalDateScalar, {
    nullable: true,
    description: 'The day the loan was written off (核销), when it was.',
  })
  writtenOffOn: string | null;
}

/**
 * The loan's classification history: one row each time the five-tier classification changed
 * (reviewed at month ends), so the classification on any past day is derivable. The loan's
 * `classification` is the newest row's.
 */
@Entity({ schema: 'bank', name: 'loan_classification' })
@ObjectType({ simpleResolvers: true, description: "A change of a loan's five-tier classification (五级分类)." })
export class LoanClassificationChange {
  @PrimaryColumn({ type: 'bigint' })
  loanId: string;

  @PrimaryColumn({ type: 'date' })
  @Field(() => LocalDateScalar, { description: 'The day the classification took effect.' })
  changedOn: string;

  @Column({ type: 'enum', enum: LoanClass, enumName: 'loan_class' })
  @Field(() => LoanClass)
  classification: LoanClass;
}

@Entity({ schema: 'bank', name: 'loan_installment' })
@ObjectType({ simpleResolvers: true, description: "One instalment of a loan's repayment schedule." })
export class LoanInstallment {
  @PrimaryColumn({ type: 'bigint' })
  loanId: string;

  @PrimaryColumn({ type: 'int' })
  @Field(() => Int)
  seq: number;

  @DateColumn()
  @Field(() => LocalDateScalar)
  dueDate: string;

  @MoneyColumn()
  @Field(() => MoneyScalar)
  principalDue: string;

  @MoneyColumn()
  @Field(() => MoneyScalar)
  interestDue: string;

  @DateColumn({ nullable: true })
  @Field(() => LocalDateScalar, { nullable: true })
  paidOn: string | null;

  @MoneyColumn({ default: 0 })
  @Field(() => MoneyScalar)
  paidAmount: string;
}

@Entity({ schema: 'bank', name: 'guarantee' })
@Index('guarantee_import_key', ['importKey'], { unique: true })
@Index('guarantee_guarantor', ['guarantorUscc'])
@Index('guarantee_borrower', ['borrowerUscc'])
@ObjectType({ simpleResolvers: true, description: "A guarantee (担保) one firm gives for another's borrowing." })
export class Guarantee extends ImportKeyed {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  @Field(() => ID)
  id: string;

  @UsccColumn()
  @Field(() => UsccScalar)
  guarantorUscc: string;

  @UsccColumn()
  @Field(() => UsccScalar)
  borrowerUscc: string;

  @Column({ type: 'bigint', nullable: true })
  @Field(() => ID, { nullable: true, description: "The guaranteed loan, when it is on this bank's books." })
  loanId: string | null;

  @MoneyColumn()
  @Field(() => MoneyScalar)
  amount: string;

  @DateColumn()
  @Field(() => LocalDateScalar)
  startDate: string;

  @DateColumn()
  @Field(() => LocalDateScalar)
  endDate: string;
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
