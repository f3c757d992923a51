/**
 * `npm run seed -- --firms N --seed S [--as-of YYYY-MM] [--truth FILE] [--months M] [--chunk-size C]`
 *
 * Opens the configured database (DATABASE_URL, or the embedded one under DATA_DIR), runs the
 * migrations, loads a synthetic portfolio into it (which must be empty) with a progress bar, and
 * prints firms, rows per table and elapsed seconds. --truth writes the truth file (planted
 * problems and hidden default labels). Defaults: --firms SEED_FIRMS, --seed SEED, --as-of the
 * current month.
 */
import 'reflect-metadata';
import { runCli, UsageError, wholeNumberFlag } from '../lib/cli';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { writeImportFiles } from '../import/export-files';
import { openDatabase } from '../db/database';
import { migrate } from '../db/data-source';
import { parseMonth } from './calendar';
import { MAX_PORTFOLIO } from './identity';
import { defaultAsOfMonth, type SeedOptions, SeedError } from './portfolio.loader';
import { DEFAULT_MONTHS, MIN_MONTHS } from './portfolio.generator';
import { formatRowCounts, seedWithProgress } from './progress';

const USAGE =
  'usage: seed.cli.ts --firms N --seed S [--as-of YYYY-MM] [--truth FILE] [--months M] [--chunk-size C] [--files DIR [--files-format csv|jsonl]]';

/** The command\'s options: the seed\'s, plus where to write the portfolio as import files. */
export type SeedCliOptions = SeedOptions & { files?: string; filesFormat: 'csv' | 'jsonl' };

export function parseSeedArgs(argv: string[], defaults: { firms: number; seed: number }): SeedCliOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        firms: { type: 'string' },
        seed: { type: 'string' },
        'as-of': { type: 'string' },
        truth: { type: 'string' },
        months: { type: 'string' },
        'chunk-size': { type: 'string' },
        files: { type: 'string' },
        'files-format': { type: 'string' },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const text = (name: string) => values[name] as string | undefined;
  const asOf = text('as-of');
  if (asOf !== undefined) {
    try {
      parseMonth(asOf);
    } catch (err) {
      throw new UsageError(`--as-of ${(err as Error).message}`);
    }
    if (asOf > defaultAsOfMonth()) {
      throw new UsageError(
        `--as-of ${asOf} has not ended yet: records are dated up to the as-of month's last day, so pass a complete month (at most ${defaultAsOfMonth()})`,
      );
    }
  }
  if (values.truth === '') throw new UsageError('--truth expects a file name');
  if (values.files === '') throw new UsageError('--files expects a folder');
  const filesFormat = text('files-format') ?? 'csv';
  if (filesFormat !== 'csv' && filesFormat !== 'jsonl')
    throw new UsageError(`--files-format expects csv or jsonl, got "${filesFormat}"`);
  return {
    files: text('files'),
    filesFormat,
    firms: wholeNumberFlag('firms', text('firms'), defaults.firms, 1, MAX_PORTFOLIO),
    seed: wholeNumberFlag('seed', text('seed'), defaults.seed, 0, Number.MAX_SAFE_INTEGER),
    asOf,
    truthFile: text('truth'),
    months: wholeNumberFlag('months', text('months'), DEFAULT_MONTHS, MIN_MONTHS, 120),
    chunkSize: wholeNumberFlag('chunk-size', text('chunk-size'), 250, 1, 100_000),
  };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const options = parseSeedArgs(process.argv.slice(2), { firms: config.seedFirms || 2000, seed: config.seed });
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    console.log(
      db.embedded
        ? `database: embedded PostgreSQL (PGlite) in ${config.dataDir}`
        : 'database: PostgreSQL server from DATABASE_URL',
    );
    const ran = await migrate(db.url);
    if (ran.length) console.log(`migrations: ran ${ran.join(', ')}`);
    const result = await seedWithProgress(db, options);
    console.log(
      `firms: ${result.firms}\nrows per table:\n${formatRowCounts(result)}\nrows: ${result.totalRows}\nelapsed: ${(result.elapsedMs / 1000).toFixed(1)} s`,
    );
    if (options.truthFile) console.log(`truth: ${options.truthFile}`);
    if (options.files) {
      // The same data as the files a source would deliver, in docs/import-formats.md's formats.
      const written = await writeImportFiles(db, options.files, { format: options.filesFormat });
      console.log(
        `import files: ${written.length} in ${options.files} (${written.reduce((n, f) => n + f.rows, 0)} rows); load them with npm run import -- --dir ${options.files}`,
      );
    }
  } finally {
    await db.close();
  }
}

if (require.main === module) runCli(main, USAGE, [SeedError, RangeError]);
