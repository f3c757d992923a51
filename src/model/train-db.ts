/**
 * Database mode of `npm run train`: the default model fitted on the platform's own records.
 *
 * 1. Observation points (observations.ts): at every `step`-th month end from `from` to `to`, the
 *    borrowers the bank was exposed to and not in default, labelled by a default in the next 12
 *    months. `to` defaults to 12 months before the data's as-of month (the last date whose
 *    outcomes are all known), `from` to a year after the records start (a year of history).
 * 2. Inputs as of each point (inputs.ts): the facts known on that day (facts.repository.ts),
 *    every indicator, the sector.
 * 3. The latest `validationMonths` months of dates are the out-of-time validation window; the
 *    fit (binning, selection, coefficients) and the tier bands see only the earlier ones.
 * 4. The report: AUC, KS, Gini, IV per input, calibration by decile, PSI development ->
 *    validation, default rates by tier on both windows, and the hand-weighted index the model
 *    replaces, measured on the same validation points. With the generator's truth file
 *    (`--truth`), also the generator's own PD on those points: the best any model could rank,
 *    and the share of its lift over chance the model captures.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { loadConfig } from '../config';
import { type Database, openDatabase } from '../db/database';
import { UsageError } from '../lib/cli';
import { loadFacts } from '../health/facts.repository';
import { handWeightedScore } from '../health/hand-index';
import { portfolioAsOf } from '../quality/as-of';
import { addMonths, monthIndex } from '../quality/months';
import type { Truth } from '../seed/truth';
import type { Dataset, Observation } from './dataset';
import { MODEL_INPUTS, modelInputs } from './inputs';
import { auc } from './metrics';
import { type ModelDocument, type TierReport, chooseTiers, strictlyIncreasing, tierTable } from './model';
import { observationDates, observationPoints } from './observations';
import { buildReport, formatReport } from './report';
import { activateModel, saveModel } from './model.repository';
import { DEFAULT_SCORECARD, fitScorecard, scorePds, type ScorecardOptions } from './scorecard';

export interface DbTrainingOptions {
  /** Inputs never used. */
  exclude?: string[];
  from?: string;
  to?: string;
  step: number;
  validationMonths: number;
  scorecard: Partial<ScorecardOptions>;
  /** The generator's truth file: adds the oracle's AUC and the captured lift to the report. */
  truth?: Truth;
  chunk: number;
  onProgress?: (done: number, total: number) => void;
  /** The training day (for the version), `YYYY-MM-DD`. */
  today: string;
}

export interface Baselines {
  /** AUC of the hand-weighted index on the validation points (its score's inverse as the risk). */
  handWeightedIndexAuc: number;
  /** AUC of the generator's own PD on the validation points, and the share of its lift the model captures. */
  oracleAuc?: number;
  capturedLift?: number;
}

export interface DbTrainingResult {
  doc: ModelDocument;
  baselines: Baselines;
  development: Dataset;
  validation: Dataset;
}

