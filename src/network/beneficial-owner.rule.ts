/**
 * Beneficial owners (受益所有人) by the PBoC/SAMR rule (2024), over a firm's ultimate controllers
 * and its legal representative. A pure function:
 *
 * - every natural person holding 25% or more, directly or indirectly (OWNS_25_PERCENT);
 * - when none does, the largest natural-person holder(s) (LARGEST_HOLDER; ties all qualify);
 * - the legal representative the registry names, as control by other means (LEGAL_REPRESENTATIVE),
 *   merged into the same person's entry when he or she also qualifies by share.
 *
 * Shares are compared exactly, as 4-decimal strings turned into integers of 1/10,000.
 */
import { BeneficialOwnerReason, ControllerKind, type BeneficialOwner, type UltimateController } from './network.types';

/** 25%, in 1/10,000. */
export const BENEFICIAL_SHARE_BP = 2500n;

/** "0.2400" -> 2400n (shares carry at most 4 decimals). */
export function shareBp(share: string): bigint {
  const m = /^(\d+)(?:\.(\d{1,4}))?$/.exec(share.trim());
  if (!m) throw new RangeError(`"${share}" is not a share with at most 4 decimals`);
  return BigInt(m[1]) * 10_000n + BigInt((m[2] ?? '').padEnd(4, '0'));
}

/** "0.2400" -> "24.00%". */
export function percent(share: string): string {
  const bp = shareBp(share);
  return `${bp / 100n}.${String(bp % 100n).padStart(2, '0')}%`;
}

/** The same person: by ID number when both records have one, else by name. */
function samePerson(a: { name: string; idNo: string | null }, b: { name: string; idNo: string | null }): boolean {
  return a.idNo && b.idNo ? a.idNo === b.idNo : a.name === b.name;
}

export function beneficialOwners(
  uscc: string,
  controllers: readonly UltimateController[],
  legalRep: { name: string; idNo: string | null } | null,
): BeneficialOwner[] {
  const persons = controllers.filter((c) => c.kind === ControllerKind.NATURAL_PERSON);
  const over = persons.filter((c) => shareBp(c.share) >= BENEFICIAL_SHARE_BP);
  const largest = persons.reduce((m, c) => (shareBp(c.share) > m ? shareBp(c.share) : m), 0n);
  const byShare =
    over.length > 0
      ? over.map((c) => ({ c, reason: BeneficialOwnerReason.OWNS_25_PERCENT }))
      : persons
          .filter((c) => largest > 0n && shareBp(c.share) === largest)
          .map((c) => ({ c, reason: BeneficialOwnerReason.LARGEST_HOLDER }));
  const owners: BeneficialOwner[] = byShare.map(({ c, reason }) => ({
    uscc,
    name: c.holderName,
    idNo: c.holderIdNo,
    share: c.share,
    reasons: [reason],
    explanation:
      reason === BeneficialOwnerReason.OWNS_25_PERCENT
        ? `holds ${percent(c.share)} directly or indirectly (25% or more) through ${pathCount(c)}`
        : `no natural person holds 25% or more; the largest natural-person holder, with ${percent(c.share)} through ${pathCount(c)}`,
  }));
  if (legalRep) {
    const same = owners.find((o) => samePerson(o, legalRep));
    const held = persons.find((c) => samePerson({ name: c.holderName, idNo: c.holderIdNo }, legalRep));
    const why = 'the legal representative (法定代表人) named in the registry: control by other means';
    if (same) {
      same.reasons.push(BeneficialOwnerReason.LEGAL_REPRESENTATIVE);
      same.explanation += `; ${why}`;
    } else
      owners.push({
        uscc,
        name: legalRep.name,
        idNo: legalRep.idNo,
        share: held?.share ?? null,
        reasons: [BeneficialOwnerReason.LEGAL_REPRESENTATIVE],
        explanation: held ? `${why}; holds ${percent(held.share)}` : why,
      });
  }
  return owners;
}

function pathCount(c: UltimateController): string {
  return c.paths.length === 1 ? '1 path' : `${c.paths.length} paths`;
}
