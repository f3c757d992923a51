/**
 * SHORT_TERM_DEBT_SURGE (rule 7): new short-term loans piling up against annual sales (renewals and
 * seasonal loans not counted).
 */
import type { Decimal } from '../../health/facts';
import { Severity } from '../../quality/finding.entity';
import { monthsBetween } from '../../quality/months';
import { n, pct, sum, monthsAgo, type WarningRule } from './rule';

export interface NewShortTermLoan {
  contractNo: string;
  principal: Decimal;
  startDate: string;
  maturityDate: string;
}

export interface LoanRenewal {
  contractNo: string;
  startDate: string;
  renews: string;
  maturedOn: string;
}

export interface SeasonalLoan {
  contractNo: string;
  startDate: string;
  yearBefore: string;
  yearBeforeStart: string;
}

export interface ShortTermDebtSurgeThresholds {
  loans: number;
  share: number;
  renewalDays: number;
  seasonalDays: number;
  similarPrincipal: number;
}

export interface ShortTermDebtSurgeEvidence {
  since: string;
  loans: NewShortTermLoan[];
  renewals: LoanRenewal[];
  seasonal: SeasonalLoan[];
  annualSales: Decimal;
  thresholds: ShortTermDebtSurgeThresholds;
}

export const shortTermDebtSurgeRule: WarningRule<'SHORT_TERM_DEBT_SURGE', ShortTermDebtSurgeEvidence> = {
  code: 'SHORT_TERM_DEBT_SURGE',
  number: 7,
  title: 'Short-term debt surging',
  severity: Severity.MEDIUM,
  sources: ['bank', 'tax'],
  evaluate({ facts, config }) {
    if (!facts.bank) return null;
    const loans = facts.bank.loans;
    const since = monthsAgo(facts.asOf.month, config.shortTermDebtMonths);
    const fresh = loans.filter((l) => l.startDate > since && monthsBetween(l.startDate, l.maturityDate) <= 12);
    // Renewing a maturing loan, or taking the working-capital loan taken at the same time last
    // year, is not new debt: each earlier short-term loan of about the same size excuses one new loan.
    const used = new Set<(typeof loans)[number]>();
    const similar = (a: (typeof loans)[number], b: (typeof loans)[number]) =>
      n(a.principal) <= n(b.principal) * config.similarPrincipal &&
      n(b.principal) <= n(a.principal) * config.similarPrincipal;
    const match = (l: (typeof loans)[number], ok: (o: (typeof loans)[number]) => boolean) => {
      const o = loans.find(
        (x) =>
          x !== l &&
          !used.has(x) &&
          !fresh.includes(x) &&
          monthsBetween(x.startDate, x.maturityDate) <= 12 &&
          similar(x, l) &&
          ok(x),
      );
      if (o) used.add(o);
      return o;
    };
    const renews = new Map<(typeof loans)[number], (typeof loans)[number]>();
    const seasonal = new Map<(typeof loans)[number], (typeof loans)[number]>();
    for (const l of [...fresh].sort((a, b) => a.startDate.localeCompare(b.startDate))) {
      const old = match(
        l,
        (o) => o.startDate < l.startDate && Math.abs(daysBetween(o.maturityDate, l.startDate)) <= config.renewalDays,
      );
      if (old) renews.set(l, old);
      else {
        const before = match(l, (o) => Math.abs(daysBetween(o.startDate, l.startDate) - 365) <= config.seasonalDays);
        if (before) seasonal.set(l, before);
      }
    }
    const added = fresh.filter((l) => !renews.has(l) && !seasonal.has(l));
    const sales = sum((facts.tax?.declarations ?? []).slice(-12).map((d) => n(d.sales)));
    const borrowed = sum(added.map((l) => n(l.principal)));
    if (
      added.length < config.minNewShortTermLoans ||
      !(sales > 0) ||
      borrowed <= sales * config.maxNewShortTermDebtShare
    )
      return null;
    const notCounted = fresh.length - added.length;
    return {
      message: `${added.length} new short-term loans of ${borrowed.toFixed(2)} taken in ${config.shortTermDebtMonths} months, ${pct(borrowed / sales)} of annual sales (thresholds: ${config.minNewShortTermLoans} loans, ${pct(config.maxNewShortTermDebtShare)})${notCounted ? `; ${notCounted} renewal(s) or seasonal loan(s) not counted` : ''}`,
      evidence: {
        since,
        loans: added.map((l) => ({
          contractNo: l.contractNo,
          principal: l.principal,
          startDate: l.startDate,
          maturityDate: l.maturityDate,
        })),
        renewals: [...renews].map(([l, o]) => ({
          contractNo: l.contractNo,
          startDate: l.startDate,
          renews: o.contractNo,
          maturedOn: o.maturityDate,
        })),
        seasonal: [...seasonal].map(([l, o]) => ({
          contractNo: l.contractNo,
          startDate: l.startDate,
          yearBefore: o.contractNo,
          yearBeforeStart: o.startDate,
        })),
        annualSales: sales.toFixed(2),
        thresholds: {
          loans: config.minNewShortTermLoans,
          share: config.maxNewShortTermDebtShare,
          renewalDays: config.renewalDays,
          seasonalDays: config.seasonalDays,
          similarPrincipal: config.similarPrincipal,
        },
      },
    };
  },
};

function daysBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / 86_400_000;
}
