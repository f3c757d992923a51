/**
 * The values of next-tier.ts's changes: the grid an indicator's values live on (its domain: a
 * step, bounds, or the tax grades) and how a value reads in a sentence (percent, sign, unit).
 */

export interface Domain {
  min?: number;
  max?: number;
  /** Values are multiples of this (indicators keep 4 decimals). */
  step: number;
  /** Only these values (a grade), when set. */
  values?: number[];
}

const GRADE_UNIT = 'grade A-D (M for new firms)';
const GRADES: ReadonlyMap<number, string> = new Map([
  [0, 'D'],
  [1, 'C'],
  [2.5, 'M'],
  [3, 'B'],
  [4, 'A'],
]);

export function domainOf(unit: string): Domain {
  if (unit === GRADE_UNIT) return { step: 0.5, values: [0, 1, 3, 4] };
  if (unit === 'instalments late or unpaid' || unit === 'changes') return { min: 0, step: 1 };
  if (unit === 'share of bills') return { min: 0, max: 1, step: 1e-4 };
  if (unit.startsWith('change')) return { min: -1, step: 1e-4 };
  return { step: 1e-4 };
}

export interface Format {
  /** Decimals shown (of the percent when `percent`). */
  decimals: number;
  percent?: boolean;
  signed?: boolean;
  suffix: string;
  grade?: boolean;
}

export function formatOf(unit: string): Format {
  if (unit === GRADE_UNIT) return { decimals: 1, suffix: '', grade: true };
  if (unit.startsWith('share of ')) return { decimals: 2, percent: true, suffix: ` ${unit.slice('share '.length)}` };
  if (unit.startsWith('change')) return { decimals: 2, percent: true, signed: true, suffix: '' };
  if (unit === 'coefficient of variation') return { decimals: 2, percent: true, suffix: ' of their mean' };
  if (unit === 'annual interest rate') return { decimals: 2, percent: true, suffix: ' a year' };
  if (unit === 'instalments late or unpaid' || unit === 'changes') return { decimals: 0, suffix: ` ${unit}` };
  if (unit === 'years') return { decimals: 1, suffix: ' years' };
  return { decimals: 2, suffix: ` ${unit}` };
}

/** x shown with `decimals` decimals (trailing zeros dropped), rounded half-up, up or down. */
export function shown(x: number, f: Format, decimals: number, mode: 'round' | 'up' | 'down'): string {
  if (f.grade && GRADES.has(x)) return GRADES.get(x)!;
  const v = f.percent ? x * 100 : x;
  const scale = 10 ** decimals;
  // Snap away the binary noise (0.1 + 0.2) before rounding in a direction.
  const scaled = Number((v * scale).toPrecision(12));
  const r = (mode === 'up' ? Math.ceil(scaled) : mode === 'down' ? Math.floor(scaled) : Math.round(scaled)) / scale;
  const text = String(Number(r.toFixed(decimals)));
  const signed = f.signed && r > 0 ? `+${text}` : text === '-0' ? '0' : text;
  return `${signed}${f.percent ? '%' : ''}`;
}

/** The current and target values, with enough decimals (up to 4 more) to tell them apart, and the decimals used. */
export function shownPair(from: number, to: number, f: Format, toward: 'up' | 'down'): [string, string, number] {
  for (let d = f.decimals; ; d++) {
    const a = shown(from, f, d, 'round');
    const b = shown(to, f, d, toward);
    if (a !== b || d >= f.decimals + 4) return [a, b, d];
  }
}
