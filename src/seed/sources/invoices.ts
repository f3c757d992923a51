/**
 * E-invoices issued (tax.invoice). Each month a firm issues NORMAL invoices summing exactly to
 * the month's invoiced sales (series.invoiced), about 2-5 of them, mostly to other portfolio
 * firms (so invoices *received* are simply other firms' issued invoices), some to firms outside
 * the portfolio, core enterprises and people. The portfolio firms are the firm's regular
 * customers (seed/customers.ts), who buy in weighted turn, so a big customer buys most months;
 * a customer that ceased stops buying, and so does one the firm lost (a slide's `customerLoss`,
 * or a healthy firm's lost customer, whose purchases go to the new customer that replaced it).
 * About 2% more rows are VOID or RED_REVERSED copies, which count towards no sales.
 *
 * Planted: DUPLICATE_INVOICE (a second row with the same code and number, identical or with
 * another amount), DATED_RECORD_ANOMALY (an invoice dated after asOf or before founding), and
 * the fake invoices of TAX_WITHOUT_FLOW months (series.fake).
 */
import { type Day, type Month, civilOf, firstDay, formatDay, lastDay, monthOfDay, yearOfMonth } from '../calendar';
import { digitalInvoiceNumber, invoiceCodeOf, invoiceNumberOf } from '../codes';
import { type FirmContext } from '../firm.context';
import { type FirmIdentity, nameAt } from '../identity';
import { type Fen, formatFen, splitFen } from '../money';
import { drawPerson } from '../names';
import { Rng, Stream, Weighted } from '../random';
import { type FirmSeries, at } from '../series';
import { type CoreDelivery } from './supply-chain';

/** What the VAT declaration needs from a month's NORMAL invoices (index m - series.start). */
export interface InvoiceTotals {
  amount: Fen[];
  tax: Fen[];
  exempt: Fen[];
}

type Kind = 'VAT_SPECIAL' | 'VAT_ORDINARY' | 'DIGITAL';
type BuyerKind = 'PORTFOLIO' | 'EXTERNAL' | 'PERSON';

interface Buyer {
  uscc: string | null;
  name: string;
  general: boolean;
}

const RETAIL_MIX = Weighted.of<BuyerKind>([
  ['PORTFOLIO', 35],
  ['EXTERNAL', 15],
  ['PERSON', 50],
]);
const B2B_MIX = Weighted.of<BuyerKind>([
  ['PORTFOLIO', 78],
  ['EXTERNAL', 20],
  ['PERSON', 2],
]);
const SHELL_MIX = Weighted.of<BuyerKind>([['PORTFOLIO', 1]]);

/** Per-firm invoice numbering: sequences per (year, kind), so (code, number) never repeats. */
class InvoiceNumbers {
  private readonly seqs = new Map<number, number>();
  constructor(
    private readonly serial: number,
    private readonly regionCode: string,
  ) {}
  next(kind: Kind, year: number): [string | null, string] {
    const key = year * 4 + (kind === 'VAT_SPECIAL' ? 0 : kind === 'VAT_ORDINARY' ? 1 : 2);
    const seq = this.seqs.get(key) ?? 0;
    this.seqs.set(key, seq + 1);
    if (kind === 'DIGITAL') return [null, digitalInvoiceNumber(this.serial, seq, this.regionCode, year)];
    return [
      invoiceCodeOf(this.serial, this.regionCode, year, kind === 'VAT_SPECIAL'),
      invoiceNumberOf(this.serial, seq),
    ];
  }
}

class InvoiceWriter {
  readonly rng: Rng;
  readonly numbers: InvoiceNumbers;
  readonly customers: number[];
  readonly weights: number[];
  /** Each customer's turn credit (smooth weighted round robin): the customer furthest behind its share buys next. */
  readonly credit: number[];
  /** Each customer's expected share of the invoiced sales. */
  readonly shares: number[];
  /** Customers invoiced monthly for their share (key accounts); the others buy in turn. */
  readonly keys: number[];
  readonly externals: number[];
  readonly mix: Weighted<BuyerKind>;
  /** Rows (in the chunk's invoice buffer) of this firm's NORMAL invoices, and their amounts. */
  readonly normalRows: number[] = [];
  readonly normalAmounts: Fen[] = [];
  readonly normalTaxes: Fen[] = [];
  readonly totals: InvoiceTotals;

