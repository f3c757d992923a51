import { guaranteeExposureIndicator as indicator } from '../../../src/health/indicators/guarantee-exposure.indicator';
import { healthyFacts } from '../../facts.fixture';
import { noBank } from './indicators.fixture';

const guarantee = { id: '21', borrowerUscc: '91330100GUARANTEE1', amount: '3000000.00', endDate: '2027-06-30' };

describe('GUARANTEE_EXPOSURE', () => {
  it("guarantees of others' debt as a share of annual sales, naming a guarantee circle", () => {
    expect(indicator.compute(healthyFacts())).toEqual({
      status: 'OK',
      value: 0,
      explanation: "guarantees no one else's debt",
      evidence: { guarantees: [] },
    });
    const f = healthyFacts();
    f.bank!.guaranteesGiven = [guarantee];
    f.bank!.guaranteeCycles = [['91330106MA27XKQ18B', '91330100GUARANTEE1']];
    expect(indicator.compute(f)).toEqual({
      status: 'OK',
      value: 0.25,
      explanation: "guarantees ¥3,000,000 of others' debt, 25% of annual sales, in a guarantee circle",
      evidence: { guarantees: [guarantee], cycles: f.bank!.guaranteeCycles, annualSales: '12000000.00' },
    });
  });

  it('MISSING without bank records, or with guarantees and annual sales unknown', () => {
    expect(indicator.compute(noBank())).toMatchObject({
      status: 'MISSING',
      value: null,
      explanation: 'no bank records: guarantees unknown',
    });
    const f = healthyFacts({ tax: null });
    f.bank!.guaranteesGiven = [guarantee];
    expect(indicator.compute(f)).toMatchObject({
      status: 'MISSING',
      explanation: "guarantees ¥3,000,000 of others' debt, but annual sales are unknown",
      evidence: { guarantees: [guarantee] },
    });
  });
});
