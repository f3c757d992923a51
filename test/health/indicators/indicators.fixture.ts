/** Small changes of the healthy firm's facts (test/facts.fixture.ts) for the indicator tests. */
import type { FirmFacts } from '../../../src/health/facts';
import { healthyFacts } from '../../facts.fixture';

/** `amount` for every month of the healthy firm's bank record from `from` to `to` (`YYYY-MM` -> amount). */
export const months = (from: string, to: string, amount: string) => {
  const out: Record<string, string> = {};
  for (const m of healthyFacts().bank!.months.map((x) => x.month)) if (m >= from && m <= to) out[m] = amount;
  return out;
};

/** The healthy firm with month-end balances set per month (`YYYY-MM` -> amount). */
export function withBalances(balances: Record<string, string>, keepMonths = 24): FirmFacts {
  const f = healthyFacts();
  f.bank!.months = f
    .bank!.months.slice(-keepMonths)
    .map((m) => (balances[m.month] ? { ...m, endBalance: balances[m.month] } : m));
  return f;
}

/** The healthy firm with orders set per month (`YYYY-MM` -> amount). */
export function withOrders(orders: Record<string, string>): FirmFacts {
  const f = healthyFacts();
  f.supplyChain!.orders = f.supplyChain!.orders.map((o) => (orders[o.month] ? { ...o, amount: orders[o.month] } : o));
  return f;
}

/** The healthy firm without a tax record, and without bank records and statement. */
export const noTax = () => healthyFacts({ tax: null });
export const noBank = () => healthyFacts({ bank: null, statement: null });

/** The healthy firm with no loan and nothing due. */
export function noLoan(): FirmFacts {
  const f = healthyFacts();
  f.bank = { ...f.bank!, loans: [], debtServiceNext12: '0.00' };
  return f;
}
