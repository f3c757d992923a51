/**
 * `npm run migrate` runs pending migrations on DATABASE_URL (or the embedded database under
 * DATA_DIR); `npm run migrate -- --revert` undoes the last one.
 */
import 'reflect-metadata';
import { loadConfig } from '../config';
import { openDatabase } from './database';
import { createDataSource } from './data-source';

async function run(): Promise<void> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== '--revert');
  if (unknown.length) throw new Error(`unknown argument ${unknown.join(' ')}: expected nothing or --revert`);
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolMax: 1 });
  const ds = createDataSource(db.url);
  await ds.initialize();
  try {
    if (args.includes('--revert')) {
      await ds.undoLastMigration();
      console.log('reverted the last migration');
    } else {
      const ran = await ds.runMigrations();
      console.log(ran.length ? `ran ${ran.map((m) => m.name).join(', ')}` : 'no pending migrations');
    }
  } finally {
    await ds.destroy();
    await db.close();
  }
}

run().catch((err: unknown) => {
  console.error((err as Error).message);
  process.exit(1);
});
