/**
 * Scores the guarantee-structure findings (GUARANTEE_CIRCLE, GUARANTEE_CHAIN, GUARANTEE_STAR)
 * against the generator's truth structure by structure, not firm by firm: a planted structure is
 * found when one finding has exactly its firms (a circle in its guarantee order from its smallest
 * USCC, a chain in order, a star as its guarantor and the set it guarantees); a finding matching
 * no planted structure is a false alarm, and a structure reported twice is counted as such. Pure;
 * eval.cli.ts reads the files and the database.
 */
// The controller rule's module declares GraphQL types; the evaluation loads in CLIs and tests too.
import 'reflect-metadata';
import type { Truth } from '../seed/truth';
import { lastDayOfMonth } from './months';
import { QUALITY_CONFIG } from './quality.config';
import type { UltimateController } from '../network/network.types';
import { RELATED_GROUP_CONFIG } from '../network/related-group.config';
import { controllerOf } from '../network/related-group.service';
import { score, type Score } from './eval';

export const STRUCTURE_CHECKS = ['GUARANTEE_CIRCLE', 'GUARANTEE_CHAIN', 'GUARANTEE_STAR'] as const;
export type StructureCheck = (typeof STRUCTURE_CHECKS)[number];

export interface StructureScore extends Score {
  /** Structures found by more than one finding (should be none: one structure, one finding). */
  duplicates: number;
}

type Evidence = Record<string, unknown> & { uscc: string };
type TruthPart = Pick<Truth, 'problems' | 'asOf'>;

/** A circle from its smallest USCC, keeping its direction. */
export function canonicalCircle(circle: readonly string[]): string[] {
  const k = circle.indexOf([...circle].sort()[0]);
  return [...circle.slice(k), ...circle.slice(0, k)];
}

/**
 * Per member of the planted structures of `code`, whether the guarantee into it runs at asOf: its
 * `guaranteeEndsOn` on or after asOf's last day (a member that defaulted long ago lets its
 * guarantee end; one with none recorded never borrowed). Every member when the truth dates none
 * (older files). Built once per code: a structure runs when every member's guarantee does.
 */
export function guaranteeRuns(truth: TruthPart, code: string): (uscc: string) => boolean {
  const list = ((truth.problems as Record<string, Evidence[] | undefined>)[code] ?? []) as Evidence[];
  const ends = new Map(list.map((e) => [e.uscc, e.guaranteeEndsOn as string | undefined]));
  if (![...ends.values()].some((d) => d !== undefined)) return () => true;
  const asOfEnd = lastDayOfMonth(truth.asOf);
  return (u) => (ends.get(u) ?? '') >= asOfEnd;
}

/** The structures planted (and running at asOf), each as the key its finding must have. */
export function plantedStructures(truth: TruthPart): Record<StructureCheck, Set<string>> {
  const problems = truth.problems as Record<string, Evidence[] | undefined>;
  const circleRuns = guaranteeRuns(truth, 'GUARANTEE_CIRCLE');
  const circles = new Set<string>();
  for (const e of problems.GUARANTEE_CIRCLE ?? []) {
    const circle = e.circle as string[];
    if (circle.every(circleRuns)) circles.add(canonicalCircle(circle).join(','));
  }
  const chainRuns = guaranteeRuns(truth, 'GUARANTEE_CHAIN');
  const chains = new Set<string>();
  for (const e of problems.GUARANTEE_CHAIN ?? []) {
    const chain = e.chain as string[];
    if (chain.every(chainRuns)) chains.add(chain.join(','));
  }
  // A would-be circle whose closing guarantee was released is a chain in the data: first to last.
  for (const e of problems.RELEASED_GUARANTEE ?? []) chains.add((e.circle as string[]).join(','));
  // So is what runs of a planted circle broken by asOf: its stretches between ended guarantees.
  for (const chain of brokenCircleChains(truth, circleRuns)) chains.add(chain.join(','));
  // A star's guarantor on a planted circle also guarantees its successor there (a joined network).
  const successor = new Map<string, string>();
  for (const e of problems.GUARANTEE_CIRCLE ?? []) {
    const c = e.circle as string[];
    c.forEach((u, k) => successor.set(u, c[(k + 1) % c.length]));
  }
  const starRuns = guaranteeRuns(truth, 'GUARANTEE_STAR');
  const stars = new Set<string>();
  for (const e of problems.GUARANTEE_STAR ?? []) {
    const guarantor = e.guarantor as string;
    const guaranteed = [...(e.guaranteed as string[])];
    if (e.uscc !== guarantor || ![guarantor, ...guaranteed].every(starRuns)) continue;
    const also = successor.get(guarantor);
    if (also && !guaranteed.includes(also)) guaranteed.push(also);
    stars.add([guarantor, ...guaranteed.sort()].join(','));
  }
  return { GUARANTEE_CIRCLE: circles, GUARANTEE_CHAIN: chains, GUARANTEE_STAR: stars };
}

