/**
 * Entity resolution over the portfolio (`npm run resolve`, and part of `npm run quality`).
 *
 * 1. Records to resolve: those that name a firm without its USCC (court parties of type FIRM,
 *    orders' suppliers), read with their context (the court's locality, the order's core
 *    enterprise). Firms: core.firm with their former names (core.firm and the registry change
 *    log), registered region, legal representative, address, shareholders and counterparties.
 * 2. Blocking: every firm is indexed under each core of each of its names (name without region
 *    and legal form) and under each core's first two characters; a record is compared with the
 *    firms sharing a key. Prefix-only candidates must first pass the cheap core similarity or
 *    have one core extend the other (西湖电子 / 西湖电子科技).
 * 3. Scoring (compare.ts) and the decision (`decide`): the best candidate is LINKED at or above
 *    the auto-link probability unless its legal form or branch differs from the record's, the
 *    record states no legal form, context rather than the name carried it there, or another
 *    firm comes within the ambiguity margin; those go to REVIEW with every competitor and the
 *    reasons named; the rest are not linked.
 * 4. Firms against firms, blocked on shared name cores only (a person may legitimately run
 *    several firms at one address, so those alone never pair firms): the later firm is linked
 *    (merged) into the earlier one.
 * 5. Storing: links are upserted by (table, record, firm); a person's decision is never
 *    overwritten; links the run no longer produces are retired, not deleted. No source record is
 *    ever written.
 */
import type { Database } from '../db/database';
import { type MatchProfile, type PairScore, nameAlone, scorePair, similarity } from './compare';
import { LinkKind, LinkMethod, LinkStatus } from './link.entity';
import { RESOLUTION_CONFIG, type ResolutionConfig } from './resolution.config';
import { loadFirms, loadSubjects, storeLinks, type StoreLinksResult } from './resolution.repository';
import type { FirmCandidate, LinkDecision, Subject } from './resolution.types';

/** Firms by blocking key: `C:` + a name core, `P:` + a core's first two characters. */
export class BlockIndex {
  private readonly byCore = new Map<string, number[]>();
  private readonly byPrefix = new Map<string, number[]>();

  constructor(readonly firms: readonly FirmCandidate[]) {
    firms.forEach((f, i) => {
      for (const n of f.profile.names) {
        for (const c of n.cores) {
          push(this.byCore, c, i);
          push(this.byPrefix, c.slice(0, 2), i);
        }
      }
    });
  }

  /** Candidates sharing a core (strong), then those sharing only a core prefix with a similar core. */
  candidates(subject: MatchProfile, config: ResolutionConfig): number[] {
    const out = new Set<number>();
    for (const n of subject.names) for (const c of n.cores) for (const i of this.byCore.get(c) ?? []) out.add(i);
    for (const n of subject.names) {
      for (const c of n.cores) {
        for (const i of this.byPrefix.get(c.slice(0, 2)) ?? []) {
          if (out.has(i)) continue;
          const firmCores = this.firms[i].profile.names.flatMap((x) => x.cores);
          if (firmCores.some((fc) => fc.startsWith(c) || c.startsWith(fc) || similarity(fc, c) >= config.similarCore))
            out.add(i);
        }
      }
    }
    return [...out];
  }

  /** Firms sharing a name core with firm `i` (for firm-to-firm duplicates). */
  sameCore(i: number): number[] {
    const out = new Set<number>();
    for (const n of this.firms[i].profile.names)
      for (const c of n.cores) for (const j of this.byCore.get(c) ?? []) if (j !== i) out.add(j);
    return [...out];
  }
}

function push(map: Map<string, number[]>, key: string, i: number): void {
  const list = map.get(key);
  if (!list) map.set(key, [i]);
  else if (list[list.length - 1] !== i) list.push(i);
}

function methodOf(score: PairScore): LinkMethod {
  return score.parts.some((p) => p.comparison === 'IDENTIFIER' && p.level === 'SAME')
    ? LinkMethod.EXACT_ID
    : LinkMethod.SCORED;
}

/** Name levels that say the record's name could be the firm's (all but DIFFERENT). */
const ALIKE_NAMES = new Set(['EXACT', 'FORMER_NAME', 'SAME_CORE', 'PARTIAL_CORE', 'SIMILAR_CORE']);

function sameIdentifier(score: PairScore): boolean {
  return score.parts.some((p) => p.comparison === 'IDENTIFIER' && p.level === 'SAME');
}

/** Why the record's name cannot be this firm's registered name as written: another legal form, or a branch against its parent. */
export function contradiction(score: PairScore): string | null {
  if (sameIdentifier(score)) return null;
  const p = score.parts.find((x) => x.comparison === 'LEGAL_FORM');
  if (p?.level === 'DIFFERENT') return `different legal form (${p.detail})`;
  if (p?.level === 'BRANCH') return `branch and firm differ (${p.detail})`;
  return null;
}

