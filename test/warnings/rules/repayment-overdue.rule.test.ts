/** REPAYMENT_OVERDUE: an instalment of the last 12 months paid more than 6 days late, or not at all. */
import { expectFires, healthyFacts, raised, SIGNALS } from '../rules.helpers';

const CODE = 'REPAYMENT_OVERDUE';

describe('REPAYMENT_OVERDUE', () => {
  it('fires on its signal, naming the records and the threshold', () => {
    expectFires(CODE, {
      change: SIGNALS.REPAYMENT_OVERDUE,
      evidence: {
        graceDays: 6,
        lateInstalments: [{ loanId: '11', contractNo: 'HZ2025-0001', seq: 15, dueDate: '2026-09-20', paidOn: null }],
      },
      message: /HZ2025-0001 #15 due 2026-09-20 unpaid/,
    });
  });

  it('an instalment paid 6 days late is within the grace days; 7 days late fires', () => {
    const f = healthyFacts();
    const late = { loanId: '11', contractNo: 'HZ2025-0001', seq: 15, dueDate: '2026-09-20', paidOn: '2026-09-26' };
    f.bank!.lateInstalments = [late];
    expect(raised(f, CODE)).toBeUndefined();
    f.bank!.lateInstalments = [{ ...late, paidOn: '2026-09-27' }];
    expect(raised(f, CODE)?.message).toMatch(
      /^1 instalment\(s\) .* more than 6 days late .*: HZ2025-0001 #15 due 2026-09-20 paid 2026-09-27$/,
    );
  });
});
