/** GraphQL views of rescore runs, their drift, and model alerts. */
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { JSONObjectResolver } from 'graphql-scalars';
import { DateTimeScalar, LocalDateScalar } from '../graphql/scalars';

@ObjectType({
  simpleResolvers: true,
  description: "One bin of a drift measure: its share in the model's development population and now.",
})
export class DriftBinType {
  @Field()
  bin: string;
  @Field(() => Float)
  expectedShare: number;
  @Field(() => Float)
  actualShare: number;
  @Field(() => Float, { description: '(actual - expected) ln(actual / expected), shares floored at 0.0001.' })
  contribution: number;
}

@ObjectType({
  simpleResolvers: true,
  description:
    "The population stability index of the score or of one model input against the model's development population.",
})
export class DriftSubjectType {
  @Field({ description: "SCORE (the probability of default), or the input's code." })
  subject: string;
  @Field(() => Float)
  psi: number;
  @Field({ description: 'Above the threshold: a model alert was raised.' })
  alert: boolean;
  @Field(() => [DriftBinType])
  bins: DriftBinType[];
}

@ObjectType({
  simpleResolvers: true,
  description:
    "The drift a rescore measured over the latest snapshots of its day in the model's population (a loan running, not in default).",
})
export class DriftReportType {
  @Field()
  modelVersion: string;
  @Field(() => LocalDateScalar)
  asOf: string;
  @Field(() => Int)
  population: number;
  @Field({ description: 'False when the population was too small to measure.' })
  measured: boolean;
  @Field(() => Float)
  threshold: number;
  @Field(() => [DriftSubjectType])
  subjects: DriftSubjectType[];
}

@ObjectType({
  simpleResolvers: true,
  description: 'A run of `npm run rescore`: what it selected and why, how far it got, and the drift it measured.',
})
export class RescoreRunType {
  @Field(() => ID)
  id: string;
  @Field(() => DateTimeScalar)
  startedAt: Date;
  @Field(() => DateTimeScalar, { nullable: true })
  finishedAt: Date | null;
  @Field(() => LocalDateScalar)
  asOf: string;
  @Field({
    description:
      "ALL, INCREMENTAL, or FOLLOW_UP (the pass that scores the firms a run noted when a neighbour's distress changed; it measures no drift).",
  })
  mode: string;
  @Field()
  modelVersion: string;
  @Field({ description: 'RUNNING, DONE or FAILED.' })
  status: string;
  @Field(() => Int)
  firmsSelected: number;
  @Field(() => JSONObjectResolver, {
    description:
      'Firms per reason: ALL, NO_SNAPSHOT, MODEL_CHANGED, INPUTS_CHANGED, DUE, NETWORK_CHANGED (noted for their guarantee network alone: the contagion warning redone, the score confirmed); and FOUNDED_LATER, firms not scored because their registry record says they were founded after the as-of day.',
  })
  selection: Record<string, number>;
  @Field(() => Int)
  batches: number;
  @Field(() => Int)
  batchesDone: number;
  @Field(() => Int)
  firmsScored: number;
  @Field(() => Int, {
    description: 'New snapshots (the other firms scored had unchanged inputs: their snapshot was confirmed).',
  })
  snapshotsWritten: number;
  @Field(() => DriftReportType, { nullable: true })
  drift: DriftReportType | null;
}

@ObjectType({
  simpleResolvers: true,
  description: "A model-level alert: today DRIFT, an input's or the score's PSI above the threshold.",
})
export class ModelAlertType {
  @Field(() => ID)
  id: string;
  @Field(() => DateTimeScalar)
  raisedAt: Date;
  @Field()
  kind: string;
  @Field()
  modelVersion: string;
  @Field(() => ID, { nullable: true, description: 'The rescore run that measured it.' })
  runId: string | null;
  @Field({ description: "SCORE, or the input's code." })
  subject: string;
  @Field(() => Float)
  value: number;
  @Field(() => Float)
  threshold: number;
  @Field()
  message: string;
  @Field(() => JSONObjectResolver, {
    description: 'The bins with their development and current shares, the population and the day.',
  })
  evidence: Record<string, unknown>;
}
