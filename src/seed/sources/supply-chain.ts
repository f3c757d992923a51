/**
 * Supply chain (schema supply_chain): a supplier's orders from its core enterprises, the
 * receivables deliveries create, the core's confirmations (确权) and pledges of receivables to
 * lenders. Deliveries are returned so that the invoice generator invoices them to the core.
 *
 * Planted: RECEIVABLE_PLEDGED_TWICE (one outstanding receivable, two ACTIVE pledges to different
 * pledgees) and NAME_VARIANT in purchase_order (supplier named by a variant, no USCC). Some
 * receivables are released and then pledged again elsewhere: legitimate, and a near miss for the
 * double-pledge check.
 */
import { type Day, type Month, dayInMonth, firstDay, formatDay, lastDay, yearOfMonth, civilOf } from '../calendar';
import { orderNoOf, pledgeRegistrationNo, receivableNoOf } from '../codes';
import { type FirmContext } from '../firm.context';
import { type CoreEnterprise, nameAt } from '../identity';
import { type Fen, formatFen } from '../money';
import { nameVariant } from '../names';
import { Rng, Stream } from '../random';
import { type FirmSeries, at } from '../series';

export interface CoreDelivery {
  month: Month;
  day: Day;
  core: CoreEnterprise;
  /** Amount before VAT (the invoice amount). */
  amount: Fen;
}

const PLEDGEES = [
  '本行',
  '招商银行股份有限公司',
  '兴业银行股份有限公司',
  '平安银行股份有限公司',
  '中信银行股份有限公司',
  '链融商业保理有限公司',
];

interface Receivable {
  id: number;
  no: string;
  core: CoreEnterprise;
  amount: Fen;
  issued: Day;
  due: Day;
  status: 'OUTSTANDING' | 'SETTLED' | 'OVERDUE';
  confirmedOn: Day | null;
}

export function generateSupplyChain(f: FirmContext, series: FirmSeries): CoreDelivery[] {
  if (!f.p.supplier || f.g.cores.length === 0) return [];
  const rng = Rng.stream(f.g.seed, f.i, Stream.SUPPLY_CHAIN);
  const cores = rng.distinct(f.g.cores.length, rng.chance(0.3) ? 2 : 1).map((k) => f.g.cores[k]);
  const asOfEnd = lastDay(f.g.asOf);
  // The relationship began somewhere around the window start (never before the firm was 3 months old).
  const since = Math.min(
    Math.max(f.g.windowStart + rng.int(-12, 12), f.p.firstMonth + 3, f.g.windowStart),
    series.end - 6,
  );
  const deliveries: CoreDelivery[] = [];
  const receivables: Receivable[] = [];
  const orderRows: number[] = [];
  let seq = 0;
  /** Demand of skipped months, per core, ordered with the next order. */
  const carried = new Map<CoreEnterprise, number>();
  const order = (m: Month, core: CoreEnterprise, mustDeliver: boolean) => {
    // The core orders its share of the supplier's business (series.coreDemand), varying by 15%;
    // never more than the month's invoiced sales can hold, so the core's invoices fit inside them.
    // An order for delivery after asOf (placed in asOf's month, still OPEN) is sized on asOf's demand.
    const dm = Math.min(m, series.end);
    const wanted =
      (at(series, series.coreDemand, dm) * rng.between(0.85, 1.15)) / cores.length + (carried.get(core) ?? 0);
    carried.delete(core);
    const amount = Math.min(Math.round(wanted), Math.floor((0.9 * at(series, series.invoiced, dm)) / cores.length));
    if (amount <= 0) return;
    const delivered = Math.min(dayInMonth(m, rng.int(1, 28)), mustDeliver ? asOfEnd : Infinity);
    // The core places each month's call-off in the month before delivery (mustDeliver: just before it).
    const ordered = mustDeliver ? delivered - rng.int(5, 25) : firstDay(m) - rng.int(5, 25);
    const cancelled = !mustDeliver && rng.chance(0.03);
    const open = !cancelled && delivered > asOfEnd;
    const grossAmount = Math.round(amount * (1 + f.p.vatRate));
    orderRows.push(f.out['supply_chain.purchase_order'].length);
    f.out['supply_chain.purchase_order'].add(
      f.g.ids.take('supply_chain.purchase_order'),
      orderNoOf(f.i, seq++, yearOfMonth(m)),
      f.id.uscc,
      nameAt(f.id, ordered),
      core.uscc,
      formatDay(ordered),
      formatFen(grossAmount),
      cancelled ? 'CANCELLED' : open ? 'OPEN' : 'DELIVERED',
    );
    if (cancelled || open) return;
    deliveries.push({ month: m, day: delivered, core, amount });
    if (rng.chance(0.7))
      receivables.push(newReceivable(f, rng, core, grossAmount, delivered, receivables.length, asOfEnd));
  };
  // Through the month after asOf: its orders are placed by asOf (open, not delivered yet).
  for (let m = since; m <= series.end + (series.end === f.g.asOf ? 1 : 0); m++) {
    // Cores order every month under a framework agreement; a month skipped is ordered with the next.
    for (const core of cores) {
      if (rng.chance(0.96)) order(m, core, false);
      else
        carried.set(
          core,
          (carried.get(core) ?? 0) + at(series, series.coreDemand, Math.min(m, series.end)) / cores.length,
        );
    }
  }
  // A firm planted with a problem in its orders needs at least one delivered order.
  if (deliveries.length === 0 && f.g.plan.forcedSupplier.has(f.i)) order(series.end - 1, cores[0], true);
  if (f.g.plan.has(f.i, 'RECEIVABLE_PLEDGED_TWICE')) ensureOutstanding(f, rng, receivables, cores[0], asOfEnd);
  writeReceivables(f, rng, receivables, asOfEnd);
  plantNameVariant(f, orderRows);
  return deliveries;
}

