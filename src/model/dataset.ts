/**
 * The data the default model is fitted on: observations (one per borrower and observation
 * point), each with a 0/1 label and its feature values by name, and the ways to split them into
 * a development (training) and a validation sample.
 *
 * Feature values:
 * - a numeric feature takes a finite `number`, `null` (missing: one "missing" bin of its own) or
 *   a string special code such as "NOT_APPLICABLE" (each code gets a bin of its own);
 * - a categorical feature takes a string level or `null` (missing).
 *
 * The label is 1 for the event (default, bankruptcy, charge-off: a "bad") and 0 otherwise (a
 * "good"). Nothing here does I/O: file-dataset.ts reads files, the database code builds
 * observations from its own queries.
 *
 * Split helpers (all deterministic, no randomness):
 * - `splitBy(dataset, isTraining)`: any predicate on the observation and its index;
 * - `splitClassAlternate`: within each class, observations in order are numbered 0, 1, 2, …;
 *   even numbers go to training and odd ones to validation (half of each class on each side);
 * - `splitLast(dataset, fraction)`: the last `fraction` of the observations (in their order, e.g.
 *   by time) is the validation sample: an out-of-time split;
 * - `foldsOf(rows, k)`: stratified fold numbers for k-fold cross-validation inside the
 *   training sample (within each class the i-th observation goes to fold i mod k; with `group`s,
 *   whole groups go to one fold).
 */

export type FeatureValue = number | string | null;
export type FeatureKind = 'numeric' | 'categorical';

export interface FeatureSpec {
  name: string;
  kind: FeatureKind;
}

export type FeatureRow = Readonly<Record<string, FeatureValue>>;

export interface Observation {
  /** 1 = the event (a default, a "bad"); 0 = no event (a "good"). */
  label: 0 | 1;
  /** Values by feature name; a feature absent from the record counts as missing (null). */
  values: FeatureRow;
  /** Optional identifier (a firm and observation date, a file line), carried through for reports. */
  id?: string;
  /**
   * Optional group (the borrower, when one borrower has several observation points): rows of one
   * group always fall in the same cross-validation fold, so a held-out fold never shares a
   * borrower with the rows it was fitted on.
   */
  group?: string;
}

export interface Dataset {
  features: FeatureSpec[];
  rows: Observation[];
}

export interface Split {
  train: Dataset;
  validation: Dataset;
}

/** Rows for which `isTraining` is true go to training, the rest to validation. */
export function splitBy(data: Dataset, isTraining: (row: Observation, index: number) => boolean): Split {
  const train: Observation[] = [];
  const validation: Observation[] = [];
  data.rows.forEach((row, i) => (isTraining(row, i) ? train : validation).push(row));
  return { train: { features: data.features, rows: train }, validation: { features: data.features, rows: validation } };
}

/** Within each class, in order: even-numbered observations train, odd-numbered validate. */
export function splitClassAlternate(data: Dataset): Split {
  const seen = [0, 0];
  const training = data.rows.map((row) => seen[row.label]++ % 2 === 0);
  return splitBy(data, (_, i) => training[i]);
}

/** The last `fraction` (0 < fraction < 1) of the observations, in order, is the validation sample. */
export function splitLast(data: Dataset, fraction: number): Split {
  if (!(fraction > 0 && fraction < 1))
    throw new RangeError(`the validation fraction must be between 0 and 1 (exclusive), got ${fraction}`);
  const nTrain = data.rows.length - Math.round(data.rows.length * fraction);
  return splitBy(data, (_, i) => i < nTrain);
}

/**
 * Fold number (0..k-1) of each observation. Without groups: stratified by class, in order, the
 * i-th row of a class to fold i mod k. With groups (any row has `group`): whole groups, numbered
 * in order of first appearance separately among the groups with an event and those without, the
 * i-th of each kind to fold i mod k (a row without a group is a group of its own).
 */
export function foldsOf(rows: readonly Observation[], k: number): Int32Array {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`folds must be an integer >= 2, got ${k}`);
  const folds = new Int32Array(rows.length);
  if (!rows.some((r) => r.group !== undefined)) {
    const seen = [0, 0];
    rows.forEach((row, i) => {
      folds[i] = seen[row.label]++ % k;
    });
    return folds;
  }
  const key = (row: Observation, i: number) => (row.group !== undefined ? `g:${row.group}` : `r:${i}`);
  const hasEvent = new Set<string>();
  rows.forEach((row, i) => {
    if (row.label === 1) hasEvent.add(key(row, i));
  });
  const fold = new Map<string, number>();
  const seen = [0, 0];
  rows.forEach((row, i) => {
    const g = key(row, i);
    let f = fold.get(g);
    if (f === undefined) {
      f = seen[hasEvent.has(g) ? 1 : 0]++ % k;
      fold.set(g, f);
    }
    folds[i] = f;
  });
  return folds;
}

/** The values of one feature, in row order (absent = null). */
export function columnOf(rows: readonly Observation[], feature: string): FeatureValue[] {
  return rows.map((r) => r.values[feature] ?? null);
}

/** Labels as a typed array. */
export function labelsOf(rows: readonly Observation[]): Uint8Array {
  const out = new Uint8Array(rows.length);
  rows.forEach((r, i) => {
    out[i] = r.label;
  });
  return out;
}

/** Count of rows and events. */
export function summarise(rows: readonly Observation[]): { rows: number; events: number; eventRate: number } {
  let events = 0;
  for (const r of rows) events += r.label;
  return { rows: rows.length, events, eventRate: rows.length ? events / rows.length : NaN };
}
