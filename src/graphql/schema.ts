/**
 * Builds the Apollo Federation v2 subgraph schema from the type-graphql resolvers (code first)
 * and prints the SDL that is committed as schema/schema.graphql (the contract partners compose
 * against).
 */
import 'reflect-metadata';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap, getMetadataStorage } from 'type-graphql';
import { BorrowerConnectionResolver, BorrowerResolver, sourceFieldResolvers } from '../borrower/borrower.resolver';
import { SOURCES } from '../../connectors/sources';
import { borrowerReferenceResolvers } from '../borrower/borrower.reference';
import { DataQualityIssueResolver, DataQualityResolver, QualityReportResolver } from '../quality/data-quality.resolver';
import {
  BorrowerLinksResolver,
  EntityLinkFactorsResolver,
  MatchFactorResolver,
  MatchReviewQueueResolver,
} from '../resolution/entity-link.resolver';
import { BorrowerHealthResolver, HealthDetailResolver, HealthFactorEvidenceResolver } from '../health/health.resolver';
import { ConsentEventsResolver, ConsentMutations } from '../consent/consent.resolver';
import {
  IssueReviewsResolver,
  LinkReviewsResolver,
  ReviewMutations,
  WarningReviewsResolver,
} from '../review/review.resolver';
import { AuditLogResolver } from '../audit/audit.resolver';
import { trackFirmAccess } from '../audit/firm-access';
import {
  BorrowerWarningsResolver,
  BorrowerWarningHistoryResolver,
  PortfolioWarningsResolver,
  WarningBorrowerResolver,
  WarningConnectionResolver,
  WarningEvidenceResolver,
} from '../warnings/warning.resolver';
import {
  ApprovalDecisionReasonsResolver,
  ApprovalReasonEvidenceResolver,
  BorrowerApprovalResolver,
  ReconsiderationMutations,
  ReconsiderationReasonsResolver,
} from '../approval/approval.resolver';
import { RescoreResolver } from '../rescore/rescore.resolver';
import { networkResolvers } from '../network/network.resolver';

const resolvers = [
  BorrowerResolver,
  BorrowerConnectionResolver,
  // Every source's Borrower field and its own types' resolvers (connectors/sources.ts).
  ...sourceFieldResolvers,
  ...SOURCES.flatMap((s) => s.graphql.resolvers),
  DataQualityResolver,
  DataQualityIssueResolver,
  QualityReportResolver,
  BorrowerLinksResolver,
  MatchReviewQueueResolver,
  EntityLinkFactorsResolver,
  MatchFactorResolver,
  ReviewMutations,
  IssueReviewsResolver,
  LinkReviewsResolver,
  BorrowerHealthResolver,
  WarningReviewsResolver,
  BorrowerWarningHistoryResolver,
  BorrowerWarningsResolver,
  WarningBorrowerResolver,
  PortfolioWarningsResolver,
  WarningConnectionResolver,
  WarningEvidenceResolver,
  BorrowerApprovalResolver,
  ReconsiderationMutations,
  ApprovalDecisionReasonsResolver,
  ReconsiderationReasonsResolver,
  ApprovalReasonEvidenceResolver,
  HealthDetailResolver,
  HealthFactorEvidenceResolver,
  ConsentMutations,
  ConsentEventsResolver,
  AuditLogResolver,
  RescoreResolver,
  ...networkResolvers,
] as const;

const FEDERATION_LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';

export interface SubgraphSchema {
  schema: GraphQLSchema;
  /** The subgraph SDL, as committed in schema/schema.graphql. */
  sdl: string;
}

let cached: Promise<SubgraphSchema> | undefined;

/** Builds the schema once per process (type-graphql metadata is global). */
export function buildSubgraph(): Promise<SubgraphSchema> {
  cached ??= (async () => {
    const typeGraphqlSchema = await buildSchema({ resolvers, skipCheck: true, validate: false });
    const sdl = `${FEDERATION_LINK}\n\n${printSchemaWithDirectives(typeGraphqlSchema)}\n`;
    const map = createResolversMap(typeGraphqlSchema) as Record<string, object>;
    for (const [type, refs] of Object.entries(borrowerReferenceResolvers)) map[type] = { ...map[type], ...refs };
    // graphql-jit calls an interface's resolveType synchronously, and type-graphql wraps it in an async
    // function: the interface's own resolveType instead (each returns its implementation's type name).
    for (const i of getMetadataStorage().interfaceTypes)
      if (i.resolveType) map[i.name] = { ...map[i.name], __resolveType: i.resolveType };
    const schema = trackFirmAccess(buildSubgraphSchema({ typeDefs: parse(sdl), resolvers: map as never }));
    return { schema, sdl };
  })();
  return cached;
}