/**
 * The chains a planted circle leaves when some of its guarantees have ended by asOf: the guarantee
 * into member k (member k-1 guarantees it) runs while k's `guaranteeEndsOn` is on or after asOf's
 * last day; each stretch of running guarantees, from a member whose incoming guarantee ended, of
 * at least `minChainFirms` firms, is a chain in the data.
 */
function brokenCircleChains(truth: TruthPart, runs: (uscc: string) => boolean): string[][] {
  const list = ((truth.problems as Record<string, Evidence[] | undefined>).GUARANTEE_CIRCLE ?? []) as Evidence[];
  const circles = new Map(list.map((e) => [(e.circle as string[]).join(','), e.circle as string[]]));
  const out: string[][] = [];
  for (const c of circles.values()) {
    if (c.every(runs)) continue;
    c.forEach((start, k) => {
      if (runs(start)) return;
      const chain = [start];
      for (let j = 1; j < c.length && runs(c[(k + j) % c.length]); j++) chain.push(c[(k + j) % c.length]);
      if (chain.length >= QUALITY_CONFIG.guaranteeStructures.minChainFirms) out.push(chain);
    });
  }
  return out;
}

/** A finding's key: its members in the order the check lists them (a circle from its smallest USCC, a star's guarantor first). */
export function foundKey(members: readonly string[]): string {
  return members.join(',');
}

/** Precision and recall of each structure check: `found` holds each finding's key (duplicates kept). */
export function scoreStructures(
  truth: TruthPart,
  found: Readonly<Record<StructureCheck, readonly string[]>>,
): StructureScore[] {
  const planted = plantedStructures(truth);
  return STRUCTURE_CHECKS.map((code) => {
    const keys = found[code];
    const distinct = new Set(keys);
    return { ...score(code, planted[code], distinct), duplicates: keys.length - distinct.size };
  });
}

/** One ownership structure kind: how many were planted and how many the walks got exactly right. */
export interface OwnershipScore {
  code: string;
  planted: number;
  correct: number;
  /** A few firms (or groups) the walks got wrong, with what they gave. */
  wrong: string[];
}

/** What the ownership walks gave (eval.cli.ts reads them): per firm its controllers, per person ID the firms it controls. */
export interface OwnershipFound {
  controllers: ReadonlyMap<string, readonly UltimateController[]>;
  controlled: ReadonlyMap<string, ReadonlySet<string>>;
}

/** The planted firms and persons the ownership walks are asked about. */
export function ownershipQuestions(truth: Pick<Truth, 'problems'>): { firms: string[]; persons: string[] } {
  const p = truth.problems as Record<string, Evidence[] | undefined>;
  const firms = [...(p.OWNERSHIP_LAYERS ?? []), ...(p.SHAREHOLDING_LOOP ?? [])].map((e) => e.uscc);
  const persons = [
    ...(p.CONTROLLER_GROUP ?? []).map((e) => (e.controller as { idNo: string }).idNo),
    ...(p.SHAREHOLDING_SOLD ?? []).map((e) => e.formerController as string),
  ];
  return { firms: [...new Set(firms)], persons: [...new Set(persons)] };
}

