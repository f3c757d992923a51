/**
 * Money is computed in integer fen (1/100 CNY) held in ordinary numbers (exact up to 2^53 fen,
 * about 90 trillion CNY) and written as decimal strings ("1234.50"); a float never reaches the
 * database. Floats appear only while drawing a quantity, and are rounded to fen at once.
 */

export type Fen = number;

/** Rounds a float amount in yuan to fen. */
export function yuanToFen(yuan: number): Fen {
  return Math.round(yuan * 100);
}

/** Rounds a float number of fen (e.g. amount * rate) to whole fen. */
export function roundFen(fen: number): Fen {
  return Math.round(fen);
}

/** `1234.05` from 123405 fen; negative amounts keep their sign. */
export function formatFen(fen: Fen): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`money must be a whole number of fen, got ${fen}`);
  const negative = fen < 0;
  const abs = negative ? -fen : fen;
  const cents = abs % 100;
  const text = `${(abs - cents) / 100}.${cents < 10 ? '0' + cents : cents}`;
  return negative ? '-' + text : text;
}

/**
 * Splits `total` fen into parts proportional to `weights`, each a whole number of fen, summing
 * exactly to `total` (the rounding remainder goes to the largest part).
 */
export function splitFen(total: Fen, weights: readonly number[]): Fen[] {
  let sum = 0;
  for (const w of weights) sum += w;
  const parts = weights.map((w) => Math.floor((total * w) / sum));
  let rest = total;
  let largest = 0;
  for (let k = 0; k < parts.length; k++) {
    rest -= parts[k];
    if (parts[k] > parts[largest]) largest = k;
  }
  parts[largest] += rest;
  return parts;
}

/** A ratio in basis points (1/10000) as numeric(7,4) text: 2500 -> "0.2500". */
export function formatBasisPoints(bp: number): string {
  const whole = Math.floor(bp / 10000);
  const frac = String(bp % 10000).padStart(4, '0');
  return `${whole}.${frac}`;
}
