/**
 * Issue 17's planted guarantee networks: circles of 2-8 firms (on top of plan.ts's), chains of
 * 3-6, stars of one guarantor and 5-9 guaranteed firms, some chains and stars joined to a circle,
 * and released circles (their closing guarantee ended before asOf: no live circle). Drawn after
 * every other plan, from a stream of its own (Stream.NETWORKS), from companies no other plan
 * uses, so every earlier plan is the same as before it existed. The ownership structures follow
 * on the same stream (ownership.plan.ts).
 *
 * Guarantee members are forced borrowers whose course (seed/timeline.ts) has no failure by asOf,
 * so the loan their guarantee attaches to runs at asOf and every planted guarantee is live then.
 *
 * Ordinary guarantees come from pools: the portfolio is cut into blocks of POOL_BLOCK firms; in
 * each, one company (no structure's member) may guarantee up to 3 other firms of its block
 * (none a structure member), and never receives an ordinary guarantee itself. So ordinary
 * guarantees form only stars of at most 3 and never a chain or a circle, and a firm's guarantor
 * is computed from its block alone (any chunk).
 */
import { monthOfDay } from './calendar';
import { type NetworkHost, structureCount } from './network.host';
import { type OwnershipPlan, planOwnership } from './ownership.plan';
import { Rng, Stream, Weighted } from './random';
import { SPAN_BEFORE_WINDOW, drawTimeline } from './timeline';

export interface GuaranteeChain {
  members: number[];
  /** The circle (index in plan.circles) and its member that guarantees the chain's first firm, for a joined chain. */
  join: { circle: number; guarantor: number } | null;
}

export interface GuaranteeStar {
  guarantor: number;
  guaranteed: number[];
  /** The circle the guarantor sits on, for a joined star. */
  join: { circle: number } | null;
}

/** A planted guarantee into a firm: who guarantees it, as part of which structure. */
export interface PlantedGuarantee {
  guarantor: number;
  kind: 'CHAIN' | 'STAR' | 'JOIN' | 'RELEASED' | 'RELEASED_CLOSING';
  /** Index of the chain, star or released circle (a JOIN: of the chain). */
  index: number;
}

/** A firm's roles in the planted guarantee networks (for its evidence). */
export interface NetworkRoles {
  chain?: [index: number, position: number];
  star?: number;
  released?: number;
  /** Joins the firm takes part in (as a circle member or as a member of the joined chain or star). */
  joins: Array<{ kind: 'CHAIN' | 'STAR'; index: number }>;
}

/** Firms per block of the ordinary guarantors' pools. */
export const POOL_BLOCK = 16;
/** Stream subjects beyond every firm serial. */
const POOL_SUBJECT = 5_000_000;

const CIRCLE_SIZES = Weighted.of<number>([
  [2, 20],
  [3, 25],
  [4, 20],
  [5, 15],
  [6, 10],
  [7, 5],
  [8, 5],
]);

export class NetworkPlan {
  /** Indices (in plan.circles) of the circles planted here. */
  readonly circles: number[] = [];
  readonly chains: GuaranteeChain[] = [];
  readonly stars: GuaranteeStar[] = [];
  readonly released: number[][] = [];
  readonly ownership: OwnershipPlan;
  private readonly incoming = new Map<number, PlantedGuarantee[]>();
  private readonly roles = new Map<number, NetworkRoles>();
  /** Every firm a network structure uses (holding firms included). */
  private readonly used = new Set<number>();
  private pool: { block: number; guarantor: number | undefined; served: Set<number> } | null = null;

  constructor(private readonly host: NetworkHost) {
    const rng = Rng.stream(host.seed, host.firms, Stream.NETWORKS);
    this.planCircles(rng);
    this.planChains(rng);
    this.planStars(rng);
    this.planReleased(rng);
    this.ownership = planOwnership(rng, host, this.used);
  }

