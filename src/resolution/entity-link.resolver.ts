/** Entity resolution in GraphQL: a borrower's links and merge, and the review queue. */
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { Firm, type FirmRoot } from '../firm/firm.entity';
import type { Context } from '../graphql/context';
import { badInput, NULL_ROOT } from '../errors';
import { checkFirst, connection, decodeCursor } from '../graphql/pagination';
import { EntityLinkConnection, EntityLinkType, MatchFactor } from './entity-link.types';
import { reviewQueue, toLinkType } from './entity-link.repository';
import { LinkStatus } from './link.entity';
import { authorize, FIRM_READERS, refusalNote, requireRole } from '../auth/authorize.service';
import { maskPersonName } from '../masking/mask';
import { SensitiveKind } from '../masking/masking.config';
import { Sensitive, UnmaskedArg } from '../masking/sensitive';

const MAX_PAGE = 100;

@Resolver(() => Firm)
export class BorrowerLinksResolver {
  @FieldResolver(() => [EntityLinkType], {
    nullable: true,
    description:
      'Records from other sources resolved to this borrower by name (court parties, orders), and firms merged into it, with scores and reasons. Retired links are left out.' +
      refusalNote('INTERNAL'),
  })
  async entityLinks(
    @Root() f: FirmRoot,
    @Arg('status', () => [LinkStatus], {
      nullable: true,
      description: 'Only links with these statuses (default: all).',
    })
    status: LinkStatus[] | null,
    @Ctx() ctx: Context,
  ): Promise<EntityLinkType[]> {
    await authorize(ctx, f.uscc, 'INTERNAL');
    const links = (await ctx.loaders.entityLinks.load(f.uscc)).filter((l) => l.retiredAt === null);
    return status ? links.filter((l) => status.includes(l.status)) : links;
  }

  @FieldResolver(() => EntityLinkType, {
    nullable: true,
    description:
      'The merge that folds this firm into another (the same firm under another USCC), when one is in effect.',
  })
  async mergedInto(@Root() f: FirmRoot, @Ctx() ctx: Context): Promise<EntityLinkType | null> {
    await authorize(ctx, f.uscc, 'INTERNAL');
    return ctx.loaders.mergedInto.load(f.uscc);
  }
}

@Resolver()
export class MatchReviewQueueResolver {
  @Query(() => EntityLinkConnection, {
    nullable: true,
    description: 'Uncertain or ambiguous matches waiting for a person, most likely first.' + NULL_ROOT,
  })
  async matchReviewQueue(
    @Arg('first', () => Int, { defaultValue: 20, description: `Page size (0-${MAX_PAGE}).` }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ): Promise<EntityLinkConnection> {
    requireRole(ctx, FIRM_READERS, '`matchReviewQueue`');
    const limit = checkFirst(first, MAX_PAGE);
    const cursor = after ? (decodeCursor(after, 'matchReviewQueue', 2) as [string, string]) : null;
    if (cursor && !(/^[0-9.]+$/.test(cursor[0]) && /^[0-9]+$/.test(cursor[1]))) {
      throw badInput('`after` is not a cursor of this queue: pass the endCursor of a previous page', {
        argument: 'after',
      });
    }
    const rows = await reviewQueue(ctx.db, limit, cursor);
    return connection(
      'matchReviewQueue',
      rows.slice(0, limit),
      (r) => [r.probability, r.id],
      rows.length > limit,
      toLinkType,
    );
  }
}

/**
 * A LEGAL_REP comparison's detail with the legal representatives' names masked (`maskPersonName`).
 * The detail is built by `compareLegalReps` (compare.ts): `both 王五` (SAME_NAME), `王五 vs 李四`
 * (DIFFERENT); the other levels name no one. Text of another shape is masked whole (fail closed).
 */
export function maskLegalRepDetail(detail: string): string {
  const same = /^both (.+)$/su.exec(detail);
  if (same) return `both ${maskPersonName(same[1])}`;
  const pair = detail.split(' vs ');
  if (pair.length === 2 && pair[0] && pair[1]) return `${maskPersonName(pair[0])} vs ${maskPersonName(pair[1])}`;
  return maskPersonName(detail);
}

/** Comparison levels whose detail names the legal representatives (a firm merged into another: both firms have one). */
const namesLegalReps = (f: MatchFactor) =>
  f.comparison === 'LEGAL_REP' && (f.level === 'SAME_NAME' || f.level === 'DIFFERENT');

@Resolver(() => EntityLinkType)
export class EntityLinkFactorsResolver {
  @FieldResolver(() => [MatchFactor])
  factors(@Root() l: EntityLinkType): MatchFactor[] {
    return l.factors.map((f) => ({ ...f, firmUscc: l.uscc }));
  }
}

@Resolver(() => MatchFactor)
export class MatchFactorResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description:
      'The values compared. A LEGAL_REP comparison of two firms names their legal representatives: personal data, masked (王*) as in the profile.',
  })
  @Sensitive<MatchFactor>(SensitiveKind.PERSON_NAME, {
    firmOf: (f) => f.firmUscc ?? '',
    when: namesLegalReps,
    maskWith: maskLegalRepDetail,
  })
  detail(@Root() f: MatchFactor, @UnmaskedArg() _unmasked: boolean): string {
    return f.detail;
  }
}
