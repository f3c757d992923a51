/**
 * How each source's data about a firm arrived (core.source_sync): the origin (a live fetch from
 * the upstream, an import file, the generator), a reference to trace it (the upstream URL, the
 * file and its lines, the generator's seed), the data's as-of date and when it was fetched.
 * One row per firm and source, replaced on each arrival; a profile's `provenance` reads it.
 */
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar, LocalDateScalar } from '../graphql/scalars';

export enum Origin {
  LIVE_FETCH = 'LIVE_FETCH',
  IMPORT = 'IMPORT',
  GENERATOR = 'GENERATOR',
}
registerEnumType(Origin, { name: 'Origin', description: "How a source's data arrived." });

@Entity({ schema: 'core', name: 'source_sync' })
@Index('source_sync_source_fetched', ['source', 'fetchedAt'])
@ObjectType('Provenance', {
  simpleResolvers: true,
  description: "Where a sub-object's data came from, to trace any number back to its origin.",
})
export class SourceSync {
  @PrimaryColumn({ type: 'char', length: 18 })
  uscc: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  source: string;

  @Column({ type: 'enum', enum: Origin, enumName: 'origin' })
  @Field(() => Origin)
  origin: Origin;

  @Column({ type: 'text' })
  @Field({ description: 'The upstream call, the import file and lines, or the generator run.' })
  originRef: string;

  @Column({ type: 'date', nullable: true })
  @Field(() => LocalDateScalar, { nullable: true, description: 'The date of the newest record.' })
  asOf: string | null;

  @Column({ type: 'timestamptz' })
  @Field(() => DateTimeScalar)
  fetchedAt: Date;
}
