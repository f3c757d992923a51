/**
 * The scored comparison of a record with a candidate firm (Fellegi-Sunter, as Splink does it):
 * each comparison puts the pair on one level, each level has a match weight log2(m / u) from
 * resolution.config.ts, and the weights add up with the prior's. Every part says which level it
 * took, its weight, and the values compared, so a reviewer can see why a pair scored as it did.
 * Pure functions.
 */
import { distance } from 'fastest-levenshtein';
import { type ParsedName, extendedCore, parseName, regionsAgree, sharedCore, unifyCharacters } from './normalize';
import { type Comparison, RESOLUTION_CONFIG, type ResolutionConfig } from './resolution.config';

/** What is known about one side of a pair; a record from a source knows little, a firm a lot. */
export interface MatchProfile {
  /** The current name first, then former names. */
  names: ParsedName[];
  /** Region words: those in the name for a record; the registered region's for a firm. */
  regionWords: string[];
  /** USCC or 15-digit registration number, when the record carries one. */
  identifiers: string[];
  legalRepName?: string | null;
  legalRepIdNo?: string | null;
  address?: string | null;
  /** Shareholders' identifiers (USCC or ID number) or, lacking those, names. */
  shareholders?: string[];
  /** Firms the subject deals with (a record: its counterparty; a firm: its known counterparties). */
  counterparties?: string[];
  /** A record's court locality (the court's county); a firm's registered county. */
  locality?: string | null;
}

export interface ComparisonPart {
  comparison: Comparison;
  /** The level, or UNKNOWN when either side lacks the data (weight 0). */
  level: string;
  /** log2(m / u), rounded to 2 places. */
  weight: number;
  m: number | null;
  u: number | null;
  /** The values compared, in words. */
  detail: string;
}

export interface PairScore {
  /** Prior weight plus the parts' weights. */
  matchWeight: number;
  /** 2^w / (1 + 2^w). */
  probability: number;
  priorWeight: number;
  parts: ComparisonPart[];
}

export function log2Ratio(m: number, u: number): number {
  return Math.round(Math.log2(m / u) * 100) / 100;
}

export function similarity(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  return longer === 0 ? 1 : 1 - distance(a, b) / longer;
}

function part(config: ResolutionConfig, comparison: Comparison, level: string | null, detail: string): ComparisonPart {
  if (level === null) return { comparison, level: 'UNKNOWN', weight: 0, m: null, u: null, detail };
  const p = config.levels[comparison][level];
  if (!p) throw new Error(`resolution config has no level ${comparison}.${level}`);
  return { comparison, level, weight: log2Ratio(p.m, p.u), m: p.m, u: p.u, detail };
}

function compareIdentifiers(a: MatchProfile, b: MatchProfile, config: ResolutionConfig): ComparisonPart {
  if (a.identifiers.length === 0 || b.identifiers.length === 0)
    return part(config, 'IDENTIFIER', null, 'no identifier on one side');
  const same = a.identifiers.find((x) => b.identifiers.includes(x));
  if (same) return part(config, 'IDENTIFIER', 'SAME', `both carry ${same}`);
  return part(config, 'IDENTIFIER', 'DIFFERENT', `${a.identifiers.join('/')} vs ${b.identifiers.join('/')}`);
}

function compareNames(a: MatchProfile, b: MatchProfile, config: ResolutionConfig): ComparisonPart {
  const [aNow, ...aFormer] = a.names;
  const [bNow, ...bFormer] = b.names;
  if (!aNow || !bNow) return part(config, 'NAME', null, 'no name on one side');
  const names = `"${aNow.raw}" vs "${bNow.raw}"`;
  if (aNow.normalized === bNow.normalized)
    return part(config, 'NAME', 'EXACT', `${names}: equal once normalised (${aNow.normalized})`);
  const former =
    bFormer.find((f) => f.normalized === aNow.normalized) ?? aFormer.find((f) => f.normalized === bNow.normalized);
  if (former) return part(config, 'NAME', 'FORMER_NAME', `${names}: "${former.raw}" is a former name`);
  // Shared cores, current or former names: the longest wins.
  let core: string | null = null;
  for (const x of a.names)
    for (const y of b.names) {
      const c = sharedCore(x, y);
      if (c && (!core || c.length > core.length)) core = c;
    }
  if (core)
    return part(config, 'NAME', 'SAME_CORE', `${names}: same name "${core}" once region and legal form are set aside`);
  // One name extends the other (西湖电子 / 西湖电子科技): the same 字号, more or less of the trade word.
  let extended: [string, string] | null = null;
  for (const x of a.names)
    for (const y of b.names) {
      const e = extendedCore(x, y);
      if (e && (!extended || Math.min(e[0].length, e[1].length) > Math.min(extended[0].length, extended[1].length)))
        extended = e;
    }
  if (extended)
    return part(
      config,
      'NAME',
      'PARTIAL_CORE',
      `${names}: "${extended[0]}" and "${extended[1]}": one extends the other`,
    );
  let best = 0;
  let pair = '';
  for (const x of a.names)
    for (const y of b.names) {
      const s = similarity(x.cores[0] ?? x.normalized, y.cores[0] ?? y.normalized);
      if (s > best) [best, pair] = [s, `"${x.cores[0] ?? x.normalized}" ~ "${y.cores[0] ?? y.normalized}"`];
    }
  const pct = `${Math.round(best * 100)}%`;
  if (best >= config.similarCore)
    return part(
      config,
      'NAME',
      'SIMILAR_CORE',
      `${names}: ${pair} ${pct} similar (threshold ${Math.round(config.similarCore * 100)}%)`,
    );
  return part(config, 'NAME', 'DIFFERENT', `${names}: at most ${pct} similar`);
}

