/**
 * Firm-name normalisation for entity resolution (名称标准化). Pure functions.
 *
 * Sources spell one firm several ways: Traditional or Simplified characters, full- or half-width
 * characters and brackets, 有限责任公司 for 有限公司, with or without the region prefix
 * (杭州鑫华机械有限公司 / 鑫华机械有限公司), the region in brackets (鑫华（杭州）机械有限公司), a
 * former name, or with letters, digits or a bracketed note around the name (ＨＺ杭州鑫华机械有限公司,
 * 杭州鑫华机械有限公司（ＨＺ）). `parseName` reduces a name to what comparisons need:
 *
 * - `normalized`: Simplified, width, brackets, spaces and punctuation unified, a trailing note
 *   dropped and the legal form written one way: two spellings of one name give one string;
 * - `legalForm`: LIMITED (有限公司 = 有限责任公司: one legal form), JOINT_STOCK (股份有限公司, a
 *   different one), COOPERATIVE, PARTNERSHIP (合伙企业), SOLE_PROPRIETORSHIP (个人独资企业),
 *   INDIVIDUAL_BUSINESS (a name marked 个体工商户), or null when the name states none;
 * - `branch`: the branch label of a branch (分公司, 分厂, 分店, 办事处, ...), e.g. 滨江分公司: a
 *   branch is registered apart from its parent, so it is not the parent firm;
 * - `regions`: the region words the name carries (prefix or bracket);
 * - `cores`: the name without legal form, branch, bracketed region or note, and 0, 1, 2 or 3
 *   leading region words, also with a leading run of letters or digits set aside. Several,
 *   because a region word can also start a brand (金华 is a city and a plausible 字号) and letters
 *   can be part of a name (ABC科技): comparisons take the longest core two names share, and
 *   blocking indexes all of them.
 */
import { Converter } from 'opencc-js';
import { REGIONS, cityShortName, provinceShortName } from '../reference/regions';

export type LegalForm =
  'LIMITED' | 'JOINT_STOCK' | 'COOPERATIVE' | 'PARTNERSHIP' | 'SOLE_PROPRIETORSHIP' | 'INDIVIDUAL_BUSINESS';

export interface ParsedName {
  /** The name as given. */
  raw: string;
  normalized: string;
  legalForm: LegalForm | null;
  /** The branch label (滨江分公司) when the name is a branch's, else null. */
  branch: string | null;
  /** Region words found in the name (prefix words and a bracketed region). */
  regions: string[];
  /** Cores, longest first (at least MIN_CORE characters each). */
  cores: string[];
}

/** Shorter cores are too generic to identify a firm (机械, 贸易). */
export const MIN_CORE = 3;

const BRACKETS: Record<string, string> = {
  '（': '(',
  '）': ')',
  '【': '(',
  '】': ')',
  '〔': '(',
  '〕': ')',
  '[': '(',
  ']': ')',
  '{': '(',
  '}': ')',
};

/**
 * Traditional to Simplified Chinese (OpenCC): Hong Kong and Taiwan variant characters first,
 * then the standard Traditional forms. Character and phrase tables only, no regional idioms
 * (軟體 stays 软体), so a name is never reworded. Built on first use.
 */
let simplify: ((text: string) => string) | undefined;
/** Per character: whether Simplified writes it otherwise (most names have none, and skip the phrase tables). */
const TRADITIONAL_CHAR = new Map<string, boolean>();
export function toSimplified(text: string): string {
  if (!simplify) {
    const fromHk = Converter({ from: 'hk', to: 'cn' });
    const fromTw = Converter({ from: 'tw', to: 'cn' });
    simplify = (t) => fromTw(fromHk(t));
  }
  let traditional = false;
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) continue;
    let t = TRADITIONAL_CHAR.get(ch);
    if (t === undefined) TRADITIONAL_CHAR.set(ch, (t = simplify(ch) !== ch));
    if (t) {
      traditional = true;
      break;
    }
  }
  return traditional ? simplify(text) : text;
}

