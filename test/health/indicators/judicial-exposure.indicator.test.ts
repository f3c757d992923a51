import { judicialExposureIndicator as indicator } from '../../../src/health/indicators/judicial-exposure.indicator';
import { healthyFacts } from '../../facts.fixture';

describe('JUDICIAL_EXPOSURE', () => {
  it('is 0 without pending suits or enforcements', () => {
    expect(indicator.compute(healthyFacts())).toEqual({
      status: 'OK',
      value: 0,
      explanation: 'no pending suit as defendant and no active enforcement',
      evidence: { pendingCases: [], activeEnforcements: [], dishonestListings: [] },
    });
  });

  it('counts pending suits and active enforcements against annual sales, and a dishonest listing outright', () => {
    const f = healthyFacts();
    f.judicial.defendantCases = [
      {
        id: '9',
        caseNo: '(2026)浙0106民初123号',
        cause: '借款合同纠纷',
        filedOn: '2026-08-01',
        amount: '1200000.00',
        status: 'PENDING',
      },
    ];
    const r = indicator.compute(f);
    expect(r.value).toBeCloseTo(0.1, 4);
    expect(r.evidence.pendingCases).toEqual([
      { id: '9', caseNo: '(2026)浙0106民初123号', cause: '借款合同纠纷', amount: '1200000.00' },
    ]);
    expect(r).toMatchObject({
      explanation: '¥1,200,000 claimed against the firm in pending suits and enforcements, 10% of annual sales',
      evidence: { annualSales: '12000000.00' },
    });
    f.judicial.dishonestListings = [
      { id: '3', caseNo: '(2026)浙0106执456号', listedOn: '2026-09-01', removedOn: null },
    ];
    expect(indicator.compute(f)).toMatchObject({ value: 1, evidence: { dishonest: true } });
  });

  it('MISSING when there are claims but annual sales are unknown', () => {
    const f = healthyFacts({ tax: null });
    f.judicial.enforcements = [
      { id: '4', caseNo: '(2026)浙0106执789号', filedOn: '2026-07-01', amount: '300000.00', status: 'ACTIVE' },
    ];
    expect(indicator.compute(f)).toMatchObject({
      status: 'MISSING',
      value: null,
      explanation: '¥300,000 claimed against the firm, but annual sales are unknown',
      evidence: { activeEnforcements: [{ id: '4', caseNo: '(2026)浙0106执789号', amount: '300000.00' }] },
    });
  });
});
