/**
 * Firm-name normalisation for entity resolution (名称标准化). Pure functions.
 *
 * Sources spell one firm several ways: full- or half-width characters and brackets, 有限责任公司
 * for 有限公司, with or without the region prefix (杭州鑫华机械有限公司 / 鑫华机械有限公司), the
 * region in brackets (鑫华（杭州）机械有限公司), or a former name. `parseName` reduces a name to
 * what comparisons need:
 *
 * - `normalized`: width, brackets, spaces and punctuation unified and the legal form written one
 *   way: two spellings of one name give one string;
 * - `legalForm`: LIMITED (有限公司 = 有限责任公司), JOINT_STOCK (股份有限公司), COOPERATIVE, or null;
 * - `regions`: the region words the name carries (prefix or bracket);
 * - `cores`: the name without legal form, bracketed region, and 0, 1, 2 or 3 leading region words.
 *   Several, because a region word can also start a brand (金华 is a city and a plausible 字号):
 *   comparisons take the longest core two names share, and blocking indexes all of them.
 */
import { REGIONS, cityShortName, provinceShortName } from '../reference/regions';

export type LegalForm = 'LIMITED' | 'JOINT_STOCK' | 'COOPERATIVE';

export interface ParsedName {
  /** The name as given. */
  raw: string;
  normalized: string;
  legalForm: LegalForm | null;
  /** Region words found in the name (prefix words and a bracketed region). */
  regions: string[];
  /** Cores, longest first (at least MIN_CORE characters each). */
  cores: string[];
}

/** Shorter cores are too generic to identify a firm (机械, 贸易). */
export const MIN_CORE = 3;

const BRACKETS: Record<string, string> = { '（': '(', '）': ')', '【': '(', '】': ')', '〔': '(', '〕': ')', '[': '(', ']': ')', '{': '(', '}': ')' };

/** Full-width ASCII to half-width, brackets to (), spaces and separators removed, letters upper-case. */
export function unifyCharacters(name: string): string {
  let out = '';
  for (const ch of name.normalize('NFKC')) {
    const code = ch.codePointAt(0)!;
    const half = code >= 0xff01 && code <= 0xff5e ? String.fromCodePoint(code - 0xfee0) : ch;
    const mapped = BRACKETS[half] ?? half;
    if (/[\s\u3000·•・.,，、;；:：'"“”‘’\-_]/.test(mapped)) continue;
    out += mapped;
  }
  return out.toUpperCase();
}

const LEGAL_FORMS: Array<[RegExp, LegalForm, string]> = [
  [/股份有限公司$/, 'JOINT_STOCK', '股份有限公司'],
  [/有限责任公司$/, 'LIMITED', '有限公司'],
  [/有限公司$/, 'LIMITED', '有限公司'],
  [/专业合作社$/, 'COOPERATIVE', '专业合作社'],
];

/** Region words, longest first: provinces, cities and counties by full name, provinces and cities by short name. */
const REGION_WORDS: readonly string[] = (() => {
  const words = new Set<string>();
  for (const r of REGIONS) {
    words.add(r.name);
    words.add(r.province);
    words.add(provinceShortName(r.province));
    if (r.city && !/辖/.test(r.city)) {
      words.add(r.city);
      words.add(cityShortName(r));
    }
  }
  return [...words].filter((w) => w.length >= 2).sort((a, b) => b.length - a.length || a.localeCompare(b));
})();
const REGION_SET = new Set(REGION_WORDS);
/** Region words by first character (longest first), so finding a prefix looks at a handful. */
const REGION_BY_FIRST = new Map<string, string[]>();
for (const w of REGION_WORDS) {
  const list = REGION_BY_FIRST.get(w[0]) ?? [];
  list.push(w);
  REGION_BY_FIRST.set(w[0], list);
}

function leadingRegion(text: string): string | undefined {
  return REGION_BY_FIRST.get(text[0])?.find((w) => text.startsWith(w) && text.length > w.length);
}

/** Whether a word is a region name (full or short) this module knows. */
export function isRegionWord(word: string): boolean {
  return REGION_SET.has(word);
}

export function parseName(raw: string): ParsedName {
  let text = unifyCharacters(raw);
  let legalForm: LegalForm | null = null;
  let suffix = '';
  for (const [re, form, canonical] of LEGAL_FORMS) {
    if (re.test(text)) {
      legalForm = form;
      suffix = canonical;
      text = text.replace(re, '');
      break;
    }
  }
  const regions: string[] = [];
  // A bracketed region (鑫华(杭州)机械): noted and left out of the core.
  let body = text.replace(/\(([^()]*)\)/g, (whole, inner: string) => {
    if (REGION_SET.has(inner)) {
      regions.push(inner);
      return '';
    }
    return whole;
  });
  const normalized = text + suffix;
  const cores: string[] = [];
  const addCore = (c: string) => {
    if (c.length >= MIN_CORE && !cores.includes(c)) cores.push(c);
  };
  addCore(body);
  for (let i = 0; i < 3; i++) {
    const word = leadingRegion(body);
    if (!word) break;
    regions.push(word);
    body = body.slice(word.length);
    addCore(body);
  }
  return { raw, normalized, legalForm, regions, cores };
}

/** The longest core two parsed names share, or null. */
export function sharedCore(a: ParsedName, b: ParsedName): string | null {
  for (const c of a.cores) if (b.cores.includes(c)) return c;
  return null;
}

/**
 * Whether two sets of region words are about the same place: shared words, or one word
 * contained in the other (杭州 / 杭州市 / 浙江杭州). null when either name carries none.
 */
export function regionsAgree(a: readonly string[], b: readonly string[]): boolean | null {
  if (a.length === 0 || b.length === 0) return null;
  return a.some((x) => b.some((y) => x === y || x.startsWith(y) || y.startsWith(x)));
}
