/**
 * Seeded randomness for the synthetic portfolio. Every random decision is drawn from a stream
 * named by (seed, subject, purpose): firm i's registry rows come from stream (seed, i, REGISTRY),
 * its invoices from (seed, i, INVOICES), and so on. Because a stream depends on nothing else,
 * firm i can be generated alone, in any chunk, in any order, and a change to how invoices are
 * drawn does not shift anyone's registry data. Never Math.random() or the clock.
 */
import { type RandomGenerator, unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';

/** Purposes of the per-firm streams (their numeric value is hashed into the stream's state). */
export enum Stream {
  IDENTITY = 1,
  PROFILE,
  SERIES,
  INVOICES,
  BANK,
  LOANS,
  REGISTRY,
  SUPPLY_CHAIN,
  JUDICIAL,
  ALT_DATA,
  CONSENT,
  COUNTERPARTIES,
  /** Unused since defaults are dated by the timeline (kept so the other streams' numbers stay). */
  DEFAULT_LABEL,
  PLAN,
  CORE_ENTERPRISE,
  PLANTED,
  TAX,
  /** The planted DUPLICATE_RECORD (which row is copied and how it differs), apart from every table's own stream. */
  DUPLICATE_RECORD,
  STATEMENTS,
  /** Loans beyond the firm's regular ones: a sliding firm's borrowing spree, renewals, seasonal working-capital loans. */
  EXTRA_LOANS,
  /** Operating cash flow of the annual statements against the firm's debt service. */
  CASH_FLOW,
  /** Business events (a major customer lost, a core enterprise cutting orders) and a supplier's core share: seed/customers.ts. */
  BUSINESS_EVENTS,
  /** A firm's distress episode and failure month (seed/timeline.ts). */
  TIMELINE,
  /** The annual tax-credit ratings (sources/tax.ts). */
  TAX_RATINGS,
  /** What follows a default: the bank's suit, enforcement, write-off (sources/loans.ts, sources/judicial.ts). */
  AFTER_DEFAULT,
  /** HARD_NAME_VARIANT: the plan's look-alike pairs and hard-named firms, and each such firm's court record. */
  HARD_NAMES,
  /** Issue 17's planted networks (seed/network.plan.ts): guarantee chains, stars, joins, released circles, ownership structures, and the ordinary guarantors' pools. */
  NETWORKS,
}

const TWO_POW_32 = 4294967296;

/** murmur3's 32-bit finaliser: spreads every input bit over the output. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit hash of a few integers (order matters). */
export function hashInts(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const v of values) {
    // Split values above 2^32 so large seeds or indices keep all their bits.
    h = mix32(h ^ (v >>> 0));
    h = mix32(h ^ Math.floor(v / TWO_POW_32));
  }
  return h;
}

/** One weighted table, precomputed once: `pick` is a binary search over cumulative weights. */
export class Weighted<T> {
  private readonly cumulative: number[] = [];
  private readonly total: number;
  constructor(
    readonly items: readonly T[],
    weights: readonly number[],
  ) {
    if (items.length === 0 || items.length !== weights.length)
      throw new RangeError('Weighted needs one weight per item');
    let sum = 0;
    for (const w of weights) {
      if (!(w >= 0)) throw new RangeError(`weights must be >= 0, got ${w}`);
      sum += w;
      this.cumulative.push(sum);
    }
    if (sum <= 0) throw new RangeError('weights must not all be 0');
    this.total = sum;
  }
  static of<T>(pairs: ReadonlyArray<readonly [T, number]>): Weighted<T> {
    return new Weighted(
      pairs.map((p) => p[0]),
      pairs.map((p) => p[1]),
    );
  }
  /** The item at quantile `u` in [0, 1). */
  at(u: number): T {
    const target = u * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo];
  }
}

/** A mutable random stream (pure-rand's xoroshiro128+ used through its in-place API for speed). */
export class Rng {
  private spareNormal: number | null = null;
  private constructor(private readonly gen: RandomGenerator) {}

  /** The stream for (seed, subject, purpose); subject is a firm index or any other integer. */
  static stream(seed: number, subject: number, purpose: Stream): Rng {
    const state: number[] = [];
    for (let k = 0; k < 4; k++) state.push(hashInts(seed, subject, purpose, k) | 0);
    // An all-zero state would stay zero forever.
    if (!state.some((s) => s !== 0)) state[0] = 1;
    return new Rng(xoroshiro128plus.fromState(state));
  }

  /** A uniform float in [0, 1). */
  float(): number {
    return (this.gen.unsafeNext() >>> 0) / TWO_POW_32;
  }

  /** A uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return unsafeUniformIntDistribution(min, max, this.gen);
  }

  /** A uniform float in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.float();
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  /** Standard normal by Box-Muller (the second value is kept for the next call). */
  normal(mean = 0, sd = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + sd * z;
    }
    let u = this.float();
    while (u === 0) u = this.float();
    const v = this.float();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return mean + sd * r * Math.cos(2 * Math.PI * v);
  }

  /** exp(N(mu, sigma)): money amounts are roughly log-normal. */
  logNormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }

  weighted<T>(table: Weighted<T>): T {
    return table.at(this.float());
  }

  /** Poisson by inversion (fine for the small means used here). */
  poisson(mean: number): number {
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.float();
    while (p > limit) {
      k++;
      p *= this.float();
    }
    return k;
  }

  /** `count` distinct integers from [0, n), in draw order (count <= n). */
  distinct(n: number, count: number): number[] {
    const seen = new Set<number>();
    const out: number[] = [];
    if (count > n) throw new RangeError(`cannot draw ${count} distinct values from ${n}`);
    while (out.length < count) {
      const v = this.int(0, n - 1);
      if (!seen.has(v)) {
        seen.add(v);
        out.push(v);
      }
    }
    return out;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
    return items;
  }
}

/** The logistic function. */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