/**
 * Simplified characters (Traditional converted), full-width ASCII to half-width (NFKC), brackets
 * to (), spaces and separators removed, letters upper-case.
 */
export function unifyCharacters(name: string): string {
  let out = '';
  for (const ch of toSimplified(name).normalize('NFKC')) {
    const code = ch.codePointAt(0)!;
    const half = code >= 0xff01 && code <= 0xff5e ? String.fromCodePoint(code - 0xfee0) : ch;
    const mapped = BRACKETS[half] ?? half;
    if (/[\s\u3000·•・.,，、;；:：'"“”‘’\-_]/.test(mapped)) continue;
    out += mapped;
  }
  return out.toUpperCase();
}

/** Legal forms by how a name ends, most specific first; the canonical spelling goes into `normalized`. */
const LEGAL_FORMS: Array<[RegExp, LegalForm, string]> = [
  [/股份有限公司$/, 'JOINT_STOCK', '股份有限公司'],
  [/有限责任公司$/, 'LIMITED', '有限公司'],
  [/有限公司$/, 'LIMITED', '有限公司'],
  [/(专业)?合作社$/, 'COOPERATIVE', '专业合作社'],
  [/合伙企业(\((普通|有限|特殊普通)合伙\))?$/, 'PARTNERSHIP', '合伙企业'],
  [/\((普通|有限|特殊普通)合伙\)$/, 'PARTNERSHIP', '合伙企业'],
  [/个人独资企业$/, 'SOLE_PROPRIETORSHIP', '个人独资企业'],
  [/\(个体工商户\)$/, 'INDIVIDUAL_BUSINESS', '(个体工商户)'],
];
/** Where a legal form ends inside a longer name (the parent's name in a branch's). */
const LEGAL_FORM_INSIDE = /(股份有限公司|有限责任公司|有限公司|专业合作社|合作社|合伙企业|个人独资企业|公司)/g;
/** How a branch's name ends. 分公司 and 分厂 mark a branch on their own; the others only after the parent's legal form. */
const BRANCH_END = /(分公司|分厂|分店|分行|支行|分社|分部|办事处|营业部)$/;

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
/** Counties without their 区/县/市/自治县 (滨江区 -> 滨江, 连南瑶族自治县 -> 连南), as branch labels name them. */
const COUNTY_SHORT = new Set(
  REGIONS.map((r) => r.name.replace(/^(.{2,}?)([^族]{1,4}族)+自治(县|旗)$/, '$1').replace(/(区|县|市|旗)$/, '')).filter(
    (w) => w.length >= 2,
  ),
);
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

/** How a full name ends (a legal form, a branch or a bracketed form): what may follow is a note (鑫华KTV keeps its letters). */
const NAME_END = /(公司|合作社|企业|分厂|分店|分行|支行|分社|分部|办事处|营业部|\))$/;
/** A bracket's content that names a legal form or a branch, which must stay in the name. */
const KEPT_BRACKET = /^((普通|有限|特殊普通)合伙|个体工商户|.*(分公司|分厂|分店|办事处))$/;

/**
 * Sets aside a note after the name: a trailing run of letters or digits (杭州鑫华机械有限公司HZ01),
 * or a trailing bracket that is neither a region, a legal form nor a branch
 * (杭州鑫华机械有限公司(HZ), (原杭州鑫华贸易有限公司)).
 */
function stripTrailingNote(text: string): string {
  for (;;) {
    const latin = /^(.*[^A-Z0-9])[A-Z0-9]+$/.exec(text);
    if (latin && NAME_END.test(latin[1])) {
      text = latin[1];
      continue;
    }
    const bracket = /^(.+)\(([^()]*)\)$/.exec(text);
    if (bracket && NAME_END.test(bracket[1]) && !REGION_SET.has(bracket[2]) && !KEPT_BRACKET.test(bracket[2])) {
      text = bracket[1];
      continue;
    }
    return text;
  }
}

/** Splits a branch's name into its parent's name and the branch label. */
function splitBranch(text: string): { parent: string; branch: string | null } {
  const unbracketed = /^(.+)\(([^()]*(分公司|分厂|分店|办事处))\)$/.exec(text);
  if (unbracketed) return { parent: unbracketed[1], branch: unbracketed[2] };
  const end = BRANCH_END.exec(text);
  if (!end) return { parent: text, branch: null };
  let cut = -1;
  for (const m of text.slice(0, end.index).matchAll(LEGAL_FORM_INSIDE)) cut = m.index + m[0].length;
  if (cut > 0) return { parent: text.slice(0, cut), branch: text.slice(cut) };
  // No parent legal form before it: only 分公司 and 分厂 mark a branch on their own (五金经营部, 货运部 are shop names).
  if (end[1] !== '分公司' && end[1] !== '分厂') return { parent: text, branch: null };
  // The branch's place, when it is a region or county word (杭州鑫华机械滨江分公司), belongs to the label.
  const head = text.slice(0, end.index);
  for (let n = Math.min(6, head.length - MIN_CORE); n >= 2; n--) {
    const place = head.slice(head.length - n);
    if (REGION_SET.has(place) || COUNTY_SHORT.has(place)) return { parent: head.slice(0, -n), branch: place + end[1] };
  }
  return { parent: head, branch: end[1] };
}

export function parseName(raw: string): ParsedName {
  const { parent, branch } = splitBranch(stripTrailingNote(unifyCharacters(raw)));
  let text = parent;
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
  // A bracketed region (鑫华(杭州)机械): noted and left out of the core; so is a bracket of letters or digits.
  const body = text.replace(/\(([^()]*)\)/g, (whole, inner: string) => {
    if (REGION_SET.has(inner)) {
      regions.push(inner);
      return '';
    }
    return /^[A-Z0-9]*$/.test(inner) ? '' : whole;
  });
  const normalized = text + suffix + (branch ?? '');
  const cores: string[] = [];
  const addCore = (c: string) => {
    if (c.length >= MIN_CORE && !cores.includes(c)) cores.push(c);
  };
  // The body as written, and without a leading run of letters or digits (ＨＺ杭州鑫华机械).
  const lead = /^[A-Z0-9]+(?=[^A-Z0-9])/.exec(body);
  for (const start of lead ? [body, body.slice(lead[0].length)] : [body]) {
    let rest = start;
    addCore(rest);
    for (let i = 0; i < 3; i++) {
      const word = leadingRegion(rest);
      if (!word) break;
      if (!regions.includes(word)) regions.push(word);
      rest = rest.slice(word.length);
      addCore(rest);
    }
  }
  cores.sort((a, b) => b.length - a.length);
  return { raw, normalized, legalForm, branch, regions, cores };
}

/** The longest core two parsed names share, or null. */
export function sharedCore(a: ParsedName, b: ParsedName): string | null {
  for (const c of a.cores) if (b.cores.includes(c)) return c;
  return null;
}

/**
 * The longest pair of cores where one extends the other (西湖电子 / 西湖电子科技): the same 字号
 * with more or less of the trade word. null when there is none.
 */
export function extendedCore(a: ParsedName, b: ParsedName): [string, string] | null {
  let best: [string, string] | null = null;
  for (const x of a.cores) {
    for (const y of b.cores) {
      if (x === y || !(x.startsWith(y) || y.startsWith(x))) continue;
      const shorter = Math.min(x.length, y.length);
      if (!best || shorter > Math.min(best[0].length, best[1].length)) best = [x, y];
    }
  }
  return best;
}

/**
 * Whether two sets of region words are about the same place: shared words, or one word
 * contained in the other (杭州 / 杭州市 / 浙江杭州). null when either name carries none.
 */
export function regionsAgree(a: readonly string[], b: readonly string[]): boolean | null {
  if (a.length === 0 || b.length === 0) return null;
  return a.some((x) => b.some((y) => x === y || x.startsWith(y) || y.startsWith(x)));
}
