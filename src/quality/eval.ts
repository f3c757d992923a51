/**
 * Scores stored findings against the generator's ground truth, at firm level: for each check,
 * the firms with a current (unresolved) finding against the firms the generator planted with
 * that problem. Pure functions; eval.cli.ts reads the files and the database.
 */
import type { Truth } from '../seed/truth';
import { CHECKS } from './checks';

export interface Score {
  code: string;
  planted: number;
  found: number;
  truePositives: number;
  precision: number;
  recall: number;
  /** A few firms of each kind of error, to look at. */
  missed: string[];
  falseAlarms: string[];
}

/** Precision and recall of `found` against `planted` (1 when there is nothing to get wrong). */
export function score(code: string, planted: ReadonlySet<string>, found: ReadonlySet<string>, examples = 5): Score {
  let tp = 0;
  for (const u of found) if (planted.has(u)) tp++;
  return {
    code,
    planted: planted.size,
    found: found.size,
    truePositives: tp,
    precision: found.size === 0 ? (planted.size === 0 ? 1 : 0) : tp / found.size,
    recall: planted.size === 0 ? 1 : tp / planted.size,
    missed: [...planted].filter((u) => !found.has(u)).slice(0, examples),
    falseAlarms: [...found].filter((u) => !planted.has(u)).slice(0, examples),
  };
}

/** The firms planted with what check `code` looks for (its `plantedAs`, else the code itself) in a truth file. */
export function plantedFirms(truth: Pick<Truth, 'problems'>, code: string): Set<string> {
  const problem = CHECKS.find((c) => c.code === code)?.plantedAs ?? code;
  const list = (truth.problems as Record<string, Array<{ uscc: string }> | undefined>)[problem] ?? [];
  return new Set(list.map((p) => p.uscc));
}

export function formatScores(scores: readonly Score[]): string {
  const width = Math.max(...scores.map((s) => s.code.length), 5);
  const head = `${'check'.padEnd(width)}  planted  found     TP  precision  recall`;
  const rows = scores.map(
    (s) =>
      `${s.code.padEnd(width)}  ${String(s.planted).padStart(7)}  ${String(s.found).padStart(5)}  ${String(s.truePositives).padStart(5)}  ` +
      `${s.precision.toFixed(3).padStart(9)}  ${s.recall.toFixed(3).padStart(6)}`,
  );
  return [head, ...rows].join('\n');
}
