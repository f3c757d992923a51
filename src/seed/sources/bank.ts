/**
 * Bank accounts and their monthly flows (bank.account, bank.account_month).
 *
 * Inflow is what customers pay: invoiced sales with VAT, collected with a firm-specific lag of
 * 0-2 months, plus banked cash sales, loan disbursements and noise. Outflow pulls the balance
 * back towards what the firm keeps (a few weeks of sales; less and less for a sliding firm with
 * the balance signal, down to 15% of it at the slide's end, and for a failed firm) and never takes it below zero. A BASIC account always; some firms also
 * keep a GENERAL account that takes part of the flows, and some close it.
 *
 * Planted: TAX_WITHOUT_FLOW months take in at most 35% of what the month's invoices (with tax)
 * say, since the fake invoices are never paid.
 */
import { type Day, type Month, formatDay, formatMonth, lastDay, monthOfDay } from '../calendar';
import { accountNoOf } from '../codes';
import { type FirmContext } from '../firm.context';
import { type Fen, formatFen } from '../money';
import { signalAt } from '../profile';
import { Rng, Stream } from '../random';
import { type FirmSeries, at } from '../series';
import { type InvoiceTotals } from './invoices';
import { type LoanBook } from './loans';

const LAGS = [
  [0.5, 0.35, 0.15],
  [0.3, 0.45, 0.25],
  [0.7, 0.25, 0.05],
];

interface Account {
  id: number;
  opened: Day;
  closed: Day | null;
  /** Share of the firm's flows through this account. */
  share: number;
  balance: Fen;
}

export function generateBank(f: FirmContext, series: FirmSeries, totals: InvoiceTotals, loans: LoanBook): void {
  const rng = Rng.stream(f.g.seed, f.i, Stream.BANK);
  const accounts = openAccounts(f, rng);
  const lags = rng.pick(LAGS);
  const effectiveRate = f.p.vatRate * (1 - f.p.exemptShare);
  const cashBanked = rng.between(0.6, 1);
  const gross = (m: Month) => at(series, series.invoiced, m) * (1 + effectiveRate);
  const first = Math.max(f.g.windowStart, series.start);
  const twf: Array<{ month: string; invoicedWithTax: string; inflow: string }> = [];
  const target = (m: Month) => {
    const recent =
      (at(series, series.sales, m) + at(series, series.sales, m - 1) + at(series, series.sales, m - 2)) / 3;
    const falling = 1 - 0.85 * signalAt(f.p, 'balance', m);
    return recent * f.p.balanceMonths * falling;
  };
  // Accounts open when the window starts hold a normal balance; accounts opened later start empty.
  const initial = target(first) * rng.between(0.7, 1.3);
  for (const a of accounts) a.balance = isOpen(a, first) ? Math.round(initial * a.share) : 0;

  for (let m = first; m <= f.g.asOf; m++) {
    const uninvoiced = Math.max(0, at(series, series.sales, m) - at(series, series.invoiced, m));
    const collections =
      lags[0] * gross(m) +
      lags[1] * gross(m - 1) +
      lags[2] * gross(m - 2) +
      uninvoiced * (1 + effectiveRate) * cashBanked;
    let inflow = Math.max(0, Math.round(collections * (1 + rng.normal(0, 0.05))));
    const k = m - series.start;
    if (series.taxWithoutFlow.includes(m)) {
      const invoicedWithTax = totals.amount[k] + totals.tax[k];
      inflow = Math.min(inflow, Math.round(0.35 * invoicedWithTax * rng.between(0.5, 1)));
      twf.push({ month: formatMonth(m), invoicedWithTax: formatFen(invoicedWithTax), inflow: formatFen(inflow) });
    }
    const disbursed = loans.disbursements.get(m) ?? 0;
    monthFlows(f, rng, accounts, m, inflow, disbursed, target(m));
  }
  if (twf.length > 0) f.evidence('TAX_WITHOUT_FLOW', { months: twf.map((t) => t.month), flows: twf });
}

function openAccounts(f: FirmContext, rng: Rng): Account[] {
  const asOfEnd = lastDay(f.g.asOf);
  const ceased = f.g.plan.ceased.has(f.i);
  const closeAll = ceased ? lastDay(f.p.lastMonth) - rng.int(0, 10) : null;
  const basic: Account = {
    id: f.g.ids.take('bank.account'),
    opened: Math.min(asOfEnd, f.id.foundedOn + rng.int(0, 30)),
    closed: closeAll,
    share: 1,
    balance: 0,
  };
  const accounts = [basic];
  if (rng.chance(0.35)) {
    const opened = rng.int(f.id.foundedOn + 60, asOfEnd - 60);
    let closed = rng.chance(0.12) ? rng.int(opened + 180, Math.max(opened + 180, asOfEnd)) : null;
    if (closed !== null && closed > asOfEnd) closed = null;
    if (closeAll !== null) closed = Math.min(closed ?? closeAll, closeAll);
    if (closed === null || closed > opened) {
      const share = rng.between(0.1, 0.4);
      basic.share = 1 - share;
      accounts.push({ id: f.g.ids.take('bank.account'), opened, closed, share, balance: 0 });
    }
  }
  accounts.forEach((a, seq) => {
    f.out['bank.account'].add(
      a.id,
      f.id.uscc,
      accountNoOf(f.i, seq, f.id.region.code),
      seq === 0 ? 'BASIC' : 'GENERAL',
      formatDay(a.opened),
      a.closed === null ? null : formatDay(a.closed),
    );
  });
  return accounts;
}

const isOpen = (a: Account, m: Month) => monthOfDay(a.opened) <= m && (a.closed === null || monthOfDay(a.closed) >= m);

/** One month of every open account: split inflow by share, pull balances towards target, write rows. */
function monthFlows(
  f: FirmContext,
  rng: Rng,
  accounts: Account[],
  m: Month,
  inflow: Fen,
  disbursed: Fen,
  target: number,
): void {
  const open = accounts.filter((a) => isOpen(a, m));
  if (open.length === 0) return;
  const shareSum = open.reduce((s, a) => s + a.share, 0);
  for (let k = 0; k < open.length; k++) {
    const a = open[k];
    const share = a.share / shareSum;
    const inAmount = Math.round(inflow * share) + (k === 0 ? disbursed : 0);
    const closing = a.closed !== null && monthOfDay(a.closed) === m;
    let outAmount: Fen;
    if (closing) {
      // Emptied on closing (paid out, not moved to the other account: no transfer counted twice).
      outAmount = a.balance + inAmount;
    } else {
      const wanted = inAmount + 0.35 * (a.balance - target * share) + rng.normal(0, 0.04) * inAmount;
      outAmount = Math.min(a.balance + inAmount, Math.max(0, Math.round(wanted)));
    }
    a.balance += inAmount - outAmount;
    f.out['bank.account_month'].add(
      a.id,
      formatMonth(m),
      f.id.uscc,
      formatFen(inAmount),
      formatFen(outAmount),
      formatFen(a.balance),
    );
  }
}
