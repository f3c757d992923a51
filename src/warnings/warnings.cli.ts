/**
 * `npm run warnings [-- --as-of YYYY-MM]`
 *
 * Runs every warning rule over the portfolio (as a profile read would, from the mirror) and
 * stores what they raise in core.warning: new warnings open with verification due in 24 h,
 * known ones get fresh evidence, and those no longer raised are cleared (kept, with their
 * history). Prints per rule how many firms it fired on, and the run's counts. With `--as-of` a
 * month other than the portfolio's, it is a backtest: the counts are printed and nothing is stored
 * (the stored warnings are the current month's lifecycle; another month's would clear them).
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { runCli, UsageError } from '../lib/cli';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { migrate } from '../db/data-source';
import { portfolioAsOf } from '../quality/as-of';
import { parseYearMonth } from '../quality/months';
import { QualityError } from '../quality/quality.service';
import type { DetectedWarning } from './warning';
import { scanPortfolio } from './portfolio.service';
import { storeWarnings } from './warning.service';
import { RULES } from './rules';

const USAGE = 'usage: warnings.cli.ts [--as-of YYYY-MM]';

async function main(): Promise<void> {
  let asOfArg: string | undefined;
  try {
    asOfArg = parseArgs({ args: process.argv.slice(2), strict: true, options: { 'as-of': { type: 'string' } } }).values[
      'as-of'
    ];
    if (asOfArg !== undefined) parseYearMonth(asOfArg);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const bar = new cliProgress.SingleBar(
    { format: 'warnings |{bar}| {value}/{total} firms | {duration_formatted}', stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  try {
    const ran = await migrate(db.url);
    if (ran.length) console.log(`migrations: ran ${ran.join(', ')}`);
    const asOf = await portfolioAsOf(db, asOfArg);
    const started = Date.now();
    const runAt = new Date();
    const detected: DetectedWarning[] = [];
    bar.start(0, 0);
    const firms = await scanPortfolio(db, asOf, (r) => detected.push(...r.warnings), {
      onProgress: (done, total) => {
        bar.setTotal(total);
        bar.update(done);
      },
    });
    bar.stop();
    console.log(
      `as of ${asOf.month}: ${firms} firms, ${detected.length} warnings raised in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    for (const rule of RULES) {
      const n = detected.filter((w) => w.code === rule.code).length;
      console.log(
        `  ${rule.number === null ? ' +' : String(rule.number).padStart(2)}  ${rule.code.padEnd(31)} ${String(n).padStart(6)}`,
      );
    }
    const portfolio = asOfArg === undefined ? asOf : await portfolioAsOf(db);
    if (asOf.month !== portfolio.month) {
      console.log(
        `not stored: ${asOf.month} is not the portfolio's month (${portfolio.month}). The stored warnings are the current month's, which people work on; ` +
          `storing another month's would clear them. The counts above are a backtest.`,
      );
      return;
    }
    const stored = await storeWarnings(db, detected, runAt);
    console.log(
      `stored: ${stored.inserted} new, ${stored.updated} updated, ${stored.reopened} reopened, ${stored.cleared} cleared`,
    );
  } finally {
    bar.stop();
    await db.close();
  }
}

if (require.main === module) runCli(main, USAGE, [QualityError]);
