import { legalRepChangesIndicator as indicator } from '../../../src/health/indicators/legal-rep-changes.indicator';
import { healthyFacts } from '../../facts.fixture';

describe('LEGAL_REP_CHANGES', () => {
  it('counts the changes of legal representative in the last 12 months, each in the evidence', () => {
    expect(indicator.compute(healthyFacts())).toEqual({
      status: 'OK',
      value: 0,
      explanation: 'no change of legal representative in 12 months',
      evidence: { changes: [] },
    });
    const f = healthyFacts();
    f.registry!.legalRepChanges = [
      { id: '1', changedOn: '2025-10-31', before: '张三', after: '李四' },
      { id: '2', changedOn: '2025-11-01', before: '李四', after: '王五' },
      { id: '3', changedOn: '2026-06-15', before: '王五', after: '赵六' },
    ];
    expect(indicator.compute(f)).toEqual({
      status: 'OK',
      value: 2,
      explanation: 'the legal representative changed 2 times in 12 months',
      evidence: {
        changes: [
          { id: '2', changedOn: '2025-11-01', before: '李四', after: '王五' },
          { id: '3', changedOn: '2026-06-15', before: '王五', after: '赵六' },
        ],
      },
    });
  });

  it('MISSING without a registry record', () => {
    expect(indicator.compute(healthyFacts({ registry: null }))).toMatchObject({
      status: 'MISSING',
      value: null,
      explanation: 'no registry record',
    });
  });
});
