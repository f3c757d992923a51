import { repaymentRecordIndicator as indicator } from '../../../src/health/indicators/repayment-record.indicator';
import { healthyFacts } from '../../facts.fixture';
import { noBank, noLoan } from './indicators.fixture';

describe('REPAYMENT_RECORD', () => {
  it('counts the late or unpaid instalments of 12 months, and 3 more for a loan overdue now', () => {
    expect(indicator.compute(healthyFacts())).toEqual({
      status: 'OK',
      value: 0,
      explanation: 'every instalment of the last 12 months paid on time',
      evidence: {
        lateInstalments: [],
        overdueDays: 0,
        loans: [{ contractNo: 'HZ2025-0001', classification: 'NORMAL', overdueDays: 0 }],
      },
    });
    const late = { loanId: '11', contractNo: 'HZ2025-0001', seq: 7, dueDate: '2026-09-20', paidOn: null };
    const f = healthyFacts();
    f.bank!.lateInstalments = [late];
    f.bank!.loans[0] = { ...f.bank!.loans[0], overdueDays: 41, classification: 'SPECIAL_MENTION' };
    expect(indicator.compute(f)).toMatchObject({
      status: 'OK',
      value: 4,
      explanation: '1 instalments late or unpaid in 12 months, 41 days overdue now',
      evidence: {
        lateInstalments: [late],
        overdueDays: 41,
        loans: [{ contractNo: 'HZ2025-0001', classification: 'SPECIAL_MENTION', overdueDays: 41 }],
      },
    });
  });

  it('MISSING without bank records; NOT_APPLICABLE without loans', () => {
    expect(indicator.compute(noBank())).toEqual(expect.objectContaining({ status: 'MISSING', value: null }));
    expect(indicator.compute(noLoan()).status).toBe('NOT_APPLICABLE');
    expect(indicator.compute(noLoan())).toMatchObject({ value: null, explanation: 'no loans with the bank' });
  });
});
