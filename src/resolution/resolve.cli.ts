/**
 * `npm run resolve`
 *
 * Resolves every record that names a firm without its USCC, and every firm that duplicates an
 * earlier one, against core.firm; stores the links (core.entity_link) and prints what it did.
 * `npm run quality` runs the same step after the checks.
 */
import 'reflect-metadata';
import { runCli } from '../lib/cli';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { migrate } from '../db/data-source';
import { formatResolutionRun, runResolution } from './resolution.service';

async function main(): Promise<void> {
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const ran = await migrate(db.url);
    if (ran.length) console.log(`migrations: ran ${ran.join(', ')}`);
    console.log(formatResolutionRun(await runResolution(db)));
  } finally {
    await db.close();
  }
}

if (require.main === module) runCli(main, 'usage: resolve.cli.ts');
