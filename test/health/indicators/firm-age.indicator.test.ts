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

  it('0 years, never fewer, for a firm founded after the as-of day (a new applicant scored as of the last complete month)', () => {
    const facts = healthyFacts();
    const r = indicator.compute({ ...facts, registry: { ...facts.registry!, foundedOn: '2026-12-03' } });
    expect(r).toMatchObject({
      status: 'OK',
      value: 0,
      explanation: `founded 2026-12-03, after the as-of day ${facts.asOf.date}: a new firm, 0 years`,
      evidence: { foundedOn: '2026-12-03', asOf: facts.asOf.date },
    });
    // Founded on the as-of day itself: 0 years by the ordinary rule.
    const sameDay = indicator.compute({ ...facts, registry: { ...facts.registry!, foundedOn: facts.asOf.date } });
    expect(sameDay).toMatchObject({ status: 'OK', value: 0, explanation: `founded ${facts.asOf.date}, 0.0 years ago` });
  });

  it('MISSING without a registry record', () => {
    expect(indicator.compute(healthyFacts({ registry: null }))).toMatchObject({
      status: 'MISSING',
      value: null,
      explanation: 'no registry record: founding date unknown',
    });
  });
});