export async function trainOnDatabase(db: Database, options: DbTrainingOptions): Promise<DbTrainingResult> {
  const unknown = (options.exclude ?? []).filter((x) => !MODEL_INPUTS.some((i) => i.name === x));
  if (unknown.length)
    throw new RangeError(
      `--exclude names no input: ${unknown.join(', ')} (inputs: ${MODEL_INPUTS.map((i) => i.name).join(', ')})`,
    );
  const inputs = MODEL_INPUTS.filter((i) => !options.exclude?.includes(i.name));
  const dataAsOf = await portfolioAsOf(db);
  const { rows: first } = await db.query<{ month: string | null }>(
    'SELECT min(month) AS month FROM bank.account_month',
  );
  if (!first[0].month)
    throw new RangeError('the database holds no bank records: nothing to train on (seed or import a portfolio first)');
  const from = options.from ?? addMonths(first[0].month, 12);
  const to = options.to ?? addMonths(dataAsOf.month, -12);
  if (from > to)
    throw new RangeError(
      `no observation dates: --from ${from} is after --to ${to} (the records run ${first[0].month} to ${dataAsOf.month}; outcomes need 12 months after a date)`,
    );
  const dates = observationDates(from, to, options.step);
  const validationFrom = addMonths(to, -options.validationMonths + 1);
  if (dates.filter((d) => d.month < validationFrom).length === 0)
    throw new RangeError(
      `the validation window (${options.validationMonths} months to ${to}) leaves no development dates after ${from}`,
    );
  const points = await observationPoints(db, dates, dataAsOf);
  const rows: Observation[] = [];
  const hand: number[] = [];
  const oracle: Array<number | null> = [];
  let done = 0;
  for (const d of dates) {
    const at = points.filter((p) => p.asOf.date === d.date);
    for (let k = 0; k < at.length; k += options.chunk) {
      const chunk = at.slice(k, k + options.chunk);
      const facts = await loadFacts(
        db,
        chunk.map((p) => p.uscc),
        d,
      );
      facts.forEach((f, j) => {
        if (!f) return;
        const p = chunk[j];
        rows.push({ label: p.label, values: modelInputs(f).row, id: `${p.uscc}@${d.month}`, group: p.uscc });
        hand.push(handWeightedScore(f));
        const t = options.truth?.firms[p.uscc];
        oracle.push(
          t?.oraclePd ? (t.oraclePd[monthIndex(d.month) - monthIndex(options.truth!.oracleFrom)] ?? null) : null,
        );
      });
      done += chunk.length;
      options.onProgress?.(done, points.length);
    }
  }
  const isValidation = rows.map((r) => r.id!.slice(-7) >= validationFrom);
  const development: Dataset = { features: inputs, rows: rows.filter((_, i) => !isValidation[i]) };
  const validation: Dataset = { features: inputs, rows: rows.filter((_, i) => isValidation[i]) };
  if (!development.rows.some((r) => r.label) || !validation.rows.some((r) => r.label)) {
    throw new RangeError(
      `too few defaults to train: ${development.rows.filter((r) => r.label).length} in development, ${validation.rows.filter((r) => r.label).length} in validation`,
    );
  }
  const scorecard = fitScorecard(development, options.scorecard);
  const devPd = scorePds(
    scorecard,
    development.rows.map((r) => r.values),
  );
  const valPd = scorePds(
    scorecard,
    validation.rows.map((r) => r.values),
  );
  const tiers = chooseTiers(devPd);
  const valLabels = validation.rows.map((r) => r.label);
  const tierReport: TierReport = {
    development: tierTable(
      tiers,
      devPd,
      development.rows.map((r) => r.label),
    ),
    validation: tierTable(tiers, valPd, valLabels),
    strictlyIncreasingOnValidation: false,
  };
  tierReport.strictlyIncreasingOnValidation = strictlyIncreasing(tierReport.validation);
  const valIdx = rows.map((_, i) => i).filter((i) => isValidation[i]);
  const baselines: Baselines = {
    handWeightedIndexAuc: auc(
      valIdx.map((i) => -hand[i]),
      valLabels,
    ),
  };
  if (options.truth) {
    const known = valIdx.filter((i) => oracle[i] !== null);
    const oracleAuc = auc(
      known.map((i) => oracle[i]!),
      known.map((i) => rows[i].label),
    );
    baselines.oracleAuc = oracleAuc;
    baselines.capturedLift = (auc(valPd, valLabels) - 0.5) / (oracleAuc - 0.5);
  }
  const devMonths = dates.filter((d) => d.month < validationFrom).map((d) => d.month);
  const valMonths = dates.filter((d) => d.month >= validationFrom).map((d) => d.month);
  const firms = new Set(points.map((p) => p.uscc)).size;
  const source = `database: ${firms} borrowers at ${dates.length} month ends ${from}..${to} (every ${options.step}), records to ${dataAsOf.month}${options.truth ? `; generator seed ${options.truth.seed}` : ''}`;
  const report = {
    ...buildReport(scorecard, development, validation, {
      source,
      development: `${devMonths[0]}..${devMonths.at(-1)}`,
      validation: `${valMonths[0]}..${valMonths.at(-1)} (out of time)`,
    }),
    tiers: tierReport,
    baselines,
  };
  const hash = crypto.createHash('sha256').update(JSON.stringify(scorecard)).digest('hex').slice(0, 8);
  const doc: ModelDocument = {
    format: 'sme-default-model',
    version: `pd-${options.today.replaceAll('-', '')}-${hash}`,
    createdAt: new Date().toISOString(),
    target: {
      horizonMonths: 12,
      definition: 'a loan first 90 days past due, or written off, within 12 months after the observation date',
    },
    population: 'borrowers with a loan running at a month end and not in default then',
    sample: {
      source,
      dataAsOf: dataAsOf.month,
      development: {
        from: devMonths[0],
        to: devMonths.at(-1)!,
        rows: development.rows.length,
        events: development.rows.filter((r) => r.label).length,
      },
      validation: {
        from: valMonths[0],
        to: valMonths.at(-1)!,
        rows: validation.rows.length,
        events: validation.rows.filter((r) => r.label).length,
      },
      stepMonths: options.step,
    },
    inputs,
    scorecard,
    tiers,
    report,
  };
  return { doc, baselines, development, validation };
}

