/**
 * Plausible Chinese names: firms (`{city}{brand}{industry word}{有限公司|有限责任公司|股份有限公司}`),
 * sole-proprietor shops (个体工商户), cooperatives, people and addresses.
 *
 * Firm names are unique by construction: the brand (字号) is a bijection of the firm's serial
 * number, so two firms never share a brand and no name variant of one firm can equal another
 * firm's name. Brands are two characters for the first BRAND_CHARS^2 serials and three after.
 */
import { type Region, cityShortName, hasCity, localityName, provinceShortName } from '../reference/regions';
import { Converter } from 'opencc-js';
import { type Rng, Weighted, hashInts } from './random';
import {
  BRAND_CHARS,
  INDUSTRY_WORDS,
  SHOP_WORDS,
  COOP_WORDS,
  FORMER_WORDS,
  SURNAMES,
  MALE_GIVEN,
  FEMALE_GIVEN,
  PHONE_PREFIXES,
  ROADS,
  SCOPE,
} from './names.data';

// ---------------------------------------------------------------------------------------------
// Brands (字号)

const P = BRAND_CHARS.length;
const BLOCK2 = P * P;
const BLOCK3 = P * P * P;

/** Largest serial a brand can be made for. */
export const MAX_BRAND_SERIAL = BLOCK2 + BLOCK3 - 1;

/** Affine bijection of [0, size): multiplier coprime to every P^k (a prime not dividing P). */
function permute(x: number, size: number, offset: number): number {
  const MULTIPLIER = 7919;
  return ((((x % size) * MULTIPLIER) % size) + offset) % size;
}

/** The brand of a serial number: distinct serials always give distinct brands. */
export function brandOf(serial: number, seed: number): string {
  if (serial < 0 || serial > MAX_BRAND_SERIAL) throw new RangeError(`no brand for serial ${serial}`);
  const offset = hashInts(seed, 0xb4a9d);
  if (serial < BLOCK2) {
    const x = permute(serial, BLOCK2, offset % BLOCK2);
    return BRAND_CHARS[Math.floor(x / P)] + BRAND_CHARS[x % P];
  }
  const x = permute(serial - BLOCK2, BLOCK3, offset % BLOCK3);
  return BRAND_CHARS[Math.floor(x / BLOCK2)] + BRAND_CHARS[Math.floor(x / P) % P] + BRAND_CHARS[x % P];
}

// ---------------------------------------------------------------------------------------------
// Firm names

export type CompanySuffix = '有限公司' | '有限责任公司' | '股份有限公司';
export const COMPANY_SUFFIXES = Weighted.of<CompanySuffix>([
  ['有限公司', 62],
  ['有限责任公司', 30],
  ['股份有限公司', 8],
]);

export type EntityKind = 'COMPANY' | 'INDIVIDUAL_BUSINESS' | 'COOPERATIVE';

/** The parts of a firm name, kept so that name variants can be built from them. */
export interface NameParts {
  kind: EntityKind;
  /** Region prefix: a city short name for companies, a county for shops and cooperatives. */
  prefix: string;
  brand: string;
  trade: string;
  suffix: string;
  /** Company names of the form 鑫华（杭州）机械有限公司. */
  bracketed: boolean;
}

export function composeName(p: NameParts): string {
  if (p.bracketed) return `${p.brand}（${p.prefix}）${p.trade}${p.suffix}`;
  return `${p.prefix}${p.brand}${p.trade}${p.suffix}`;
}

/** Draws the parts of a name for a firm with the given brand. */
export function drawNameParts(
  rng: Rng,
  kind: EntityKind,
  brand: string,
  region: Region,
  industryCode: string,
): NameParts {
  if (kind === 'INDIVIDUAL_BUSINESS') {
    return {
      kind,
      prefix: region.name,
      brand,
      trade: rng.pick(SHOP_WORDS[industryCode] ?? ['经营部']),
      suffix: '',
      bracketed: false,
    };
  }
  if (kind === 'COOPERATIVE') {
    return {
      kind,
      prefix: region.name,
      brand,
      trade: COOP_WORDS[industryCode] ?? '农业',
      suffix: '专业合作社',
      bracketed: false,
    };
  }
  const trade = rng.pick(INDUSTRY_WORDS[industryCode] ?? ['实业']);
  const suffix = rng.weighted(COMPANY_SUFFIXES);
  return { kind, prefix: cityShortName(region), brand, trade, suffix, bracketed: rng.chance(0.08) };
}

/** A former name: same brand, another trade word (and sometimes the other company suffix). */
export function formerNameParts(rng: Rng, current: NameParts): NameParts {
  const words = FORMER_WORDS.filter(
    (w) => w !== current.trade && !(current.kind !== 'INDIVIDUAL_BUSINESS' && w === '经营部'),
  );
  const trade = rng.pick(words);
  if (current.kind !== 'COMPANY') return { ...current, trade, bracketed: false };
  const suffix = current.suffix === '股份有限公司' ? rng.pick(['有限公司', '有限责任公司']) : current.suffix;
  return { ...current, trade, suffix, bracketed: false };
}

