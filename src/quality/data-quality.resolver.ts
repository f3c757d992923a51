import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root, UseMiddleware, type MiddlewareFn } from 'type-graphql';
import { JSONObjectResolver } from 'graphql-scalars';
import type { Context } from '../graphql/context';
import { NULL_ROOT } from '../errors';
import { DataQuality, DataQualityIssue, QualityReport, SourceCompletenessType } from './data-quality.types';
import { portfolioFieldMissingRates, portfolioMissingRates } from './completeness.service';
import { checkFirst } from '../graphql/pagination';
import type { Severity } from './finding.entity';
import { FIRM_READERS, requireRole } from '../auth/authorize.service';
import { SensitiveEvidence, sensitiveEvidenceMiddleware, UnmaskedArg } from '../masking/sensitive';
import { FindingEvidence, findingDetails } from './finding-evidence';

@Resolver(() => DataQuality)
export class DataQualityResolver {
  @FieldResolver(() => [DataQualityIssue], {
    description:
      'Open, confirmed and dismissed findings the data still shows (resolved ones are left out): by default those the last ' +
      "`npm run quality` stored; with live: true every check runs on read over the firm's current data, merged with the " +
      'stored findings by fingerprint (id, status, detectedAt), a finding not stored yet showing with id null and status OPEN.',
  })
  issues(
    @Root() q: DataQuality,
    @Ctx() ctx: Context,
    @Arg('live', () => Boolean, {
      defaultValue: false,
      description: 'Run the checks on read instead of reading the stored findings.',
    })
    live: boolean,
  ) {
    return live ? ctx.loaders.liveFindings.load(q.uscc) : ctx.loaders.findings.load(q.uscc);
  }

  @FieldResolver(() => [SourceCompletenessType], {
    description: "Per source: records held, the newest one's date, and whether an expected source is missing.",
  })
  completeness(@Root() q: DataQuality, @Ctx() ctx: Context) {
    return ctx.loaders.completeness.load(q.uscc);
  }
}

/** The (masked) evidence as the check's evidence type, with its code: what `FindingEvidence` resolves by. */
const typedDetails: MiddlewareFn<Context> = async ({ root }, next) => {
  const evidence: unknown = await next();
  return evidence == null ? evidence : findingDetails((root as DataQualityIssue).code, evidence);
};

/** A finding's message and evidence, with the personal data in them masked as the profile masks it (`SensitiveEvidence`). */
@Resolver(() => DataQualityIssue)
export class DataQualityIssueResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: "What the check found, in words; persons' names and ID numbers in it are masked as in evidence.",
  })
  @SensitiveEvidence<DataQualityIssue>({ evidenceOf: (i) => i.evidence })
  message(@Root() i: DataQualityIssue, @UnmaskedArg() _unmasked: boolean): string {
    return i.message;
  }

  @FieldResolver(() => JSONObjectResolver, {
    nullable: true,
    deprecationReason: 'Use details: typed fields per code.',
    description:
      'The records and figures that prove it: row ids, dates, amounts, the threshold applied. Personal data in it are masked ' +
      "as the profile's fields mask them (ID numbers 3301**********1234, persons' names 王*, the persons in a change of the legal " +
      "representative or shareholders); firms' names and USCCs are not.",
  })
  @SensitiveEvidence()
  evidence(@Root() i: DataQualityIssue, @UnmaskedArg() _unmasked: boolean): Record<string, unknown> {
    return i.evidence;
  }

  @FieldResolver(() => FindingEvidence, {
    nullable: true,
    description:
      'The same records and figures as `evidence`, as typed fields: select them per check with inline fragments ' +
      '(`details { code ... on DuplicateInvoiceEvidence { rows { id amount } } }`). Personal data in them are masked as in `evidence`.',
  })
  // Masked first (by key, as `evidence`), then shaped as the check's evidence type.
  @UseMiddleware(typedDetails, sensitiveEvidenceMiddleware())
  details(@Root() i: DataQualityIssue, @UnmaskedArg() _unmasked: boolean): Record<string, unknown> {
    return i.evidence;
  }
}

@Resolver(() => QualityReport)
export class QualityReportResolver {
  @Query(() => QualityReport, {
    nullable: true,
    description:
      "The portfolio's data quality, from the findings `npm run quality` stored and the records held." + NULL_ROOT,
  })
  async qualityReport(
    @Arg('worst', () => Int, { defaultValue: 10, description: 'How many of the worst firms (0-100).' }) worst: number,
    @Ctx() ctx: Context,
  ): Promise<QualityReport> {
    requireRole(ctx, FIRM_READERS, '`qualityReport` (the portfolio)');
    const n = checkFirst(worst, 100, 'worst');
    const [findings, missingRates, fieldMissingRates, worstFirms] = await Promise.all([
      ctx.db.query<{ code: string; severity: Severity; count: number }>(
        `SELECT code, severity, count(*)::int AS count FROM core.quality_finding WHERE resolved_at IS NULL GROUP BY code, severity ORDER BY code, severity DESC`,
      ),
      portfolioMissingRates(ctx.db),
      portfolioFieldMissingRates(ctx.db),
      ctx.db.query<{ uscc: string; name: string; findings: number; highFindings: number }>(
        `SELECT q.uscc, f.name, count(*)::int AS findings, (count(*) FILTER (WHERE q.severity = 'HIGH'))::int AS "highFindings"
           FROM core.quality_finding q JOIN core.firm f ON f.uscc = q.uscc
          WHERE q.resolved_at IS NULL GROUP BY q.uscc, f.name
          ORDER BY "highFindings" DESC, findings DESC, q.uscc LIMIT $1`,
        [n],
      ),
    ]);
    return { findings: findings.rows, missingRates, fieldMissingRates, worstFirms: worstFirms.rows };
  }
}