/** A share `0.xxxxxxxx` rounded half up to 4 places, exactly (as PostgreSQL's round does), e.g. '0.33605000' -> '0.3361'. */
export function round4(share: string): string {
  const [whole, frac = ''] = share.split('.');
  const scaled = BigInt(whole + frac.padEnd(8, '0').slice(0, 8));
  const r = (scaled + 5000n) / 10000n;
  return `${r / 10000n}.${String(r % 10000n).padStart(4, '0')}`;
}

/**
 * - OWNERSHIP_LAYERS: the planted person is among the firm's ultimate controllers with the planted
 *   share (the product of the ratios, rounded to the walk's 4 places), and is its controller (the
 *   top of its chain of majority holdings: the related group's `controllerOf`), whoever else holds
 *   a larger share directly;
 * - SHAREHOLDING_LOOP: the walk ends, and the persons at the top are exactly those holding the loop;
 * - CONTROLLER_GROUP: the firms the person controls (the related group's walk down) are exactly the group;
 * - SHAREHOLDING_SOLD: a firm its former controller sold is not among the firms it controls.
 */
export function scoreOwnership(truth: Pick<Truth, 'problems'>, found: OwnershipFound, examples = 5): OwnershipScore[] {
  const p = truth.problems as Record<string, Evidence[] | undefined>;
  const result = (code: string, checks: Array<[ok: boolean, what: string]>): OwnershipScore => ({
    code,
    planted: checks.length,
    correct: checks.filter(([ok]) => ok).length,
    wrong: checks
      .filter(([ok]) => !ok)
      .map(([, what]) => what)
      .slice(0, examples),
  });
  const layers = (p.OWNERSHIP_LAYERS ?? []).map((e): [boolean, string] => {
    const want = { idNo: (e.controller as { idNo: string }).idNo, share: round4(e.share as string) };
    const controllers = found.controllers.get(e.uscc) ?? [];
    const p = controllers.find((c) => c.holderIdNo === want.idNo);
    const top = controllerOf(controllers, RELATED_GROUP_CONFIG.controlShare);
    const ok = p !== undefined && round4(p.share) === want.share && top?.holderIdNo === want.idNo;
    return [
      ok,
      `${e.uscc}: want ${want.idNo} controlling with ${want.share}, got ${p ? p.share : 'no share'}, controller ${top?.holderIdNo ?? 'none'}`,
    ];
  });
  const loops = (p.SHAREHOLDING_LOOP ?? []).map((e): [boolean, string] => {
    const got = [...new Set((found.controllers.get(e.uscc) ?? []).map((c) => c.holderIdNo).filter((x) => x))].sort();
    const want = [...(e.persons as string[])].sort();
    return [got.join() === want.join(), `${e.uscc}: want ${want.join(' ')}, got ${got.join(' ')}`];
  });
  const groups = new Map<string, string[]>();
  for (const e of p.CONTROLLER_GROUP ?? []) groups.set((e.controller as { idNo: string }).idNo, e.members as string[]);
  const grouped = [...groups].map(([idNo, members]): [boolean, string] => {
    const got = [...(found.controlled.get(idNo) ?? [])].sort();
    return [got.join() === [...members].sort().join(), `${idNo}: want ${members.join(' ')}, got ${got.join(' ')}`];
  });
  const sold = (p.SHAREHOLDING_SOLD ?? []).map((e): [boolean, string] => [
    !found.controlled.get(e.formerController as string)?.has(e.uscc),
    `${e.uscc} still counted under ${e.formerController as string}`,
  ]);
  return [
    result('OWNERSHIP_LAYERS', layers),
    result('SHAREHOLDING_LOOP', loops),
    result('CONTROLLER_GROUP', grouped),
    result('SHAREHOLDING_SOLD', sold),
  ];
}

export function formatOwnershipScores(scores: readonly OwnershipScore[]): string {
  const head = 'structure           planted  correct  share';
  const rows = scores.map(
    (s) =>
      `${s.code.padEnd(18)}  ${String(s.planted).padStart(7)}  ${String(s.correct).padStart(7)}  ${(s.planted ? s.correct / s.planted : 1).toFixed(3).padStart(5)}`,
  );
  return [head, ...rows].join('\n');
}