function newReceivable(
  f: FirmContext,
  rng: Rng,
  core: CoreEnterprise,
  amount: Fen,
  issued: Day,
  k: number,
  asOfEnd: Day,
): Receivable {
  const due = issued + rng.pick([60, 90, 90, 120, 180]);
  const status = due > asOfEnd ? 'OUTSTANDING' : rng.chance(0.03) ? 'OVERDUE' : 'SETTLED';
  const confirmed = issued + rng.int(1, 10);
  return {
    id: f.g.ids.take('supply_chain.receivable'),
    no: receivableNoOf(f.i, k, civilOf(issued)[0]),
    core,
    amount,
    issued,
    due,
    status,
    confirmedOn: rng.chance(0.85) && confirmed <= asOfEnd ? confirmed : null,
  };
}

/** A firm planted with a double pledge needs a confirmed receivable that is still outstanding. */
function ensureOutstanding(
  f: FirmContext,
  rng: Rng,
  receivables: Receivable[],
  core: CoreEnterprise,
  asOfEnd: Day,
): void {
  if (receivables.some((r) => r.status === 'OUTSTANDING' && r.confirmedOn !== null)) return;
  const issued = Math.min(asOfEnd - 20, lastDay(f.p.lastMonth) - 5);
  const amount = Math.max(5_000_000, Math.round(f.id.baseSales * rng.between(0.2, 0.5)));
  receivables.push({
    id: f.g.ids.take('supply_chain.receivable'),
    no: receivableNoOf(f.i, receivables.length, civilOf(issued)[0]),
    core,
    amount,
    issued,
    due: asOfEnd + rng.int(60, 150),
    status: 'OUTSTANDING',
    confirmedOn: issued + rng.int(1, 5),
  });
}

function writeReceivables(f: FirmContext, rng: Rng, receivables: Receivable[], asOfEnd: Day): void {
  const twice = f.g.plan.has(f.i, 'RECEIVABLE_PLEDGED_TWICE')
    ? receivables.filter((r) => r.status === 'OUTSTANDING' && r.confirmedOn !== null).pop()
    : undefined;
  let pledgeSeq = 0;
  const pledge = (r: Receivable, pledgee: string, on: Day, status: 'ACTIVE' | 'RELEASED') => {
    const regNo = pledgeRegistrationNo(f.i, pledgeSeq++, on);
    f.out['supply_chain.pledge'].add(
      f.g.ids.take('supply_chain.pledge'),
      r.id,
      pledgee,
      regNo,
      formatDay(on),
      formatFen(Math.round(r.amount * 0.9)),
      status,
    );
    return regNo;
  };
  for (const r of receivables) {
    f.out['supply_chain.receivable'].add(
      r.id,
      r.no,
      f.id.uscc,
      r.core.uscc,
      formatFen(r.amount),
      formatDay(r.issued),
      formatDay(r.due),
      r.status,
    );
    if (r.confirmedOn === null) continue;
    f.out['supply_chain.confirmation'].add(
      f.g.ids.take('supply_chain.confirmation'),
      r.id,
      r.core.uscc,
      formatDay(r.confirmedOn),
      formatFen(r.amount),
    );
    const pledgedOn = Math.min(asOfEnd, r.confirmedOn + rng.int(1, 15));
    if (r === twice) {
      const [a, b] = rng.distinct(PLEDGEES.length, 2).map((k) => PLEDGEES[k]);
      const second = Math.min(asOfEnd, pledgedOn + rng.int(3, 40));
      const regNos = [pledge(r, a, pledgedOn, 'ACTIVE'), pledge(r, b, second, 'ACTIVE')];
      f.evidence('RECEIVABLE_PLEDGED_TWICE', { receivableNo: r.no, pledgees: [a, b], registrationNos: regNos });
    } else if (r.status === 'OUTSTANDING' && rng.chance(0.45)) {
      if (rng.chance(0.08)) {
        // Released and pledged again to another lender: legitimate.
        const [a, b] = rng.distinct(PLEDGEES.length, 2).map((k) => PLEDGEES[k]);
        pledge(r, a, pledgedOn, 'RELEASED');
        pledge(r, b, Math.min(asOfEnd, pledgedOn + rng.int(5, 30)), 'ACTIVE');
      } else {
        pledge(r, rng.pick(PLEDGEES), pledgedOn, 'ACTIVE');
      }
    } else if (r.status !== 'OUTSTANDING' && rng.chance(0.25) && pledgedOn < r.due) {
      pledge(r, rng.pick(PLEDGEES), pledgedOn, 'RELEASED');
    }
  }
}

/** NAME_VARIANT planted in an order: the supplier named by a variant, without its USCC. */
function plantNameVariant(f: FirmContext, orderRows: number[]): void {
  const plan = f.g.plan.nameVariants.get(f.i);
  if (!plan || plan.table !== 'supply_chain.purchase_order') return;
  const orders = f.out['supply_chain.purchase_order'];
  if (orderRows.length === 0) throw new Error(`firm ${f.i} is planted with a NAME_VARIANT order but has no orders`);
  const row = orderRows[Math.floor(orderRows.length / 2)];
  const variant = nameVariant(f.id.nameParts, plan.kind, f.id.formerNames[f.id.formerNames.length - 1]);
  orders.set(row, 'supplier_uscc', null);
  orders.set(row, 'supplier_name', variant);
  f.evidence('NAME_VARIANT', {
    table: 'supply_chain.purchase_order',
    key: { orderNo: orders.get(row, 'order_no') },
    variant,
    variantKind: plan.kind,
    registeredName: f.id.name,
  });
}
