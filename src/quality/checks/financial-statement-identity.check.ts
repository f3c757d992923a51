/**
 * FINANCIAL_STATEMENT_IDENTITY: a financial statement (bank.financial_statement) whose figures
 * do not add up (勾稽关系). Three identities every balance sheet satisfies:
 *   - total assets = total liabilities + owners' equity (资产 = 负债 + 所有者权益);
 *   - current assets <= total assets;
 *   - current assets >= cash + accounts receivable + inventory (they are parts of it).
 * A statement breaking one was mistyped, altered, or assembled from two versions: none of its
 * ratios (debt ratio, turnover) can be trusted until a person has the firm correct it. One
 * finding per statement, listing every identity it breaks with both sides and the difference.
 * Each side may differ by the tolerance (quality.config.ts: statementIdentity) before it counts.
 */
import { Field, ID, ObjectType } from 'type-graphql';
import { Severity } from '../finding.entity';
import { qualityCheck } from '../check';
import { FindingEvidence } from '../finding-evidence';
import { LocalDateScalar, MoneyScalar } from '../../graphql/scalars';

@ObjectType({ description: "The statement's balance-sheet figures." })
export class StatementFigures {
  @Field(() => MoneyScalar)
  totalAssets: string;
  @Field(() => MoneyScalar)
  totalLiabilities: string;
  @Field(() => MoneyScalar)
  ownersEquity: string;
  @Field(() => MoneyScalar)
  currentAssets: string;
  @Field(() => MoneyScalar)
  cash: string;
  @Field(() => MoneyScalar)
  accountsReceivable: string;
  @Field(() => MoneyScalar)
  inventory: string;
}

/** One broken identity as the SQL reports it (amounts are decimal strings). */
@ObjectType({ description: 'One identity the statement breaks, both sides and the difference.' })
export class BrokenStatementIdentity {
  @Field(() => String, {
    description:
      'ASSETS_EQUAL_LIABILITIES_PLUS_EQUITY, CURRENT_ASSETS_WITHIN_TOTAL or CURRENT_ASSETS_COVER_COMPONENTS.',
  })
  identity: string;
  @Field(() => String)
  rule: string;
  @Field(() => MoneyScalar)
  left: string;
  @Field(() => MoneyScalar)
  right: string;
  @Field(() => MoneyScalar)
  difference: string;
}

@ObjectType({
  description: 'The tolerance each side may differ by: max(absolute, relativeToTotalAssets x total assets).',
})
export class StatementTolerance {
  @Field(() => MoneyScalar)
  applied: string;
  @Field(() => MoneyScalar)
  absolute: string;
  @Field(() => String, { description: 'A decimal string, e.g. "0.001".' })
  relativeToTotalAssets: string;
}

@ObjectType({
  implements: FindingEvidence,
  description: 'FINANCIAL_STATEMENT_IDENTITY: a financial statement whose balance sheet does not add up.',
})
export class FinancialStatementIdentityEvidence {
  @Field(() => ID)
  statementId: string;
  @Field(() => LocalDateScalar)
  periodEnd: string;
  @Field(() => String)
  periodType: string;
  @Field(() => LocalDateScalar)
  receivedOn: string;
  @Field(() => Boolean)
  audited: boolean;
  @Field(() => StatementFigures)
  figures: StatementFigures;
  @Field(() => [BrokenStatementIdentity])
  broken: BrokenStatementIdentity[];
  @Field(() => StatementTolerance)
  tolerance: StatementTolerance;
}

export const financialStatementIdentityCheck = qualityCheck({
  code: 'FINANCIAL_STATEMENT_IDENTITY',
  plantedAs: 'STATEMENT_IDENTITY',
  severity: Severity.HIGH,
  sources: ['bank'],
  description:
    'a financial statement whose balance sheet does not add up (assets != liabilities + equity, current assets above total or below their parts)',
  sql: (_asOf, config) => ({
    // One pass over the statements: each identity's difference is computed once (d_*), the
    // tolerance per statement, and only statements with a difference beyond it are returned.
    text: `
      WITH s AS (
        SELECT x.id, x.uscc, x.period_end, x.period_type, x.received_on, x.audited,
               x.total_assets, x.total_liabilities, x.owners_equity, x.current_assets, x.cash, x.accounts_receivable, x.inventory,
               x.total_liabilities + x.owners_equity AS liabilities_and_equity,
               x.cash + x.accounts_receivable + x.inventory AS components,
               round(greatest($1::numeric, abs(x.total_assets) * $2::numeric), 2) AS tolerance
          FROM bank.financial_statement x),
      d AS (
        SELECT s.*,
               s.total_assets - s.liabilities_and_equity AS d_balance,
               s.current_assets - s.total_assets AS d_current_total,
               s.components - s.current_assets AS d_components
          FROM s)
      SELECT d.uscc, d.id::text AS subject,
             jsonb_build_object(
               'statementId', d.id::text,
               'periodEnd', d.period_end,
               'periodType', d.period_type,
               'receivedOn', d.received_on,
               'audited', d.audited,
               'figures', jsonb_build_object(
                 'totalAssets', d.total_assets::text, 'totalLiabilities', d.total_liabilities::text,
                 'ownersEquity', d.owners_equity::text, 'currentAssets', d.current_assets::text, 'cash', d.cash::text,
                 'accountsReceivable', d.accounts_receivable::text, 'inventory', d.inventory::text),
               'broken', to_jsonb(array_remove(ARRAY[
                 CASE WHEN abs(d.d_balance) > d.tolerance THEN jsonb_build_object(
                   'identity', 'ASSETS_EQUAL_LIABILITIES_PLUS_EQUITY', 'rule', 'total_assets = total_liabilities + owners_equity',
                   'left', d.total_assets::text, 'right', d.liabilities_and_equity::text, 'difference', d.d_balance::text) END,
                 CASE WHEN d.d_current_total > d.tolerance THEN jsonb_build_object(
                   'identity', 'CURRENT_ASSETS_WITHIN_TOTAL', 'rule', 'current_assets <= total_assets',
                   'left', d.current_assets::text, 'right', d.total_assets::text, 'difference', d.d_current_total::text) END,
                 CASE WHEN d.d_components > d.tolerance THEN jsonb_build_object(
                   'identity', 'CURRENT_ASSETS_COVER_COMPONENTS', 'rule', 'current_assets >= cash + accounts_receivable + inventory',
                   'left', d.current_assets::text, 'right', d.components::text, 'difference', d.d_components::text) END
               ]::jsonb[], NULL)),
               'tolerance', jsonb_build_object(
                 'applied', d.tolerance::text, 'absolute', $1::numeric::text, 'relativeToTotalAssets', $2::numeric::text)
             ) AS evidence
        FROM d
       WHERE abs(d.d_balance) > d.tolerance OR d.d_current_total > d.tolerance OR d.d_components > d.tolerance`,
    values: [config.statementIdentity.absoluteTolerance, config.statementIdentity.relativeTolerance],
  }),
  evidenceType: FinancialStatementIdentityEvidence,
  evidence: (row) => {
    const e = row.evidence as unknown as FinancialStatementIdentityEvidence;
    const what = e.broken.map((b) => `${b.rule} (${b.left} vs ${b.right}, off by ${b.difference})`).join('; ');
    return {
      message: `${e.periodType} statement ${e.statementId} for ${e.periodEnd} does not add up: ${what}`,
      evidence: e,
    };
  },
});
