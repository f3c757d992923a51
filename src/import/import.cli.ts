/**
 * `npm run import -- --source <source> --kind <kind> --file <path> [--format csv|jsonl] [--batch-size N] [--writers N]`
 * `npm run import -- --dir <folder>`   every `<source>.<kind>.<csv|jsonl>[.gz]` file in it, parents first
 *
 * Loads a source's file into its mirror table on DATABASE_URL (or the embedded database under
 * DATA_DIR), after running pending migrations, with a progress bar by bytes read. Prints the
 * counts of inserted, updated, unchanged and quarantined rows and the first quarantine reasons.
 * Formats: docs/import-formats.md. Exit code 0 when the file was imported (even with quarantined
 * rows), 1 when it was refused or failed, 2 for a wrong command.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { ConfigError, loadConfig } from '../config';
import { openDatabase, type Database } from '../db/database';
import { migrate } from '../db/data-source';
import { analyzeStaleReads } from '../health/facts.repository';
import {
  importFile,
  ImportRejected,
  ImportUsageError,
  resolveKind,
  type ImportOptions,
  type ImportResult,
} from './import.service';
import { KINDS, SOURCE_IDS } from './kinds';
import { formatOf, type FileFormat } from './read-records';

const USAGE = `usage: npm run import -- --source <${SOURCE_IDS.join('|')}> --kind <kind> --file <path> [--format csv|jsonl] [--batch-size N] [--writers N]
       npm run import -- --dir <folder>      (files named <source>.<kind>.csv|jsonl[.gz], imported parents first)
kinds: ${SOURCE_IDS.map(
  (s) =>
    `${s}: ${KINDS.filter((k) => k.source === s)
      .map((k) => k.kind)
      .join(', ')}`,
).join('\n       ')}`;

interface CliArgs {
  files: Array<Pick<ImportOptions, 'file' | 'source' | 'kind'>>;
  format?: FileFormat;
  batchSize?: number;
  writers?: number;
}

function intFlag(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max)
    throw new ImportUsageError(`--${name} expects a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`);
  return n;
}

export function parseImportArgs(argv: string[]): CliArgs {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        source: { type: 'string' },
        kind: { type: 'string' },
        file: { type: 'string' },
        dir: { type: 'string' },
        format: { type: 'string' },
        'batch-size': { type: 'string' },
        writers: { type: 'string' },
      },
    }) as { values: Record<string, string | undefined> });
  } catch (err) {
    throw new ImportUsageError((err as Error).message);
  }
  const format = values.format;
  if (format !== undefined && format !== 'csv' && format !== 'jsonl')
    throw new ImportUsageError(`--format expects csv or jsonl, got ${JSON.stringify(format)}`);
  const batchSize = intFlag('batch-size', values['batch-size'], 1, 100_000);
  const writers = intFlag('writers', values.writers, 1, 16);
  if (values.dir !== undefined) {
    if (values.file !== undefined || values.kind !== undefined || values.source !== undefined)
      throw new ImportUsageError('--dir imports every file of a folder: give it without --file, --source or --kind');
    if (!fs.existsSync(values.dir) || !fs.statSync(values.dir).isDirectory())
      throw new ImportUsageError(`--dir ${values.dir}: no such folder`);
    const files = fs
      .readdirSync(values.dir)
      .filter((f) => formatOf(f) !== undefined)
      .map((f) => path.join(values.dir!, f));
    const planned = files.flatMap((file) => {
      try {
        return [{ file, kind: resolveKind(file) }];
      } catch {
        return []; // not an import file (no <source>.<kind> in its name)
      }
    });
    if (!planned.length)
      throw new ImportUsageError(`--dir ${values.dir}: no files named <source>.<kind>.csv or .jsonl`);
    planned.sort((a, b) => KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind));
    return {
      files: planned.map((p) => ({ file: p.file, source: p.kind.source, kind: p.kind.kind })),
      format: format as FileFormat | undefined,
      batchSize,
      writers,
    };
  }
  if (values.file === undefined) throw new ImportUsageError('--file is required (or --dir)');
  // A wrong command is told before the database is opened.
  resolveKind(values.file, values.source, values.kind);
  if (!format && !formatOf(values.file))
    throw new ImportUsageError(
      `cannot tell the format of ${path.basename(values.file)}: name it .csv or .jsonl (optionally .gz), or pass --format csv|jsonl`,
    );
  if (!fs.existsSync(values.file)) throw new ImportUsageError(`${values.file}: no such file`);
  return {
    files: [{ file: values.file, source: values.source, kind: values.kind }],
    format: format as FileFormat | undefined,
    batchSize,
    writers,
  };
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

async function importWithProgress(db: Database, options: ImportOptions): Promise<ImportResult> {
  const kind = resolveKind(options.file, options.source, options.kind);
  const bar = new cliProgress.SingleBar(
    {
      format: `${kind.name.padEnd(34)} |{bar}| {percentage}% | {mbRead}/{mbTotal} MB | {rows} rows | {rate} rows/s | {quarantined} quarantined | {duration_formatted}`,
      hideCursor: true,
      clearOnComplete: false,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  let total = 0;
  let shown = 0;
  try {
    const result = await importFile(db, {
      ...options,
      onProgress: (p) => {
        if (!total) {
          total = p.bytesTotal;
          bar.start(Math.max(1, total), 0, { mbRead: '0.0', mbTotal: mb(total), rows: 0, rate: 0, quarantined: 0 });
        }
        // Redrawing costs; a few times a second is enough.
        const now = Date.now();
        if (now - shown < 200 && p.bytesRead < total) return;
        shown = now;
        bar.update(p.bytesRead, {
          mbRead: mb(p.bytesRead),
          rows: p.rowsRead,
          rate: Math.round(p.rowsRead / Math.max(0.001, (now - started) / 1000)),
          quarantined: p.quarantined,
        });
      },
    });
    if (total) {
      bar.update(total, {
        mbRead: mb(total),
        rows: result.rowsRead,
        rate: Math.round(result.rowsRead / Math.max(0.001, result.elapsedMs / 1000)),
        quarantined: result.quarantined,
      });
      bar.stop();
    }
    return result;
  } catch (err) {
    if (total) bar.stop();
    throw err;
  }
}

/** `, 3 new borrowers, 2 not borrowers (no registry.company record yet)`, or nothing. */
function borrowersNote(r: ImportResult): string {
  const parts = [
    r.newBorrowers ? `${r.newBorrowers} new borrower${r.newBorrowers === 1 ? '' : 's'}` : '',
    r.unknownFirms
      ? `${r.unknownFirms} not borrower${r.unknownFirms === 1 ? '' : 's'} (no registry.company record yet)`
      : '',
  ].filter(Boolean);
  return parts.length ? `, ${parts.join(', ')}` : '';
}

