/** Business-registry (工商) records, mirror schema `registry`. */
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { DateColumn, MoneyColumn, UsccColumn } from '../shared/columns';
import { LocalDateScalar, MoneyScalar, UsccScalar } from '../../src/graphql/scalars';
import { ImportKeyed } from '../../src/import/import-keyed';

export enum RegistryStatus {
  ACTIVE = 'ACTIVE',
  REVOKED = 'REVOKED',
  DEREGISTERED = 'DEREGISTERED',
}
registerEnumType(RegistryStatus, {
  name: 'RegistryStatus',
  valuesConfig: {
    ACTIVE: { description: '存续 / 在业' },
    REVOKED: { description: '吊销 (licence revoked)' },
    DEREGISTERED: { description: '注销 (deregistered)' },
  },
});

export enum EntityType {
  COMPANY = 'COMPANY',
  INDIVIDUAL_BUSINESS = 'INDIVIDUAL_BUSINESS',
  COOPERATIVE = 'COOPERATIVE',
}
registerEnumType(EntityType, { name: 'EntityType', description: '企业 / 个体工商户 / 农民专业合作社' });

export enum HolderType {
  PERSON = 'PERSON',
  FIRM = 'FIRM',
}
registerEnumType(HolderType, { name: 'HolderType' });

export enum ChangeItem {
  LEGAL_REPRESENTATIVE = 'LEGAL_REPRESENTATIVE',
  REGISTERED_CAPITAL = 'REGISTERED_CAPITAL',
  ADDRESS = 'ADDRESS',
  SHAREHOLDER = 'SHAREHOLDER',
  NAME = 'NAME',
  BUSINESS_SCOPE = 'BUSINESS_SCOPE',
  /** The registry status (存续 / 吊销 / 注销): before and after are registry_status values, so the status on any past day is derivable. */
  STATUS = 'STATUS',
}
registerEnumType(ChangeItem, {
  name: 'ChangeItem',
  description:
    'What a registry change (变更) changed. STATUS: the registry status (ACTIVE, REVOKED, DEREGISTERED) before and after.',
});

@Entity({ schema: 'registry', name: 'company' })
@Index('company_legal_rep_id_no', ['legalRepIdNo'])
@Index('company_address', ['address'])
@ObjectType('RegistryProfile', { simpleResolvers: true, description: 'The business registry (工商) record of a firm.' })
export class RegistryCompany {
  @PrimaryColumn({ type: 'char', length: 18 })
  @Field(() => UsccScalar)
  uscc: string;

  @Column({ type: 'text' })
  @Field()
  name: string;

  @Column({ type: 'enum', enum: RegistryStatus, enumName: 'registry_status' })
  @Field(() => RegistryStatus)
  status: RegistryStatus;

  @Column({ type: 'enum', enum: EntityType, enumName: 'entity_type' })
  @Field(() => EntityType)
  entityType: EntityType;

  @DateColumn()
  @Field(() => LocalDateScalar, { description: 'Founding date (成立日期).' })
  foundedOn: string;

  @MoneyColumn()
  @Field(() => MoneyScalar, { description: 'Registered capital (注册资本), CNY.' })
  registeredCapital: string;

  @MoneyColumn()
  @Field(() => MoneyScalar, { description: 'Paid-in capital (实缴资本), CNY.' })
  paidInCapital: string;

  /** Personal data: a person's name (exposed through `RegistryResolver.legalRepName`, masked). */
  @Column({ type: 'text' })
  legalRepName: string;

  /** Personal data: resident ID number. Not exposed until masking exists (a later issue). */
  @Column({ type: 'char', length: 18 })
  legalRepIdNo: string;

  /** Personal data: mobile phone. Not exposed until masking exists. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  legalRepPhone: string | null;

  @Column({ type: 'text' })
  @Field()
  address: string;

  @Column({ type: 'text' })
  @Field({ description: 'Business scope (经营范围).' })
  businessScope: string;

  @Column({ type: 'text' })
  @Field({ description: 'Registering authority (登记机关).' })
  authority: string;

  @DateColumn({ nullable: true })
  @Field(() => LocalDateScalar, { nullable: true, description: 'Date of revocation or deregistration.' })
  statusChangedOn: string | null;
}

@Entity({ schema: 'registry', name: 'shareholder' })
@Index('shareholder_import_key', ['importKey'], { unique: true })
@Index('shareholder_uscc', ['uscc'])
@Index('shareholder_holder_uscc', ['holderUscc'])
@Index('shareholder_holder_id_no', ['holderIdNo'])
@ObjectType({ simpleResolvers: true, description: 'A shareholder (股东) and its share.' })
export class Shareholder extends ImportKeyed {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  @Field(() => ID)
  id: string;

  @UsccColumn()
  uscc: string;

  @Column({ type: 'enum', enum: HolderType, enumName: 'holder_type' })
  @Field(() => HolderType)
  holderType: HolderType;

  /** A person holder's name is personal data (exposed through `ShareholderResolver.holderName`, masked for persons). */
  @Column({ type: 'text' })
  holderName: string;

  @UsccColumn({ nullable: true })
  @Field(() => UsccScalar, { nullable: true, description: 'For a firm shareholder, its USCC.' })
  holderUscc: string | null;

  /** Personal data: a person shareholder's ID number. */
  @Column({ type: 'char', length: 18, nullable: true })
  holderIdNo: string | null;

  @Column({ type: 'numeric', precision: 7, scale: 4 })
  @Field({ description: 'Share of the registered capital, 0-1 as a decimal string (持股比例).' })
  shareRatio: string;

  @MoneyColumn()
  @Field(() => MoneyScalar)
  subscribedCapital: string;

  @MoneyColumn()
  @Field(() => MoneyScalar)
  paidCapital: string;
}

@Entity({ schema: 'registry', name: 'change_log' })
@Index('change_log_import_key', ['importKey'], { unique: true })
@Index('change_log_uscc_date', ['uscc', 'changedOn'])
@ObjectType('RegistryChange', { simpleResolvers: true, description: 'A registered change (变更记录).' })
export class RegistryChange extends ImportKeyed {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  @Field(() => ID)
  id: string;

  @UsccColumn()
  uscc: string;

  @DateColumn()
  @Field(() => LocalDateScalar)
  changedOn: string;

  @Column({ type: 'enum', enum: ChangeItem, enumName: 'change_item' })
  @Field(() => ChangeItem)
  item: ChangeItem;

  /** Free text; names persons for some items (exposed through `RegistryChangeResolver`, persons' names masked). */
  @Column({ type: 'text' })
  beforeValue: string;

  @Column({ type: 'text' })
  afterValue: string;
}

@Entity({ schema: 'registry', name: 'abnormal_listing' })
@Index('abnormal_listing_import_key', ['importKey'], { unique: true })
@Index('abnormal_listing_uscc', ['uscc', 'listedOn'])
@ObjectType({ simpleResolvers: true, description: 'A listing in the abnormal-operations list (经营异常名录).' })
export class AbnormalListing extends ImportKeyed {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  @Field(() => ID)
  id: string;

  @UsccColumn()
  uscc: string;

  @DateColumn()
  @Field(() => LocalDateScalar)
  listedOn: string;

  @Column({ type: 'text' })
  @Field({ description: 'Reason for listing, e.g. 未按规定报送年度报告.' })
  reason: string;

  @Column({ type: 'text' })
  @Field()
  authority: string;

  @DateColumn({ nullable: true })
  @Field(() => LocalDateScalar, { nullable: true })
  removedOn: string | null;
}

export const registryEntities = [RegistryCompany, Shareholder, RegistryChange, AbnormalListing];
