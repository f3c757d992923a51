/** What the portfolio plan (plan.ts) lends the network and ownership plans, and how many structures they plant. */
import { type FirmIdentity } from './identity';
import { MIN_NETWORK_FIRMS, NETWORK_PLANTS, type ProblemCode } from './problems';

/** What the portfolio plan lends the network plan. */
export interface NetworkHost {
  readonly seed: number;
  readonly firms: number;
  readonly asOf: number;
  readonly windowStart: number;
  identity(i: number): FirmIdentity;
  /** A firm no earlier plan uses (not ceased, not planted, in no shell cluster, circle or look-alike pair). */
  unused(i: number): boolean;
  /** A firm that may take part in ordinary guarantees (active, in no circle, no shell). */
  ordinary(i: number): boolean;
  mark(i: number, code: ProblemCode): void;
  forceLoan(i: number): void;
  /** Adds a guarantee circle (recorded as GUARANTEE_CIRCLE, like plan.ts's); returns its index. */
  addCircle(members: number[]): number;
  circle(c: number): readonly number[];
}

/** How many structures of a kind a portfolio of `firms` gets. */
export function structureCount(code: keyof typeof NETWORK_PLANTS, firms: number): number {
  const { rate, min } = NETWORK_PLANTS[code];
  const n = Math.round(rate * firms);
  return firms >= MIN_NETWORK_FIRMS ? Math.max(min, n) : n;
}
