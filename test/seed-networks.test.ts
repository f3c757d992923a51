/**
 * Issue 17's planted networks (pure, no database): on a generated portfolio, from its rows alone,
 * the planted guarantee circles, chains, stars, joins and released circles are what the truth
 * says and the ordinary guarantees form none of them by accident; the planted ownership layers,
 * loops, controller groups and sold firms are what the truth says.
 */
import { generatePortfolio } from '../src/seed/portfolio.generator';
import { type ProblemCode } from '../src/seed/problems';
import { type Value } from '../src/seed/tables';
import { findCycles } from './graph.helpers';

const AS_OF = '2025-06';
const AS_OF_START = '2025-06-01';
const AS_OF_END = '2025-06-30';
type Row = Record<string, Value>;
const str = (v: Value) => v as string;
/** A 4-place ratio as basis points (never through a float). */
const bp = (v: Value) => {
  const [whole, frac] = str(v).split('.');
  return Number(whole) * 10000 + Number(frac);
};

const { rows, generator } = generatePortfolio({ firms: 2000, seed: 7, asOf: AS_OF });
const truth = generator.truth.toJSON();
const planted = (code: ProblemCode) => truth.problems[code] as any[];
/** One evidence per structure (the first member's), keyed by `key`. */
const structures = (code: ProblemCode, key: (e: any) => string) => {
  const out = new Map<string, any>();
  for (const e of planted(code)) if (!out.has(key(e))) out.set(key(e), e);
  return [...out.values()];
};

const guarantees = rows['bank.guarantee'].rows();
const live = guarantees.filter((g) => str(g.start_date) <= AS_OF_END && str(g.end_date) >= AS_OF_END);
const outOf = new Map<string, Row[]>();
const into = new Map<string, Row[]>();
for (const g of live) {
  outOf.set(str(g.guarantor_uscc), [...(outOf.get(str(g.guarantor_uscc)) ?? []), g]);
  into.set(str(g.borrower_uscc), [...(into.get(str(g.borrower_uscc)) ?? []), g]);
}
const outs = (u: string) => (outOf.get(u) ?? []).map((g) => str(g.borrower_uscc));
const ins = (u: string) => (into.get(u) ?? []).map((g) => str(g.guarantor_uscc));
const edge = (a: string, b: string) => live.find((g) => g.guarantor_uscc === a && g.borrower_uscc === b);

const circles = structures('GUARANTEE_CIRCLE', (e) => e.circle.join());
const chains = structures('GUARANTEE_CHAIN', (e) => e.chain.join());
const stars = structures('GUARANTEE_STAR', (e) => e.guarantor);
const joins = structures('GUARANTEE_NETWORK_JOIN', (e) => e.joined.join());
const released = structures('RELEASED_GUARANTEE', (e) => e.circle.join());