/**
 * Legal form and branch. 有限公司 and 有限责任公司 are one form (LIMITED); 股份有限公司 is another.
 * A branch (…分公司) is registered apart from its parent: a branch against its parent (or two
 * different branches) is level BRANCH. A name stating no legal form against one that does
 * (a bare trade name, 西湖电子) is UNSTATED: no weight, but it cannot be auto-linked.
 */
function compareLegalForms(a: MatchProfile, b: MatchProfile, config: ResolutionConfig): ComparisonPart {
  const [na, nb] = matchedNames(a, b);
  const x = na?.legalForm ?? null;
  const y = nb?.legalForm ?? null;
  const bx = na?.branch ?? null;
  const by = nb?.branch ?? null;
  if (x && y && x !== y) return part(config, 'LEGAL_FORM', 'DIFFERENT', `${x} vs ${y}`);
  if (!sameBranch(bx, by))
    return part(
      config,
      'LEGAL_FORM',
      'BRANCH',
      `${bx ? `branch ${bx}` : 'not a branch'} vs ${by ? `branch ${by}` : 'not a branch'}`,
    );
  if (x && y) return part(config, 'LEGAL_FORM', 'SAME', bx ? `${x}, both branch ${bx}` : `${x} vs ${y}`);
  if (x || y)
    return {
      comparison: 'LEGAL_FORM',
      level: 'UNSTATED',
      weight: 0,
      m: null,
      u: null,
      detail: `${x ?? 'no legal form'} vs ${y ?? 'no legal form'}: stated on one side only`,
    };
  return part(config, 'LEGAL_FORM', null, 'legal form stated on neither side');
}

/**
 * The two names the record's name is about: a pair equal once normalised, else the pair sharing
 * the longest core, else the current names. A firm that became a 股份有限公司 is still the firm
 * its former 有限公司 name named.
 */
function matchedNames(a: MatchProfile, b: MatchProfile): [ParsedName | undefined, ParsedName | undefined] {
  let best: [ParsedName, ParsedName] | undefined;
  let bestLength = 0;
  for (const x of a.names) {
    for (const y of b.names) {
      if (x.normalized === y.normalized) return [x, y];
      const core = sharedCore(x, y);
      if (core && core.length > bestLength) [best, bestLength] = [[x, y], core.length];
    }
  }
  return best ?? [a.names[0], b.names[0]];
}

/** Both not branches, or the same branch (a label that ends the other: 滨江分公司 / 分公司). */
function sameBranch(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return a === b || a.endsWith(b) || b.endsWith(a);
}

function compareRegions(a: MatchProfile, b: MatchProfile, config: ResolutionConfig): ComparisonPart {
  const agree = regionsAgree(a.regionWords, b.regionWords);
  const detail = `${a.regionWords.join('/') || '-'} vs ${b.regionWords.join('/') || '-'}`;
  if (agree === null) return part(config, 'REGION', null, `${detail}: no region on one side`);
  return part(config, 'REGION', agree ? 'SAME' : 'DIFFERENT', detail);
}

function compareContext(a: MatchProfile, b: MatchProfile, config: ResolutionConfig): ComparisonPart {
  const shared = a.counterparties?.find((c) => b.counterparties?.includes(c));
  if (shared) return part(config, 'CONTEXT', 'KNOWN_COUNTERPARTY', `both deal with ${shared}`);
  if (a.locality && b.locality && a.locality === b.locality)
    return part(config, 'CONTEXT', 'SAME_LOCALITY', `both in ${a.locality}`);
  const known = (a.counterparties?.length && b.counterparties !== undefined) || (a.locality && b.locality);
  if (known) {
    const what = a.counterparties?.length
      ? `counterparty ${a.counterparties.join('/')} not among the firm's`
      : `${a.locality} vs ${b.locality}`;
    return part(config, 'CONTEXT', 'UNRELATED', what);
  }
  return part(config, 'CONTEXT', null, 'no counterparty or locality to compare');
}