/** Writes the model as an indented, reviewable JSON file. */
export function writeModelFile(file: string, doc: ModelDocument): void {
  fs.writeFileSync(file, JSON.stringify(doc, null, 1) + '\n');
}

export const DB_USAGE = `usage: npm run train [-- options]   (the database named by DATABASE_URL, or the embedded one)
  --from YYYY-MM         first observation month (default: a year after the records start)
  --to YYYY-MM           last observation month (default: 12 months before the data's as-of month)
  --step N               months between observation dates (default 1)
  --validation-months N  the latest N months of dates are the out-of-time validation window (default 6)
  --exclude A,B          inputs never used (e.g. LOAN_PRICING for a model independent of the bank's pricing)
  --lambda N|cv          L2 penalty (default ${DEFAULT_SCORECARD.lambda}); cv = chosen by cross-validation on the development dates
  --min-iv X             drop inputs with IV below X (default ${DEFAULT_SCORECARD.minIv})
  --truth FILE           the generator's truth file: adds the generator's own PD (the best possible ranking) to the report
  --out FILE             where to write the model JSON (default .data/models/<version>.json)
  --report FILE          also write the report JSON
  --show-bins            print every selected input's bins
  --activate             make the new version the serving one (otherwise: npm run model -- activate VERSION)`;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Parses the database-mode flags, trains, prints the report, stores the version (and activates it with --activate). */
