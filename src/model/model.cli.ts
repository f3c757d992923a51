/**
 * `npm run model -- list | show VERSION | activate VERSION [--by NAME]`
 *
 * The default-model versions in core.model_version: list them (with their validation AUC and
 * which one serves), print one's document, or make one the serving version. Activation is the
 * only way a trained model starts serving; it records who did it and when.
 */
import 'reflect-metadata';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { runCli, UsageError } from '../lib/cli';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { activateModel, listModels, ModelError, shippedModel } from './model.repository';

const USAGE = 'usage: npm run model -- list | show VERSION | activate VERSION [--by NAME]';

async function main(): Promise<void> {
  let parsed: { values: { by?: string }; positionals: string[] };
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      strict: true,
      allowPositionals: true,
      options: { by: { type: 'string' } },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const [command, version, ...rest] = parsed.positionals;
  if (!command || !['list', 'show', 'activate'].includes(command))
    throw new UsageError(`expected list, show or activate, got ${JSON.stringify(command ?? '')}`);
  if (command !== 'list' && !version) throw new UsageError(`${command} needs a VERSION`);
  if (rest.length) throw new UsageError(`unexpected arguments: ${rest.join(' ')}`);
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    if (command === 'list') {
      const rows = await listModels(db);
      if (!rows.length) console.log('no trained versions yet');
      for (const r of rows) {
        const v = r.metrics.validation as { auc?: number } | undefined;
        console.log(
          `${r.active ? '*' : ' '} ${r.version}  ${r.createdAt.toISOString()}  validation AUC ${v?.auc?.toFixed(4) ?? 'n/a'}  ${r.source}${r.active ? `  (active since ${r.activatedAt?.toISOString()}, by ${r.activatedBy})` : ''}`,
        );
      }
      if (!rows.some((r) => r.active))
        console.log(`serving: the shipped model ${shippedModel().version} (no version activated)`);
    } else if (command === 'show') {
      const { rows } = await db.query<{ model: unknown }>('SELECT model FROM core.model_version WHERE version = $1', [
        version,
      ]);
      if (!rows.length) throw new ModelError(`no model version "${version}" (npm run model -- list shows them)`);
      console.log(JSON.stringify(rows[0].model, null, 1));
    } else {
      const by = parsed.values.by ?? os.userInfo().username;
      const previous = await activateModel(db, version, by);
      console.log(`activated ${version}${previous ? ` (replacing ${previous})` : ''}, by ${by}`);
    }
  } finally {
    await db.close();
  }
}

if (require.main === module) runCli(main, USAGE, [ModelError]);