function compareLegalReps(a: MatchProfile, b: MatchProfile, config: ResolutionConfig): ComparisonPart {
  if (a.legalRepIdNo && b.legalRepIdNo && a.legalRepIdNo === b.legalRepIdNo)
    return part(config, 'LEGAL_REP', 'SAME_ID', 'same legal representative ID number');
  if (!a.legalRepName || !b.legalRepName)
    return part(config, 'LEGAL_REP', null, 'legal representative unknown on one side');
  if (a.legalRepName === b.legalRepName) return part(config, 'LEGAL_REP', 'SAME_NAME', `both ${a.legalRepName}`);
  return part(config, 'LEGAL_REP', 'DIFFERENT', `${a.legalRepName} vs ${b.legalRepName}`);
}

function compareAddresses(a: MatchProfile, b: MatchProfile, config: ResolutionConfig): ComparisonPart {
  if (!a.address || !b.address) return part(config, 'ADDRESS', null, 'address unknown on one side');
  const x = unifyCharacters(a.address);
  const y = unifyCharacters(b.address);
  if (x === y) return part(config, 'ADDRESS', 'SAME', x);
  const s = similarity(x, y);
  return part(
    config,
    'ADDRESS',
    s >= config.similarAddress ? 'SIMILAR' : 'DIFFERENT',
    `"${a.address}" vs "${b.address}": ${Math.round(s * 100)}% similar`,
  );
}

function compareShareholders(a: MatchProfile, b: MatchProfile, config: ResolutionConfig): ComparisonPart {
  if (!a.shareholders?.length || !b.shareholders?.length)
    return part(config, 'SHAREHOLDERS', null, 'shareholders unknown on one side');
  const shared = a.shareholders.filter((h) => b.shareholders!.includes(h)).length;
  const jaccard = shared / new Set([...a.shareholders, ...b.shareholders]).size;
  const level = jaccard >= 0.5 ? 'MOSTLY_SAME' : shared > 0 ? 'SOME_SAME' : 'NONE_SAME';
  return part(
    config,
    'SHAREHOLDERS',
    level,
    `${shared} shared of ${a.shareholders.length} and ${b.shareholders.length}`,
  );
}

const COMPARISONS = [
  compareIdentifiers,
  compareNames,
  compareLegalForms,
  compareRegions,
  compareContext,
  compareLegalReps,
  compareAddresses,
  compareShareholders,
];

export function scorePair(a: MatchProfile, b: MatchProfile, config: ResolutionConfig = RESOLUTION_CONFIG): PairScore {
  const parts = COMPARISONS.map((c) => c(a, b, config));
  const priorWeight = log2Ratio(config.prior, 1 - config.prior);
  const matchWeight = Math.round((priorWeight + parts.reduce((s, p) => s + p.weight, 0)) * 100) / 100;
  const odds = 2 ** matchWeight;
  return { matchWeight, probability: Number.isFinite(odds) ? odds / (1 + odds) : 1, priorWeight, parts };
}

/** Comparisons of evidence beyond the name: where the record was made, who it deals with, people, address. */
export const CONTEXT_COMPARISONS: readonly Comparison[] = ['CONTEXT', 'LEGAL_REP', 'ADDRESS', 'SHAREHOLDERS'];

/**
 * What the identifier and the name say on their own: the match weight without the context
 * comparisons (CONTEXT_COMPARISONS), its probability, and what the context added.
 */
export function nameAlone(score: PairScore): { matchWeight: number; probability: number; contextWeight: number } {
  const contextWeight =
    Math.round(
      score.parts.filter((p) => CONTEXT_COMPARISONS.includes(p.comparison)).reduce((s, p) => s + p.weight, 0) * 100,
    ) / 100;
  const matchWeight = Math.round((score.matchWeight - contextWeight) * 100) / 100;
  const odds = 2 ** matchWeight;
  return { matchWeight, probability: Number.isFinite(odds) ? odds / (1 + odds) : 1, contextWeight };
}

/** A profile from bare names (tests, and records that carry nothing else). */
export function profileOf(names: string[], extra: Omit<Partial<MatchProfile>, 'names'> = {}): MatchProfile {
  const parsed = names.map(parseName);
  return { names: parsed, regionWords: parsed[0]?.regions ?? [], identifiers: [], ...extra };
}
