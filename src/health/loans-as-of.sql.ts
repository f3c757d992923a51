/** The bank's loans as they stood on a day, which the health facts and the network facts read. */

/**
 * Each loan as it stood on $2: started by then; its status (WRITTEN_OFF once written off, SETTLED
 * once every instalment was paid, else ACTIVE), days past due (since its oldest instalment due
 * before $2 and unpaid on $2; on the write-off day for a written-off loan), balance (principal
 * less what was repaid by $2) and five-tier classification (the newest change by $2; without
 * one, NORMAL when current, else SPECIAL_MENTION).
 */
export const LOANS_AS_OF = `
  SELECT l.id, l.uscc, l.contract_no, l.principal, l.annual_rate, l.repayment_method, l.start_date, l.maturity_date,
         CASE WHEN l.written_off_on <= $2::date THEN 'WRITTEN_OFF' WHEN i.unpaid = 0 THEN 'SETTLED' ELSE 'ACTIVE' END AS status,
         coalesce(least($2::date, l.written_off_on) - i.oldest_unpaid, 0) AS overdue_days,
         l.principal - i.repaid AS balance,
         coalesce(cl.classification::text, CASE WHEN i.oldest_unpaid IS NULL THEN 'NORMAL' ELSE 'SPECIAL_MENTION' END) AS classification
    FROM bank.loan l
    CROSS JOIN LATERAL (
      SELECT count(*) FILTER (WHERE s.paid_on IS NULL OR s.paid_on > $2::date) AS unpaid,
             min(s.due_date) FILTER (WHERE s.due_date < least($2::date, coalesce(l.written_off_on, $2::date)) AND (s.paid_on IS NULL OR s.paid_on > least($2::date, coalesce(l.written_off_on, $2::date)))) AS oldest_unpaid,
             coalesce(sum(s.principal_due) FILTER (WHERE s.paid_on <= $2::date), 0) AS repaid
        FROM bank.loan_installment s WHERE s.loan_id = l.id) i
    LEFT JOIN LATERAL (SELECT c.classification FROM bank.loan_classification c
                        WHERE c.loan_id = l.id AND c.changed_on <= $2::date ORDER BY c.changed_on DESC LIMIT 1) cl ON true
   WHERE l.uscc = ANY($1::bpchar[]) AND l.start_date <= $2::date`;
