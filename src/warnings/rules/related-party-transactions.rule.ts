/**
 * RELATED_PARTY_TRANSACTIONS (rule 9): a large share of invoiced sales to related parties.
 */
import type { Decimal } from '../../health/facts';
import { Severity } from '../../quality/finding.entity';
import { n, pct, type WarningRule } from './rule';

export interface RelatedPartyTransactionsEvidence {
  relatedSales: Decimal;
  invoicedSales: Decimal;
  share: number;
  threshold: number;
}

export const relatedPartyTransactionsRule: WarningRule<'RELATED_PARTY_TRANSACTIONS', RelatedPartyTransactionsEvidence> =
  {
    code: 'RELATED_PARTY_TRANSACTIONS',
    number: 9,
    title: 'Abnormal related-party transactions',
    severity: Severity.HIGH,
    sources: ['tax', 'registry'],
    evaluate({ facts, config }) {
      const t = facts.tax;
      if (!t || !(n(t.invoicedSales12) > 0)) return null;
      const share = n(t.relatedSales) / n(t.invoicedSales12);
      if (share < config.maxRelatedSalesShare) return null;
      return {
        message: `${pct(share)} of the firm's invoiced sales in 12 months went to firms sharing its shareholders or legal representative (threshold ${pct(config.maxRelatedSalesShare)})`,
        evidence: {
          relatedSales: t.relatedSales,
          invoicedSales: t.invoicedSales12,
          share,
          threshold: config.maxRelatedSalesShare,
        },
      };
    },
  };
