import { firmAgeIndicator as indicator } from '../../../src/health/indicators/firm-age.indicator';
import { healthyFacts } from '../../facts.fixture';

describe('FIRM_AGE', () => {
  it('years from the founding date to as-of', () => {
    expect(indicator.compute(healthyFacts()).value).toBeCloseTo(10.6, 1);
    expect(indicator.compute(healthyFacts())).toMatchObject({
      status: 'OK',
      explanation: 'founded 2016-03-10, 10.6 years ago',
      evidence: { foundedOn: '2016-03-10' },
    });
  });

  it('MISSING without a registry record', () => {
    expect(indicator.compute(healthyFacts({ registry: null }))).toMatchObject({
      status: 'MISSING',
      value: null,
      explanation: 'no registry record: founding date unknown',
    });
  });
});
