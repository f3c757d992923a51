/** Rule 2, MAJOR_CUSTOMER_LOSS: regular major customers worth over 20% of sales lost, not replaced, and sales fell. */
import type { FirmFacts } from '../../../src/health/facts';
import { expectFires, healthyFacts, loseCustomers, raised, run, SIGNALS } from '../rules.helpers';

const CODE = 'MAJOR_CUSTOMER_LOSS';

describe('MAJOR_CUSTOMER_LOSS', () => {
  it('fires on its signal, naming the records and the threshold', () => {
    expectFires(CODE, {
      change: SIGNALS.MAJOR_CUSTOMER_LOSS,
      evidence: {
        thresholds: { loss: 0.2, customerShare: 0.1, regularMonths: 0.85, replacement: 0.7, salesDrop: 0.1 },
        stoppedAfter: '2026-07',
        monthlyBefore: '500000.00',
        monthlyAfter: '150000.00',
        lostCustomers: [
          expect.objectContaining({
            buyer: '91330100CUSTOMER1A',
            recent3Months: '0',
            monthsBought: 9,
            lastMonth: '2026-07',
          }),
          expect.objectContaining({ buyer: '91330100CUSTOMER2B' }),
        ],
      },
      message:
        /major customers worth 70% of the invoiced sales of the 9 months before the last 3 stopped buying after 2026-07 \(杭州甲机电有限公司, 宁波乙贸易有限公司\), no new customer took their place, and monthly invoiced sales since then are 70% below/,
    });
  });

  it('a lost customer worth exactly the 20% threshold does not fire, though sales fell by what it bought', () => {
    // The third customer: 900,000.00 of the 4,500,000.00 invoiced in the 9 months before, 100,000.00 a month.
    const f = healthyFacts();
    const t = f.tax!;
    t.buyers[2] = { ...t.buyers[2], recent: '0', lastMonth: '2026-07' };
    t.invoicedSalesRecent = '1200000.00';
    t.invoicedMonths = t.invoicedMonths.map((m) => (m.month > '2026-07' ? { ...m, amount: '400000.00' } : m));
    expect(raised(f, CODE)).toBeUndefined();
  });

  it('rule 2 stays silent when a new customer replaced the lost ones, a customer only bought now and then, or the firm stopped selling', () => {
    const code = (f: FirmFacts) => run(f).map((w) => w.code);
    // Replaced: a new customer since August buys 300,000.00 a month (over 70% of the 350,000.00 lost).
    const replaced = healthyFacts();
    loseCustomers(replaced);
    replaced.tax!.buyers.push({
      buyer: '91330100NEWCUST05E',
      buyerName: '嘉兴戊电器有限公司',
      recent: '900000.00',
      prior: '0',
      priorMonths: 0,
      firstMonth: '2026-08',
      lastMonth: '2026-10',
    });
    expect(code(replaced)).not.toContain('MAJOR_CUSTOMER_LOSS');
    // Sales did not fall (the others bought more): not a loss that matters.
    const absorbed = healthyFacts();
    loseCustomers(absorbed);
    absorbed.tax!.invoicedMonths = healthyFacts().tax!.invoicedMonths;
    expect(code(absorbed)).not.toContain('MAJOR_CUSTOMER_LOSS');
    // Occasional customers: bought in 4 of the 9 months, so 3 quiet months say little.
    const occasional = healthyFacts();
    loseCustomers(occasional);
    occasional.tax!.buyers = occasional.tax!.buyers.map((b) => (b.recent === '0' ? { ...b, priorMonths: 4 } : b));
    expect(code(occasional)).not.toContain('MAJOR_CUSTOMER_LOSS');
    // Nothing invoiced at all in the last 3 months: the firm stopped, it did not lose customers.
    const stopped = healthyFacts();
    loseCustomers(stopped);
    stopped.tax!.buyers = stopped.tax!.buyers.map((b) => ({ ...b, recent: '0' }));
    stopped.tax!.invoicedSalesRecent = '0';
    expect(code(stopped)).not.toContain('MAJOR_CUSTOMER_LOSS');
  });
});