/** A core enterprise's name (a larger group company). */
export function coreEnterpriseName(brand: string, region: Region, industryCode: string, rng: Rng): string {
  const trade = rng.pick(INDUSTRY_WORDS[industryCode] ?? ['实业']);
  return `${provinceShortName(region.province)}${brand}${trade}集团股份有限公司`;
}

// ---------------------------------------------------------------------------------------------
// Name variants (how other sources misspell a firm)

export type NameVariantKind = 'HALF_WIDTH_BRACKETS' | 'COMPANY_SUFFIX' | 'NO_REGION_PREFIX' | 'FORMER_NAME';

/** The variant kinds a name supports (FORMER_NAME only when the firm was renamed). */
export function variantKindsFor(parts: NameParts, hasFormerName: boolean): NameVariantKind[] {
  const kinds: NameVariantKind[] = [];
  if (parts.bracketed) kinds.push('HALF_WIDTH_BRACKETS');
  if (parts.suffix === '有限公司' || parts.suffix === '有限责任公司') kinds.push('COMPANY_SUFFIX');
  if (!parts.bracketed) kinds.push('NO_REGION_PREFIX');
  if (hasFormerName) kinds.push('FORMER_NAME');
  return kinds;
}

/** The variant of a name; FORMER_NAME takes the firm's latest former name. */
export function nameVariant(parts: NameParts, kind: NameVariantKind, formerName?: string): string {
  switch (kind) {
    case 'HALF_WIDTH_BRACKETS':
      return composeName(parts).replace('（', '(').replace('）', ')');
    case 'COMPANY_SUFFIX':
      return composeName({ ...parts, suffix: parts.suffix === '有限公司' ? '有限责任公司' : '有限公司' });
    case 'NO_REGION_PREFIX':
      return `${parts.brand}${parts.trade}${parts.suffix}`;
    case 'FORMER_NAME':
      if (!formerName) throw new Error('FORMER_NAME variant of a firm that was never renamed');
      return formerName;
  }
}

// ---------------------------------------------------------------------------------------------
// Hard name variants: records entity resolution must not get wrong (sources/judicial.ts plants
// them, plan.ts picks the firms). Each is labelled with what resolution should do with it.

export type HardVariantKind =
  /** The registered name in Traditional characters (Taiwan or Hong Kong forms): link. */
  | 'TRADITIONAL'
  /** Full-width letters or digits before the name, or a bracketed note after it (ＨＺ杭州…, …（ＨＺ）): link. */
  | 'FULL_WIDTH_NOISE'
  /** The name with the other legal form (股份有限公司 for an 有限公司, or back): a different entity; review, never auto-link. */
  | 'OTHER_LEGAL_FORM'
  /** A branch of the firm (…有限公司西湖分公司), registered apart from it: review, never auto-link. */
  | 'BRANCH'
  /** The bare trade name (字号 + trade word, no region, no legal form): review, never auto-link. */
  | 'BARE_TRADE_NAME'
  /** A name that alone does not identify the firm (bare, or the trade word shortened or extended) in a court of the firm's county: review, the location must not make it a link. */
  | 'LOCATION_ONLY'
  /** The bare trade name two firms share (the firm and its look-alike): review, both offered. */
  | 'SHARED_TRADE_NAME'
  /** The look-alike's own registered name, while a firm with its 字号 and trade word exists: link to the look-alike. */
  | 'LOOKALIKE_NAME';

/** The kinds planted on one firm alone (SHARED_TRADE_NAME and LOOKALIKE_NAME come with a look-alike pair). */
export const SINGLE_HARD_KINDS: readonly HardVariantKind[] = [
  'TRADITIONAL',
  'FULL_WIDTH_NOISE',
  'OTHER_LEGAL_FORM',
  'BRANCH',
  'BARE_TRADE_NAME',
  'LOCATION_ONLY',
];

/** What entity resolution should do with a hard variant: link it to the firm, or send it to review (never auto-link). */
export function expectedFor(kind: HardVariantKind): 'LINK' | 'REVIEW' {
  return kind === 'TRADITIONAL' || kind === 'FULL_WIDTH_NOISE' || kind === 'LOOKALIKE_NAME' ? 'LINK' : 'REVIEW';
}

const toTraditional = new Map<'tw' | 'hk', (text: string) => string>();
/** A name in Traditional characters, Taiwan (tw) or Hong Kong (hk) forms (OpenCC). */
export function traditionalName(name: string, script: 'tw' | 'hk' = 'tw'): string {
  const convert = toTraditional.get(script) ?? Converter({ from: 'cn', to: script });
  toTraditional.set(script, convert);
  return convert(name);
}

