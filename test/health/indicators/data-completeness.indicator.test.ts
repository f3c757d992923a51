import { dataCompletenessIndicator as indicator } from '../../../src/health/indicators/data-completeness.indicator';
import { healthyFacts } from '../../facts.fixture';

describe('DATA_COMPLETENESS', () => {
  it('the share of the 4 expected sources with data, naming the missing ones', () => {
    expect(indicator.compute(healthyFacts())).toEqual({
      status: 'OK',
      value: 1,
      explanation: 'every expected source has data',
      evidence: { missingSources: [] },
    });
    // SUPPLY_CHAIN is named but not expected: only ALT_DATA counts against the 4.
    expect(indicator.compute(healthyFacts({ missingSources: ['ALT_DATA', 'SUPPLY_CHAIN'] }))).toEqual({
      status: 'OK',
      value: 0.75,
      explanation: 'no data from ALT_DATA, SUPPLY_CHAIN',
      evidence: { missingSources: ['ALT_DATA', 'SUPPLY_CHAIN'] },
    });
  });
});