  constructor(
    readonly f: FirmContext,
    readonly series: FirmSeries,
  ) {
    this.rng = Rng.stream(f.g.seed, f.i, Stream.INVOICES);
    this.numbers = new InvoiceNumbers(f.i, f.id.region.code);
    const book = f.p.customers;
    const loss = f.p.events.customerLoss;
    this.customers = [...book.customers];
    this.weights = [...book.weights];
    // A lost customer's replacement takes its weight (from the month of the loss, see buyer()).
    if (loss?.replacement != null) {
      this.customers.push(loss.replacement);
      this.weights.push(loss.lost.reduce((a, k) => a + book.weights[k], 0));
    }
    this.credit = this.customers.map(() => 0);
    // Key accounts: customers taking at least KEY_ACCOUNT_SHARE of the sales are invoiced monthly (月结).
    const total = book.weights.reduce((a, b) => a + b, 0);
    this.shares = this.weights.map((w) => (book.portfolioShare * w) / total);
    this.keys = f.p.shell ? [] : this.shares.flatMap((share, k) => (share >= KEY_ACCOUNT_SHARE ? [k] : []));
    this.externals = book.externals;
    this.mix = f.p.shell ? SHELL_MIX : f.p.invoicedShare < 0.7 ? RETAIL_MIX : B2B_MIX;
    const n = series.end - series.start + 1;
    this.totals = {
      amount: new Array<Fen>(n).fill(0),
      tax: new Array<Fen>(n).fill(0),
      exempt: new Array<Fen>(n).fill(0),
    };
  }

  /** Whether regular customer k buys in month m (it exists, has not ceased, and is not lost or not yet replacing one). */
  buying(k: number, day: Day, m: Month): boolean {
    const { f } = this;
    const loss = f.p.events.customerLoss;
    if (loss) {
      const replacing = loss.replacement !== null && k === this.customers.length - 1;
      if (replacing ? m < loss.month : m >= loss.month && loss.lost.includes(k)) return false;
    }
    const j = this.customers[k];
    const end = f.g.plan.activityEnd(j);
    return f.g.identities.get(j).foundedOn <= day && (end === undefined || end >= m);
  }

  /** A buyer of kind `kind`; `regular` sales go to the customers that are not key accounts (invoiced apart). */
  buyer(kind: BuyerKind, day: Day, m: Month, regular = false): Buyer {
    const { f } = this;
    if (kind === 'PORTFOLIO' && this.customers.length > 0) {
      // Regular customers buy in weighted turn: each gains its weight, the one furthest ahead buys.
      let best = -1;
      let total = 0;
      for (let k = 0; k < this.customers.length; k++) {
        if ((regular && this.keys.includes(k)) || !this.buying(k, day, m)) continue;
        this.credit[k] += this.weights[k];
        total += this.weights[k];
        if (best < 0 || this.credit[k] > this.credit[best]) best = k;
      }
      if (best >= 0) {
        this.credit[best] -= total;
        return firmBuyer(f.g.identities.get(this.customers[best]), day);
      }
      kind = 'EXTERNAL'; // the customers did not exist (yet, or any more) that day
    }
    if (kind === 'PERSON') return { uscc: null, name: drawPerson(this.rng).name, general: false };
    return firmBuyer(f.g.identities.get(this.rng.pick(this.externals)), day);
  }