describe('planted guarantee networks (2,000 firms)', () => {
  it('plants circles of every size from 2 to 8, chains, stars, joins of both kinds and released circles', () => {
    expect(new Set(circles.map((c) => c.circle.length))).toEqual(new Set([2, 3, 4, 5, 6, 7, 8]));
    expect(chains.length).toBeGreaterThanOrEqual(4);
    expect(new Set(chains.map((c) => c.chain.length))).toEqual(new Set([3, 4, 5, 6]));
    expect(stars.length).toBeGreaterThanOrEqual(3);
    for (const s of stars) expect(s.guaranteed.length).toBeGreaterThanOrEqual(5);
    expect(new Set(joins.map((j) => j.kind))).toEqual(new Set(['CHAIN', 'STAR']));
    expect(released.length).toBeGreaterThanOrEqual(3);
  });

  it('records the evidence on every member, each with its own uscc', () => {
    const members: Array<[ProblemCode, string[]]> = [
      ...chains.map((c): [ProblemCode, string[]] => ['GUARANTEE_CHAIN', c.chain]),
      ...stars.map((s): [ProblemCode, string[]] => ['GUARANTEE_STAR', [s.guarantor, ...s.guaranteed]]),
      ...released.map((r): [ProblemCode, string[]] => ['RELEASED_GUARANTEE', r.circle]),
      ...joins.map((j): [ProblemCode, string[]] => ['GUARANTEE_NETWORK_JOIN', [...j.circle, ...j.joined]]),
    ];
    for (const [code, usccs] of members)
      for (const u of usccs) {
        expect({ u, code, has: truth.firms[u].problems.includes(code) }).toEqual({ u, code, has: true });
        expect(planted(code).filter((e) => e.uscc === u).length).toBeGreaterThan(0);
      }
    for (const e of planted('GUARANTEE_CHAIN')) expect(e.chain[e.position]).toBe(e.uscc);
  });

  it('every planted circle is a directed cycle of live guarantees', () => {
    // A circle runs while every member's guarantee does (truth: each member's guaranteeEndsOn); at this size all do.
    expect(planted('GUARANTEE_CIRCLE').filter((e) => e.guaranteeEndsOn < AS_OF_END)).toEqual([]);
    for (const { circle } of circles)
      circle.forEach((b: string, k: number) =>
        expect({ circle, b, g: edge(circle[(k + circle.length - 1) % circle.length], b) !== undefined }).toEqual({
          circle,
          b,
          g: true,
        }),
      );
  });

  it('every planted chain is a path of live guarantees that nothing extends but its join, ending on the earliest end', () => {
    for (const { chain, guaranteeEndsOn } of chains) {
      const ends = chain.slice(1).map((b: string, k: number) => str(edge(chain[k], b)!.end_date));
      expect(guaranteeEndsOn).toBe([...ends].sort()[0]);
      chain.forEach((u: string, k: number) => {
        expect(outs(u)).toEqual(k === chain.length - 1 ? [] : [chain[k + 1]]);
        if (k > 0) expect(ins(u)).toEqual([chain[k - 1]]);
      });
      const join = joins.find((j) => j.kind === 'CHAIN' && j.joined.join() === chain.join());
      if (join) {
        expect(ins(chain[0])).toHaveLength(1);
        expect(join.circle).toContain(ins(chain[0])[0]);
      } else expect(ins(chain[0])).toEqual([]);
    }
  });

  it("a star's guarantor guarantees exactly its planted firms (and, when joined, its circle's next member)", () => {
    for (const { guarantor, guaranteed, guaranteeEndsOn } of stars) {
      const join = joins.find((j) => j.kind === 'STAR' && j.joined[0] === guarantor);
      const circleNext = join ? join.circle[(join.circle.indexOf(guarantor) + 1) % join.circle.length] : null;
      expect(
        outs(guarantor)
          .filter((b) => b !== circleNext)
          .sort(),
      ).toEqual(guaranteed);
      for (const b of guaranteed) {
        expect(ins(b)).toEqual([guarantor]);
        expect(outs(b)).toEqual([]);
      }
      expect(guaranteeEndsOn).toBe(guaranteed.map((b: string) => str(edge(guarantor, b)!.end_date)).sort()[0]);
      if (join) expect(join.circle).toContain(guarantor);
    }
  });

  it('a released circle is not closed by a live guarantee: its closing one ended before asOf', () => {
    for (const { circle, releasedOn } of released) {
      const last = circle[circle.length - 1];
      expect(edge(last, circle[0])).toBeUndefined();
      const closing = guarantees.filter((g) => g.guarantor_uscc === last && g.borrower_uscc === circle[0]);
      expect(closing.map((g) => g.end_date)).toEqual([releasedOn]);
      expect(releasedOn < AS_OF_START).toBe(true);
      for (let k = 1; k < circle.length; k++) expect(edge(circle[k - 1], circle[k])).toBeDefined();
      for (const u of circle) expect(truth.firms[u].problems).not.toContain('GUARANTEE_CIRCLE');
    }
  });

  it('the live guarantees hold no cycle, chain of 3 or more or star of 5 or more but the planted ones', () => {
    expect(findCycles(live).sort()).toEqual(circles.map((c) => [...c.circle].sort().join()).sort());
    // A firm both guaranteed and guaranteeing (the middle of a chain of 3+) only on a planted structure.
    const plantedMiddle = new Set([
      ...circles.flatMap((c) => c.circle),
      ...chains.flatMap((c) => c.chain),
      ...released.flatMap((r) => r.circle),
      ...joins.flatMap((j) => [...j.circle, ...j.joined]),
    ]);
    const middles = [...outOf.keys()].filter((u) => ins(u).length > 0);
    expect(middles.filter((u) => !plantedMiddle.has(u))).toEqual([]);
    const starGuarantors = new Set(stars.map((s) => s.guarantor));
    expect([...outOf.keys()].filter((u) => outs(u).length >= 5 && !starGuarantors.has(u))).toEqual([]);
    // Ordinary guarantees: from a pool firm nobody guarantees, to a firm guaranteeing nobody, at most 3 per pool firm.
    const structureMembers = new Set([...plantedMiddle, ...stars.flatMap((s) => [s.guarantor, ...s.guaranteed])]);
    const ordinary = live.filter((g) => !structureMembers.has(str(g.borrower_uscc)));
    expect(ordinary.length).toBeGreaterThan(50);
    for (const g of ordinary) {
      const [a, b] = [str(g.guarantor_uscc), str(g.borrower_uscc)];
      expect({ a, b, into: ins(a).length, out: outs(b).length }).toEqual({ a, b, into: 0, out: 0 });
      expect(outs(a).length).toBeLessThanOrEqual(3);
      expect(structureMembers.has(a)).toBe(false);
    }
    // About as many borrowers have an ordinary guarantee as before the pools (11% at this size).
    const borrowers = new Set(rows['bank.loan'].rows().map((l) => l.uscc)).size;
    const share =
      new Set(guarantees.filter((g) => !structureMembers.has(str(g.borrower_uscc))).map((g) => g.borrower_uscc)).size /
      borrowers;
    expect(share).toBeGreaterThan(0.08);
    expect(share).toBeLessThan(0.15);
  });
});

