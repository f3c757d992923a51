/**
 * `node -r @swc-node/register src/import/export.cli.ts --dir DIR [--format csv|jsonl] [--kinds tax.invoice,bank.loan]`
 *
 * Writes the mirror tables of DATABASE_URL (or the embedded database under DATA_DIR) as import
 * files `<source>.<kind>.<csv|jsonl>` into DIR (writeImportFiles): what the generator's
 * `--files DIR` produces, and the way to move a portfolio between databases
 * (`npm run import -- --dir DIR`).
 */
import 'reflect-metadata';
import { runCli, UsageError } from '../lib/cli';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { migrate } from '../db/data-source';
import { writeImportFiles } from './export-files';

const USAGE = 'usage: export.cli.ts --dir DIR [--format csv|jsonl] [--kinds source.kind,...]';

async function main(): Promise<void> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      strict: true,
      options: { dir: { type: 'string' }, format: { type: 'string' }, kinds: { type: 'string' } },
    }) as {
      values: Record<string, string | undefined>;
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (!values.dir) throw new UsageError('--dir is required');
  const format = values.format ?? 'csv';
  if (format !== 'csv' && format !== 'jsonl')
    throw new UsageError(`--format expects csv or jsonl, got ${JSON.stringify(format)}`);
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolMax: 2 });
  try {
    await migrate(db.url);
    const started = Date.now();
    const files = await writeImportFiles(db, values.dir, {
      format,
      kinds: values.kinds?.split(',').map((k) => k.trim()),
    });
    for (const f of files) console.log(`${String(f.rows).padStart(10)}  ${f.file}`);
    const rows = files.reduce((n, f) => n + f.rows, 0);
    console.log(`${rows} rows in ${files.length} files, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await db.close();
  }
}

if (require.main === module) runCli(main, USAGE, [Error]);
