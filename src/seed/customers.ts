/**
 * A firm's customers (who its invoices go to) and the business events that change them or its
 * orders. The customer book is drawn from the COUNTERPARTIES stream: 3-8 regular customers in
 * the portfolio with weights (a few big ones and a tail) and a few firms outside it. Customers
 * buy regularly (invoices.ts): a key account (KEY_ACCOUNT_SHARE of the sales or more) gets an
 * invoice every month (月结), the others buy in weighted turn.
 *
 * Events (drawn from their own stream, BUSINESS_EVENTS, so nothing else moves):
 * - a major customer lost (slide signal `customerLoss`): for 60% of the firms whose slide has
 *   falling sales (signal `sales`) and that depend on one or two buyers (together at least
 *   MIN_MAJOR_SHARE of their invoiced sales), the fall is losing them, 2-5 months before the
 *   slide's last month: they buy nothing from then on and the firm's sales lose what they bought
 *   (instead of the general decline). Its look-alike: 8% of such firms that never slide lose
 *   their biggest buyer(s) too, in some month of the window, but a new customer takes their place
 *   (sales do not fall). Customers that ceased, and the turns of small customers, are the
 *   everyday churn.
 * - an order cut (slide signal `orders`): for 60% of the suppliers whose slide has falling sales,
 *   the core enterprise cuts its orders over the slide (by 70-95% at its end) and the supplier's sales
 *   lose what it no longer delivers (the rest of its business declines as usual). A core orders
 *   its share of the supplier's business every month (series.coreDemand); the look-alikes are a
 *   temporary dip (profile `dip`: a quarter's orders fall and recover), a skipped call-off
 *   (ordered with the next), orders varying by 15% and a supplier shrinking with its market.
 */
import { type Month, monthOfDay } from './calendar';
import type { Episode } from './timeline';
import { type GeneratorContext } from './context';
import { EXTERNAL_FIRMS, EXTERNAL_SERIAL_BASE, type FirmIdentity, regionCodeOf } from './identity';
import { Rng, Stream } from './random';

export interface CustomerBook {
  /** Regular customers (portfolio firm indices), biggest first, and their weights. */
  customers: number[];
  weights: number[];
  /** Firms outside the portfolio the firm also invoices (serials). */
  externals: number[];
  /** Share of invoices going to portfolio firms (retail firms invoice people more). */
  portfolioShare: number;
}

/** A lost customer's (or customers') expected share of invoiced sales needed for a loss to be "major". */
export const MIN_MAJOR_SHARE = 0.3;

export interface CustomerLoss {
  /** First month the lost customers buy nothing. */
  month: Month;
  /** Indices (into the book's customers) of the customers lost. */
  lost: number[];
  /** Their expected share of the firm's invoiced sales. */
  share: number;
  /** A portfolio firm taking over their purchases (the look-alike), or null (the slide signal: not replaced). */
  replacement: number | null;
}

export interface BusinessEvents {
  customerLoss: CustomerLoss | null;
  /** Share of the firm's invoiced sales (without its own slide) that its core enterprises order; 0 when not a supplier. */
  coreShare: number;
  /** The core enterprise cutting its orders over the slide: down by `depth` at its end. */
  orderCut: { depth: number } | null;
}

/** The firm's customer book (the same draws the invoice generator always made). */
export function customerBook(
  g: GeneratorContext,
  i: number,
  id: FirmIdentity,
  shell: { members: number[]; related: number[] } | null,
  invoicedShare: number,
): CustomerBook {
  const cp = Rng.stream(g.seed, i, Stream.COUNTERPARTIES);
  const customers = customersOf(g, i, id, shell, cp);
  // A few big customers and a tail (customer concentration varies by firm).
  const exponent = cp.between(0.6, 1.4);
  const weights = customers.map((_, k) => 1 / (k + 1) ** exponent);
  const externals = Array.from({ length: cp.int(2, 5) }, () => EXTERNAL_SERIAL_BASE + cp.int(0, EXTERNAL_FIRMS - 1));
  const portfolioShare = shell ? 1 : invoicedShare < 0.7 ? 0.35 : 0.78;
  return { customers, weights, externals, portfolioShare };
}

