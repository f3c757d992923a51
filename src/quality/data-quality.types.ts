/**
 * GraphQL view of a firm's data quality: the unresolved findings the portfolio job stored
 * (`npm run quality`), each with the evidence (row ids, figures, thresholds) and sources behind it.
 */
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar, LocalDateScalar } from '../graphql/scalars';
import { Source } from '../borrower/source-report';
import { FindingStatus, Severity } from './finding.entity';
import { FindingCode } from './finding-evidence';
// The checks fill FindingCode (checks/index.ts) before the schema is built.
import './checks';

registerEnumType(Severity, { name: 'Severity' });
registerEnumType(FindingStatus, { name: 'FindingStatus', description: "A person's decision on a finding." });

@ObjectType('DataQualityIssue', {
  simpleResolvers: true,
  description: 'A problem a cross-check found in the data about the firm.',
})
export class DataQualityIssue {
  @Field(() => ID, {
    nullable: true,
    description:
      "The stored finding's id (what a review refers to); null for a finding checked on read that no run has stored yet.",
  })
  id: string | null;
  @Field({ description: "sha256 of check, firm and subject: the finding's identity across runs and reads." })
  fingerprint: string;
  @Field(() => FindingCode, { description: 'The check, e.g. DUPLICATE_INVOICE, TAX_WITHOUT_FLOW.' })
  code: string;
  @Field(() => Severity)
  severity: Severity;
  /** Exposed through `DataQualityIssueResolver.message` (persons' names and ID numbers in it masked). */
  message: string;
  /** Exposed through `DataQualityIssueResolver.evidence` and `.details` (personal data in them masked). */
  evidence: Record<string, unknown>;
  /** The firm (not a field): the one a read of message or evidence is audited against. */
  uscc: string;
  @Field(() => [String], { description: 'The sources whose records are involved.' })
  sources: string[];
  @Field(() => DateTimeScalar, {
    description: 'When a run first stored it (for one checked on read and not stored yet: now).',
  })
  detectedAt: Date;
  @Field(() => FindingStatus, { description: "The stored finding's status; OPEN for one not stored yet." })
  status: FindingStatus;
}

@ObjectType({ description: "What the platform's cross-checks found in the data about the firm." })
export class DataQuality {
  uscc: string;
}

@ObjectType('SourceCompleteness', {
  simpleResolvers: true,
  description: "Whether the platform holds the firm's records from a source, and how recent they are.",
})
export class SourceCompletenessType {
  @Field(() => Source)
  source: string;
  @Field({
    description: 'Every borrower should have records from this source (supply-chain and court records need not exist).',
  })
  expected: boolean;
  @Field(() => Int)
  records: number;
  @Field(() => LocalDateScalar, {
    nullable: true,
    description: 'Date of the newest record (for monthly series: the first day of the month).',
  })
  newest: string | null;
  @Field({ description: 'Expected and absent.' })
  missing: boolean;
  @Field(() => [String], {
    description:
      "Fields every borrower's record from this source should carry that the firm's current record(s) lack (null, blank or no record), by GraphQL name; e.g. paidInCapital, creditRating, accounts[accountType=BASIC].",
  })
  missingFields: string[];
}

@ObjectType({
  simpleResolvers: true,
  description: 'Share of firms whose records lack a field every borrower should have.',
})
export class FieldMissingRateType {
  @Field(() => Source)
  source: string;
  @Field({ description: 'As in SourceCompleteness.missingFields.' })
  field: string;
  @Field(() => Int)
  firms: number;
  @Field(() => Int)
  missingFirms: number;
  @Field({ description: 'missingFirms / firms, 0-1, as a decimal string.' })
  rate: string;
}

@ObjectType({ simpleResolvers: true })
export class FindingCount {
  @Field()
  code: string;
  @Field(() => Severity)
  severity: Severity;
  @Field(() => Int)
  count: number;
}

@ObjectType({
  simpleResolvers: true,
  description: 'Share of firms with no records from a source every borrower should have (数据缺失率).',
})
export class MissingRateType {
  @Field(() => Source)
  source: string;
  @Field(() => Int)
  firms: number;
  @Field(() => Int)
  missingFirms: number;
  @Field({ description: 'missingFirms / firms, 0-1, as a decimal string.' })
  rate: string;
  @Field(() => LocalDateScalar, { nullable: true, description: "The stalest firm's newest record." })
  oldestNewest: string | null;
}

@ObjectType({ simpleResolvers: true })
export class FirmFindingCount {
  @Field()
  uscc: string;
  @Field()
  name: string;
  @Field(() => Int)
  findings: number;
  @Field(() => Int)
  highFindings: number;
}

@ObjectType({
  simpleResolvers: true,
  description:
    "The portfolio's data quality: unresolved findings by check and severity, missing rate by source, the worst firms.",
})
export class QualityReport {
  @Field(() => [FindingCount])
  findings: FindingCount[];
  @Field(() => [MissingRateType])
  missingRates: MissingRateType[];
  @Field(() => [FieldMissingRateType], { description: 'Per declared field, the share of firms whose records lack it.' })
  fieldMissingRates: FieldMissingRateType[];
  @Field(() => [FirmFindingCount], {
    description: 'Firms with the most high-severity, then most, unresolved findings.',
  })
  worstFirms: FirmFindingCount[];
}