  kindFor(buyer: Buyer, m: Month): Kind {
    const { rng, f } = this;
    const g = f.g;
    // Fully digital invoices spread over the window: ~3% at its start, ~20% at asOf.
    const digitalShare = 0.03 + (0.17 * (m - g.windowStart)) / Math.max(1, g.asOf - g.windowStart);
    if (rng.chance(digitalShare)) return 'DIGITAL';
    if (!buyer.uscc || !buyer.general) return 'VAT_ORDINARY';
    const special = f.id.taxpayer === 'GENERAL' ? 0.85 : 0.2;
    return rng.chance(special) ? 'VAT_SPECIAL' : 'VAT_ORDINARY';
  }

  /** Writes one invoice row; returns its row index in the buffer. */
  write(
    kind: Kind,
    code: string | null,
    no: string,
    buyer: Buyer,
    day: Day,
    amount: Fen,
    tax: Fen,
    status: string,
  ): number {
    const out = this.f.out['tax.invoice'];
    const row = out.length;
    out.add(
      this.f.g.ids.take('tax.invoice'),
      code,
      no,
      kind,
      this.f.id.uscc,
      nameAt(this.f.id, day),
      buyer.uscc,
      buyer.name,
      formatDay(day),
      formatFen(amount),
      formatFen(tax),
      status,
    );
    return row;
  }

  /** Issues one NORMAL invoice (and, rarely, a voided or red-reversed copy before it). */
  issue(buyer: Buyer, day: Day, m: Month, amount: Fen): void {
    const { rng, f } = this;
    const kind = this.kindFor(buyer, m);
    const exempt = f.p.exemptShare > 0 && rng.chance(f.p.exemptShare);
    const tax = exempt ? 0 : Math.round(amount * f.p.vatRate);
    const year = yearOfMonth(m);
    if (rng.chance(0.02)) {
      const [code, no] = this.numbers.next(kind, year);
      this.write(kind, code, no, buyer, day, amount, tax, rng.chance(0.5) ? 'VOID' : 'RED_REVERSED');
    }
    const [code, no] = this.numbers.next(kind, year);
    this.normalRows.push(this.write(kind, code, no, buyer, day, amount, tax, 'NORMAL'));
    this.normalAmounts.push(amount);
    this.normalTaxes.push(tax);
    const k = m - this.series.start;
    this.totals.amount[k] += amount;
    this.totals.tax[k] += tax;
    if (exempt) this.totals.exempt[k] += amount;
  }

  /** Splits a month's amount over `count` invoices of random sizes. */
  issueMany(total: Fen, count: number, m: Month, kindOf: () => BuyerKind, regular = false): void {
    if (total <= 0) return;
    const n = Math.max(1, Math.min(count, Math.floor(total / 100_000))); // no invoice below 1,000 CNY
    const weights = Array.from({ length: n }, () => this.rng.logNormal(0, 0.6));
    const parts = n === 1 ? [total] : splitFen(total, weights);
    for (const part of parts) {
      const day = this.dayIn(m);
      this.issue(this.buyer(kindOf(), day, m, regular), day, m, part);
    }
  }

  /** A random day of month m, never before the firm was founded (its first month is a partial one). */
  dayIn(m: Month): Day {
    const from = Math.max(firstDay(m), this.f.id.foundedOn);
    return from + this.rng.int(0, lastDay(m) - from);
  }
}

/** Expected share of the invoiced sales from which a customer is a key account, invoiced monthly. */
export const KEY_ACCOUNT_SHARE = 0.15;

function firmBuyer(other: FirmIdentity, day: Day): Buyer {
  return { uscc: other.uscc, name: nameAt(other, day), general: other.taxpayer === 'GENERAL' };
}

/** About 2-5 invoices a month: more for bigger months. */
function invoiceCount(rng: Rng, amount: Fen): number {
  const yuan = amount / 100;
  const mean = Math.min(8, Math.max(1, 1.4 + 0.9 * Math.log(Math.max(1, yuan / 150_000))));
  return 1 + rng.poisson(mean - 1);
}