export async function runDatabaseTraining(
  argv: string[],
  print: (text: string) => void = console.log,
): Promise<DbTrainingResult> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        step: { type: 'string' },
        'validation-months': { type: 'string' },
        exclude: { type: 'string' },
        lambda: { type: 'string' },
        'min-iv': { type: 'string' },
        truth: { type: 'string' },
        out: { type: 'string' },
        report: { type: 'string' },
        'show-bins': { type: 'boolean' },
        activate: { type: 'boolean' },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const text = (k: string) => values[k] as string | undefined;
  for (const k of ['from', 'to'])
    if (text(k) !== undefined && !MONTH.test(text(k)!))
      throw new UsageError(`--${k} must be a month YYYY-MM, got ${JSON.stringify(text(k))}`);
  const int = (k: string, d: number, min: number, max: number) => {
    const v = text(k);
    if (v === undefined) return d;
    const x = Number(v);
    if (!Number.isInteger(x) || x < min || x > max)
      throw new UsageError(`--${k} must be a whole number from ${min} to ${max}, got ${JSON.stringify(v)}`);
    return x;
  };
  const lambdaText = text('lambda');
  const lambda = lambdaText === undefined ? undefined : lambdaText === 'cv' ? ('cv' as const) : Number(lambdaText);
  if (typeof lambda === 'number' && !(lambda >= 0))
    throw new UsageError(`--lambda must be a number >= 0 or cv, got ${JSON.stringify(lambdaText)}`);
  const minIv = text('min-iv') === undefined ? undefined : Number(text('min-iv'));
  if (minIv !== undefined && !(minIv >= 0))
    throw new UsageError(`--min-iv must be a number >= 0, got ${JSON.stringify(text('min-iv'))}`);
  let truth: Truth | undefined;
  if (text('truth')) {
    try {
      truth = JSON.parse(fs.readFileSync(text('truth')!, 'utf8')) as Truth;
    } catch (err) {
      throw new UsageError(`--truth ${text('truth')}: cannot read it as a truth file (${(err as Error).message})`);
    }
  }
  const step = int('step', 1, 1, 12);
  const validationMonths = int('validation-months', 6, 1, 24);
  const exclude = text('exclude')
    ?.split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const unknown = (exclude ?? []).filter((x) => !MODEL_INPUTS.some((i) => i.name === x));
  if (unknown.length)
    throw new UsageError(
      `--exclude names no input: ${unknown.join(', ')} (inputs: ${MODEL_INPUTS.map((i) => i.name).join(', ')})`,
    );
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const bar = new cliProgress.SingleBar(
    { format: 'train |{bar}| {value}/{total} observation points | {duration_formatted}', stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  try {
    bar.start(0, 0);
    const result = await trainOnDatabase(db, {
      from: text('from'),
      to: text('to'),
      step,
      validationMonths,
      exclude,
      scorecard: { ...(lambda !== undefined ? { lambda } : {}), ...(minIv !== undefined ? { minIv } : {}) },
      truth,
      chunk: 500,
      today: new Date().toISOString().slice(0, 10),
      onProgress: (done, total) => {
        bar.setTotal(total);
        bar.update(done);
      },
    });
    bar.stop();
    const { doc, baselines } = result;
    print(formatReport(doc.report, { showBins: values['show-bins'] === true }));
    print('');
    print(formatTiers(doc));
    print('');
    print(
      `hand-weighted index (health-1.0.0) on the same validation points: AUC ${baselines.handWeightedIndexAuc.toFixed(4)} (the model: ${doc.report.validation.auc.toFixed(4)})`,
    );
    if (baselines.oracleAuc !== undefined) {
      print(
        `the generator's own PD on the same points: AUC ${baselines.oracleAuc.toFixed(4)}; the model captures ${(baselines.capturedLift! * 100).toFixed(1)}% of its lift over chance, (AUC - 0.5) / (oracle AUC - 0.5)`,
      );
    }
    const stored = await saveModel(db, doc);
    const out = text('out') ?? path.join(config.dataDir, 'models', `${doc.version}.json`);
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    writeModelFile(out, doc);
    if (text('report')) fs.writeFileSync(text('report')!, JSON.stringify(doc.report, null, 1) + '\n');
    print(
      stored
        ? `model ${doc.version} stored in core.model_version and written to ${out}`
        : `model ${doc.version} was already stored (the same fit as before); written to ${out}`,
    );
    if (values.activate === true) {
      const previous = await activateModel(
        db,
        doc.version,
        `npm run train --activate (${process.env.USER ?? 'unknown user'})`,
      );
      print(`activated ${doc.version}${previous ? ` (replacing ${previous})` : ''}`);
    } else print(`not serving yet: npm run model -- activate ${doc.version}`);
    return result;
  } finally {
    bar.stop();
    await db.close();
  }
}

/** The tier bands and their default rates on both windows. */
export function formatTiers(doc: ModelDocument): string {
  const t = doc.report.tiers;
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  const lines = [
    'tier     PD band            development: rows  default rate   validation: rows  default rate  mean PD',
  ];
  doc.tiers.forEach((b, k) => {
    const lo = k === 0 ? 0 : doc.tiers[k - 1].maxPd;
    const d = t?.development[k];
    const v = t?.validation[k];
    lines.push(
      `${b.tier.padEnd(7)}  ${`${pct(lo)}-${pct(b.maxPd)}`.padEnd(17)}  ${String(d?.rows ?? '').padStart(17)}  ${pct(d?.defaultRate ?? 0).padStart(12)}  ${String(v?.rows ?? '').padStart(17)}  ${pct(v?.defaultRate ?? 0).padStart(12)}  ${pct(v?.meanPd ?? 0).padStart(7)}`,
    );
  });
  lines.push(
    `tier default rates strictly increasing from GREEN to RED on the validation window: ${t?.strictlyIncreasingOnValidation ? 'yes' : 'NO'}`,
  );
  return lines.join('\n');
}
