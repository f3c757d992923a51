/** Tax (金税) records, mirror schema `tax`. */
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateColumn, MoneyColumn, UsccColumn } from '../shared/columns';
import { LocalDateScalar, MoneyScalar, UsccScalar, YearMonthScalar } from '../../src/graphql/scalars';
import { ImportKeyed } from '../../src/import/import-keyed';

export enum TaxpayerType {
  GENERAL = 'GENERAL',
  SMALL_SCALE = 'SMALL_SCALE',
}
registerEnumType(TaxpayerType, { name: 'TaxpayerType', description: '一般纳税人 / 小规模纳税人' });

export enum TaxCreditRating {
  A = 'A',
  B = 'B',
  M = 'M',
  C = 'C',
  D = 'D',
}
registerEnumType(TaxCreditRating, { name: 'TaxCreditRating', description: 'Tax-credit rating (纳税信用等级).' });

export enum InvoiceKind {
  VAT_SPECIAL = 'VAT_SPECIAL',
  VAT_ORDINARY = 'VAT_ORDINARY',
  DIGITAL = 'DIGITAL',
}
registerEnumType(InvoiceKind, {
  name: 'InvoiceKind',
  description: '增值税专用发票 / 普通发票 / 全电发票 (20-digit number, no code)',
});

export enum InvoiceStatus {
  NORMAL = 'NORMAL',
  VOID = 'VOID',
  RED_REVERSED = 'RED_REVERSED',
}
registerEnumType(InvoiceStatus, { name: 'InvoiceStatus', description: '正常 / 作废 / 红冲' });

@Entity({ schema: 'tax', name: 'taxpayer' })
@ObjectType('TaxProfile', { simpleResolvers: true, description: 'What the tax bureau (金税) holds about a firm.' })
export class Taxpayer {
  @PrimaryColumn({ type: 'char', length: 18 })
  @Field(() => UsccScalar)
  uscc: string;

  @Column({ type: 'enum', enum: TaxpayerType, enumName: 'taxpayer_type' })
  @Field(() => TaxpayerType)
  taxpayerType: TaxpayerType;

  @Column({ type: 'enum', enum: TaxCreditRating, enumName: 'tax_credit_rating' })
  @Field(() => TaxCreditRating)
  creditRating: TaxCreditRating;

  @Column({ type: 'int' })
  @Field(() => Int, { description: 'Year the rating was assessed for.' })
  ratingYear: number;

  @DateColumn()
  @Field(() => LocalDateScalar)
  registeredOn: string;

  @Column({ type: 'text' })
  @Field({ description: 'Competent tax authority (主管税务机关).' })
  taxAuthority: string;
}

/**
 * The annual tax-credit ratings (纳税信用评价), one row per year assessed, with the day the tax
 * bureau published it (April of the next year): the rating known on any past day is derivable.
 * The taxpayer's `creditRating` is the newest published one.
 */
@Entity({ schema: 'tax', name: 'credit_rating' })
@ObjectType('TaxCreditRatingRecord', {
  simpleResolvers: true,
  description: "A year's tax-credit rating (纳税信用等级) and when it was published.",
})
export class CreditRatingRecord {
  @PrimaryColumn({ type: 'char', length: 18 })
  uscc: string;

  @PrimaryColumn({ type: 'int' })
  @Field(() => Int, { description: 'The year assessed.' })
  year: number;

  @Column({ type: 'enum', enum: TaxCreditRating, enumName: 'tax_credit_rating' })
  @Field(() => TaxCreditRating)
  rating: TaxCreditRating;

  @DateColumn()
  @Field(() => LocalDateScalar)
  publishedOn: string;
}

@Entity({ schema: 'tax', name: 'vat_declaration' })
/** The newest declared period is the portfolio's as-of month (quality resolveAsOf), read on every data-quality read. */
@Index('vat_declaration_period', ['period'])
@ObjectType({ simpleResolvers: true, description: 'A monthly VAT declaration (增值税纳税申报).' })
export class VatDeclaration {
  @PrimaryColumn({ type: 'char', length: 18 })
  uscc: string;

  @PrimaryColumn({ type: 'char', length: 7 })
  @Field(() => YearMonthScalar)
  period: string;

  @MoneyColumn()
  @Field(() => MoneyScalar, { description: 'Total sales declared (销售额合计).' })
  sales: string;

  @MoneyColumn()
  @Field(() => MoneyScalar, { description: 'Sales under general taxation (按适用税率计税销售额).' })
  taxableSales: string;

  @MoneyColumn()
  @Field(() => MoneyScalar, { description: 'Tax-exempt sales (免税销售额).' })
  exemptSales: string;

  @MoneyColumn()
  @Field(() => MoneyScalar, { description: '销项税额' })
  outputTax: string;

  @MoneyColumn()
  @Field(() => MoneyScalar, { description: '进项税额' })
  inputTax: string;

  @MoneyColumn()
  @Field(() => MoneyScalar, { description: '进项税额转出' })
  inputTaxTransferred: string;

  @MoneyColumn()
  @Field(() => MoneyScalar, { description: '应纳税额' })
  taxPayable: string;

  @MoneyColumn()
  @Field(() => MoneyScalar, { description: '实缴税额' })
  taxPaid: string;

  @DateColumn()
  @Field(() => LocalDateScalar)
  declaredOn: string;
}

@Entity({ schema: 'tax', name: 'invoice' })
@Index('invoice_import_key', ['importKey'], { unique: true })
@Index('invoice_seller_date', ['sellerUscc', 'issueDate', 'id'])
@Index('invoice_buyer_date', ['buyerUscc', 'issueDate', 'id'])
@Index('invoice_code_number', ['invoiceCode', 'invoiceNumber'])
@ObjectType({ simpleResolvers: true, description: 'An e-invoice (电子发票) issued or received.' })
export class Invoice extends ImportKeyed {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  @Field(() => ID)
  id: string;

  @Column({ type: 'varchar', length: 12, nullable: true })
  @Field(() => String, { nullable: true, description: 'Invoice code (发票代码); none on fully digital invoices.' })
  invoiceCode: string | null;

  @Column({ type: 'varchar', length: 20 })
  @Field({ description: 'Invoice number (发票号码).' })
  invoiceNumber: string;

  @Column({ type: 'enum', enum: InvoiceKind, enumName: 'invoice_kind' })
  @Field(() => InvoiceKind)
  kind: InvoiceKind;

  @UsccColumn()
  @Field(() => UsccScalar)
  sellerUscc: string;

  /** Exposed through `InvoiceResolver.sellerName` (masked when it is a person's name). */
  @Column({ type: 'text' })
  sellerName: string;

  @UsccColumn({ nullable: true })
  @Field(() => UsccScalar, { nullable: true, description: 'None when the buyer is a person.' })
  buyerUscc: string | null;

  /** Exposed through `InvoiceResolver.buyerName` (masked when the buyer is a person). */
  @Column({ type: 'text' })
  buyerName: string;

  @DateColumn()
  @Field(() => LocalDateScalar)
  issueDate: string;

  @MoneyColumn()
  @Field(() => MoneyScalar, { description: 'Amount before tax (金额).' })
  amount: string;

  @MoneyColumn()
  @Field(() => MoneyScalar, { description: 'Tax (税额).' })
  taxAmount: string;

  @Column({ type: 'enum', enum: InvoiceStatus, enumName: 'invoice_status' })
  @Field(() => InvoiceStatus)
  status: InvoiceStatus;
}

export const taxEntities = [Taxpayer, CreditRatingRecord, VatDeclaration, Invoice];
