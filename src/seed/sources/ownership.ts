/**
 * The planted ownership structures' shareholders and truth (ownership.plan.ts): the holders the
 * plan decides for each firm it names, persons drawn per structure (so a person holding several
 * firms is the same person, by ID number, in every firm's chunk), and the sold firm's change-log
 * row.
 *
 * Evidence: OWNERSHIP_LAYERS on the held firm A `{controller: {name, idNo}, share, path}` (share:
 * P's total share in A, 8 decimal places, exactly the sum over paths of the products of the
 * ratios; path: [A, H1, H2]), SHAREHOLDING_LOOP on each member `{loop, persons}` (persons: the
 * sorted ID numbers of every person holding a loop member directly), CONTROLLER_GROUP on each
 * member `{controller, members}` (sorted), SHAREHOLDING_SOLD `{formerController, soldOn, group}`.
 */
import { type Day, firstDay, formatDay } from '../calendar';
import { type FirmContext } from '../firm.context';
import { type OwnershipStructure, type PlannedHolder } from '../ownership.plan';
import { Rng, Stream } from '../random';
import { type Region } from '../../reference/regions';

/** Subjects of the ownership structures' person streams (beyond every firm serial and pool block). */
const OWNERSHIP_SUBJECT = 6_000_000;

export interface OwnedBy {
  type: 'PERSON' | 'FIRM';
  name: string;
  uscc: string | null;
  idNo: string | null;
  bp: number;
}

interface Person {
  name: string;
  idNo: string;
}

export type DrawPerson = (rng: Rng, region: Region, asOfStart: Day) => Person;

/** A planted firm's holders and, for a sold firm, its SHAREHOLDER change (day, before, after). */
export interface PlannedOwnership {
  holders: OwnedBy[];
  change: [Day, string, string] | null;
}

/** The structure's persons, distinct by name and ID number. */
function personsOf(f: FirmContext, s: OwnershipStructure, draw: DrawPerson): Person[] {
  const rng = Rng.stream(f.g.seed, OWNERSHIP_SUBJECT + s.index, Stream.NETWORKS);
  const region = f.g.identities.get(s.firms[0]).region;
  const out: Person[] = [];
  while (out.length < s.persons) {
    const p = draw(rng, region, firstDay(f.g.asOf));
    if (!out.some((q) => q.name === p.name || q.idNo === p.idNo)) out.push(p);
  }
  return out;
}

const text = (holders: readonly OwnedBy[]) => holders.map((h) => `${h.name}(${(h.bp / 100).toFixed(2)}%)`).join('、');

/** The firm's planned holders and evidence (null: the plan leaves its holders to the registry's draw). */
export function plannedOwnership(f: FirmContext, draw: DrawPerson): PlannedOwnership | null {
  const { plan, identities } = f.g;
  const k = plan.networks.ownership.of.get(f.i);
  if (k === undefined) return null;
  const s = plan.networks.ownership.structures[k];
  const persons = personsOf(f, s, draw);
  const usccOf = (j: number) => identities.get(j).uscc;
  const holder = (h: PlannedHolder): OwnedBy => {
    if ('firm' in h) {
      const id = identities.get(h.firm);
      return { type: 'FIRM', name: id.name, uscc: id.uscc, idNo: null, bp: h.bp };
    }
    const p = persons[h.person];
    return { type: 'PERSON', name: p.name, uscc: null, idNo: p.idNo, bp: h.bp };
  };
  const holders = s.holders.get(f.i)!.map(holder);
  const controller = { name: persons[0].name, idNo: persons[0].idNo };
  const sold = s.sold.find((x) => x.firm === f.i);
  if (sold) {
    f.evidence('SHAREHOLDING_SOLD', {
      formerController: controller.idNo,
      soldOn: formatDay(sold.soldOn),
      group: s.firms.map(usccOf).sort(),
    });
    return { holders, change: [sold.soldOn, text(sold.before.map(holder)), text(holders)] };
  }
  if (s.kind === 'LAYERS' && s.firms[0] === f.i)
    f.evidence('OWNERSHIP_LAYERS', { controller, share: controllerShare(s, f.i), path: s.firms.map(usccOf) });
  if (s.kind === 'LOOP') {
    const ids = new Set(s.firms.flatMap((j) => s.holders.get(j)!.flatMap((h) => ('person' in h ? [h.person] : []))));
    f.evidence('SHAREHOLDING_LOOP', {
      loop: s.firms.map(usccOf),
      persons: [...ids].map((p) => persons[p].idNo).sort(),
    });
  }
  if (s.kind === 'GROUP') f.evidence('CONTROLLER_GROUP', { controller, members: s.firms.map(usccOf).sort() });
  return { holders, change: null };
}

/** Decimal places of a share: 4 per layer, at most 4 layers. */
const SCALE_PLACES = 16;

/**
 * Person 0's share in `firm`: over every path of holdings up to it, the product of the ratios,
 * summed; exact (integers scaled by 10^16), written with 8 decimal places (the plan's ratios make
 * it exact there: whole percents above the first layer).
 */
function controllerShare(s: OwnershipStructure, firm: number): string {
  const scaled = (j: number, depth: number): bigint => {
    if (depth > SCALE_PLACES / 4)
      throw new Error(`ownership structure ${s.index}: deeper than ${SCALE_PLACES / 4} layers`);
    let sum = 0n;
    for (const h of s.holders.get(j) ?? []) {
      if ('person' in h) sum += h.person === 0 ? BigInt(h.bp) * 10n ** BigInt(SCALE_PLACES - 4) : 0n;
      else sum += (BigInt(h.bp) * scaled(h.firm, depth + 1)) / 10_000n;
    }
    return sum;
  };
  const total = scaled(firm, 1);
  const unit = 10n ** BigInt(SCALE_PLACES - 8);
  if (total % unit !== 0n)
    throw new Error(
      `ownership structure ${s.index}: the controller's share ${total} / 10^16 has more than 8 decimal places`,
    );
  const eight = (total / unit).toString().padStart(9, '0');
  return `${eight.slice(0, -8)}.${eight.slice(-8)}`;
}
