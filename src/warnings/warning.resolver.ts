/** Early warnings in GraphQL: a borrower's stored warnings, and the portfolio's for the risk dashboard. */
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { JSONObjectResolver } from 'graphql-scalars';
import { Firm, type FirmRoot } from '../firm/firm.entity';
import type { Context } from '../graphql/context';
import { badInput, NULL_ROOT } from '../errors';
import { checkFirst, connection, decodeCursor } from '../graphql/pagination';
import { Severity } from '../quality/finding.entity';
import { WarningConnection, WarningFilter, WarningRule, WarningType } from './warning.types';
import { hasEvidenceType, WarningEvidence, type WarningDetails } from './warning-evidence.types';
import type { WarningRuleCode } from './rules';
import { ACTIVE_WARNING_STATUSES, WarningStatus } from './warning.entity';
import type { DetectedWarning } from './warning';
import { verifyDueAt } from './lifecycle.config';
import { riskOf } from './risk.service';
import {
  countPortfolioWarnings,
  portfolioWarnings,
  toWarningType,
  type PortfolioFilter,
  type WarningCursor,
} from './warning.repository';
import { authorize, FIRM_READERS, refusalNote, requireRole } from '../auth/authorize.service';
import { SensitiveEvidence, UnmaskedArg } from '../masking/sensitive';

const MAX_PAGE = 100;
const MAX_CODES = 50;
const MAX_CODE_LENGTH = 40;

/** Checks the dashboard's filter, with a message naming the field at fault. */
export function checkWarningFilter(f: WarningFilter | null | undefined): PortfolioFilter {
  const nonEmpty = <T>(list: T[] | null | undefined, field: string): T[] | null => {
    if (list === null || list === undefined) return null;
    if (list.length === 0)
      throw badInput(`\`filter.${field}\` must list at least one value, or be left out`, {
        argument: `filter.${field}`,
      });
    return [...new Set(list)];
  };
  const codes = nonEmpty(f?.codes, 'codes')?.map((c) => c.trim());
  if (codes) {
    if (codes.length > MAX_CODES)
      throw badInput(`\`filter.codes\` may list at most ${MAX_CODES} codes, got ${codes.length}`, {
        argument: 'filter.codes',
      });
    const bad = codes.find((c) => c.length === 0 || c.length > MAX_CODE_LENGTH);
    if (bad !== undefined)
      throw badInput(`\`filter.codes\` holds "${bad}": a rule's code has 1 to ${MAX_CODE_LENGTH} characters`, {
        argument: 'filter.codes',
      });
  }
  // `rules` and the deprecated `codes` both given: the rules both list.
  const rules = nonEmpty(f?.rules, 'rules');
  return {
    tiers: nonEmpty(f?.tiers, 'tiers'),
    codes: rules && codes ? rules.filter((r) => codes.includes(r)) : (rules ?? codes ?? null),
    statuses: nonEmpty(f?.statuses, 'statuses') ?? [...ACTIVE_WARNING_STATUSES],
    overdue: f?.overdue ?? null,
    cleared: f?.cleared ?? null,
    uscc: f?.uscc ?? null,
  };
}

function checkCursor(after: string): WarningCursor {
  const [severity, firstSeenAt, id] = decodeCursor(after, 'warnings', 3);
  if (
    !(Object.values(Severity) as string[]).includes(severity) ||
    Number.isNaN(Date.parse(firstSeenAt)) ||
    !/^[1-9][0-9]{0,17}$/.test(id)
  ) {
    throw badInput('`after` is not a cursor of `warnings`: pass the endCursor of a previous page', {
      argument: 'after',
    });
  }
  return [severity as Severity, firstSeenAt, id];
}

@Resolver(() => Firm)
export class BorrowerWarningHistoryResolver {
  @FieldResolver(() => [WarningType], {
    nullable: true,
    description:
      'Every warning stored for this borrower (all statuses, cleared ones too), newest first, with its lifecycle.' +
      refusalNote('INTERNAL'),
  })
  async warningHistory(@Root() f: FirmRoot, @Ctx() ctx: Context): Promise<WarningType[]> {
    await authorize(ctx, f.uscc, 'INTERNAL');
    return ctx.loaders.warningHistory.load(f.uscc);
  }
}

@Resolver(() => WarningType)
export class WarningBorrowerResolver {
  @FieldResolver(() => Firm, { nullable: true, description: 'The borrower the warning is about.' })
  borrower(@Root() w: WarningType, @Ctx() ctx: Context): Promise<Firm | null> {
    return ctx.loaders.firm.load(w.uscc);
  }
}