describe('planted ownership structures (2,000 firms)', () => {
  const holders = new Map<string, Row[]>();
  for (const r of rows['registry.shareholder'].rows())
    holders.set(str(r.uscc), [...(holders.get(str(r.uscc)) ?? []), r]);
  const held = (u: string) => holders.get(u) ?? [];
  const firmHolders = (u: string) => held(u).filter((r) => r.holder_type === 'FIRM');

  /** P's share in firm u from the rows: the ratios multiplied along every path of firm holders, summed (exact, x 10^16). */
  const shareOf = (u: string, idNo: string, depth = 1): bigint => {
    if (depth > 4) throw new Error(`${u}: deeper than 4 layers`);
    let sum = 0n;
    for (const r of held(u)) {
      const ratio = BigInt(bp(r.share_ratio));
      if (r.holder_type === 'PERSON' && r.holder_id_no === idNo) sum += ratio * 10n ** 12n;
      if (r.holder_type === 'FIRM') sum += (ratio * shareOf(str(r.holder_uscc), idNo, depth + 1)) / 10_000n;
    }
    return sum;
  };
  const eightPlaces = (x: bigint) => {
    expect(x % 10n ** 8n).toBe(0n);
    const s = (x / 10n ** 8n).toString().padStart(9, '0');
    return `${s.slice(0, -8)}.${s.slice(-8)}`;
  };

  it("OWNERSHIP_LAYERS: the controller's share recomputed from the rows is the truth's, through three layers", () => {
    const layers = planted('OWNERSHIP_LAYERS');
    expect(layers.length).toBeGreaterThanOrEqual(6);
    let nominees = 0;
    for (const { uscc, controller, share, path } of layers) {
      expect(path[0]).toBe(uscc);
      expect(eightPlaces(shareOf(uscc, controller.idNo))).toBe(share);
      const [a, h1, h2] = path;
      expect(firmHolders(a).map((r) => [r.holder_uscc, bp(r.share_ratio) >= 5000])).toEqual([[h1, true]]);
      expect(firmHolders(h1).map((r) => r.holder_uscc)).toEqual([h2]);
      expect(firmHolders(h2)).toEqual([]);
      const byP = held(h2).find((r) => r.holder_id_no === controller.idNo)!;
      expect(byP.holder_name).toBe(controller.name);
      expect(bp(byP.share_ratio)).toBeGreaterThanOrEqual(5100);
      if (bp(firmHolders(h1)[0].share_ratio) === 10000) nominees++;
      for (const u of path) expect(held(u).reduce((s, r) => s + bp(r.share_ratio), 0)).toBe(10000);
    }
    expect(nominees).toBeGreaterThan(0);
  });

  it('SHAREHOLDING_LOOP: the members hold each other in a loop, and the persons are those holding them', () => {
    const loops = structures('SHAREHOLDING_LOOP', (e) => e.loop.join());
    expect(new Set(loops.map((l) => l.loop.length))).toEqual(new Set([2, 3]));
    for (const { loop, persons } of loops) {
      loop.forEach((u: string, k: number) => {
        expect(firmHolders(loop[(k + 1) % loop.length]).map((r) => r.holder_uscc)).toEqual([u]);
        expect(held(u).some((r) => r.holder_type === 'PERSON')).toBe(true);
      });
      const ids = loop.flatMap((u: string) =>
        held(u).flatMap((r) => (r.holder_type === 'PERSON' ? [r.holder_id_no] : [])),
      );
      expect([...new Set(ids)].sort()).toEqual(persons);
      for (const u of loop) expect(planted('SHAREHOLDING_LOOP').find((e) => e.uscc === u)?.loop).toEqual(loop);
    }
  });

  it('CONTROLLER_GROUP: every member is held 51% or more by the controller, directly or via a holding firm', () => {
    const groups = structures('CONTROLLER_GROUP', (e) => e.members.join());
    expect(groups.length).toBeGreaterThanOrEqual(4);
    let viaHolding = 0;
    for (const { controller, members } of groups) {
      expect(members.length).toBeGreaterThanOrEqual(3);
      const direct = (u: string) =>
        held(u).some((r) => r.holder_id_no === controller.idNo && bp(r.share_ratio) >= 5100);
      for (const u of members) {
        const via = firmHolders(u).find((r) => bp(r.share_ratio) >= 5100 && direct(str(r.holder_uscc)));
        if (via) viaHolding++;
        expect({ u, controlled: direct(u) || via !== undefined }).toEqual({ u, controlled: true });
        expect(planted('CONTROLLER_GROUP').find((e) => e.uscc === u)?.members).toEqual(members);
      }
    }
    expect(viaHolding).toBeGreaterThan(0);
  });

  it('SHAREHOLDING_SOLD: the former controller holds nothing now, and the change log names the sale', () => {
    const sold = planted('SHAREHOLDING_SOLD');
    expect(sold.length).toBeGreaterThanOrEqual(6);
    const changes = rows['registry.change_log'].rows();
    for (const { uscc, formerController, soldOn, group } of sold) {
      const groupEvidence = planted('CONTROLLER_GROUP').find((e) => e.uscc === group[0]);
      expect(groupEvidence.controller.idNo).toBe(formerController);
      const name = groupEvidence.controller.name;
      expect(held(uscc).filter((r) => r.holder_id_no === formerController || r.holder_name === name)).toEqual([]);
      const row = changes.find(
        (c) => c.uscc === uscc && c.item === 'SHAREHOLDER' && str(c.before_value).includes(name),
      );
      expect(row?.changed_on).toBe(soldOn);
      expect(truth.firms[uscc].problems).not.toContain('CONTROLLER_GROUP');
    }
  });
});

describe('a small portfolio', () => {
  it('gets every structure at least once from 300 firms on', () => {
    const small = generatePortfolio({ firms: 300, seed: 3, asOf: AS_OF }).generator.truth.toJSON();
    for (const code of [
      'GUARANTEE_CHAIN',
      'GUARANTEE_STAR',
      'GUARANTEE_NETWORK_JOIN',
      'RELEASED_GUARANTEE',
      'OWNERSHIP_LAYERS',
      'SHAREHOLDING_LOOP',
      'CONTROLLER_GROUP',
      'SHAREHOLDING_SOLD',
    ] as const)
      expect({ code, planted: small.problems[code].length > 0 }).toEqual({ code, planted: true });
  });
});
