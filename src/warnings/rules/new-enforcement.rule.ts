/**
 * NEW_ENFORCEMENT (rule 10): a new enforcement or dishonest-debtor listing.
 */
import type { JudicialFacts } from '../../health/facts';
import { Severity } from '../../quality/finding.entity';
import { monthsAgo, type WarningRule } from './rule';

export type Enforcement = JudicialFacts['enforcements'][number];
export type DishonestListing = JudicialFacts['dishonestListings'][number];

export interface NewEnforcementEvidence {
  since: string;
  enforcements: Enforcement[];
  dishonestListings: DishonestListing[];
}

export const newEnforcementRule: WarningRule<'NEW_ENFORCEMENT', NewEnforcementEvidence> = {
  code: 'NEW_ENFORCEMENT',
  number: 10,
  title: 'New enforcement or dishonest-debtor listing',
  severity: Severity.HIGH,
  sources: ['judicial'],
  evaluate({ facts, config }) {
    const since = monthsAgo(facts.asOf.month, config.judicialRecentMonths);
    const enforcements = facts.judicial.enforcements.filter((e) => e.filedOn > since);
    const dishonest = facts.judicial.dishonestListings.filter((d) => d.listedOn > since && d.removedOn === null);
    if (!enforcements.length && !dishonest.length) return null;
    const parts = [
      enforcements.length
        ? `${enforcements.length} enforcement(s) (${enforcements.map((e) => e.caseNo).join(', ')})`
        : '',
      dishonest.length ? `a dishonest-debtor listing (${dishonest.map((d) => d.caseNo).join(', ')})` : '',
    ].filter(Boolean);
    return {
      message: `in the last ${config.judicialRecentMonths} months: ${parts.join('; ')}`,
      evidence: { since, enforcements, dishonestListings: dishonest },
    };
  },
};
