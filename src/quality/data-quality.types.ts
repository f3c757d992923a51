/**
 * GraphQL view of a firm's data quality: the unresolved findings the portfolio job stored
 * (`npm run quality`), each with the evidence (row ids, figures, thresholds) and sources behind it.
 */
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { JSONObjectResolver } from 'graphql-scalars';
import { DateTimeScalar } from '../graphql/scalars';
import { FindingStatus, Severity } from './finding.entity';

registerEnumType(Severity, { name: 'Severity' });
registerEnumType(FindingStatus, { name: 'FindingStatus', description: 'A person\'s decision on a finding.' });

@ObjectType('DataQualityIssue', { simpleResolvers: true, description: 'A problem a cross-check found in the data about the firm.' })
export class DataQualityIssue {
  @Field({ description: 'The check, e.g. DUPLICATE_INVOICE, TAX_WITHOUT_FLOW.' })
  code: string;
  @Field(() => Severity)
  severity: Severity;
  @Field()
  message: string;
  @Field(() => JSONObjectResolver, { description: 'The records and figures that prove it: row ids, dates, amounts, the threshold applied.' })
  evidence: Record<string, unknown>;
  @Field(() => [String], { description: 'The sources whose records are involved.' })
  sources: string[];
  @Field(() => DateTimeScalar)
  detectedAt: Date;
  @Field(() => FindingStatus)
  status: FindingStatus;
}

@ObjectType({ description: 'What the platform\'s cross-checks found in the data about the firm.' })
export class DataQuality {
  uscc: string;
}
