/**
 * A firm's identity: what other firms' rows need to name it as a counterparty (USCC, name,
 * region, industry, size, taxpayer type, founding date), computed from (seed, serial) alone.
 * USCC, name, region, industry and size do not depend on asOf either; the founding and rename
 * dates are counted back from asOf (a firm is 1-20 years old at asOf).
 *
 * Serial numbers: portfolio firm i has serial i; firms outside the portfolio that appear as
 * counterparties (external buyers) and the supply chain's core enterprises have serials in their
 * own ranges, so every USCC and every brand in the synthetic world is distinct.
 */
import { INDUSTRIES, type Industry } from '../reference/industries';
import { REGIONS, type Region } from '../reference/regions';
import { type Day, type Month, dayOf, firstDay } from './calendar';
import { registrationNoOf, usccOf } from './codes';
import { type Fen, yuanToFen } from './money';
import {
  type EntityKind,
  type NameParts,
  brandOf,
  composeName,
  coreEnterpriseName,
  drawNameParts,
  formerNameParts,
} from './names';
import { Rng, Stream, Weighted } from './random';

export const MAX_PORTFOLIO = 1_000_000;
export const EXTERNAL_SERIAL_BASE = 2_000_000;
export const EXTERNAL_FIRMS = 5_000;
export const CORE_SERIAL_BASE = 3_000_000;

export type FirmSize = 'MICRO' | 'SMALL';
export type TaxpayerKind = 'GENERAL' | 'SMALL_SCALE';

export interface FirmIdentity {
  serial: number;
  uscc: string;
  name: string;
  nameParts: NameParts;
  /** Oldest first. */
  formerNames: string[];
  /** The day each former name stopped being used (same order as formerNames). */
  renamedOn: Day[];
  kind: EntityKind;
  region: Region;
  industry: Industry;
  size: FirmSize;
  taxpayer: TaxpayerKind;
  foundedOn: Day;
  /** The old 15-digit registration number, for some firms founded before the 2015 reform. */
  registrationNo: string | null;
  /** Typical monthly sales before seasonality and trend, in fen. */
  baseSales: Fen;
}

// Busy provinces carry most small firms (roughly their share of registered SMEs).
const PROVINCE_WEIGHTS: Record<string, number> = {
  '44': 14,
  '32': 11,
  '33': 10,
  '37': 9,
  '35': 5,
  '31': 5,
  '41': 5,
  '51': 4.5,
  '11': 4,
  '34': 3.5,
  '13': 3.5,
  '42': 3.5,
  '43': 3,
  '50': 2.5,
  '61': 2,
  '36': 2,
  '12': 1.5,
  '45': 1.5,
  '53': 1.5,
  '21': 1.5,
  '14': 1,
  '52': 1,
  '23': 0.7,
  '22': 0.6,
  '15': 0.6,
  '62': 0.5,
  '65': 0.5,
  '46': 0.5,
  '64': 0.2,
  '63': 0.15,
  '54': 0.1,
};

/** Counties weighted by province, and within a province urban districts over rural counties. */
const REGION_TABLE = (() => {
  const perProvince = new Map<string, number>();
  for (const r of REGIONS) perProvince.set(r.provinceCode, (perProvince.get(r.provinceCode) ?? 0) + 1);
  return new Weighted<Region>(
    REGIONS,
    REGIONS.map((r) => {
      const countyWeight = /区$/.test(r.name) ? 3 : /市$/.test(r.name) ? 2 : 1;
      return ((PROVINCE_WEIGHTS[r.provinceCode] ?? 0.1) * countyWeight) / (perProvince.get(r.provinceCode) ?? 1);
    }),
  );
})();

