/** GraphQL types of `Query.auditLog`. */
import { Field, InputType, ObjectType } from 'type-graphql';
import { DateTimeScalar, UsccScalar } from '../graphql/scalars';
import { PageInfo } from '../graphql/pagination';
import { AuditLog } from './audit-log.entity';
import { AuditOutcome } from './audit.collector';

@InputType({ description: 'Filters for `auditLog`; all given filters must match.' })
export class AuditLogFilter {
  @Field(() => UsccScalar, { nullable: true })
  uscc?: string | null;
  @Field(() => String, { nullable: true, description: 'The token subject that made the requests.' })
  subject?: string | null;
  @Field(() => String, { nullable: true })
  tenant?: string | null;
  @Field(() => AuditOutcome, { nullable: true })
  outcome?: AuditOutcome | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Requests started at or after this instant.' })
  from?: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Requests started before this instant.' })
  to?: Date | null;
}

@ObjectType({ simpleResolvers: true })
export class AuditEntryEdge {
  @Field()
  cursor: string;
  @Field(() => AuditLog)
  node: AuditLog;
}

@ObjectType({ simpleResolvers: true, description: 'A page of audit rows, newest first.' })
export class AuditLogConnection {
  @Field(() => [AuditEntryEdge])
  edges: AuditEntryEdge[];
  @Field(() => PageInfo)
  pageInfo: PageInfo;
}
