/**
 * SHELL_COMPANY_SIGNS: Two shell-company signs of: nobody insured, an address shared with other
 * firms, almost no paid-in capital.
 */
import type { Decimal } from '../../health/facts';
import { Severity } from '../../quality/finding.entity';
import { n, pct, type WarningRule } from './rule';

export interface ShellCompanySignsEvidence {
  insuredLastMonth: number | null;
  sameAddress: string[];
  address: string;
  paidInCapital: Decimal;
  registeredCapital: Decimal;
  threshold: number;
}

export const shellCompanySignsRule: WarningRule<'SHELL_COMPANY_SIGNS', ShellCompanySignsEvidence> = {
  code: 'SHELL_COMPANY_SIGNS',
  number: null,
  title: 'Shell-company signs (two of: nobody insured, a shared address, almost no paid-in capital)',
  severity: Severity.HIGH,
  sources: ['registry', 'alt_data'],
  evaluate({ facts, config }) {
    const r = facts.registry;
    if (!r) return null;
    const insured = facts.altData?.headcount.at(-1)?.insured ?? null;
    const signs: string[] = [];
    if (insured === 0) signs.push('nobody insured');
    if (r.sameAddress.length > 0) signs.push(`address shared with ${r.sameAddress.length} other firm(s)`);
    const paidShare = n(r.registeredCapital) > 0 ? n(r.paidInCapital) / n(r.registeredCapital) : 1;
    if (paidShare < config.shellMaxPaidInShare)
      signs.push(`paid-in capital ${r.paidInCapital} is ${pct(paidShare)} of registered ${r.registeredCapital}`);
    if (signs.length < 2) return null;
    return {
      message: `shell-company signs: ${signs.join('; ')}`,
      evidence: {
        insuredLastMonth: insured,
        sameAddress: r.sameAddress,
        address: r.address,
        paidInCapital: r.paidInCapital,
        registeredCapital: r.registeredCapital,
        threshold: config.shellMaxPaidInShare,
      },
    };
  },
};
