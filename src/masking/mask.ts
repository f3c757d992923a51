/** Masking of personal data: pure functions, one per `SensitiveKind`. */
import { SensitiveKind } from './masking.config';

/** Compound (two-character) surnames kept whole when a name is masked: 欧阳娜娜 -> 欧阳**. */
const COMPOUND_SURNAMES = new Set([
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯', '轩辕',
  '令狐', '端木', '独孤', '南宫', '西门', '百里', '呼延', '万俟', '澹台', '公冶', '太史', '申屠', '闻人', '钟离',
  '宗政', '濮阳', '淳于', '单于', '太叔', '仲孙', '赫连', '东郭', '第五', '司空', '左丘', '拓跋',
]);

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

/** The surname kept, every other character masked: `王五` -> `王*`, `欧阳娜娜` -> `欧阳**`. */
export function maskPersonName(v: string): string {
  const chars = [...v.trim()];
  if (chars.length <= 1) return stars(chars.length);
  const surname = chars.length >= 3 && COMPOUND_SURNAMES.has(chars[0] + chars[1]) ? 2 : 1;
  return chars.slice(0, surname).join('') + stars(chars.length - surname);
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