/** Why a pair may not be auto-linked on its name, even when its score is high; null when nothing stands in the way. */
export function nameIssue(score: PairScore): string | null {
  const c = contradiction(score);
  if (c || sameIdentifier(score)) return c;
  const p = score.parts.find((x) => x.comparison === 'LEGAL_FORM');
  return p?.level === 'UNSTATED'
    ? `legal form stated on one side only (${p.detail}): a trade name, not a registered name`
    : null;
}

const describe = (c: { uscc: string; score: PairScore }) =>
  `${c.uscc} probability ${c.score.probability.toFixed(4)}, weight ${c.score.matchWeight.toFixed(2)}`;

/**
 * The decision for one subject given its scored candidates. The best candidate is LINKED when
 * all of these hold, else it goes to REVIEW with every competitor and the reasons:
 *
 * - its probability reaches the auto-link threshold;
 * - its name does not contradict the record's (another legal form, a branch against its
 *   parent) and states a legal form when the firm's does (nameIssue);
 * - context did not carry it there: the identifier and name alone reach contextLiftFloor
 *   (a court in the firm's county or a known counterparty can raise a match, never make one);
 * - no competitor: another candidate within ambiguityMarginBits of it, on the whole score or on
 *   the name alone, that reaches the review threshold or whose name is alike (same, extended or
 *   similar core). A candidate whose legal form or branch contradicts the record never competes
 *   with one that does not.
 *
 * Nothing is linked when the best is below the review threshold.
 */
export function decide(
  subject: Subject,
  scored: ReadonlyArray<{ uscc: string; score: PairScore }>,
  config: ResolutionConfig = RESOLUTION_CONFIG,
): LinkDecision[] {
  const ranked = [...scored].sort((a, b) => b.score.matchWeight - a.score.matchWeight);
  const [best] = ranked;
  if (!best || best.score.probability < config.review) return [];
  const base = { kind: subject.kind, table: subject.table, key: subject.key, name: subject.name };
  const bestContradicts = contradiction(best.score) !== null;
  const bestAlone = nameAlone(best.score).matchWeight;
  const competitors = ranked.slice(1).filter((c) => {
    // Within the margin on the whole score, or on the name alone: context cannot settle which of two look-alikes a name means.
    const gap = Math.min(best.score.matchWeight - c.score.matchWeight, bestAlone - nameAlone(c.score).matchWeight);
    if (gap >= config.ambiguityMarginBits) return false;
    if (!bestContradicts && contradiction(c.score) !== null) return false;
    const name = c.score.parts.find((p) => p.comparison === 'NAME');
    return c.score.probability >= config.review || !name || ALIKE_NAMES.has(name.level);
  });
  const reasons: string[] = [];
  const issue = nameIssue(best.score);
  if (issue) reasons.push(`${best.uscc}: ${issue}`);
  if (competitors.length) {
    reasons.push(
      `ambiguous: ${competitors.length + 1} firms within ${config.ambiguityMarginBits} bits of each other (${[best, ...competitors].map(describe).join('; ')})`,
    );
  }
  if (best.score.probability < config.autoLink) {
    reasons.push(
      `uncertain: probability ${best.score.probability.toFixed(4)} is below the auto-link threshold ${config.autoLink}`,
    );
  } else if (!sameIdentifier(best.score)) {
    const alone = nameAlone(best.score);
    if (alone.contextWeight > 0 && alone.probability < config.contextLiftFloor) {
      reasons.push(
        `context only: the name alone gives ${alone.probability.toFixed(4)} (below ${config.contextLiftFloor}); ` +
          `context (+${alone.contextWeight} bits) can raise a match, not make one`,
      );
    }
  }
  if (reasons.length === 0) {
    const runnerUp = ranked.slice(1).find((c) => c.score.probability >= config.review);
    return [
      {
        ...base,
        uscc: best.uscc,
        method: methodOf(best.score),
        status: LinkStatus.LINKED,
        score: best.score,
        reviewReason: null,
        runnerUp: runnerUp && { uscc: runnerUp.uscc, matchWeight: runnerUp.score.matchWeight },
      },
    ];
  }
  const reason = reasons.join('; ');
  return [best, ...competitors].map((p) => ({
    ...base,
    uscc: p.uscc,
    method: methodOf(p.score),
    status: LinkStatus.REVIEW,
    score: p.score,
    reviewReason: reason,
  }));
}

/**
 * Resolves source records to firms. A candidate merged into another firm (`canonicalOf`) counts
 * as that firm, so a firm registered twice does not make its records ambiguous.
 */
