/** Alternative data: monthly social-insurance headcount (社保) and utility payments (水电气), schema `alt_data`. */
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateColumn, MoneyColumn } from '../shared/columns';
import { LocalDateScalar, MoneyScalar, YearMonthScalar } from '../../src/graphql/scalars';

export enum UtilityKind {
  ELECTRICITY = 'ELECTRICITY',
  WATER = 'WATER',
  GAS = 'GAS',
}
registerEnumType(UtilityKind, { name: 'UtilityKind' });

@Entity({ schema: 'alt_data', name: 'social_insurance_month' })
@ObjectType({ simpleResolvers: true, description: 'Staff insured by the firm in a month (社保缴纳人数).' })
export class SocialInsuranceMonth {
  @PrimaryColumn({ type: 'char', length: 18 })
  uscc: string;

  @PrimaryColumn({ type: 'char', length: 7 })
  @Field(() => YearMonthScalar)
  month: string;

  @Column({ type: 'int' })
  @Field(() => Int)
  insuredHeadcount: number;

  @MoneyColumn()
  @Field(() => MoneyScalar, { description: 'Contributions paid in the month.' })
  contributionsPaid: string;
}

@Entity({ schema: 'alt_data', name: 'utility_payment' })
@ObjectType({ simpleResolvers: true, description: 'A monthly utility bill and its payment.' })
export class UtilityPayment {
  @PrimaryColumn({ type: 'char', length: 18 })
  uscc: string;

  @PrimaryColumn({ type: 'char', length: 7 })
  @Field(() => YearMonthScalar)
  month: string;

  @PrimaryColumn({ type: 'enum', enum: UtilityKind, enumName: 'utility_kind' })
  @Field(() => UtilityKind)
  utility: UtilityKind;

  @Column({ type: 'numeric', precision: 14, scale: 2 })
  @Field({ description: "Usage in the utility's unit (kWh, m³) as a decimal string." })
  usage: string;

  @MoneyColumn()
  @Field(() => MoneyScalar)
  amountDue: string;

  @MoneyColumn()
  @Field(() => MoneyScalar)
  amountPaid: string;

  @DateColumn({ nullable: true })
  @Field(() => LocalDateScalar, { nullable: true })
  paidOn: string | null;
}

export const altDataEntities = [SocialInsuranceMonth, UtilityPayment];
