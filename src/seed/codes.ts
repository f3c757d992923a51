/**
 * Identifiers of the synthetic world, each unique by construction: built from the owning firm's
 * serial number and a per-firm sequence (never from a global counter), so any chunk can make
 * them without knowing what other chunks made.
 */
import { USCC_CHARSET, buildUscc } from '../lib/uscc';
import { idCardCheckChar } from '../lib/id-card';
import { type Day, civilOf, formatDay } from './calendar';
import { hashInts } from './random';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * A bijection of [0, 10^digits) that makes consecutive serials look unrelated (7919 is prime
 * and coprime to 10, so multiplying by it permutes the residues).
 */
function scramble(x: number, digits: number): number {
  const space = 10 ** digits;
  if (x < 0 || x >= space) throw new RangeError(`${x} does not fit in ${digits} digits`);
  return (((x * 7_919) % space) + 1_234_577) % space;
}

const ORG_SPACE = 31 ** 8; // organisation-code bodies over the USCC charset
const ORG_MULTIPLIER = 1_000_000_007; // prime, so coprime to 31^8: the map below is a bijection

/**
 * The 8-character organisation-code body of a serial: an affine bijection of [0, 31^8), so
 * distinct serials get distinct bodies (hence distinct USCCs) while looking random.
 */
export function orgBodyOf(serial: number, seed: number): string {
  const offset = hashInts(seed, 0x05cc) % ORG_SPACE;
  // serial < 2^22 and the multiplier < 2^30 keep the product exact in a double.
  let x = (((serial * ORG_MULTIPLIER) % ORG_SPACE) + offset) % ORG_SPACE;
  let body = '';
  for (let k = 0; k < 8; k++) {
    body = USCC_CHARSET[x % 31] + body;
    x = Math.floor(x / 31);
  }
  return body;
}

/** USCC of a market entity: 9 (market regulation), type 1/2/3, county code, org body. */
export function usccOf(serial: number, seed: number, entityType: '1' | '2' | '3', regionCode: string): string {
  return buildUscc('9', entityType, regionCode, orgBodyOf(serial, seed));
}

/** ISO 7064 MOD 11,10 check digit of the old 15-digit registration number (注册号). */
export function registrationCheckDigit(body14: string): string {
  let p = 10;
  for (let k = 0; k < 14; k++) {
    let s = (p + Number(body14[k])) % 10;
    if (s === 0) s = 10;
    p = (s * 2) % 11;
  }
  return String((11 - p) % 10);
}

export function isValidRegistrationNo(no: string): boolean {
  return /^\d{15}$/.test(no) && registrationCheckDigit(no.slice(0, 14)) === no[14];
}

/** A 15-digit registration number: county code, 8-digit sequence (a bijection of the serial), check. */
export function registrationNoOf(serial: number, regionCode: string): string {
  const seq = (serial * 7_919 + 1_234_567) % 100_000_000;
  const body = regionCode + pad(seq, 8);
  return body + registrationCheckDigit(body);
}

/** An 18-character resident ID: birthplace county, birth date, sequence (odd for men), check. */
export function idCardNo(regionCode: string, birth: Day, seq: number, male: boolean): string {
  const [y, m, d] = civilOf(birth);
  const order = (seq % 500) * 2 + (male ? 1 : 0);
  const body = `${regionCode}${y}${pad(m, 2)}${pad(d, 2)}${pad(order, 3)}`;
  return body + idCardCheckChar(body);
}

/** Luhn check digit, as banks put on account numbers. */
function luhn(digits: string): string {
  let sum = 0;
  let double = true;
  for (let k = digits.length - 1; k >= 0; k--) {
    let v = Number(digits[k]);
    if (double) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
    double = !double;
  }
  return String((10 - (sum % 10)) % 10);
}

/** A 19-digit corporate account number at the bank's branch in the firm's city. */
export function accountNoOf(serial: number, seq: number, regionCode: string): string {
  const body = `${regionCode.slice(0, 4)}0${pad((serial * 37) % 1000, 3)}${pad(scramble(serial, 8), 8)}${pad(seq, 2)}`;
  return body + luhn(body);
}

