/**
 * HEADCOUNT_DROP (rule 12): the insured headcount dropping (the latest month against the usual
 * headcount), or short of the staff the firm claims (the STAFF_MISMATCH data-quality finding).
 */
import type { StaffMismatchEvidence } from '../../quality/checks/staff-mismatch.check';
import { Severity } from '../../quality/finding.entity';
import { distress, fromFinding, pct, type Distress, type RuleInput, type WarningRule } from './rule';

export interface InsuredMonth {
  month: string;
  insured: number;
}

export interface HeadcountDropThresholds {
  drop: number;
  minBase: number;
  ownerOnlyFrom: number;
  baselineMonths: number;
  recentMonths: number;
  turnoverPersons: number;
}

export interface HeadcountFall {
  usual: number;
  baselineMonths: InsuredMonth[];
  latest: InsuredMonth;
  change: number;
  distress: Distress[];
  thresholds: HeadcountDropThresholds;
}

export interface HeadcountDropEvidence {
  /** The fall, when the headcount fell. */
  drop?: HeadcountFall;
  /** The STAFF_MISMATCH check's finding (its evidence), when the firm claims more staff than it insures. */
  staffMismatch?: StaffMismatchEvidence;
}

/**
 * Rule 12's fall: the latest insured headcount against the firm's usual headcount, the median of
 * the `headcountBaselineMonths` months before the last `headcountRecentMonths` (a slide sheds staff
 * over 6-9 months, so the usual level is read before most of it; a median, not the highest month,
 * because headcounts drift by a person or two up and down). A share down counts from a usual
 * headcount big enough for one leaver not to be a third of the staff; below it, only a fall to the
 * owner alone counts (turnover never takes a firm of three to one).
 */
function headcountDrop(input: RuleInput): { message: string; evidence: HeadcountFall } | null {
  const { config } = input;
  const h = input.facts.altData?.headcount ?? [];
  const baseline = h.slice(
    -config.headcountRecentMonths - config.headcountBaselineMonths,
    -config.headcountRecentMonths,
  );
  if (baseline.length < config.headcountMinBaselineMonths) return null;
  const now = h.at(-1)!;
  const sorted = baseline.map((x) => x.insured).sort((a, b) => a - b);
  const usual =
    sorted.length % 2
      ? sorted[(sorted.length - 1) / 2]
      : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  const share = usual > 0 ? 1 - now.insured / usual : 0;
  const byShare = usual >= config.headcountMinBase && share >= config.headcountDrop;
  const toOwner = usual >= config.headcountOwnerOnlyFrom && now.insured <= 1;
  if (!byShare && !toOwner) return null;
  // A fall of a person or two is everyday turnover in a small firm: it counts when other distress
  // (balances or sales falling) corroborates it.
  const persons = usual - now.insured;
  const corroboration = persons <= config.headcountTurnoverPersons ? distress(input) : [];
  if (persons <= config.headcountTurnoverPersons && corroboration.length === 0) return null;
  const from = baseline[0].month;
  const to = baseline.at(-1)!.month;
  return {
    message:
      `insured staff fell to ${now.insured} (${now.month}) from a usual ${usual} (the median of ${from}..${to}), down ${pct(share)}` +
      `${corroboration.map((c) => `; ${c.indicator === 'BALANCE_TREND' ? 'month-end balances' : 'declared sales'} fell ${pct(-c.change)}`).join('')} ` +
      `(alert at ${pct(config.headcountDrop)} down from a usual ${config.headcountMinBase} or more, or down to one person from ${config.headcountOwnerOnlyFrom} or more; ` +
      `a fall of ${config.headcountTurnoverPersons} people or fewer with other distress)`,
    evidence: {
      usual,
      baselineMonths: baseline,
      latest: now,
      change: -share,
      distress: corroboration,
      thresholds: {
        drop: config.headcountDrop,
        minBase: config.headcountMinBase,
        ownerOnlyFrom: config.headcountOwnerOnlyFrom,
        baselineMonths: config.headcountBaselineMonths,
        recentMonths: config.headcountRecentMonths,
        turnoverPersons: config.headcountTurnoverPersons,
      },
    },
  };
}

export const headcountDropRule: WarningRule<'HEADCOUNT_DROP', HeadcountDropEvidence> = {
  code: 'HEADCOUNT_DROP',
  number: 12,
  title: 'Insured headcount dropping or short of the claim',
  severity: Severity.MEDIUM,
  sources: ['alt_data', 'core'],
  evaluate(input) {
    const mismatch = fromFinding(input, 'STAFF_MISMATCH');
    const drop = headcountDrop(input);
    if (!mismatch && !drop) return null;
    return {
      message: [drop?.message ?? '', mismatch ? mismatch.message : ''].filter(Boolean).join('; '),
      evidence: {
        ...(drop ? { drop: drop.evidence } : {}),
        ...(mismatch ? { staffMismatch: mismatch.evidence as unknown as StaffMismatchEvidence } : {}),
      },
    };
  },
};
