/**
 * Rule 7, SHORT_TERM_DEBT_SURGE: at least 2 new short-term loans in 6 months, together above 6% of
 * annual sales (renewals and seasonal loans not counted).
 */
import { expectFires, healthyFacts, raised, run, shortLoan, SIGNALS } from '../rules.helpers';

const CODE = 'SHORT_TERM_DEBT_SURGE';

describe('SHORT_TERM_DEBT_SURGE', () => {
  it('fires on its signal, naming the records and the threshold', () => {
    expectFires(CODE, {
      change: SIGNALS.SHORT_TERM_DEBT_SURGE,
      evidence: {
        since: '2026-04-30',
        renewals: [],
        seasonal: [],
        annualSales: '12000000.00',
        thresholds: expect.objectContaining({ loans: 2, share: 0.06 }),
        loans: [
          expect.objectContaining({ contractNo: 'HZ2026-0042', principal: '400000.00' }),
          expect.objectContaining({ contractNo: 'HZ2026-0043', principal: '400000.00' }),
        ],
      },
      message: /2 new short-term loans of 800000.00 taken in 6 months, 7% of annual sales \(thresholds: 2 loans, 6%\)/,
    });
  });

  it('two new loans of exactly 6% of annual sales (720,000.00 of 12,000,000.00), or one loan above it, do not fire', () => {
    const atShare = healthyFacts();
    atShare.bank!.loans.push(
      shortLoan('HZ2026-0042', '360000.00', '2026-07-10', '2027-01-10'),
      shortLoan('HZ2026-0043', '360000.00', '2026-09-02', '2027-09-02'),
    );
    expect(raised(atShare, CODE)).toBeUndefined();
    const oneLoan = healthyFacts();
    oneLoan.bank!.loans.push(shortLoan('HZ2026-0042', '900000.00', '2026-07-10', '2027-01-10'));
    expect(raised(oneLoan, CODE)).toBeUndefined();
  });

  it('a renewal of a maturing loan and the seasonal loan taken a year before are not new short-term debt', () => {
    const f = healthyFacts();
    f.bank!.loans.push(
      shortLoan('HZ2025-0101', '380000.00', '2025-07-06', '2026-07-06', 'SETTLED'),
      shortLoan('HZ2026-0102', '400000.00', '2026-07-06', '2027-07-06'),
      shortLoan('HZ2025-0103', '420000.00', '2025-09-20', '2026-03-20', 'SETTLED'),
      shortLoan('HZ2026-0104', '400000.00', '2026-09-02', '2027-03-02'),
    );
    expect(run(f).map((w) => w.code)).not.toContain(CODE);
    // An earlier loan excuses one new loan only, and only one of about the same size.
    f.bank!.loans.push(
      shortLoan('HZ2026-0105', '400000.00', '2026-07-20', '2027-07-20'),
      shortLoan('HZ2026-0106', '900000.00', '2026-09-25', '2027-03-25'),
    );
    const w = run(f).find((x) => x.code === CODE)!;
    expect(w.message).toMatch(
      /2 new short-term loans of 1300000.00 taken in 6 months, 11% of annual sales .*; 2 renewal\(s\) or seasonal loan\(s\) not counted/,
    );
    expect(w.evidence).toMatchObject({
      renewals: [{ contractNo: 'HZ2026-0102', renews: 'HZ2025-0101', maturedOn: '2026-07-06' }],
      seasonal: [{ contractNo: 'HZ2026-0104', yearBefore: 'HZ2025-0103' }],
      loans: [
        expect.objectContaining({ contractNo: 'HZ2026-0105' }),
        expect.objectContaining({ contractNo: 'HZ2026-0106' }),
      ],
    });
  });
});
