/**
 * The audit log (core.audit_log): one append-only row per firm per request that touched the
 * firm's data: who (subject, tenant, role, purpose), which firm, which sources and sensitive
 * fields, when, the request id, the operation, the outcome as the caller got it (OK only for a
 * response written whole; DENIED with the refusal's code, ERROR with the error's code; ABORTED
 * for a response never written whole) and the client's address. Written in batches by
 * `AuditWriter`; nothing in the code updates or deletes a row, and a trigger (migration
 * AuditLog) refuses UPDATE, DELETE and TRUNCATE.
 */
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar, UsccScalar } from '../graphql/scalars';
import { AuditOutcome } from './audit.collector';
import { Source } from '../borrower/source-report';

registerEnumType(AuditOutcome, {
  name: 'AuditOutcome',
  valuesConfig: {
    DENIED: { description: 'Refused (FORBIDDEN, CONSENT_REQUIRED, UNAUTHENTICATED): see errorCode.' },
    ERROR: { description: "Failed (e.g. a source's upstream, a deadline): see errorCode." },
    ABORTED: {
      description:
        'The response was never written whole (the client went away, or the server closed the connection, e.g. at shutdown); errorCode ABORTED.',
    },
  },
});

@Entity({ schema: 'core', name: 'audit_log' })
@Index('audit_log_at', ['at', 'id'])
@Index('audit_log_uscc', ['uscc', 'at'])
@Index('audit_log_subject', ['subject', 'at'])
@ObjectType('AuditEntry', { simpleResolvers: true, description: 'One firm touched by one request (core.audit_log).' })
export class AuditLog {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  @Field(() => ID)
  id: string;

  /** When the request started. */
  @Column({ type: 'timestamptz' })
  @Field(() => DateTimeScalar, { description: 'When the request started.' })
  at: Date;

  @Column({ type: 'text' })
  @Field()
  requestId: string;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: "The token's subject; null for an anonymous request." })
  subject: string | null;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  tenant: string | null;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  role: string | null;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  purpose: string | null;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: "The GraphQL operation's name, when it has one." })
  operationName: string | null;

  @Column({ type: 'char', length: 18 })
  @Field(() => UsccScalar)
  uscc: string;

  @Column({ type: 'text', array: true })
  @Field(() => [Source], { description: 'Sources the request asked for about this firm.' })
  sources: string[];

  @Column({ type: 'text', array: true })
  @Field(() => [String], { description: 'Sensitive fields read (`Type.field`), masked or in full.' })
  sensitiveFields: string[];

  @Column({ type: 'text', array: true })
  @Field(() => [String], { description: 'The sensitive fields shown in full (`unmasked: true`).' })
  unmaskedFields: string[];

  @Column({ type: 'enum', enum: AuditOutcome, enumName: 'audit_outcome' })
  @Field(() => AuditOutcome)
  outcome: AuditOutcome;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, {
    nullable: true,
    description: 'The error code of a DENIED, ERROR or ABORTED outcome (null for OK).',
  })
  errorCode: string | null;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  clientIp: string | null;
}
