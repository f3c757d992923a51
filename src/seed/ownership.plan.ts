/**
 * Issue 17's planted ownership structures, drawn after the guarantee networks on the same stream
 * (network.plan.ts), from companies no other plan uses. The plan decides every holder of each
 * firm it names (no random extra firm holder), and the holders' basis points (summing to 10000):
 *
 * - LAYERS (OWNERSHIP_LAYERS on firm A): A held 50-90% by holding firm H1, H1 by H2 (51-95% in
 *   whole percents, or 100%: a nominee layer), H2 51-90% (whole percents) by person P; some A
 *   also held directly by P (2-8%); small person holders at each layer. P's share in A is the sum
 *   over paths of the products of the ratios, exact to 8 decimal places.
 * - LOOP (SHAREHOLDING_LOOP): 2 or 3 firms, loop[k] holding 10-49% of loop[k + 1] (the last of
 *   the first), each also held by persons.
 * - GROUP (CONTROLLER_GROUP): 3-6 firms each held 51% or more by person P, directly or (every
 *   other group) via a holding firm that is itself a member, held 51% or more by P.
 * - SOLD (SHAREHOLDING_SOLD): a firm a group's P held 51-80% of and sold 2-24 months before
 *   asOf; its holders now are persons only, none P.
 *
 * Persons are drawn per structure (sources/ownership.ts): person k of structure s is the same in
 * every firm's chunk.
 */
import { type Day, dayInMonth, monthOfDay } from './calendar';
import { type NetworkHost, structureCount } from './network.host';
import { type Rng } from './random';

export type PlannedHolder = { firm: number; bp: number } | { person: number; bp: number };

export interface OwnershipStructure {
  kind: 'LAYERS' | 'LOOP' | 'GROUP';
  /** Index among the ownership structures (the subject of its persons' stream). */
  index: number;
  /** How many persons it draws; person 0 is the controller of LAYERS and GROUP. */
  persons: number;
  /** The holders of every firm whose holders it decides. */
  holders: Map<number, PlannedHolder[]>;
  /** LAYERS: [A, H1, H2]; LOOP: the loop (loop[k] holds part of loop[k + 1], the last part of the first); GROUP: its members. */
  firms: number[];
  /** GROUP: firms its controller sold, with their holders before the sale and its day. */
  sold: Array<{ firm: number; before: PlannedHolder[]; soldOn: Day }>;
}

export interface OwnershipPlan {
  structures: OwnershipStructure[];
  /** Firm -> the structure deciding its holders. */
  of: Map<number, number>;
}

