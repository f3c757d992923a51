/**
 * Unified social credit code (统一社会信用代码, GB 32100-2015).
 *
 * 18 characters over USCC_CHARSET: registering authority (1), entity type (1), GB/T 2260 region
 * (6), organisation code (9, GB 11714, with its own check digit at position 17) and a check
 * character (18). See docs/domain.md.
 */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const ORG_CODE_CHARSET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The 18th character of a USCC whose first 17 characters are `body`. */
export function usccCheckChar(body: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARSET.indexOf(body[i]);
    if (v < 0) throw new RangeError(`character '${body[i]}' at position ${i + 1} is not allowed in a USCC`);
    sum += v * USCC_WEIGHTS[i];
  }
  return USCC_CHARSET[(31 - (sum % 31)) % 31];
}

/** The check digit (9th character) of a GB 11714 organisation code whose first 8 are `body`. */
export function orgCodeCheckChar(body: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += ORG_CODE_CHARSET.indexOf(body[i]) * ORG_CODE_WEIGHTS[i];
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

export type UsccCheck = { ok: true; value: string } | { ok: false; reason: string };

/**
 * Validates a USCC and says precisely what is wrong: length, a character outside the charset
 * (I, O, S, V, Z are never used), or the check character (naming the expected one).
 * Lower case is accepted and upper-cased; surrounding spaces are trimmed.
 */
export function checkUscc(input: string): UsccCheck {
  const value = input.trim().toUpperCase();
  if (value.length !== 18) {
    return { ok: false, reason: `a USCC has 18 characters, got ${value.length} in "${input}"` };
  }
  for (let i = 0; i < 18; i++) {
    if (!USCC_CHARSET.includes(value[i])) {
      return {
        ok: false,
        reason: `character '${value[i]}' at position ${i + 1} of "${value}" is not allowed in a USCC (allowed: ${USCC_CHARSET})`,
      };
    }
  }
  const expected = usccCheckChar(value.slice(0, 17));
  if (value[17] !== expected) {
    return {
      ok: false,
      reason: `"${value}" has check character '${value[17]}' but its first 17 characters require '${expected}'`,
    };
  }
  return { ok: true, value };
}

export function isValidUscc(input: string): boolean {
  return checkUscc(input).ok;
}

/**
 * Builds a valid USCC from its parts; `orgBody` is the 8-character organisation-code body
 * (its GB 11714 check digit is appended).
 */
export function buildUscc(authority: string, entityType: string, region: string, orgBody: string): string {
  const body = authority + entityType + region + orgBody + orgCodeCheckChar(orgBody);
  return body + usccCheckChar(body);
}