const INDUSTRY_WEIGHTS: Record<string, number> = {
  A0141: 1,
  A0151: 0.8,
  A0313: 0.8,
  A0412: 0.6,
  C1431: 1.5,
  C1810: 2.5,
  C2110: 1.5,
  C2231: 1.5,
  C2921: 1.5,
  C3311: 2,
  C3484: 3,
  C3670: 2,
  C3831: 1,
  C3981: 1.5,
  E4710: 2,
  E4813: 1,
  E4910: 1.5,
  E5011: 2.5,
  F5123: 3,
  F5131: 3,
  F5165: 4,
  F5174: 4,
  F5212: 3,
  F5292: 3,
  G5431: 3,
  H6110: 1,
  H6210: 3.5,
  I6513: 3,
  L7259: 2.5,
  O8010: 1.5,
  O8111: 2,
  P8391: 1.5,
};
const INDUSTRY_TABLE = new Weighted<Industry>(
  INDUSTRIES,
  INDUSTRIES.map((i) => INDUSTRY_WEIGHTS[i.code] ?? 1),
);

/** Classes where many firms are sole-proprietor shops (个体工商户). */
const SHOP_SHARE: Record<string, number> = {
  F5123: 0.3,
  F5212: 0.35,
  F5292: 0.2,
  H6210: 0.35,
  H6110: 0.2,
  O8010: 0.25,
  O8111: 0.3,
  F5174: 0.15,
  F5165: 0.1,
};

/** Years since founding: a few young firms, most 3-14 years old. */
const AGE_BANDS = Weighted.of<[number, number]>([
  [[1, 3], 10],
  [[3, 8], 35],
  [[8, 14], 35],
  [[14, 20], 20],
]);

const USCC_REFORM: Day = dayOf(2015, 10, 1);

/** The region is the first draw of the identity stream, so the plan can read it alone. */
function drawRegion(rng: Rng): Region {
  return rng.weighted(REGION_TABLE);
}

/** A firm's county code without building its whole identity (cheap; used to find neighbours). */
export function regionCodeOf(seed: number, serial: number): string {
  return drawRegion(Rng.stream(seed, serial, Stream.IDENTITY)).code;
}

function drawKind(rng: Rng, industry: Industry): EntityKind {
  if (industry.code[0] === 'A' && rng.chance(0.35)) return 'COOPERATIVE';
  if (rng.chance(SHOP_SHARE[industry.code] ?? 0.03)) return 'INDIVIDUAL_BUSINESS';
  return 'COMPANY';
}

function drawBaseSales(rng: Rng, kind: EntityKind, size: FirmSize): Fen {
  // Log-normal monthly sales, clamped to 100k-10M CNY.
  const [median, lo, hi] =
    kind === 'INDIVIDUAL_BUSINESS'
      ? [160_000, 100_000, 900_000]
      : size === 'MICRO'
        ? [380_000, 100_000, 3_000_000]
        : [2_000_000, 300_000, 10_000_000];
  const yuan = Math.min(hi, Math.max(lo, rng.logNormal(Math.log(median), 0.6)));
  return yuanToFen(Math.round(yuan / 100) * 100);
}