/** Regular customers in the portfolio; a shell's are its cluster and the firms it fronts for. */
function customersOf(
  g: GeneratorContext,
  i: number,
  id: FirmIdentity,
  shell: { members: number[]; related: number[] } | null,
  rng: Rng,
): number[] {
  const n = g.firms;
  if (shell) return [...shell.members, ...shell.related].filter((j) => j !== i);
  if (n < 2) return [];
  const count = Math.min(n - 1, rng.int(3, 8));
  const province = id.region.provinceCode;
  const out: number[] = [];
  while (out.length < count) {
    // About half the customers are in the firm's own province (if the portfolio has some there).
    let j = rng.int(0, n - 1);
    if (rng.chance(0.5)) {
      for (let tries = 0; tries < 30 && regionCodeOf(g.seed, j).slice(0, 2) !== province; tries++)
        j = rng.int(0, n - 1);
    }
    if (j !== i && !out.includes(j)) out.push(j);
  }
  return out;
}

/** Expected share of invoiced sales of the book's customers `ks`. */
export function shareOf(book: CustomerBook, ks: readonly number[]): number {
  const total = book.weights.reduce((a, b) => a + b, 0);
  return total > 0 ? (book.portfolioShare * ks.reduce((a, k) => a + book.weights[k], 0)) / total : 0;
}

export interface EventInputs {
  episode: Episode | null;
  /** The slide's `sales` signal: its sales fall (the two slide events are how, for some firms). */
  salesFall: boolean;
  supplier: boolean;
  shell: boolean;
}

/**
 * Draws the firm's business events. Every firm makes the same draws in the same order, so an
 * event's odds can change without moving anyone else's.
 */
export function drawEvents(g: GeneratorContext, i: number, book: CustomerBook, x: EventInputs): BusinessEvents {
  const rng = Rng.stream(g.seed, i, Stream.BUSINESS_EVENTS);
  const lossRoll = rng.float();
  const lossAgo = rng.int(2, 5);
  const lossTwo = rng.chance(0.3);
  const replacementDraw = rng.int(0, Math.max(0, g.firms - 1));
  const coreShare = rng.between(0.1, 0.3);
  const cutRoll = rng.float();
  const depth = rng.between(0.7, 0.95);
  const lookAlikeMonth = rng.int(g.windowStart + 12, g.asOf - 2);
  const slide = x.episode;

  let customerLoss: CustomerLoss | null = null;
  if (!x.shell && book.customers.length >= 3) {
    const one = [0];
    const lost = lossTwo && shareOf(book, one) < 0.4 ? [0, 1] : one;
    const share = shareOf(book, lost);
    // Only a firm that depends on these buyers has a major customer to lose.
    if (share >= MIN_MAJOR_SHARE) {
      // The lost buyers must have been buying for a year before (founded that long before the loss).
      const existed = (month: Month) =>
        lost.every((k) => monthOfDay(g.identities.get(book.customers[k]).foundedOn) <= month - 12);
      const slideLoss = slide ? Math.max(slide.start, slide.end - lossAgo) : null;
      if (slideLoss !== null && x.salesFall && lossRoll < 0.6 && existed(slideLoss)) {
        customerLoss = { month: slideLoss, lost, share, replacement: null };
      } else if (!slide && lossRoll < 0.08 && existed(lookAlikeMonth)) {
        let j = replacementDraw;
        for (let k = 0; k < g.firms && (j === i || book.customers.includes(j)); k++) j = (j + 1) % g.firms;
        if (j !== i && !book.customers.includes(j))
          customerLoss = { month: lookAlikeMonth, lost, share, replacement: j };
      }
    }
  }
  return {
    customerLoss,
    coreShare: x.supplier ? coreShare : 0,
    orderCut: x.supplier && slide && x.salesFall && cutRoll < 0.6 ? { depth } : null,
  };
}
