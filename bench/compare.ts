/**
 * The benchmark's one comparison of answers (bench/expected.ts, bench/floor/check.ts,
 * bench/peer/check.ts): the first place two JSON-parsed bodies differ, key order included.
 */
export const show = (v: unknown) => (v === undefined ? '(absent)' : JSON.stringify(v));
const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

function differenceAt(a: unknown, b: unknown, at: string): string | null {
  if (kind(a) !== kind(b)) return `${at}: ${show(a)} vs ${show(b)}`;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const d = differenceAt(a[i], b[i], `${at}[${i}]`);
      if (d) return d;
    }
    return a.length === b.length
      ? null
      : `${at}: ${a.length} items vs ${b.length} items (next: ${show(a[b.length])} vs ${show(b[a.length])})`;
  }
  if (kind(a) === 'object') {
    const x = a as Record<string, unknown>;
    const y = b as Record<string, unknown>;
    const kx = Object.keys(x);
    const ky = Object.keys(y);
    for (let i = 0; i < Math.max(kx.length, ky.length); i++) {
      if (kx[i] !== ky[i])
        return `${at}: key ${i + 1} is ${show(kx[i])} vs ${show(ky[i])} (keys ${kx.join(', ')} vs ${ky.join(', ')})`;
      const d = differenceAt(x[kx[i]], y[ky[i]], `${at}.${kx[i]}`);
      if (d) return d;
    }
    return null;
  }
  return a === b || (typeof a === 'string' && typeof b === 'string' && splitCharacters(b, a) !== null)
    ? null
    : `${at}: ${show(a)} vs ${show(b)}`;
}

/**
 * How many characters of `want` arrive in `got` split by the load generator, or null when `got`
 * differs otherwise. autocannon (8 and 9) appends each chunk of a response to a string on its own
 * (`body += chunk`), so a character whose UTF-8 bytes straddle two chunks arrives as two to four
 * U+FFFD: such a body is the right one with that character unreadable, not a wrong answer.
 */
export function splitCharacters(got: string, want: string): number | null {
  let i = 0;
  let j = 0;
  let splits = 0;
  for (;;) {
    const k = got.indexOf('\uFFFD', i);
    const end = k < 0 ? got.length : k;
    if (got.slice(i, end) !== want.slice(j, j + end - i)) return null;
    j += end - i;
    if (k < 0) return j === want.length ? splits : null;
    let e = k;
    while (got.charCodeAt(e) === 0xfffd) e++;
    const cp = want.codePointAt(j);
    if (cp === undefined || cp < 0x80 || cp === 0xfffd || e - k < 2 || e - k > 4) return null;
    j += cp > 0xffff ? 2 : 1;
    i = e;
    splits++;
  }
}

/** The first difference between two JSON-parsed bodies, key order included (path, then a's and b's value), or null when equal. */
export function firstDifference(a: unknown, b: unknown): string | null {
  return differenceAt(a, b, '$');
}
