/**
 * Scores the guarantee-structure findings (GUARANTEE_CIRCLE, GUARANTEE_CHAIN, GUARANTEE_STAR)
 * against the generator's truth structure by structure, not firm by firm: a planted structure is
 * found when one finding has exactly its firms (a circle in its guarantee order from its smallest
 * USCC, a chain in order, a star as its guarantor and the set it guarantees); a finding matching
 * no planted structure is a false alarm, and a structure reported twice is counted as such. Pure;
 * eval.cli.ts reads the files and the database.
 */
import type { Truth } from '../seed/truth';
import { lastDayOfMonth } from './months';
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
 * Whether a planted structure's guarantees all run at asOf: every member's `guaranteeEndsOn` (a
 * member that defaulted long ago lets its guarantee end; one with none recorded never borrowed).
 * A truth without guarantee ends (older files) counts every structure.
 */
export function runsAtAsOf(truth: TruthPart, code: string, members: readonly string[]): boolean {
  const list = ((truth.problems as Record<string, Evidence[] | undefined>)[code] ?? []) as Evidence[];
  const ends = new Map(list.map((e) => [e.uscc, e.guaranteeEndsOn as string | undefined]));
  if (![...ends.values()].some((d) => d !== undefined)) return true;
  const asOfEnd = lastDayOfMonth(truth.asOf);
  return members.every((u) => (ends.get(u) ?? '') >= asOfEnd);
}

/** The structures planted (and running at asOf), each as the key its finding must have. */
export function plantedStructures(truth: TruthPart): Record<StructureCheck, Set<string>> {
  const problems = truth.problems as Record<string, Evidence[] | undefined>;
  const circles = new Set<string>();
  for (const e of problems.GUARANTEE_CIRCLE ?? []) {
    const circle = e.circle as string[];
    if (runsAtAsOf(truth, 'GUARANTEE_CIRCLE', circle)) circles.add(canonicalCircle(circle).join(','));
  }
  const chains = new Set<string>();
  for (const e of problems.GUARANTEE_CHAIN ?? []) {
    const chain = e.chain as string[];
    if (runsAtAsOf(truth, 'GUARANTEE_CHAIN', chain)) chains.add(chain.join(','));
  }
  // A star's guarantor on a planted circle also guarantees its successor there (a joined network).
  const successor = new Map<string, string>();
  for (const e of problems.GUARANTEE_CIRCLE ?? []) {
    const c = e.circle as string[];
    c.forEach((u, k) => successor.set(u, c[(k + 1) % c.length]));
  }
  const stars = new Set<string>();
  for (const e of problems.GUARANTEE_STAR ?? []) {
    const guarantor = e.guarantor as string;
    const guaranteed = [...(e.guaranteed as string[])];
    if (e.uscc !== guarantor || !runsAtAsOf(truth, 'GUARANTEE_STAR', [guarantor, ...guaranteed])) continue;
    const also = successor.get(guarantor);
    if (also && !guaranteed.includes(also)) guaranteed.push(also);
    stars.add([guarantor, ...guaranteed.sort()].join(','));
  }
  return { GUARANTEE_CIRCLE: circles, GUARANTEE_CHAIN: chains, GUARANTEE_STAR: stars };
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
