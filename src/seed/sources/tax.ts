/**
 * The tax bureau's view (schema tax): the taxpayer record and monthly VAT declarations.
 *
 * A declaration's sales are the month's NORMAL invoices plus its uninvoiced (cash) sales.
 * General taxpayers declare output tax at their rate, input tax on purchases, transfers out for
 * exempt use and carry unused input credit forward (tax_payable = max(0, output - input +
 * transferred - credit)); small-scale taxpayers pay the 1% levy on taxable sales and deduct
 * nothing. The period of asOf is not declared yet (declarations are due by the 15th of the next
 * month), so declarations end at asOf - 1 and no declared_on lies after asOf.
 */
import { type Month, firstDay, formatDay, formatMonth, lastDay, monthOfDay } from '../calendar';
import { type FirmContext } from '../context';
import { type Fen, formatFen } from '../money';
import { slideProgress } from '../profile';
import { Rng, Stream } from '../random';
import { type FirmSeries } from '../series';
import { taxAuthority } from '../names';
import { type InvoiceTotals } from './invoices';

/** Purchases as a share of sales, and the VAT rate on them, by GB/T 4754 section. */
const COST: Record<string, [number, number]> = {
  A: [0.5, 0.09], C: [0.7, 0.13], E: [0.65, 0.11], F: [0.85, 0.13], G: [0.55, 0.11],
  H: [0.45, 0.1], I: [0.3, 0.08], L: [0.4, 0.07], O: [0.45, 0.11], P: [0.3, 0.07],
};

export function generateTax(f: FirmContext, series: FirmSeries, totals: InvoiceTotals): void {
  const rng = Rng.stream(f.g.seed, f.i, Stream.TAX);
  writeTaxpayer(f, rng);
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
      transferred = f.p.exemptShare > 0 ? Math.round(input * f.p.exemptShare) : rng.chance(0.05) ? Math.round(input * rng.between(0, 0.05)) : 0;
      const net = output - input + transferred - credit;
      payable = Math.max(0, net);
      credit = Math.max(0, -net);
    } else {
      payable = output;
    }
    const paid = taxPaid(f, rng, m, payable);
    const declared = firstDay(m + 1) + rng.int(0, 14);
    f.out['tax.vat_declaration'].add(
      f.id.uscc, formatMonth(m), formatFen(sales), formatFen(sales - exempt), formatFen(exempt), formatFen(output),
      formatFen(input), formatFen(transferred), formatFen(payable), formatFen(paid), formatDay(declared),
    );
  }
}

/**
 * Tax paid is the tax payable, except that a sliding firm with the tax signal falls behind in
 * some months, more often as its slide deepens (37% of months at its start, 70% at as-of).
 */
function taxPaid(f: FirmContext, rng: Rng, m: Month, payable: Fen): Fen {
  const progress = f.p.signals.tax ? slideProgress(f.p, m) : 0;
  const behind = progress > 0 ? 0.4 + 0.45 * progress : 0.01;
  return rng.chance(behind) ? Math.round(payable * rng.between(0.3, 0.9)) : payable;
}

/** The taxpayer record: type, credit rating (from health, M for young firms), authority. */
function writeTaxpayer(f: FirmContext, rng: Rng): void {
  const ratingYear = Math.floor(f.g.asOf / 12) - 1;
  const young = monthOfDay(f.id.foundedOn) > ratingYear * 12 - 12; // rated for less than two full years
  const score = f.p.health + rng.normal(0, 0.7);
  const rating = young || rng.chance(0.05) ? 'M' : score > 0.8 ? 'A' : score > -1.1 ? 'B' : score > -1.8 ? 'C' : 'D';
  const registered = Math.min(f.id.foundedOn + rng.int(3, 30), lastDay(f.g.asOf));
  f.out['tax.taxpayer'].add(f.id.uscc, f.id.taxpayer, rating, ratingYear, formatDay(registered), taxAuthority(f.id.region));
}
