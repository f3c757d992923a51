/** Masking of personal data: pure functions, one per `SensitiveKind`. */
import { SensitiveKind } from './masking.config';
import { COMPOUND_SURNAMES, maskNamesInText } from './person-name';

const stars = (n: number) => '*'.repeat(Math.max(0, n));

/** First 4 and last 4 characters kept: `330102199001011234` -> `3301**********1234`; 8 or fewer characters: all masked. */
export function maskIdNumber(v: string): string {
  const s = v.trim();
  return s.length > 8 ? s.slice(0, 4) + stars(s.length - 8) + s.slice(-4) : stars(s.length);
}

/** First 3 and last 4 digits kept: `13812341234` -> `138****1234`; 7 or fewer characters: all but the last 2 masked. */
export function maskPhone(v: string): string {
  const s = v.trim();
  return s.length > 7 ? s.slice(0, 3) + stars(s.length - 7) + s.slice(-4) : stars(s.length - 2) + s.slice(-2);
}

/**
 * The surname kept, every other character masked: `王五` -> `王*`, `欧阳娜娜` -> `欧阳**`; a name of
 * another script keeps its first character too (`阿卜杜·热合曼` -> `阿******`, `John Smith` -> `J*********`).
 */
export function maskPersonName(v: string): string {
  const chars = [...v.trim()];
  if (chars.length <= 1) return stars(chars.length);
  const surname = chars.length >= 3 && COMPOUND_SURNAMES.has(chars[0] + chars[1]) ? 2 : 1;
  return chars.slice(0, surname).join('') + stars(chars.length - surname);
}

/**
 * Each person's name in free text masked as `maskPersonName` does, the rest kept:
 * `黄俊志(78.59%)、鑫华（杭州）机械有限公司(21.41%)` -> `黄**(78.59%)、鑫华（杭州）机械有限公司(21.41%)`
 * (see `maskNamesInText` for what counts as a name there).
 */
export function maskPersonNamesInText(text: string): string {
  return maskNamesInText(text, maskPersonName);
}

export function mask(kind: SensitiveKind, value: string): string {
  switch (kind) {
    case SensitiveKind.ID_NUMBER:
      return maskIdNumber(value);
    case SensitiveKind.PHONE:
      return maskPhone(value);
    case SensitiveKind.PERSON_NAME:
      return maskPersonName(value);
  }
}