/** ASCII letters and digits in their full-width forms (Ａ-Ｚ, ０-９). */
export function fullWidth(text: string): string {
  return text.replace(/[!-~]/g, (c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0));
}

const LETTERS = 'ABCDEFGHJKLMNPQRSTWXYZ';

/** The county as a branch label names it (西湖区 -> 西湖, 连南瑶族自治县 -> 连南; a two-character county stays whole). */
export function countyShortName(region: Region): string {
  const short = region.name.replace(/^(.{2,}?)([^族]{1,4}族)+自治(县|旗)$/, '$1').replace(/(区|县|市|旗)$/, '');
  return short.length >= 2 ? short : region.name;
}

/** The hard variant of a firm's name (not for SHARED_TRADE_NAME and LOOKALIKE_NAME, which are the bare name and the look-alike's name). */
export function hardNameVariant(rng: Rng, parts: NameParts, kind: HardVariantKind, region: Region): string {
  const name = composeName(parts);
  switch (kind) {
    case 'TRADITIONAL': {
      const script = rng.chance(0.5) ? 'tw' : 'hk';
      const t = traditionalName(name, script);
      return t === name ? traditionalName(name, script === 'tw' ? 'hk' : 'tw') : t;
    }
    case 'FULL_WIDTH_NOISE': {
      const letters = Array.from({ length: rng.int(2, 3) }, () => rng.pick(LETTERS.split(''))).join('');
      const form = rng.int(0, 2);
      if (form === 0) return fullWidth(letters) + name;
      if (form === 1) return fullWidth(`${letters}${rng.int(1, 99)}`) + name;
      return `${name}（${fullWidth(letters)}）`;
    }
    case 'OTHER_LEGAL_FORM':
      return composeName({
        ...parts,
        suffix: parts.suffix === '股份有限公司' ? rng.pick(['有限公司', '有限责任公司']) : '股份有限公司',
      });
    case 'BRANCH':
      return `${name}${countyShortName(region)}分公司`;
    case 'BARE_TRADE_NAME':
    case 'SHARED_TRADE_NAME':
      return `${parts.brand}${parts.trade}`;
    case 'LOCATION_ONLY': {
      if (rng.chance(0.4)) return `${parts.brand}${parts.trade}`;
      // The trade word shortened (电子科技 -> 电子) or extended (机械 -> 机械科技).
      const trade = parts.trade.length >= 3 ? parts.trade.slice(0, 2) : `${parts.trade}科技`;
      return composeName({ ...parts, trade, bracketed: false });
    }
    case 'LOOKALIKE_NAME':
      return name;
  }
}

// ---------------------------------------------------------------------------------------------
// People

export interface Person {
  name: string;
  male: boolean;
}

export function drawPerson(rng: Rng): Person {
  const male = rng.chance(0.72); // small-firm owners are mostly men
  const pool = male ? MALE_GIVEN : FEMALE_GIVEN;
  const given = rng.chance(0.7) ? rng.pick(pool) + rng.pick(pool) : rng.pick(pool);
  return { name: rng.weighted(SURNAMES) + given, male };
}

export function drawMobile(rng: Rng): string {
  return rng.pick(PHONE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
}

// ---------------------------------------------------------------------------------------------
// Addresses

/** The administrative part of an address: 省 + 市 + 区/县 (municipalities say their name once). */
export function regionAddress(region: Region): string {
  const city = hasCity(region) ? region.city : '';
  const province = region.province === city ? '' : region.province;
  return `${province}${city}${region.name}`;
}

export function drawAddress(rng: Rng, region: Region): string {
  const street = `${rng.pick(ROADS)}${rng.int(1, 999)}号`;
  const room = rng.chance(0.45)
    ? `${rng.int(1, 12)}幢${rng.int(1, 20)}${String(rng.int(1, 20)).padStart(2, '0')}室`
    : '';
  return regionAddress(region) + street + room;
}

// ---------------------------------------------------------------------------------------------
// Business scope and authorities

export function businessScope(industryCode: string): string {
  const text = SCOPE[industryCode] ?? SCOPE[industryCode[0]] ?? '一般经营项目';
  return `一般项目：${text}（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）`;
}

/** The market-regulation bureau that registers firms of a county (登记机关). */
export function registryAuthority(region: Region): string {
  return `${localityName(region)}市场监督管理局`;
}

/** The competent tax office (主管税务机关). */
export function taxAuthority(region: Region): string {
  return `国家税务总局${localityName(region)}税务局`;
}

/** The basic-level people's court of a county. */
export function courtName(region: Region): string {
  return `${localityName(region)}人民法院`;
}
