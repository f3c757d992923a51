/** Court records (司法): cases and their parties, enforcement, dishonest-debtor listings; schema `judicial`. */
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { DateColumn, MoneyColumn, UsccColumn } from '../shared/columns';
import { LocalDateScalar, MoneyScalar, UsccScalar } from '../../src/graphql/scalars';
import { ImportKeyed } from '../../src/import/import-keyed';

export enum CaseStatus {
  PENDING = 'PENDING',
  CLOSED = 'CLOSED',
}
registerEnumType(CaseStatus, { name: 'CaseStatus' });

export enum PartyRole {
  PLAINTIFF = 'PLAINTIFF',
  DEFENDANT = 'DEFENDANT',
  THIRD_PARTY = 'THIRD_PARTY',
}
registerEnumType(PartyRole, { name: 'PartyRole', description: '原告 / 被告 / 第三人' });

export enum PartyType {
  FIRM = 'FIRM',
  PERSON = 'PERSON',
}
registerEnumType(PartyType, { name: 'PartyType' });

export enum EnforcementStatus {
  ACTIVE = 'ACTIVE',
  CLOSED = 'CLOSED',
}
registerEnumType(EnforcementStatus, { name: 'EnforcementStatus' });

@Entity({ schema: 'judicial', name: 'court_case' })
export class CourtCase {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  caseNo: string;

  @Column({ type: 'text' })
  court: string;

  @Column({ type: 'text' })
  cause: string;

  @DateColumn()
  filedOn: string;

  /** The day the case was published (立案信息公开): when a bank could first know of it. */
  @DateColumn()
  publishedOn: string;

  @DateColumn({ nullable: true })
  closedOn: string | null;

  @MoneyColumn()
  amount: string;

  @Column({ type: 'enum', enum: CaseStatus, enumName: 'case_status' })
  status: CaseStatus;
}

@Entity({ schema: 'judicial', name: 'case_party' })
@Index('case_party_import_key', ['importKey'], { unique: true })
@Index('case_party_uscc', ['uscc'])
@Index('case_party_case', ['caseId'])
export class CaseParty extends ImportKeyed {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'bigint' })
  caseId: string;

  /** Null when the court named the party only by name (resolved by the quality layer). */
  @UsccColumn({ nullable: true })
  uscc: string | null;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'enum', enum: PartyType, enumName: 'party_type' })
  partyType: PartyType;

  @Column({ type: 'enum', enum: PartyRole, enumName: 'party_role' })
  role: PartyRole;
}

/** A court case seen from one firm that is a party to it (case joined with that firm's party row). */
@ObjectType('CourtCase', { simpleResolvers: true, description: 'A court case (案件) the firm is a party to.' })
export class FirmCase {
  @Field(() => ID)
  id: string;
  @Field({ description: 'Case number (案号), e.g. (2024)浙0102民初1234号.' })
  caseNo: string;
  @Field()
  court: string;
  @Field({ description: 'Cause of action (案由), e.g. 借款合同纠纷.' })
  cause: string;
  @Field(() => PartyRole, { description: "The firm's role in the case." })
  role: PartyRole;
  @Field(() => LocalDateScalar)
  filedOn: string;
  @Field(() => LocalDateScalar, {
    description: 'The day the case was published (立案信息公开): when a bank could first know of it.',
  })
  publishedOn: string;
  @Field(() => LocalDateScalar, { nullable: true })
  closedOn: string | null;
  @Field(() => MoneyScalar)
  amount: string;
  @Field(() => CaseStatus)
  status: CaseStatus;
  /** The firm whose case list this row belongs to (not a GraphQL field: audit and masking key on it). */
  firmUscc: string;
}

/** A party to a court case as shown under a firm's case: a person's name is personal data (masked by `@Sensitive`). */
@ObjectType('CaseParty', { simpleResolvers: true, description: 'A party to a court case (当事人).' })
export class CasePartyView {
  @Field(() => ID)
  id: string;
  @Field(() => PartyType)
  partyType: PartyType;
  @Field(() => PartyRole)
  role: PartyRole;
  @Field(() => UsccScalar, { nullable: true, description: "The party's USCC when the court gave it (firms only)." })
  uscc: string | null;
  /** The party's name as recorded (exposed through `CasePartyResolver.name`, masked for persons). */
  name: string;
  /** The firm whose case list shows this party. */
  firmUscc: string;
}

@Entity({ schema: 'judicial', name: 'enforcement' })
@Index('enforcement_import_key', ['importKey'], { unique: true })
@Index('enforcement_uscc', ['uscc', 'filedOn'])
@ObjectType({ simpleResolvers: true, description: 'An enforcement case (被执行人) against the firm.' })
export class Enforcement extends ImportKeyed {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  @Field(() => ID)
  id: string;

  @UsccColumn()
  uscc: string;

  @Column({ type: 'varchar', length: 64 })
  @Field()
  caseNo: string;

  @Column({ type: 'text' })
  @Field()
  court: string;

  @DateColumn()
  @Field(() => LocalDateScalar)
  filedOn: string;

  @DateColumn()
  @Field(() => LocalDateScalar, {
    description: 'The day the enforcement was published (被执行人信息公开): when a bank could first know of it.',
  })
  publishedOn: string;

  @DateColumn({ nullable: true })
  @Field(() => LocalDateScalar, { nullable: true, description: 'The day the enforcement ended (结案), when it has.' })
  closedOn: string | null;

  @MoneyColumn()
  @Field(() => MoneyScalar, { description: 'Amount to enforce (执行标的).' })
  amount: string;

  @Column({ type: 'enum', enum: EnforcementStatus, enumName: 'enforcement_status' })
  @Field(() => EnforcementStatus)
  status: EnforcementStatus;
}

@Entity({ schema: 'judicial', name: 'dishonest_listing' })
@Index('dishonest_listing_import_key', ['importKey'], { unique: true })
@Index('dishonest_listing_uscc', ['uscc', 'listedOn'])
@ObjectType({ simpleResolvers: true, description: 'A listing as a dishonest judgment debtor (失信被执行人).' })
export class DishonestListing extends ImportKeyed {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  @Field(() => ID)
  id: string;

  @UsccColumn()
  uscc: string;

  @Column({ type: 'varchar', length: 64 })
  @Field()
  caseNo: string;

  @Column({ type: 'text' })
  @Field()
  court: string;

  @DateColumn()
  @Field(() => LocalDateScalar)
  listedOn: string;

  @Column({ type: 'text' })
  @Field({ description: 'The obligation the debtor failed to perform.' })
  obligation: string;

  @DateColumn({ nullable: true })
  @Field(() => LocalDateScalar, { nullable: true })
  removedOn: string | null;
}

export const judicialEntities = [CourtCase, CaseParty, Enforcement, DishonestListing];
