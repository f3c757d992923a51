import { orderTrendIndicator as indicator } from '../../../src/health/indicators/order-trend.indicator';
import { healthyFacts } from '../../facts.fixture';
import { months, withOrders } from './indicators.fixture';

describe('ORDER_TREND: the last 3 months against the same 3 months a year before', () => {
  it('is no change on steady orders', () => {
    expect(indicator.compute(healthyFacts()).value).toBe(0);
  });

  it('names the months and amounts compared', () => {
    const r = indicator.compute(withOrders(months('2026-08', '2026-10', '240000.00')));
    expect(r).toEqual({
      status: 'OK',
      value: -0.2,
      explanation: 'orders fell 20% over the last 3 months against the same months a year before',
      evidence: {
        months: ['2026-08', '2026-09', '2026-10'],
        amounts: ['240000.00', '240000.00', '240000.00'],
        yearBeforeMonths: ['2025-08', '2025-09', '2025-10'],
        yearBeforeAmounts: ['300000.00', '300000.00', '300000.00'],
      },
    });
  });

  it('a season that is as low every year is no fall, though it sits below the months before it', () => {
    const r = indicator.compute(
      withOrders({ ...months('2025-08', '2025-10', '240000.00'), ...months('2026-08', '2026-10', '240000.00') }),
    );
    expect(r.value).toBe(0);
    expect(r.explanation).toBe('orders rose 0% over the last 3 months against the same months a year before');
  });

  it('a month without orders counts as none; no orders a year before has nothing to compare', () => {
    const f = healthyFacts();
    f.supplyChain!.orders = f.supplyChain!.orders.filter((o) => o.month !== '2026-10');
    expect(indicator.compute(f)).toMatchObject({
      value: -0.3333,
      evidence: { amounts: ['300000.00', '300000.00', '0.00'] },
    });
    const young = healthyFacts();
    young.supplyChain!.orders = young.supplyChain!.orders.slice(-12);
    expect(indicator.compute(young)).toMatchObject({
      status: 'NOT_APPLICABLE',
      explanation: 'no orders in the same 3 months a year before',
      evidence: { firstOrderMonth: '2025-11' },
    });
    expect(indicator.compute(healthyFacts({ supplyChain: { orders: [] } }))).toMatchObject({
      status: 'NOT_APPLICABLE',
      explanation: 'the firm supplies no core enterprise on the platform',
    });
    expect(indicator.compute(healthyFacts({ supplyChain: null })).status).toBe('NOT_APPLICABLE');
  });
});