export function planOwnership(rng: Rng, host: NetworkHost, used: Set<number>): OwnershipPlan {
  const plan: OwnershipPlan = { structures: [], of: new Map() };
  const taken = (i: number) => used.has(i) || plan.of.has(i);
  /** `n` unused companies (founded at least `ageMonths` before asOf), fewer when the portfolio runs out. */
  const take = (n: number, ageMonths = 0): number[] => {
    const out: number[] = [];
    for (let attempts = 0; out.length < n && attempts < 50 * n + 100; attempts++) {
      const i = rng.int(0, host.firms - 1);
      if (taken(i) || out.includes(i) || !host.unused(i)) continue;
      const id = host.identity(i);
      if (id.kind === 'COMPANY' && monthOfDay(id.foundedOn) <= host.asOf - ageMonths) out.push(i);
    }
    return out;
  };
  const open = (kind: OwnershipStructure['kind'], firms: number[]): OwnershipStructure => {
    const s: OwnershipStructure = {
      kind,
      index: plan.structures.length,
      persons: 0,
      holders: new Map(),
      firms,
      sold: [],
    };
    plan.structures.push(s);
    return s;
  };
  const set = (s: OwnershipStructure, firm: number, holders: PlannedHolder[]) => {
    s.holders.set(firm, holders);
    plan.of.set(firm, s.index);
  };
  /** `rest` basis points over 1 or 2 new persons of the structure. */
  const persons = (s: OwnershipStructure, rest: number, count = rng.int(1, 2)): PlannedHolder[] => {
    if (rest <= 0) return [];
    if (count === 1 || rest < 2) return [{ person: s.persons++, bp: rest }];
    const a = Math.min(rest - 1, Math.max(1, Math.round(rest * rng.between(0.3, 0.7))));
    return [
      { person: s.persons++, bp: a },
      { person: s.persons++, bp: rest - a },
    ];
  };

  const layers = structureCount('OWNERSHIP_LAYERS', host.firms);
  for (let k = 0; k < layers; k++) {
    const firms = take(3);
    if (firms.length < 3) break;
    const [a, h1, h2] = firms;
    const s = open('LAYERS', firms);
    s.persons = 1; // P
    const direct = k % 3 === 1 ? rng.int(200, 800) : 0;
    const byH1 = rng.int(5000, 9000);
    set(s, a, [
      { firm: h1, bp: byH1 },
      ...(direct > 0 ? [{ person: 0, bp: direct }] : []),
      ...persons(s, 10000 - byH1 - direct),
    ]);
    const byH2 = k % 2 === 1 ? 10000 : 100 * rng.int(51, 95);
    set(s, h1, [{ firm: h2, bp: byH2 }, ...persons(s, 10000 - byH2)]);
    const byP = 100 * rng.int(51, 90);
    set(s, h2, [{ person: 0, bp: byP }, ...persons(s, 10000 - byP)]);
    host.mark(a, 'OWNERSHIP_LAYERS');
  }

  const loops = structureCount('SHAREHOLDING_LOOP', host.firms);
  for (let k = 0; k < loops; k++) {
    const firms = take(k % 2 === 0 ? 2 : 3);
    if (firms.length < 2) break;
    const s = open('LOOP', firms);
    firms.forEach((held, j) => {
      const holder = firms[(j + firms.length - 1) % firms.length];
      const bp = rng.int(1000, 4900);
      set(s, held, [{ firm: holder, bp }, ...persons(s, 10000 - bp)]);
      host.mark(held, 'SHAREHOLDING_LOOP');
    });
  }

  const groups: OwnershipStructure[] = [];
  const groupCount = structureCount('CONTROLLER_GROUP', host.firms);
  for (let k = 0; k < groupCount; k++) {
    const firms = take(k < 4 ? 3 + k : rng.int(3, 6));
    if (firms.length < 3) break;
    const s = open('GROUP', firms);
    s.persons = 1; // P
    const holding = k % 2 === 0 ? firms[0] : null;
    const viaHolding = holding === null ? [] : firms.slice(1, 1 + rng.int(1, 2));
    for (const i of firms) {
      const bp = rng.int(5100, viaHolding.includes(i) ? 8500 : 9500);
      const holder = viaHolding.includes(i) ? { firm: holding!, bp } : { person: 0, bp };
      set(s, i, [holder, ...persons(s, 10000 - bp)]);
      host.mark(i, 'CONTROLLER_GROUP');
    }
    groups.push(s);
  }

  const sold = groups.length === 0 ? 0 : structureCount('SHAREHOLDING_SOLD', host.firms);
  for (let k = 0; k < sold; k++) {
    // Founded 30 months before asOf at least: P held it a while before selling.
    const [firm] = take(1, 30);
    if (firm === undefined) break;
    const s = groups[k % groups.length];
    const bp = rng.int(5100, 8000);
    const before = [{ person: 0, bp }, ...persons(s, 10000 - bp, 1)];
    const soldOn = dayInMonth(host.asOf - rng.int(2, 24), rng.int(1, 28));
    set(s, firm, persons(s, 10000));
    s.sold.push({ firm, before, soldOn });
    host.mark(firm, 'SHAREHOLDING_SOLD');
  }
  return plan;
}
