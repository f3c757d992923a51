/**
 * File mode of `npm run train`: fits a scorecard on a labelled CSV or ARFF file and prints the
 * report (see FILE_USAGE for the flags). The file is split into development and validation rows
 * by the chosen rule; everything is fitted (and λ chosen, with `--lambda cv`) on the development
 * rows only; the validation rows are only scored for the report.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { UsageError } from '../lib/cli';
import { loadFileDataset, type FileDataset, type SplitSpec } from './file-dataset';
import { buildReport, formatReport, type TrainingReport } from './report';
import { DEFAULT_SCORECARD, fitScorecard, type Scorecard, type ScorecardOptions } from './scorecard';

export const FILE_USAGE = `usage: npm run train -- --file FILE --target COLUMN SPLIT [options]
  --file FILE            a labelled table: .arff (ARFF) or anything else as CSV with a header row
  --target COLUMN        the outcome column: 0/1, or name the event value with --event VALUE
SPLIT (one of):
  --split-column COLUMN [--train-value V]   rows whose COLUMN equals V (default 1) train, the rest validate
  --split class-alternate                   within each class, rows in file order: even train, odd validate
  --split last:F                            the last fraction F of the rows (file order) validates (out of time)
options:
  --features a,b,c       use only these columns as features (default: all but target, split and --exclude)
  --exclude a,b,c        columns never used as features (identifiers, leaks, anything known after the outcome)
  --categorical a,b      columns binned as categories (default: a column is numeric when all its values are numbers)
  --special A,B          values that are special codes, not numbers, in numeric columns (each gets its own bin)
  --lambda N|cv          L2 penalty (default ${DEFAULT_SCORECARD.lambda}); cv = chosen by --cv-folds cross-validation on the development rows
  --lambda-grid a,b,c    candidates for --lambda cv (default ${DEFAULT_SCORECARD.lambdaGrid.join(',')})
  --cv-folds K           folds for --lambda cv (default ${DEFAULT_SCORECARD.cvFolds})
  --min-iv X             drop features with IV below X before the fit (default ${DEFAULT_SCORECARD.minIv})
  --keep-wrong-sign      keep features whose coefficient has the wrong sign for WoE (default: drop them and refit)
  --fine-bins N          initial quantile bins per numeric feature (default ${DEFAULT_SCORECARD.fineBins})
  --min-bin-share X      minimum share of the non-missing rows per bin (default ${DEFAULT_SCORECARD.minBinShare})
  --monotone auto|increasing|decreasing|none   event-rate trend imposed on numeric bins (default auto)
  --show-bins            print the bins of the selected features
  --out FILE             write the model (JSON)
  --report FILE          write the report (JSON)`;

export interface FileTrainingResult {
  data: FileDataset;
  card: Scorecard;
  report: TrainingReport;
  text: string;
}

const list = (s: string | undefined) =>
  s === undefined
    ? undefined
    : s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);

function number(
  flag: string,
  value: string | undefined,
  check: (x: number) => boolean,
  what: string,
): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (value.trim() === '' || !Number.isFinite(x) || !check(x))
    throw new UsageError(`--${flag} must be ${what}, got ${JSON.stringify(value)}`);
  return x;
}

function parseSplit(values: { 'split-column'?: string; 'train-value'?: string; split?: string }): SplitSpec {
  if (values['split-column'] !== undefined && values.split !== undefined)
    throw new UsageError('give either --split-column or --split, not both');
  if (values['split-column'] !== undefined)
    return { kind: 'column', column: values['split-column'], trainValue: values['train-value'] ?? '1' };
  if (values['train-value'] !== undefined) throw new UsageError('--train-value goes with --split-column');
  if (values.split === undefined)
    throw new UsageError('a split is required: --split-column COLUMN, --split class-alternate or --split last:F');
  if (values.split === 'class-alternate') return { kind: 'class-alternate' };
  const m = /^last:(.+)$/.exec(values.split);
  if (m) {
    const fraction = Number(m[1]);
    if (!(fraction > 0 && fraction < 1))
      throw new UsageError(`--split last:F needs 0 < F < 1, got ${JSON.stringify(m[1])}`);
    return { kind: 'last', fraction };
  }
  throw new UsageError(`--split must be class-alternate or last:F, got ${JSON.stringify(values.split)}`);
}

function describeSplit(s: SplitSpec): string {
  if (s.kind === 'column')
    return `--split-column ${s.column} (training = ${JSON.stringify(s.trainValue)}, validation = the rest)`;
  if (s.kind === 'class-alternate')
    return 'class-alternate (within each class, rows in file order: even = training, odd = validation)';
  return `last ${s.fraction} of the rows in file order = validation (out of time)`;
}

/** Parses the flags, loads and splits the file, fits, prints the report; writes --out and --report. */
export async function runFileTraining(
  argv: string[],
  print: (text: string) => void = console.log,
): Promise<FileTrainingResult> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        file: { type: 'string' },
        target: { type: 'string' },
        event: { type: 'string' },
        'split-column': { type: 'string' },
        'train-value': { type: 'string' },
        split: { type: 'string' },
        features: { type: 'string' },
        exclude: { type: 'string' },
        categorical: { type: 'string' },
        special: { type: 'string' },
        lambda: { type: 'string' },
        'lambda-grid': { type: 'string' },
        'cv-folds': { type: 'string' },
        'min-iv': { type: 'string' },
        'keep-wrong-sign': { type: 'boolean' },
        'fine-bins': { type: 'string' },
        'min-bin-share': { type: 'string' },
        monotone: { type: 'string' },
        'show-bins': { type: 'boolean' },
        out: { type: 'string' },
        report: { type: 'string' },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const str = (k: string) => values[k] as string | undefined;
  const file = str('file');
  const target = str('target');
  if (!file) throw new UsageError('--file FILE is required');
  if (!target) throw new UsageError('--target COLUMN is required');
  const split = parseSplit({
    'split-column': str('split-column'),
    'train-value': str('train-value'),
    split: str('split'),
  });

  const options: Partial<ScorecardOptions> = {};
  const lambda = str('lambda');
  if (lambda === 'cv') options.lambda = 'cv';
  else if (lambda !== undefined) options.lambda = number('lambda', lambda, (x) => x >= 0, 'a number >= 0 or cv');
  const grid = list(str('lambda-grid'));
  if (grid) options.lambdaGrid = grid.map((g) => number('lambda-grid', g, (x) => x >= 0, 'numbers >= 0')!);
  const folds = number(
    'cv-folds',
    str('cv-folds'),
    (x) => Number.isInteger(x) && x >= 2 && x <= 20,
    'an integer from 2 to 20',
  );
  if (folds !== undefined) options.cvFolds = folds;
  const minIv = number('min-iv', str('min-iv'), (x) => x >= 0, 'a number >= 0');
  if (minIv !== undefined) options.minIv = minIv;
  if (values['keep-wrong-sign']) options.dropWrongSign = false;
  const fineBins = number(
    'fine-bins',
    str('fine-bins'),
    (x) => Number.isInteger(x) && x >= 1 && x <= 1000,
    'an integer from 1 to 1000',
  );
  if (fineBins !== undefined) options.fineBins = fineBins;
  const share = number('min-bin-share', str('min-bin-share'), (x) => x >= 0 && x < 0.5, 'a fraction from 0 to 0.5');
  if (share !== undefined) options.minBinShare = share;
  const monotone = str('monotone');
  if (monotone !== undefined) {
    if (monotone !== 'auto' && monotone !== 'increasing' && monotone !== 'decreasing' && monotone !== 'none')
      throw new UsageError(`--monotone must be auto, increasing, decreasing or none, got ${JSON.stringify(monotone)}`);
    options.monotone = monotone;
  }

  const started = Date.now();
  const data = loadFileDataset(file, {
    target,
    event: str('event'),
    features: list(str('features')),
    exclude: list(str('exclude')),
    categorical: list(str('categorical')),
    specialCodes: list(str('special')),
    split,
  });
  const card = fitScorecard(data.train, options);
  const features = data.columns.filter((c) => c.role === 'feature');
  const excluded = data.columns.filter((c) => c.role === 'excluded');
  const report = buildReport(card, data.train, data.validation, {
    file,
    target: `${target}${str('event') !== undefined ? ` (event = ${JSON.stringify(str('event'))})` : ''}`,
    split: describeSplit(split),
    ...(data.skippedRows ? { 'skipped rows (no target)': data.skippedRows } : {}),
    'feature columns': features.map((c) => `${c.name}${c.kind === 'categorical' ? ' (cat)' : ''}`).join(', '),
    ...(excluded.length ? { excluded: excluded.map((c) => c.name).join(', ') } : {}),
    options: `fine bins ${card.options.fineBins}, min bin share ${card.options.minBinShare}, monotone ${card.options.monotone}, min IV ${card.options.minIv}, ${card.options.dropWrongSign ? 'drop' : 'keep'} wrong signs, lambda ${card.options.lambda === 'cv' ? `cv (${card.options.cvFolds} folds)` : card.options.lambda}`,
  });
  const text = `${formatReport(report, { showBins: Boolean(values['show-bins']) })}\n\nfitted and evaluated in ${((Date.now() - started) / 1000).toFixed(1)} s`;
  print(text);
  const out = str('out');
  if (out) {
    fs.writeFileSync(out, `${JSON.stringify(card, null, 2)}\n`);
    print(`model written to ${out}`);
  }
  const reportFile = str('report');
  if (reportFile) {
    fs.writeFileSync(reportFile, `${JSON.stringify(report, null, 2)}\n`);
    print(`report written to ${reportFile}`);
  }
  return { data, card, report, text };
}