/** A warning's message and evidence, with the personal data in them masked as the profile masks it (`SensitiveEvidence`). */
@Resolver(() => WarningType)
export class WarningEvidenceResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description:
      "What the rule found, in words; persons' names (a lost customer who is a person) and ID numbers in it are masked as in evidence.",
  })
  @SensitiveEvidence<WarningType>({ evidenceOf: (w) => w.evidence })
  message(@Root() w: WarningType, @UnmaskedArg() _unmasked: boolean): string {
    return w.message;
  }

  @FieldResolver(() => JSONObjectResolver, {
    nullable: true,
    description:
      "The records and figures behind it, and the threshold applied. Personal data in it are masked as the profile's fields " +
      "mask them (persons' names 王*, ID numbers, the persons in a change of the legal representative); firms' names and USCCs are not.",
    deprecationReason: 'Use details: typed fields per code.',
  })
  @SensitiveEvidence()
  evidence(@Root() w: WarningType, @UnmaskedArg() _unmasked: boolean): Record<string, unknown> {
    return w.evidence;
  }

  @FieldResolver(() => WarningRule, { description: 'The rule that raised it.' })
  rule(@Root() w: WarningType): WarningRuleCode {
    return w.code as WarningRuleCode;
  }

  @FieldResolver(() => WarningEvidence, {
    nullable: true,
    description:
      "The evidence as typed fields, one type per rule (`... on TaxPaidDeclineEvidence { arrears { period taxPaid } }`): the same values as `evidence` (without the rule's number and title and the as-of month it stamps), " +
      'its personal data masked the same way. Null for a rule no longer in the list.',
  })
  @SensitiveEvidence<WarningType>()
  details(@Root() w: WarningType, @UnmaskedArg() _unmasked: boolean): WarningDetails | null {
    if (!hasEvidenceType(w.code)) return null;
    const { rule: _rule, asOf: _asOf, ...evidence } = w.evidence;
    return { ...evidence, code: w.code } as unknown as WarningDetails;
  }
}

@Resolver()
export class PortfolioWarningsResolver {
  @Query(() => WarningConnection, {
    nullable: true,
    description:
      "The portfolio's stored warnings for the risk dashboard, most severe first, then oldest first; by default those still waiting for someone (OPEN, VERIFYING, ACTION_TAKEN)." +
      NULL_ROOT,
  })
  async warnings(
    @Arg('filter', () => WarningFilter, { nullable: true }) filter: WarningFilter | null,
    @Arg('first', () => Int, { defaultValue: 20, description: `Page size (0-${MAX_PAGE}).` }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'The endCursor of the previous page.' })
    after: string | null,
    @Ctx() ctx: Context,
  ): Promise<WarningConnection> {
    requireRole(ctx, FIRM_READERS, '`warnings` (the portfolio)');
    const limit = checkFirst(first, MAX_PAGE);
    const f = checkWarningFilter(filter);
    const cursor = after ? checkCursor(after) : null;
    const now = new Date();
    const rows = await portfolioWarnings(ctx.db, f, limit, cursor, now);
    return {
      ...connection(
        'warnings',
        rows.slice(0, limit),
        (w) => [w.severity, w.firstSeenAt.toISOString(), String(w.id)],
        rows.length > limit,
        (w) => toWarningType(w, now),
      ),
      count: () => countPortfolioWarnings(ctx.db, f, now),
    };
  }
}

@Resolver(() => WarningConnection)
export class WarningConnectionResolver {
  @FieldResolver(() => Int, { description: 'Warnings matching the filter (counted only when asked for).' })
  totalCount(@Root() c: WarningConnection): Promise<number> {
    return c.count();
  }
}

/**
 * A warning the rules raise now, as the GraphQL `Warning`: merged with its stored row (id,
 * status, dates, decisions) when a run has stored it; otherwise OPEN, first seen now, due for
 * verification in 24 h, with no id until `npm run warnings` stores it.
 */
export function liveWarning(w: DetectedWarning, stored: WarningType | null, now: Date): WarningType {
  if (stored)
    return {
      ...stored,
      severity: w.severity,
      tier: w.tier,
      message: w.message,
      evidence: w.evidence,
      sources: w.sources,
      clearedAt: null,
    };
  return {
    id: null,
    uscc: w.uscc,
    code: w.code,
    severity: w.severity,
    tier: w.tier,
    message: w.message,
    evidence: w.evidence,
    sources: w.sources,
    firstSeenAt: now,
    lastSeenAt: now,
    clearedAt: null,
    status: WarningStatus.OPEN,
    verifyDueAt: verifyDueAt(now),
    actionTakenAt: null,
    followUpDueAt: null,
    closedAt: null,
    overdue: false,
    decidedBy: null,
    decidedAt: null,
    decisionReason: null,
    fingerprint: w.fingerprint,
  };
}

/** The warnings the rules raise on the firm's data now, each merged with its stored row. */
async function warningsOnRead(ctx: Context, uscc: string): Promise<WarningType[]> {
  const risk = await riskOf(ctx, uscc);
  if (!risk) return [];
  const now = new Date();
  const stored = await Promise.all(risk.warnings.map((w) => ctx.loaders.warningByFingerprint.load(w.fingerprint)));
  return risk.warnings.map((w, i) => liveWarning(w, stored[i], now));
}

@Resolver(() => Firm)
export class BorrowerWarningsResolver {
  @FieldResolver(() => [WarningType], {
    nullable: true,
    description:
      "The early warnings the rules raise on the firm's data now, each with the records and thresholds behind it and its stored status when a run has stored it: those the rescore stored with the firm's current score when nothing the rules read has changed since (its record, its data-quality findings, its guarantee network), otherwise computed on read from the sources this request reached. Dismissed and closed ones are left out unless asked for." +
      refusalNote('INTERNAL'),
  })
  async warnings(
    @Root() f: FirmRoot,
    @Arg('includeClosed', () => Boolean, {
      defaultValue: false,
      description: 'Also the warnings a person dismissed or closed.',
    })
    includeClosed: boolean,
    @Ctx() ctx: Context,
  ): Promise<WarningType[]> {
    await authorize(ctx, f.uscc, 'INTERNAL');
    const out = (await ctx.loaders.currentWarnings.load(f.uscc)) ?? (await warningsOnRead(ctx, f.uscc));
    return includeClosed
      ? out
      : out.filter((w) => w.status !== WarningStatus.DISMISSED && w.status !== WarningStatus.CLOSED);
  }
}
