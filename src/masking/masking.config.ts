/**
 * Which roles may see personal data in full (the one place to change it). Every other role,
 * and a request without a principal, gets the masked value; a field asked for with
 * `unmasked: true` by a role not listed here is refused with FORBIDDEN.
 *
 * PARTNER and AUDITOR may never be listed: partners always get masked personal data, and
 * auditors read the audit log, not profiles (`checkMaskingPolicy` refuses such a policy).
 */
import { Role } from '../auth/principal';

/** The kinds of personal data the API masks. */
export enum SensitiveKind {
  /** A resident ID number (居民身份证号): `3301**********1234`. */
  ID_NUMBER = 'ID_NUMBER',
  /** A mobile phone number: `138****1234`. */
  PHONE = 'PHONE',
  /** A person's name: `王*`, `欧阳**`. */
  PERSON_NAME = 'PERSON_NAME',
}

export interface MaskingPolicy {
  /** Bumped when the policy changes. */
  version: number;
  /** Per kind, the roles that may ask for the value in full. */
  unmaskedFor: Record<SensitiveKind, readonly Role[]>;
}

export const MASKING_POLICY: MaskingPolicy = {
  version: 1,
  unmaskedFor: {
    [SensitiveKind.ID_NUMBER]: [Role.RISK_OFFICER],
    [SensitiveKind.PHONE]: [Role.RISK_OFFICER],
    [SensitiveKind.PERSON_NAME]: [Role.RISK_OFFICER],
  },
};

const NEVER_UNMASKED: readonly Role[] = [Role.PARTNER, Role.AUDITOR];

/** Refuses a policy that would show personal data in full to partners or auditors. */
export function checkMaskingPolicy(policy: MaskingPolicy): MaskingPolicy {
  for (const kind of Object.values(SensitiveKind)) {
    const roles = policy.unmaskedFor[kind];
    if (!roles) throw new Error(`masking policy: no entry for ${kind} (list the roles that may see it in full, or [])`);
    const bad = roles.filter((r) => NEVER_UNMASKED.includes(r));
    if (bad.length)
      throw new Error(
        `masking policy: ${kind} may not be shown in full to ${bad.join(', ')} (partners and auditors always get masked personal data)`,
      );
  }
  return policy;
}

checkMaskingPolicy(MASKING_POLICY);
