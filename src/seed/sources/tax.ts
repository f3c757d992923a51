/**
 * The tax bureau's view (schema tax): the taxpayer record and monthly VAT declarations.
 *
 * A declaration's sales are the month's NORMAL invoices plus its uninvoiced (cash) sales.
 * General taxpayers declare output tax at their rate, input tax on purchases, transfers out for
 * exempt use and carry unused input credit forward (tax_payable = max(0, output - input +
 * transferred - credit)); small-scale taxpayers pay the 1% levy on taxable sales and deduct
 * nothing. The period of asOf is not declared yet (declarations are due by the 15th of the next
 * month), so declarations end at asOf - 1 and no declared_on lies after asOf.
 *
 * Tax-credit ratings (tax.credit_rating): a new taxpayer is rated M when it registers; each later
 * year's rating is published in April of the year after, from the firm's health and how badly it
 * was in distress that year (a slide, a failure), so a rating says what the year was like only
 * months after it ended. The taxpayer record carries the newest rating published by asOf.
 */
import { type Month, dayInMonth, firstDay, formatDay, formatMonth, lastDay, monthOfDay } from '../calendar';
import { type FirmContext } from '../firm.context';
import { type Fen, formatFen } from '../money';
import { signalAt } from '../profile';
import { failedBy, slideProgress } from '../timeline';
import { Rng, Stream } from '../random';
import { type FirmSeries } from '../series';
import { taxAuthority } from '../names';
import { type InvoiceTotals } from './invoices';

/** Purchases as a share of sales, and the VAT rate on them, by GB/T 4754 section. */
const COST: Record<string, [number, number]> = {
  A: [0.5, 0.09],
  C: [0.7, 0.13],
  E: [0.65, 0.11],
  F: [0.85, 0.13],
  G: [0.55, 0.11],
  H: [0.45, 0.1],
  I: [0.3, 0.08],
  L: [0.4, 0.07],
  O: [0.45, 0.11],
  P: [0.3, 0.07],
};

export function generateTax(f: FirmContext, series: FirmSeries, totals: InvoiceTotals): void {
  const rng = Rng.stream(f.g.seed, f.i, Stream.TAX);
  writeTaxpayer(f, Rng.stream(f.g.seed, f.i, Stream.TAX_RATINGS));
  const [costShare, inputRate] = COST[f.id.industry.code[0]] ?? [0.6, 0.13];
  const costRatio = costShare * rng.between(0.9, 1.1);
  let credit: Fen = 0;
  const first = Math.max(f.g.windowStart, series.start);
  const last = Math.min(series.end, f.g.asOf - 1);
  for (let m = first; m <= last; m++) {
    const k = m - series.start;
    const uninvoiced = Math.max(0, series.sales[k] - series.invoiced[k]);
    const uninvoicedExempt = Math.round(uninvoiced * f.p.exemptShare);
    const sales = totals.amount[k] + uninvoiced;
    const exempt = totals.exempt[k] + uninvoicedExempt;
    const output = totals.tax[k] + Math.round((uninvoiced - uninvoicedExempt) * f.p.vatRate);
    let input: Fen = 0;
    let transferred: Fen = 0;
    let payable: Fen;
    if (f.id.taxpayer === 'GENERAL') {
      input = Math.round(series.sales[k] * costRatio * inputRate * Math.max(0.3, rng.normal(1, 0.15)));
      transferred =
        f.p.exemptShare > 0
          ? Math.round(input * f.p.exemptShare)
          : rng.chance(0.05)
            ? Math.round(input * rng.between(0, 0.05))
            : 0;
      const net = output - input + transferred - credit;
      payable = Math.max(0, net);
      credit = Math.max(0, -net);
    } else {
      payable = output;
    }
    const paid = taxPaid(f, rng, m, payable);
    const declared = firstDay(m + 1) + rng.int(0, 14);
    f.out['tax.vat_declaration'].add(
      f.id.uscc,
      formatMonth(m),
      formatFen(sales),
      formatFen(sales - exempt),
      formatFen(exempt),
      formatFen(output),
      formatFen(input),
      formatFen(transferred),
      formatFen(payable),
      formatFen(paid),
      formatDay(declared),
    );
  }
}

/**
 * Tax paid is the tax payable, except that a sliding firm with the tax signal (and every failed
 * firm) falls behind in some months, more often as its slide deepens (45% of months at its start,
 * 85% at its end).
 */
function taxPaid(f: FirmContext, rng: Rng, m: Month, payable: Fen): Fen {
  const progress = signalAt(f.p, 'tax', m);
  const behind = progress > 0 ? 0.4 + 0.45 * progress : 0.01;
  return rng.chance(behind) ? Math.round(payable * rng.between(0.3, 0.9)) : payable;
}

/** Years of ratings kept before the window's first (older ones no read reaches). */
const RATING_YEARS_BEFORE_WINDOW = 2;

/**
 * The taxpayer record and its ratings: M on registration; for each later year, published in
 * April of the next, a grade from health, a firm-level and a yearly deviation, and the year's worst
 * distress (M while the firm has been rated for less than two full years).
 */
function writeTaxpayer(f: FirmContext, rng: Rng): void {
  const { g, p, id } = f;
  const asOfEnd = lastDay(g.asOf);
  const registered = Math.min(id.foundedOn + rng.int(3, 30), asOfEnd);
  const firmDeviation = rng.normal(0, 0.5);
  const foundedYear = Math.floor(monthOfDay(id.foundedOn) / 12);
  const fromYear = Math.floor(g.windowStart / 12) - RATING_YEARS_BEFORE_WINDOW;
  const ratings: Array<[number, string, number]> = [];
  if (foundedYear >= fromYear) ratings.push([foundedYear, 'M', registered]);
  for (let y = Math.max(foundedYear + 1, fromYear); ; y++) {
    const published = dayInMonth((y + 1) * 12 + 3, rng.int(10, 30));
    const yearDeviation = rng.normal(0, 0.4);
    if (published > asOfEnd) break;
    let distress = 0;
    for (let m = y * 12; m < y * 12 + 12; m++)
      distress = Math.max(distress, failedBy(p.timeline, m) ? 1 : slideProgress(p.timeline, m));
    const score = p.health + firmDeviation + yearDeviation - 1.5 * distress;
    const young = y - foundedYear < 2;
    ratings.push([y, young ? 'M' : score > 0.8 ? 'A' : score > -1.1 ? 'B' : score > -1.8 ? 'C' : 'D', published]);
  }
  for (const [year, rating, published] of ratings)
    f.out['tax.credit_rating'].add(id.uscc, year, rating, formatDay(published));
  const [ratingYear, rating] = ratings.at(-1) ?? [foundedYear, 'M'];
  f.out['tax.taxpayer'].add(id.uscc, id.taxpayer, rating, ratingYear, formatDay(registered), taxAuthority(id.region));
}
