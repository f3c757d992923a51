import { taxCreditRatingIndicator as indicator } from '../../../src/health/indicators/tax-credit-rating.indicator';
import { healthyFacts } from '../../facts.fixture';
import { noTax } from './indicators.fixture';

describe('TAX_CREDIT_RATING', () => {
  it('grades A to D as 4 to 0, M (a new firm) 2.5, with the rating and its year', () => {
    expect(indicator.compute(healthyFacts())).toEqual({
      status: 'OK',
      value: 4,
      explanation: 'tax credit rating A for 2025',
      evidence: { rating: 'A', year: 2025 },
    });
    const f = healthyFacts();
    for (const [rating, value] of [
      ['B', 3],
      ['M', 2.5],
      ['C', 1],
      ['D', 0],
    ] as const) {
      f.tax!.creditRating = rating;
      expect([rating, indicator.compute(f).value]).toEqual([rating, value]);
    }
  });

  it('MISSING without tax records or before a rating is published', () => {
    expect(indicator.compute(noTax())).toEqual(expect.objectContaining({ status: 'MISSING', value: null }));
    const f = healthyFacts();
    f.tax!.creditRating = null;
    expect(indicator.compute(f)).toMatchObject({
      status: 'MISSING',
      explanation: 'no tax-credit rating published yet',
    });
  });
});