export function loanContractNo(serial: number, seq: number, startYear: number, regionCode: string): string {
  return `JK${startYear}${regionCode.slice(0, 4)}${pad(scramble(serial, 7), 7)}${pad(seq, 2)}`;
}

/**
 * Paper-era VAT invoice code (10 digits, special) or electronic ordinary invoice code (12
 * digits). The code carries 3 digits of the seller's serial and the number the rest, so a
 * (code, number) pair is unique per (seller, year, kind, sequence).
 */
export function invoiceCodeOf(serial: number, regionCode: string, year: number, special: boolean): string {
  const yy = pad(year % 100, 2);
  const block = pad(serial % 1000, 3);
  return special ? `${regionCode.slice(0, 4)}${yy}${block}1` : `0${regionCode.slice(0, 4)}${yy}${block}11`;
}

/**
 * Eight-digit invoice number within a code: seller serial / 1000, then the firm's running number
 * for the year from a firm-specific start. Numbers run in sequence within a code, as printed
 * invoice rolls do (which also keeps the code+number index's inserts close together).
 */
export function invoiceNumberOf(serial: number, seq: number): string {
  if (seq >= 50_000) throw new RangeError(`invoice sequence ${seq} overflows a year`);
  const start = (serial * 7_919) % 50_000;
  return pad(Math.floor(serial / 1000) * 100_000 + start + seq, 8);
}

/** A fully digital invoice (数电票) number: 20 digits, no code. */
export function digitalInvoiceNumber(serial: number, seq: number, regionCode: string, year: number): string {
  return `${pad(year % 100, 2)}${regionCode.slice(0, 2)}0${pad(scramble(serial, 7), 7)}${pad(scramble(seq, 8), 8)}`;
}

export function orderNoOf(serial: number, seq: number, year: number): string {
  return `PO${year}${pad(scramble(serial, 7), 7)}${pad(seq, 4)}`;
}

export function receivableNoOf(serial: number, seq: number, year: number): string {
  return `AR${year}${pad(scramble(serial, 7), 7)}${pad(seq, 4)}`;
}

/** A pledge registration number (中登网 style, 20 digits): date, serial, sequence. */
export function pledgeRegistrationNo(serial: number, seq: number, on: Day): string {
  return `${formatDay(on).replace(/-/g, '')}${pad(scramble(serial, 7), 7)}${pad(seq, 5)}`;
}

/** Case-number abbreviations of the provinces (as courts write them: 内 for 内蒙古, 黔, 滇->云). */
export const PROVINCE_CASE_ABBR: Record<string, string> = {
  '11': '京',
  '12': '津',
  '13': '冀',
  '14': '晋',
  '15': '内',
  '21': '辽',
  '22': '吉',
  '23': '黑',
  '31': '沪',
  '32': '苏',
  '33': '浙',
  '34': '皖',
  '35': '闽',
  '36': '赣',
  '37': '鲁',
  '41': '豫',
  '42': '鄂',
  '43': '湘',
  '44': '粤',
  '45': '桂',
  '46': '琼',
  '50': '渝',
  '51': '川',
  '52': '黔',
  '53': '云',
  '54': '藏',
  '61': '陕',
  '62': '甘',
  '63': '青',
  '64': '宁',
  '65': '新',
};

/** Case numbers per firm the numbering leaves room for. */
export const CASES_PER_FIRM = 10;

/**
 * The serial part of a case number: a bijection of (firm serial, case k) over a power of ten
 * large enough for the portfolio (5 digits for a few thousand firms, 6-7 for more).
 */
export function caseSerial(serial: number, k: number, portfolioSize: number): number {
  const space = 10 ** Math.max(4, Math.ceil(Math.log10(CASES_PER_FIRM * Math.max(portfolioSize, 2500))));
  return (((serial * CASES_PER_FIRM + k) * 7_919 + 17) % space) + 1;
}

/** `(2024)浙0102民初1234号`: year, province abbreviation + county digits, case type, serial. */
export function caseNo(year: number, regionCode: string, type: '民初' | '执', serial: number): string {
  const abbr = PROVINCE_CASE_ABBR[regionCode.slice(0, 2)] ?? '';
  return `(${year})${abbr}${regionCode.slice(2)}${type}${serial}号`;
}
