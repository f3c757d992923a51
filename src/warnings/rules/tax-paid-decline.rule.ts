/**
 * TAX_PAID_DECLINE (rule 3): tax paid falling short of tax payable in repeated months, or once with
 * other distress; a fall against the year before is reported with it.
 */
import type { Decimal } from '../../health/facts';
import { Severity } from '../../quality/finding.entity';
import { addMonths } from '../../quality/months';
import { n, pct, distress, type Distress, type WarningRule } from './rule';

export interface TaxPaidMonth {
  period: string;
  taxPaid: Decimal;
  taxPayable: Decimal;
  taxPaidYearBefore: Decimal | null;
}

export interface TaxArrearsMonth {
  period: string;
  taxPaid: Decimal;
  taxPayable: Decimal;
}

export interface TaxPaidDeclineThresholds {
  drop: number;
  monthsRunning: number;
  arrearsMonths: number;
}

export interface TaxPaidDeclineEvidence {
  recent: TaxPaidMonth[];
  arrears: TaxArrearsMonth[];
  distress: Distress[];
  thresholds: TaxPaidDeclineThresholds;
}

export const taxPaidDeclineRule: WarningRule<'TAX_PAID_DECLINE', TaxPaidDeclineEvidence> = {
  code: 'TAX_PAID_DECLINE',
  number: 3,
  title: 'Tax paid falling',
  severity: Severity.MEDIUM,
  sources: ['tax'],
  evaluate(input) {
    const { facts, config } = input;
    const all = facts.tax?.declarations ?? [];
    const d = all.slice(-12);
    if (d.length < 6) return null;
    // Down against the same month a year before (seasons cancel out), in each of the last months.
    const byPeriod = new Map(all.map((x) => [x.period, x]));
    const recent = d
      .slice(-config.taxMonthsRunning)
      .map((x) => ({ ...x, yearBefore: byPeriod.get(addMonths(x.period, -12))?.taxPaid ?? null }));
    const running = recent.every(
      (x) => x.yearBefore !== null && n(x.yearBefore) > 0 && n(x.taxPaid) <= n(x.yearBefore) * (1 - config.taxPaidDrop),
    );
    const arrears = d.slice(-6).filter((x) => n(x.taxPaid) < n(x.taxPayable));
    // A fall in tax paid alone is mostly input-tax timing (measured: it flags healthy firms more
    // often than sliding ones), and one month of arrears is as often a late transfer: the warning
    // needs repeated arrears, or one corroborated by other distress. The fall is reported with it.
    const corroboration = distress(input);
    if (arrears.length < config.taxArrearsMonths && !(arrears.length >= 1 && corroboration.length > 0)) return null;
    const message = [
      running
        ? `tax paid was at least ${pct(config.taxPaidDrop)} below the same month a year before in each of the last ${config.taxMonthsRunning} declared months`
        : '',
      `tax paid fell short of tax payable in ${arrears.length} of the last 6 declared months`,
      ...corroboration.map(
        (c) => `${c.indicator === 'BALANCE_TREND' ? 'month-end balances' : 'declared sales'} fell ${pct(-c.change)}`,
      ),
    ]
      .filter(Boolean)
      .join('; ');
    return {
      message,
      evidence: {
        recent: recent.map((x) => ({
          period: x.period,
          taxPaid: x.taxPaid,
          taxPayable: x.taxPayable,
          taxPaidYearBefore: x.yearBefore,
        })),
        arrears: arrears.map((x) => ({ period: x.period, taxPaid: x.taxPaid, taxPayable: x.taxPayable })),
        distress: corroboration,
        thresholds: {
          drop: config.taxPaidDrop,
          monthsRunning: config.taxMonthsRunning,
          arrearsMonths: config.taxArrearsMonths,
        },
      },
    };
  },
};