  /** The planted guarantees firm i receives (besides a plan.ts circle's). */
  guaranteesInto(i: number): readonly PlantedGuarantee[] {
    return this.incoming.get(i) ?? [];
  }

  rolesOf(i: number): NetworkRoles | undefined {
    return this.roles.get(i);
  }

  /** Whether a network structure uses firm i (then it takes no part in ordinary guarantees or holdings). */
  uses(i: number): boolean {
    return this.used.has(i) || this.ownership.of.has(i);
  }

  /**
   * Firm i's ordinary guarantor, if its block's pool offers it one: the block's guarantor
   * company guarantees up to 3 of the block's other firms (a borrower among them takes it).
   */
  ordinaryGuarantor(i: number): number | undefined {
    const block = Math.floor(i / POOL_BLOCK);
    if (this.pool?.block !== block) this.pool = this.poolOf(block);
    return this.pool.served.has(i) ? this.pool.guarantor : undefined;
  }

  private poolOf(block: number): { block: number; guarantor: number | undefined; served: Set<number> } {
    const { host } = this;
    const rng = Rng.stream(host.seed, POOL_SUBJECT + block, Stream.NETWORKS);
    const from = block * POOL_BLOCK;
    const order = rng.shuffle(Array.from({ length: Math.min(POOL_BLOCK, host.firms - from) }, (_, k) => from + k));
    const slots = rng.pick([1, 1, 2, 2, 3]);
    const ok = (j: number) => host.ordinary(j) && !this.uses(j);
    const at = order.findIndex((j) => ok(j) && host.identity(j).kind === 'COMPANY');
    if (at < 0) return { block, guarantor: undefined, served: new Set() };
    const served = order.filter((j, k) => k !== at && ok(j)).slice(0, slots);
    return { block, guarantor: order[at], served: new Set(served) };
  }

  private role(i: number): NetworkRoles {
    let r = this.roles.get(i);
    if (!r) this.roles.set(i, (r = { joins: [] }));
    return r;
  }

  private guarantee(borrower: number, g: PlantedGuarantee): void {
    const list = this.incoming.get(borrower) ?? [];
    list.push(g);
    this.incoming.set(borrower, list);
  }

  /** A company no plan uses, whose course has no failure by asOf (`young`: founded in the last year allowed). */
  private usable(i: number, young = true): boolean {
    const { host } = this;
    if (this.used.has(i) || !host.unused(i)) return false;
    const id = host.identity(i);
    if (id.kind !== 'COMPANY') return false;
    const founded = monthOfDay(id.foundedOn);
    if (!young && founded > host.asOf - 12) return false;
    // The firm's health is its profile stream's first draw (profile.ts); its course up to asOf
    // is a prefix of the one the generator draws.
    const health = Rng.stream(host.seed, i, Stream.PROFILE).normal();
    const from = Math.max(host.windowStart - SPAN_BEFORE_WINDOW, founded + 6);
    return drawTimeline(host.seed, i, health, from, host.asOf).failure === null;
  }

  /** `n` distinct usable firms (fewer when the portfolio runs out), taken for good. */
  private take(rng: Rng, n: number, young = true): number[] {
    const out: number[] = [];
    for (let attempts = 0; out.length < n && attempts < 50 * n + 100; attempts++) {
      const i = rng.int(0, this.host.firms - 1);
      if (!this.usable(i, young)) continue;
      this.used.add(i);
      this.host.forceLoan(i);
      out.push(i);
    }
    return out;
  }

  private planCircles(rng: Rng): void {
    const n = structureCount('GUARANTEE_CIRCLE', this.host.firms);
    // Every size from 2 to 8 first, then drawn.
    const first = [7, 8, 2, 3, 4, 5, 6];
    for (let k = 0; k < n; k++) {
      const size = k < first.length ? first[k] : rng.weighted(CIRCLE_SIZES);
      const members = this.take(rng, size);
      if (members.length < 2) break;
      for (const i of members) this.host.mark(i, 'GUARANTEE_CIRCLE');
      this.circles.push(this.host.addCircle(members));
    }
  }

