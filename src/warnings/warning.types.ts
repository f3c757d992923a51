/**
 * GraphQL view of the early warnings: a stored warning with its lifecycle (status, due dates,
 * whether it is overdue, the decisions taken), the portfolio's filter and its pages.
 */
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar, UsccScalar } from '../graphql/scalars';
import { PageInfo } from '../graphql/pagination';
import { Severity } from '../quality/finding.entity';
import '../quality/data-quality.types'; // registers the Severity enum
import '../health/health.types'; // registers the Tier enum
import { Tier } from '../health/tier';
import { WarningStatus } from './warning.entity';

registerEnumType(WarningStatus, {
  name: 'WarningStatus',
  description: 'OPEN -> VERIFYING -> ACTION_TAKEN -> CLOSED; DISMISSED (with a reason) from OPEN or VERIFYING.',
});

@ObjectType('Warning', {
  simpleResolvers: true,
  description: 'An early warning on a borrower: what a rule found, the evidence, and where people stand with it.',
})
export class WarningType {
  @Field(() => ID, {
    nullable: true,
    description:
      "The stored warning's id (for `reviewWarning`); null for one the rules raise now that no run has stored yet.",
  })
  id: string | null;
  @Field(() => UsccScalar, { description: 'The borrower it is about.' })
  uscc: string;
  @Field({ description: 'The rule, e.g. TAX_PAID_DROP.' })
  code: string;
  @Field(() => Severity)
  severity: Severity;
  @Field(() => Tier, { description: "The borrower's health tier when the warning last fired." })
  tier: Tier;
  /** Exposed through `WarningEvidenceResolver.message` (persons' names and ID numbers in it masked). */
  message: string;
  /** Exposed through `WarningEvidenceResolver.evidence` (personal data in it masked). */
  evidence: Record<string, unknown>;
  @Field(() => [String], { description: 'The sources whose records are involved.' })
  sources: string[];
  @Field(() => DateTimeScalar, { description: 'When a run first raised it.' })
  firstSeenAt: Date;
  @Field(() => DateTimeScalar, { description: 'When a run last raised it.' })
  lastSeenAt: Date;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When a run of the borrower last stopped raising it; null while it fires.',
  })
  clearedAt: Date | null;
  @Field(() => WarningStatus)
  status: WarningStatus;
  @Field(() => DateTimeScalar, { description: 'Verification is due: 24 h after it was first raised (or reopened).' })
  verifyDueAt: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the action taken was recorded.' })
  actionTakenAt: Date | null;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Follow-up is due: 30 (RED), 45 (ORANGE) or 60 days (other tiers) after the action.',
  })
  followUpDueAt: Date | null;
  @Field(() => DateTimeScalar, { nullable: true })
  closedAt: Date | null;
  @Field({
    description: 'OPEN or VERIFYING past verifyDueAt, or ACTION_TAKEN past followUpDueAt, at the time of the request.',
  })
  overdue: boolean;
  @Field(() => String, { nullable: true, description: 'Who took the last decision.' })
  decidedBy: string | null;
  @Field(() => DateTimeScalar, { nullable: true })
  decidedAt: Date | null;
  @Field(() => String, { nullable: true, description: 'The note or reason given with the last decision.' })
  decisionReason: string | null;
  /** Identity across runs (not exposed): lets computed warnings be matched with stored ones. */
  fingerprint: string;
}

@InputType({ description: "Filters for the portfolio's `warnings`; all given filters must match." })
export class WarningFilter {
  @Field(() => [Tier], { nullable: true, description: 'Only warnings on borrowers of these tiers.' })
  tiers?: Tier[] | null;
  @Field(() => [String], { nullable: true, description: 'Only these rules, e.g. ["TAX_PAID_DROP"].' })
  codes?: string[] | null;
  @Field(() => [WarningStatus], {
    nullable: true,
    description: 'Only these statuses (default: OPEN, VERIFYING, ACTION_TAKEN).',
  })
  statuses?: WarningStatus[] | null;
  @Field(() => Boolean, { nullable: true, description: 'true: only overdue warnings; false: only those on time.' })
  overdue?: boolean | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only warnings the latest run no longer raises; false: only those still firing.',
  })
  cleared?: boolean | null;
  @Field(() => UsccScalar, { nullable: true, description: "Only this borrower's warnings." })
  uscc?: string | null;
}

@ObjectType({ simpleResolvers: true })
export class WarningEdge {
  @Field()
  cursor: string;
  @Field(() => WarningType)
  node: WarningType;
}

@ObjectType({ description: 'A page of warnings, most severe first, then oldest first.' })
export class WarningConnection {
  @Field(() => [WarningEdge])
  edges: WarningEdge[];
  @Field(() => PageInfo)
  pageInfo: PageInfo;
  /** Counts on demand only (see WarningConnectionResolver). */
  count: () => Promise<number>;
}
