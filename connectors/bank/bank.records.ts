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
registerEnumType(LoanClass, { name: 'LoanClass', description: 'Five-tier loan classification: 正常 / 关注 / 次级 / 可疑 / 损失' });

export enum RepaymentMethod {
  EQUAL_INSTALLMENT = 'EQUAL_INSTALLMENT',
  EQUAL_PRINCIPAL = 'EQUAL_PRINCIPAL',
  INTEREST_ONLY = 'INTEREST_ONLY',
  BULLET = 'BULLET',
}
registerEnumType(RepaymentMethod, { name: 'RepaymentMethod', description: '等额本息 / 等额本金 / 先息后本 / 到期一次还本付息' });

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
registerEnumType(ConsentScope, { name: 'ConsentScope', description: 'FULL: data visible; SCORE_ONLY: data usable, not visible (可用不可见).' });

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
@ObjectType({ simpleResolvers: true, description: 'Inflow, outflow and month-end balance over all of a firm\'s accounts.' })
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
@ObjectType({ simpleResolvers: true, description: 'A loan on the bank\'s books.' })
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
}

@Entity({ schema: 'bank', name: 'loan_installment' })
@ObjectType({ simpleResolvers: true, description: 'One instalment of a loan\'s repayment schedule.' })
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
@ObjectType({ simpleResolvers: true, description: 'A guarantee (担保) one firm gives for another\'s borrowing.' })
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
  @Field(() => ID, { nullable: true, description: 'The guaranteed loan, when it is on this bank\'s books.' })
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
@ObjectType({ simpleResolvers: true, description: 'A firm\'s consent (数据授权) for an institution to use its data for a purpose.' })
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

export const bankEntities = [BankAccount, AccountMonth, Loan, LoanInstallment, Guarantee, Consent];