/** Firm identity from (seed, serial). Pure; cheap enough to call for every counterparty. */
export function firmIdentity(seed: number, serial: number, asOf: Month): FirmIdentity {
  const rng = Rng.stream(seed, serial, Stream.IDENTITY);
  const region = drawRegion(rng); // must stay the first draw: see regionCodeOf
  const industry = rng.weighted(INDUSTRY_TABLE);
  const kind = drawKind(rng, industry);
  const size: FirmSize = kind === 'COMPANY' && rng.chance(0.28) ? 'SMALL' : 'MICRO';
  const baseSales = drawBaseSales(rng, kind, size);
  // General taxpayers above 5M CNY a year must register; a few smaller ones opt in.
  const big = baseSales * 12 > 500_000_000;
  const taxpayer: TaxpayerKind = (big ? rng.chance(0.92) : rng.chance(0.15)) ? 'GENERAL' : 'SMALL_SCALE';
  const [minAge, maxAge] = rng.weighted(AGE_BANDS);
  const asOfStart = firstDay(asOf);
  const foundedOn = asOfStart - Math.round(rng.between(minAge, maxAge) * 365.25);
  const nameParts = drawNameParts(rng, kind, brandOf(serial, seed), region, industry.code);
  const formerNames: string[] = [];
  if (rng.chance(0.08)) {
    formerNames.push(composeName(formerNameParts(rng, nameParts)));
    if (rng.chance(0.15))
      formerNames.unshift(composeName({ ...formerNameParts(rng, nameParts), prefix: nameParts.prefix }));
    if (formerNames.length === 2 && formerNames[0] === formerNames[1]) formerNames.shift();
  }
  const renamedOn = drawRenames(rng, foundedOn, asOfStart, formerNames.length);
  const registrationNo = foundedOn < USCC_REFORM && rng.chance(0.6) ? registrationNoOf(serial, region.code) : null;
  const typeChar = kind === 'COMPANY' ? '1' : kind === 'INDIVIDUAL_BUSINESS' ? '2' : '3';
  return {
    serial,
    uscc: usccOf(serial, seed, typeChar, region.code),
    name: composeName(nameParts),
    nameParts,
    formerNames,
    renamedOn,
    kind,
    region,
    industry,
    size,
    taxpayer,
    foundedOn,
    registrationNo,
    baseSales,
  };
}

/** Rename days, ascending, spread over the firm's life (at least 90 days after founding). */
function drawRenames(rng: Rng, foundedOn: Day, asOfStart: Day, count: number): Day[] {
  const days: Day[] = [];
  for (let k = 0; k < count; k++) days.push(rng.int(foundedOn + 90, asOfStart - 1));
  return days.sort((a, b) => a - b);
}

/** The name a firm used on a day (former names before their rename day). */
export function nameAt(identity: FirmIdentity, day: Day): string {
  for (let k = 0; k < identity.renamedOn.length; k++) if (day < identity.renamedOn[k]) return identity.formerNames[k];
  return identity.name;
}

/** A small cache of identities, for counterparty look-ups within one chunk. */
export class IdentityCache {
  private readonly map = new Map<number, FirmIdentity>();
  /** `adjust`: the portfolio plan's changes to an identity (a look-alike's name: PortfolioPlan.adjustIdentity). */
  constructor(
    private readonly seed: number,
    private readonly asOf: Month,
    private readonly limit = 50_000,
    private readonly adjust: (id: FirmIdentity) => FirmIdentity = (id) => id,
  ) {}
  get(serial: number): FirmIdentity {
    let id = this.map.get(serial);
    if (!id) {
      if (this.map.size >= this.limit) this.map.clear();
      id = this.adjust(firmIdentity(this.seed, serial, this.asOf));
      this.map.set(serial, id);
    }
    return id;
  }
}

// ---------------------------------------------------------------------------------------------
// Core enterprises (核心企业): large buyers whose suppliers the supply-chain platform finances.

export const CORE_ENTERPRISES = 40;

export interface CoreEnterprise {
  serial: number;
  uscc: string;
  name: string;
  industryCode: string;
  rating: string;
  region: Region;
}

const CORE_INDUSTRIES = INDUSTRIES.filter((i) => /^(C|E|F51)/.test(i.code));
const CORE_RATINGS = Weighted.of<string>([
  ['AAA', 40],
  ['AA+', 35],
  ['AA', 20],
  ['AA-', 5],
]);

export function coreEnterprise(seed: number, k: number): CoreEnterprise {
  const serial = CORE_SERIAL_BASE + k;
  const rng = Rng.stream(seed, serial, Stream.CORE_ENTERPRISE);
  const region = rng.weighted(REGION_TABLE);
  const industry = rng.pick(CORE_INDUSTRIES);
  return {
    serial,
    uscc: usccOf(serial, seed, '1', region.code),
    name: coreEnterpriseName(brandOf(serial, seed), region, industry.code, rng),
    industryCode: industry.code,
    rating: rng.weighted(CORE_RATINGS),
    region,
  };
}
