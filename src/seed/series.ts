/**
 * A firm's monthly business: sales with seasonality (the Chinese New Year dip in Jan/Feb,
 * sector peaks), its own trend and noise, the slide of a sliding firm, and how sales split into
 * invoiced and cash sales. Every source (invoices, VAT, bank flows, utilities, staff) is drawn
 * from this one series, which is what keeps them consistent with each other.
 */
import { type Month, calendarMonth } from './calendar';
import { type FirmContext } from './firm.context';
import { type Fen } from './money';
import { afterFailure, signalAt } from './profile';
import { slideProgress } from './timeline';
import { Rng, Stream } from './random';
import { type Sector, sectorOf } from '../reference/industries';

/** Months before the window that are simulated (not written) so that payment lags start full. */
export const WARM_UP_MONTHS = 2;

const SEASON: Record<Sector, number[]> = {
  MANUFACTURING: [0.92, 0.62, 1.0, 1.0, 1.02, 1.05, 0.98, 0.98, 1.05, 1.03, 1.1, 1.2],
  WHOLESALE_RETAIL: [1.1, 0.78, 0.9, 0.92, 0.95, 1.05, 0.95, 0.95, 1.0, 1.05, 1.2, 1.25],
  CONSTRUCTION: [0.72, 0.45, 0.95, 1.05, 1.1, 1.1, 1.0, 1.0, 1.1, 1.15, 1.2, 1.3],
  AGRICULTURE: [1.0, 0.8, 0.7, 0.75, 0.85, 0.95, 1.0, 1.1, 1.35, 1.4, 1.1, 1.0],
  SERVICES: [1.0, 0.75, 0.95, 1.0, 1.05, 1.0, 1.1, 1.1, 1.0, 1.1, 0.98, 1.05],
  OTHER: [0.95, 0.7, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.05, 1.05, 1.1, 1.15],
};
/** Classes with their own calendar: restaurants peak at New Year dinners, training in summer. */
const CLASS_SEASON: Record<string, number[]> = {
  H6210: [1.25, 1.05, 0.9, 0.95, 1.0, 0.95, 0.95, 0.95, 1.0, 1.15, 0.9, 1.0],
  H6110: [1.0, 1.05, 0.85, 0.95, 1.05, 0.95, 1.2, 1.25, 0.95, 1.2, 0.8, 0.85],
  P8391: [0.9, 0.7, 1.0, 1.0, 1.0, 1.1, 1.4, 1.3, 1.1, 0.9, 0.8, 0.8],
  F5292: [0.95, 0.7, 0.85, 0.9, 0.95, 1.25, 0.9, 0.85, 0.9, 0.95, 1.5, 1.2],
};

function normalised(profile: number[]): number[] {
  const mean = profile.reduce((a, b) => a + b, 0) / profile.length;
  return profile.map((v) => v / mean);
}
const SEASON_NORM = Object.fromEntries(Object.entries(SEASON).map(([k, v]) => [k, normalised(v)])) as Record<
  Sector,
  number[]
>;
const CLASS_SEASON_NORM = Object.fromEntries(Object.entries(CLASS_SEASON).map(([k, v]) => [k, normalised(v)]));

export function seasonality(industryCode: string): number[] {
  return CLASS_SEASON_NORM[industryCode] ?? SEASON_NORM[sectorOf(industryCode)];
}

export interface FirmSeries {
  /** First simulated month (may precede the window by WARM_UP_MONTHS) and last month. */
  start: Month;
  end: Month;
  /** Real sales (fen) per month, index m - start. */
  sales: Fen[];
  /** Real sales that were invoiced (the invoice generator issues exactly this much, as NORMAL invoices). */
  invoiced: Fen[];
  /** Fake sales invoiced with no money behind them (TAX_WITHOUT_FLOW months only). */
  fake: Fen[];
  /** Months of the planted TAX_WITHOUT_FLOW episode. */
  taxWithoutFlow: Month[];
  /**
   * What the firm's core enterprises order from it per month (fen, before VAT; all zero unless it
   * supplies one): their share of its business without its own slide (the core's demand does not
   * follow the supplier's other customers), with its dips, and cut over the slide by an order cut.
   */
  coreDemand: Fen[];
}