export function resolveSubjects(
  subjects: readonly Subject[],
  index: BlockIndex,
  config: ResolutionConfig = RESOLUTION_CONFIG,
  canonicalOf: ReadonlyMap<string, string> = new Map(),
): LinkDecision[] {
  const out: LinkDecision[] = [];
  for (const s of subjects) {
    const best = new Map<string, PairScore>();
    for (const i of index.candidates(s.profile, config)) {
      const firm = index.firms[i];
      const uscc = canonicalOf.get(firm.uscc) ?? firm.uscc;
      const score = scorePair(s.profile, firm.profile, config);
      const seen = best.get(uscc);
      if (!seen || score.matchWeight > seen.matchWeight) best.set(uscc, score);
    }
    out.push(
      ...decide(
        s,
        [...best].map(([uscc, score]) => ({ uscc, score })),
        config,
      ),
    );
  }
  return out;
}

/**
 * Firms that are the same firm as an earlier one (same name core, then scored on everything
 * else). The later firm (by creation, then USCC) is the subject, merged into the earlier one.
 * Counterparties are left out: two firms supplying one core enterprise says nothing.
 */
export function findDuplicateFirms(index: BlockIndex, config: ResolutionConfig = RESOLUTION_CONFIG): LinkDecision[] {
  const out: LinkDecision[] = [];
  const earlier = (a: FirmCandidate, b: FirmCandidate) =>
    a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.uscc < b.uscc);
  index.firms.forEach((firm, i) => {
    const others = index.sameCore(i).filter((j) => earlier(index.firms[j], firm));
    if (others.length === 0) return;
    const subject: Subject = {
      kind: LinkKind.FIRM,
      table: 'core.firm',
      key: firm.uscc,
      name: firm.name,
      profile: { ...firm.profile, counterparties: undefined },
    };
    const scored = others.map((j) => ({
      uscc: index.firms[j].uscc,
      score: scorePair(subject.profile, { ...index.firms[j].profile, counterparties: undefined }, config),
    }));
    out.push(...decide(subject, scored, config));
  });
  return out;
}

export interface ResolutionRun extends StoreLinksResult {
  records: number;
  firms: number;
  linked: number;
  review: number;
  merged: number;
  elapsedMs: number;
}

/** Resolves every unidentified record and duplicate firm in the database and stores the links. */
export async function runResolution(
  db: Database,
  config: ResolutionConfig = RESOLUTION_CONFIG,
): Promise<ResolutionRun> {
  const started = Date.now();
  const runAt = new Date();
  const [subjects, firms] = await Promise.all([loadSubjects(db), loadFirms(db)]);
  const index = new BlockIndex(firms);
  const merges = findDuplicateFirms(index, config);
  // Merges in effect: this run's automatic ones that no person rejected or undid, and those people confirmed.
  const { rows: decided } = await db.query<{ recordKey: string; uscc: string; status: LinkStatus }>(
    `SELECT record_key AS "recordKey", uscc, status FROM core.entity_link WHERE kind = 'FIRM' AND status IN ('CONFIRMED', 'REJECTED', 'UNDONE')`,
  );
  const overruled = new Set(
    decided.filter((d) => d.status !== LinkStatus.CONFIRMED).map((d) => `${d.recordKey}>${d.uscc}`),
  );
  const canonicalOf = new Map<string, string>([
    ...merges
      .filter((m) => m.status === LinkStatus.LINKED && !overruled.has(`${m.key}>${m.uscc}`))
      .map((m): [string, string] => [m.key, m.uscc]),
    ...decided.filter((d) => d.status === LinkStatus.CONFIRMED).map((d): [string, string] => [d.recordKey, d.uscc]),
  ]);
  const decisions = [...resolveSubjects(subjects, index, config, canonicalOf), ...merges];
  const stored = await storeLinks(db, decisions, runAt);
  const count = (pred: (d: LinkDecision) => boolean) => decisions.filter(pred).length;
  return {
    records: subjects.length,
    firms: firms.length,
    linked: count((d) => d.kind === LinkKind.RECORD && d.status === LinkStatus.LINKED),
    review: count((d) => d.status === LinkStatus.REVIEW),
    merged: count((d) => d.kind === LinkKind.FIRM && d.status === LinkStatus.LINKED),
    ...stored,
    elapsedMs: Date.now() - started,
  };
}

export function formatResolutionRun(r: ResolutionRun): string {
  return (
    `entity resolution: ${r.records} records without a USCC and ${r.firms} firms compared in ${(r.elapsedMs / 1000).toFixed(1)} s; ` +
    `${r.linked} records linked, ${r.merged} firms merged, ${r.review} pairs sent to review ` +
    `(links: ${r.inserted} new, ${r.updated} updated, ${r.retired} retired)`
  );
}