  /** The next planted circle not yet joined to a chain or star (null when none is left). */
  private nextJoinable(): number | null {
    const joined = this.chains.length + this.stars.length;
    const taken = new Set([
      ...this.chains.flatMap((c) => (c.join ? [c.join.circle] : [])),
      ...this.stars.flatMap((s) => (s.join ? [s.join.circle] : [])),
    ]);
    for (let k = 0; k < this.circles.length; k++) {
      const c = this.circles[(k + joined) % this.circles.length];
      if (!taken.has(c)) return c;
    }
    return null;
  }

  private markJoin(circle: number, members: number[], kind: 'CHAIN' | 'STAR', index: number): void {
    for (const i of new Set([...this.host.circle(circle), ...members])) {
      this.role(i).joins.push({ kind, index });
      this.host.mark(i, 'GUARANTEE_NETWORK_JOIN');
    }
  }

  private planChains(rng: Rng): void {
    const n = structureCount('GUARANTEE_CHAIN', this.host.firms);
    for (let k = 0; k < n; k++) {
      const members = this.take(rng, k < 4 ? 3 + k : rng.int(3, 6));
      if (members.length < 3) break;
      const c = this.chains.length;
      const circle = k % 2 === 0 ? this.nextJoinable() : null;
      const join = circle === null ? null : { circle, guarantor: rng.pick(this.host.circle(circle)) };
      this.chains.push({ members, join });
      members.forEach((i, pos) => {
        this.role(i).chain = [c, pos];
        this.host.mark(i, 'GUARANTEE_CHAIN');
        if (pos > 0) this.guarantee(i, { guarantor: members[pos - 1], kind: 'CHAIN', index: c });
      });
      if (join) {
        this.guarantee(members[0], { guarantor: join.guarantor, kind: 'JOIN', index: c });
        this.markJoin(join.circle, members, 'CHAIN', c);
      }
    }
  }

  private planStars(rng: Rng): void {
    const n = structureCount('GUARANTEE_STAR', this.host.firms);
    for (let k = 0; k < n; k++) {
      const circle = k % 3 === 0 ? this.nextJoinable() : null;
      const want = k < 3 ? [5, 9, 7][k] : rng.int(5, 9);
      const guarantor = circle === null ? this.take(rng, 1)[0] : rng.pick(this.host.circle(circle));
      const guaranteed = guarantor === undefined ? [] : this.take(rng, want);
      if (guaranteed.length < 5) break;
      const s = this.stars.length;
      this.stars.push({ guarantor, guaranteed, join: circle === null ? null : { circle } });
      for (const i of [guarantor, ...guaranteed]) {
        this.role(i).star = s;
        this.host.mark(i, 'GUARANTEE_STAR');
      }
      for (const i of guaranteed) this.guarantee(i, { guarantor, kind: 'STAR', index: s });
      if (circle !== null) this.markJoin(circle, [guarantor, ...guaranteed], 'STAR', s);
    }
  }

  /** The first member's loan is older than a year's founding: it has a loan that ended (or was released) before asOf. */
  private planReleased(rng: Rng): void {
    const n = structureCount('RELEASED_GUARANTEE', this.host.firms);
    for (let k = 0; k < n; k++) {
      const [head] = this.take(rng, 1, false);
      if (head === undefined) break;
      const members = [head, ...this.take(rng, k < 3 ? 3 + k - 1 : rng.int(2, 4))];
      if (members.length < 3) break;
      const r = this.released.length;
      this.released.push(members);
      members.forEach((i, pos) => {
        this.role(i).released = r;
        this.host.mark(i, 'RELEASED_GUARANTEE');
        const guarantor = members[(pos + members.length - 1) % members.length];
        this.guarantee(i, { guarantor, kind: pos === 0 ? 'RELEASED_CLOSING' : 'RELEASED', index: r });
      });
    }
  }
}