async function printQuarantine(db: Database, result: ImportResult, limit = 10): Promise<void> {
  if (!result.quarantined) return;
  const { rows } = await db.query<{ reason: string }>(
    `SELECT reason FROM core.import_quarantine WHERE run_id = $1 ORDER BY line, id LIMIT $2`,
    [result.runId, limit],
  );
  console.log(
    `quarantined rows (core.import_quarantine, run_id ${result.runId}${result.quarantined > limit ? `, first ${limit} of ${result.quarantined}` : ''}):`,
  );
  for (const r of rows) console.log(`  ${r.reason}`);
}

async function main(): Promise<void> {
  const args = parseImportArgs(process.argv.slice(2));
  const config = loadConfig();
  // A connection per writer and one for the run's bookkeeping.
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolMax: (args.writers ?? 4) + 1,
  });
  try {
    console.log(
      db.embedded
        ? `database: embedded PostgreSQL (PGlite) in ${config.dataDir}`
        : 'database: PostgreSQL server from DATABASE_URL',
    );
    const ran = await migrate(db.url);
    if (ran.length) console.log(`migrations: ran ${ran.join(', ')}`);
    const written = new Map<string, number>();
    for (const f of args.files) {
      const r = await importWithProgress(db, {
        ...f,
        format: args.format,
        batchSize: args.batchSize,
        writers: args.writers,
      });
      const seconds = r.elapsedMs / 1000;
      console.log(
        `${r.kind} <- ${path.basename(r.file)} (run ${r.runId}, sha256 ${r.sha256.slice(0, 12)}…${r.sameContentAsRun ? `, same content as run ${r.sameContentAsRun}` : ''}): ` +
          `${r.rowsRead} rows: ${r.inserted} inserted, ${r.updated} updated, ${r.unchanged} unchanged, ${r.quarantined} quarantined; ` +
          `provenance of ${r.firms} firms${borrowersNote(r)}; ${seconds.toFixed(1)} s (${Math.round(r.rowsRead / Math.max(seconds, 0.001))} rows/s)`,
      );
      await printQuarantine(db, r);
      written.set(r.table, (written.get(r.table) ?? 0) + r.inserted + r.updated);
    }
    // What the files wrote is read next by every score, warning and request, planned from the
    // tables' statistics: a table filled since its last analyze looks empty to the planner until
    // autovacuum comes round (if it is on), and a plan for an empty table can read a large one badly.
    const analyzed = await analyzeStaleReads(db, written);
    if (analyzed.length) console.log(`statistics out of date, analyzed: ${analyzed.join(', ')}`);
  } finally {
    await db.close();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    if (err instanceof ImportUsageError) {
      console.error(`${err.message}\n${USAGE}`);
      process.exit(2);
    }
    if (err instanceof ImportRejected) {
      console.error(`refused: ${err.message}`);
      process.exit(1);
    }
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  });
}
