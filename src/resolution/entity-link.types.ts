/**
 * GraphQL view of entity resolution: the links from source records (and duplicate firms) to a
 * borrower, each with its probability, match weight and the part every comparison played.
 */
import { Field, Float, ID, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar, UsccScalar } from '../graphql/scalars';
import { PageInfo } from '../graphql/pagination';
import { LinkKind, LinkMethod, LinkStatus } from './link.entity';

registerEnumType(LinkKind, {
  name: 'LinkKind',
  description: 'RECORD: a source record naming the firm without its USCC; FIRM: a duplicate firm merged into this one.',
});
registerEnumType(LinkMethod, { name: 'LinkMethod' });
registerEnumType(LinkStatus, {
  name: 'LinkStatus',
  description: 'LINKED and CONFIRMED links are in effect; REVIEW waits for a person.',
});

@ObjectType({
  simpleResolvers: true,
  description: "One comparison's part in a match score (Fellegi-Sunter: weight = log2(m / u)).",
})
export class MatchFactor {
  @Field({ description: 'IDENTIFIER, NAME, LEGAL_FORM, REGION, CONTEXT, LEGAL_REP, ADDRESS or SHAREHOLDERS.' })
  comparison: string;
  @Field({ description: 'The level the pair fell on; UNKNOWN (weight 0) when either side lacks the data.' })
  level: string;
  @Field(() => Float, { description: 'log2(m / u): positive for a match, negative against.' })
  weight: number;
  @Field(() => Float, { nullable: true, description: 'P(level | same firm).' })
  m: number | null;
  @Field(() => Float, { nullable: true, description: 'P(level | different firms).' })
  u: number | null;
  /** The values compared, in words: exposed through `MatchFactorResolver.detail` (legal representatives' names masked). */
  detail: string;
  /** The link's borrower (not a field): the firm a read of `detail` is audited against. */
  firmUscc?: string;
}

@ObjectType('EntityLink', {
  description: 'A record (or a duplicate firm) resolved to a borrower, with the score and reasons.',
})
export class EntityLinkType {
  @Field(() => ID)
  id: string;
  @Field(() => LinkKind)
  kind: LinkKind;
  @Field({ description: 'The table of the record, e.g. judicial.case_party (core.firm for a merged firm).' })
  table: string;
  @Field({ description: "The record's id in that table (the merged firm's USCC)." })
  recordKey: string;
  @Field({ description: 'The name the record carries.' })
  recordName: string;
  @Field(() => UsccScalar, { description: 'The borrower the record was resolved to.' })
  uscc: string;
  @Field(() => LinkMethod)
  method: LinkMethod;
  @Field(() => Float, { description: 'Probability that record and borrower are the same firm.' })
  probability: number;
  @Field(() => Float, { description: "Total match weight: the prior's plus every comparison's." })
  matchWeight: number;
  @Field(() => Float)
  priorWeight: number;
  @Field(() => [MatchFactor])
  factors: MatchFactor[];
  @Field(() => String, { nullable: true, description: 'Why the pair waits for review (uncertain or ambiguous).' })
  reviewReason: string | null;
  @Field(() => LinkStatus)
  status: LinkStatus;
  @Field(() => DateTimeScalar)
  detectedAt: Date;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Set when the job no longer produces the link (the source now carries the USCC).',
  })
  retiredAt: Date | null;
  @Field(() => String, { nullable: true })
  decidedBy: string | null;
  @Field(() => DateTimeScalar, { nullable: true })
  decidedAt: Date | null;
  @Field(() => String, { nullable: true })
  decisionReason: string | null;
}

@ObjectType({ simpleResolvers: true })
export class EntityLinkEdge {
  @Field()
  cursor: string;
  @Field(() => EntityLinkType)
  node: EntityLinkType;
}

@ObjectType({ simpleResolvers: true, description: 'Pairs waiting for review, most likely first.' })
export class EntityLinkConnection {
  @Field(() => [EntityLinkEdge])
  edges: EntityLinkEdge[];
  @Field(() => PageInfo)
  pageInfo: PageInfo;
}
