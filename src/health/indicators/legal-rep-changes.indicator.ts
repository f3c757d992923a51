import { addMonths } from '../../quality/months';
import type { Indicator } from './indicator.types';
import { missing, ok } from './indicator.helpers';

export const legalRepChangesIndicator: Indicator = {
  code: 'LEGAL_REP_CHANGES',
  label: 'Legal-representative changes',
  unit: 'changes',
  window: 'last 12 months',
  sources: ['registry'],
  actionable: false,
  action: 'nothing the firm can do: past changes stay on record for 12 months',
  compute(f) {
    if (!f.registry) return missing('no registry record');
    const since = addMonths(f.asOf.month, -11) + '-01';
    const changes = f.registry.legalRepChanges.filter((c) => c.changedOn >= since);
    return ok(
      changes.length,
      changes.length
        ? `the legal representative changed ${changes.length} times in 12 months`
        : 'no change of legal representative in 12 months',
      {
        changes: changes.map((c) => ({ id: c.id, changedOn: c.changedOn, before: c.before, after: c.after })),
      },
    );
  },
};