export function drawSeries(f: FirmContext): FirmSeries {
  const { g, p, id } = f;
  const rng = Rng.stream(g.seed, f.i, Stream.SERIES);
  const start = Math.max(g.windowStart - WARM_UP_MONTHS, p.firstMonth);
  const end = p.lastMonth;
  const season = seasonality(id.industry.code);
  const sales: Fen[] = [];
  const invoiced: Fen[] = [];
  const fake: Fen[] = [];
  const coreDemand: Fen[] = [];
  const { coreShare, orderCut } = p.events;
  const lost = p.signals.customerLoss ? p.events.customerLoss : null;
  let noise = 0; // AR(1) log-noise: good and bad months come in runs
  for (let m = start; m <= end; m++) {
    noise = 0.55 * noise + rng.normal(0, p.volatility);
    const rampUp = Math.min(1, 0.35 + (0.65 * (m - p.firstMonth)) / 6);
    const trend = Math.exp((p.growth * (m - g.asOf)) / 12);
    const dip = p.dip && m >= p.dip.from && m <= p.dip.to ? 1 - p.dip.depth : 1;
    // A sliding firm's sales fall: a general decline, or (customerLoss) the loss of its biggest buyers
    // below; a failed firm's business shrinks whatever its slide was.
    const slide = (p.signals.customerLoss ? 1 : 1 - 0.45 * signalAt(p, 'sales', m) ** 1.2) * afterFailure(p, m);
    const level = id.baseSales * season[calendarMonth(m) - 1] * trend;
    const business = level * Math.exp(noise) * rampUp * dip;
    // The core's orders: its share of the supplier's business, without the supplier's own month-to-month
    // noise and slide (a large firm's demand is steadier; it does not follow the supplier's other
    // customers), until the supplier fails.
    const demand = Math.round(level * rampUp * dip * p.invoicedShare * coreShare * afterFailure(p, m));
    // A sliding supplier whose core cuts its orders: the cut is its sales fall on the core's part.
    const cut = orderCut ? Math.round(demand * orderCut.depth * slideProgress(p.timeline, m)) : 0;
    let amount = orderCut
      ? Math.round(Math.max(0, business - demand) * slide + demand - cut)
      : Math.round(business * slide);
    let inv = Math.round(amount * Math.min(1, p.invoicedShare * (1 + rng.normal(0, 0.03))));
    // A major customer lost and not replaced: what it bought is gone from the invoiced sales.
    if (lost && m >= lost.month) {
      const gone = Math.round(inv * lost.share);
      amount -= gone;
      inv -= gone;
    }
    sales.push(amount);
    invoiced.push(inv);
    coreDemand.push(Math.min(demand - cut, inv));
    fake.push(0);
  }
  const taxWithoutFlow = g.plan.has(f.i, 'TAX_WITHOUT_FLOW')
    ? plantFakeSales(rng, g.asOf, start, end, sales, fake)
    : [];
  return { start, end, sales, invoiced, fake, taxWithoutFlow, coreDemand };
}

/**
 * TAX_WITHOUT_FLOW: 3-6 consecutive months in the last year in which the firm invoices 3.5-5
 * times its real sales to buyers who never pay (the bank generator caps those months' inflow).
 */
function plantFakeSales(rng: Rng, asOf: Month, start: Month, end: Month, sales: Fen[], fake: Fen[]): Month[] {
  const length = rng.int(3, 6);
  const last = Math.min(end, asOf - rng.int(0, 12 - length));
  const first = Math.max(start, last - length + 1);
  const months: Month[] = [];
  for (let m = first; m <= last; m++) {
    fake[m - start] = Math.round(sales[m - start] * rng.between(3.5, 5));
    months.push(m);
  }
  return months;
}

/** Value of a per-month array at month m (0 outside the series). */
export function at(series: FirmSeries, values: readonly number[], m: Month): number {
  const k = m - series.start;
  return k >= 0 && k < values.length ? values[k] : 0;
}
