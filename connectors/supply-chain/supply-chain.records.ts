/** Supply-chain finance records (核心企业, orders, receivables, 确权, pledges), mirror schema `supply_chain`. */
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { DateColumn, MoneyColumn, UsccColumn } from '../shared/columns';
import { LocalDateScalar, MoneyScalar, UsccScalar } from '../../src/graphql/scalars';
import { ImportKeyed } from '../../src/import/import-keyed';

export enum OrderStatus {
  OPEN = 'OPEN',
  DELIVERED = 'DELIVERED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(OrderStatus, { name: 'OrderStatus' });

export enum ReceivableStatus {
  OUTSTANDING = 'OUTSTANDING',
  SETTLED = 'SETTLED',
  OVERDUE = 'OVERDUE',
}
registerEnumType(ReceivableStatus, { name: 'ReceivableStatus' });

export enum PledgeStatus {
  ACTIVE = 'ACTIVE',
  RELEASED = 'RELEASED',
}
registerEnumType(PledgeStatus, { name: 'PledgeStatus' });

@Entity({ schema: 'supply_chain', name: 'core_enterprise' })
@ObjectType({ simpleResolvers: true, description: 'A core enterprise (核心企业) whose suppliers the chain finances.' })
export class CoreEnterprise {
  @PrimaryColumn({ type: 'char', length: 18 })
  @Field(() => UsccScalar)
  uscc: string;

  @Column({ type: 'text' })
  @Field()
  name: string;

  @Column({ type: 'varchar', length: 5 })
  @Field({ description: 'GB/T 4754 industry code.' })
  industryCode: string;

  @Column({ type: 'varchar', length: 8 })
  @Field({ description: 'External credit rating, e.g. AAA.' })
  rating: string;
}

@Entity({ schema: 'supply_chain', name: 'purchase_order' })
@Index('purchase_order_import_key', ['importKey'], { unique: true })
@Index('purchase_order_supplier', ['supplierUscc', 'orderDate', 'id'])
@ObjectType('SupplyOrder', { simpleResolvers: true, description: 'An order a core enterprise placed with the firm.' })
export class PurchaseOrder extends ImportKeyed {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  @Field(() => ID)
  id: string;

  @Column({ type: 'varchar', length: 32 })
  @Field()
  orderNo: string;

  /** The supplier (our borrower); null when the source named it only by name. */
  @UsccColumn({ nullable: true })
  supplierUscc: string | null;

  @Column({ type: 'text' })
  @Field({ description: 'The supplier as the source names it.' })
  supplierName: string;

  @UsccColumn()
  @Field(() => UsccScalar)
  coreUscc: string;

  @DateColumn()
  @Field(() => LocalDateScalar)
  orderDate: string;

  @MoneyColumn()
  @Field(() => MoneyScalar)
  amount: string;

  @Column({ type: 'enum', enum: OrderStatus, enumName: 'order_status' })
  @Field(() => OrderStatus)
  status: OrderStatus;
}

@Entity({ schema: 'supply_chain', name: 'receivable' })
@Index('receivable_creditor', ['creditorUscc', 'issueDate', 'id'])
@ObjectType({
  simpleResolvers: true,
  description: 'An account receivable (应收账款) the firm holds on a core enterprise.',
})
export class Receivable {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  @Field(() => ID)
  id: string;

  @Column({ type: 'varchar', length: 32, unique: true })
  @Field()
  receivableNo: string;

  @UsccColumn()
  @Field(() => UsccScalar)
  creditorUscc: string;

  @UsccColumn()
  @Field(() => UsccScalar)
  debtorUscc: string;

  @MoneyColumn()
  @Field(() => MoneyScalar)
  amount: string;

  @DateColumn()
  @Field(() => LocalDateScalar)
  issueDate: string;

  @DateColumn()
  @Field(() => LocalDateScalar)
  dueDate: string;

  @Column({ type: 'enum', enum: ReceivableStatus, enumName: 'receivable_status' })
  @Field(() => ReceivableStatus)
  status: ReceivableStatus;
}

@Entity({ schema: 'supply_chain', name: 'confirmation' })
@Index('confirmation_import_key', ['importKey'], { unique: true })
@Index('confirmation_receivable', ['receivableId'])
@ObjectType({ simpleResolvers: true, description: "A core enterprise's confirmation (确权) of a receivable." })
export class Confirmation extends ImportKeyed {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  @Field(() => ID)
  id: string;

  @Column({ type: 'bigint' })
  receivableId: string;

  @UsccColumn()
  @Field(() => UsccScalar)
  confirmedBy: string;

  @DateColumn()
  @Field(() => LocalDateScalar)
  confirmedOn: string;

  @MoneyColumn()
  @Field(() => MoneyScalar)
  confirmedAmount: string;
}

@Entity({ schema: 'supply_chain', name: 'pledge' })
@Index('pledge_receivable', ['receivableId'])
@ObjectType({
  simpleResolvers: true,
  description: 'A pledge (质押) of a receivable to a lender, as registered (中登网).',
})
export class Pledge {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  @Field(() => ID)
  id: string;

  @Column({ type: 'bigint' })
  receivableId: string;

  @Column({ type: 'text' })
  @Field({ description: 'The lender the receivable is pledged to.' })
  pledgee: string;

  @Column({ type: 'varchar', length: 32, unique: true })
  @Field({ description: 'Pledge registration number.' })
  registrationNo: string;

  @DateColumn()
  @Field(() => LocalDateScalar)
  pledgedOn: string;

  @MoneyColumn()
  @Field(() => MoneyScalar)
  amount: string;

  @Column({ type: 'enum', enum: PledgeStatus, enumName: 'pledge_status' })
  @Field(() => PledgeStatus)
  status: PledgeStatus;
}

export const supplyChainEntities = [CoreEnterprise, PurchaseOrder, Receivable, Confirmation, Pledge];
