/**
 * Exact money arithmetic on the Money scalar's decimal strings: amounts become BigInt fen
 * (1/100 CNY) for comparison and come back as strings with two decimals. No float is involved.
 */

const DECIMAL_RE = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

/** `"500000.01"` -> 50000001n; throws a RangeError naming the text when it is not a decimal with at most 2 decimals. */
export function toFen(amount: string): bigint {
  const m = DECIMAL_RE.exec(amount.trim());
  if (!m) throw new RangeError(`"${amount}" is not an amount in CNY with at most 2 decimals`);
  const fen = BigInt(m[2]) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -fen : fen;
}

/** 50000001n -> `"500000.01"`. */
export function fenToString(fen: bigint): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const text = `${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

/** The amount with exactly two decimals: `"500000"` -> `"500000.00"`. */
export function normalizeMoney(amount: string): string {
  return fenToString(toFen(amount));
}
