/** The bank's loans: contracts, their repayment schedules and classification histories, and guarantees (mirror schema `bank`). */
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateColumn, MoneyColumn, UsccColumn } from '../shared/columns';
import { LocalDateScalar, MoneyScalar, UsccScalar } from '../../src/graphql/scalars';
import { ImportKeyed } from '../../src/import/import-keyed';

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