export function generateInvoices(
  f: FirmContext,
  series: FirmSeries,
  deliveries: readonly CoreDelivery[],
): InvoiceTotals {
  const w = new InvoiceWriter(f, series);
  const { rng } = w;
  let d = 0;
  const first = Math.max(f.g.windowStart, series.start);
  while (d < deliveries.length && deliveries[d].month < first) d++;
  for (let m = first; m <= series.end; m++) {
    let toCore = 0;
    for (; d < deliveries.length && deliveries[d].month === m; d++) {
      const del = deliveries[d];
      w.issue({ uscc: del.core.uscc, name: del.core.name, general: true }, del.day, m, del.amount);
      toCore += del.amount;
    }
    const invoiced = at(series, series.invoiced, m);
    let rest = invoiced - toCore;
    // Key accounts buying this month get one invoice for their share of it (varying by 20%).
    for (const k of w.keys) {
      const day = w.dayIn(m);
      const amount = Math.min(rest, Math.round(invoiced * w.shares[k] * rng.between(0.8, 1.2)));
      if (amount < 100_000 || !w.buying(k, day, m)) continue;
      w.issue(firmBuyer(f.g.identities.get(w.customers[k]), day), day, m, amount);
      rest -= amount;
    }
    w.issueMany(rest, invoiceCount(rng, rest), m, () => rng.weighted(w.mix), true);
    const fake = at(series, series.fake, m);
    // Fake invoices go to a few firms (never to people: a fake invoice is written to be deducted).
    w.issueMany(fake, rng.int(3, 6), m, () => (f.p.shell || rng.chance(0.7) ? 'PORTFOLIO' : 'EXTERNAL'));
  }
  if (f.g.plan.has(f.i, 'DUPLICATE_INVOICE')) plantDuplicate(w);
  if (f.g.plan.datedKind.has(f.i)) plantDated(w);
  return w.totals;
}

/** DUPLICATE_INVOICE: the same code+number again, identical (delivered twice) or with another amount. */
function plantDuplicate(w: InvoiceWriter): void {
  const { f, rng } = w;
  if (w.normalRows.length === 0) return;
  const out = f.out['tax.invoice'];
  const pick = rng.int(0, w.normalRows.length - 1);
  const row = w.normalRows[pick];
  const identical = f.g.plan.duplicateIdentical.get(f.i) ?? true;
  const values = out.columns.map((c) => c[row]);
  values[0] = f.g.ids.take('tax.invoice');
  if (!identical) {
    const amount = Math.round(
      w.normalAmounts[pick] * (rng.chance(0.5) ? rng.between(0.5, 0.9) : rng.between(1.1, 1.6)),
    );
    values[9] = formatFen(amount);
    values[10] = formatFen(w.normalTaxes[pick] > 0 ? Math.round(amount * f.p.vatRate) : 0);
  }
  out.add(...values);
  f.evidence('DUPLICATE_INVOICE', {
    invoiceCode: values[1],
    invoiceNumber: values[2],
    identical,
    amounts: [out.get(row, 'amount'), values[9]],
  });
}

/** DATED_RECORD_ANOMALY: an invoice dated after asOf, or before the firm was founded. */
function plantDated(w: InvoiceWriter): void {
  const { f, rng } = w;
  const kind = f.g.plan.datedKind.get(f.i) ?? 'FUTURE';
  const day = kind === 'FUTURE' ? lastDay(f.g.asOf) + rng.int(20, 300) : f.id.foundedOn - rng.int(20, 400);
  const [year] = civilOf(day);
  const m = monthOfDay(day);
  const buyer = w.buyer('EXTERNAL', day, m);
  const invKind = w.kindFor(buyer, Math.min(m, f.g.asOf));
  const [code, no] = w.numbers.next(invKind, year);
  const amount = Math.max(100_000, Math.round(f.id.baseSales * rng.between(0.05, 0.3)));
  w.write(invKind, code, no, buyer, day, amount, Math.round(amount * f.p.vatRate), 'NORMAL');
  f.evidence('DATED_RECORD_ANOMALY', {
    kind,
    invoiceCode: code,
    invoiceNumber: no,
    issueDate: formatDay(day),
    foundedOn: formatDay(f.id.foundedOn),
  });
}
