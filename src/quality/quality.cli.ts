/**
 * `npm run quality [-- --as-of YYYY-MM] [--full]`
 *
 * Opens the configured database (DATABASE_URL, or the embedded one under DATA_DIR), runs the
 * migrations, runs every data-quality check with a progress bar (checks done, firms checked),
 * stores the findings (upsert by fingerprint; findings no longer produced are resolved, not
 * deleted), records the run in core.quality_run and prints the mode, the firms checked and per
 * check the findings, firms, severities, what changed in the table and the time. Then it
 * resolves entities (src/resolution: records naming a firm without its USCC, duplicate firms)
 * and prints what it linked and sent to review. Last, the findings and the links are analyzed if
 * their statistics are out of date by autovacuum's rule (src/db/table-stats.ts).
 *
 * Incremental by default: after a completed run for the same as-of month and thresholds, only
 * the firms whose data changed since it started are checked. `--full` checks every firm.
 */
import 'reflect-metadata';
import { runCli, UsageError } from '../lib/cli';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { migrate } from '../db/data-source';
import { analyzeWhereDue } from '../db/table-stats';
import { CHECKS } from './checks';
import { Severity } from './finding.entity';
import { parseYearMonth } from './months';
import { formatResolutionRun, runResolution } from '../resolution/resolution.service';
import { QualityError, type RunResult, runQuality } from './quality.service';

const USAGE = 'usage: quality.cli.ts [--as-of YYYY-MM] [--full]';

export function parseQualityArgs(argv: string[]): { asOf?: string; full: boolean } {
  let values: { 'as-of'?: string; full?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: { 'as-of': { type: 'string' }, full: { type: 'boolean' } },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const asOf = values['as-of'];
  if (asOf !== undefined) {
    try {
      parseYearMonth(asOf);
    } catch (err) {
      throw new UsageError(`--as-of: ${(err as Error).message}`);
    }
  }
  return { asOf, full: values.full ?? false };
}

/** The summary table: one line per check, then the totals. */
export function formatRun(result: RunResult): string {
  const width = Math.max(...result.checks.map((c) => c.code.length), 5);
  const head = `${'check'.padEnd(width)}  findings  firms    HIGH  MEDIUM   LOW     new  updated  resolved    time  scope`;
  const num = (n: number, w: number) => String(n).padStart(w);
  const line = (
    code: string,
    c: {
      findings: number;
      firms: number;
      bySeverity: Record<Severity, number>;
      inserted: number;
      updated: number;
      resolved: number;
      elapsedMs: number;
      scope?: string;
    },
  ) =>
    `${code.padEnd(width)}  ${num(c.findings, 8)}  ${num(c.firms, 5)}  ${num(c.bySeverity.HIGH, 6)}  ${num(c.bySeverity.MEDIUM, 6)}  ${num(c.bySeverity.LOW, 4)}  ` +
    `${num(c.inserted, 6)}  ${num(c.updated, 7)}  ${num(c.resolved, 8)}  ${(c.elapsedMs / 1000).toFixed(1).padStart(5)} s${c.scope ? `  ${c.scope === 'FULL' ? 'all firms' : 'changed firms'}` : ''}`;
  const total = result.checks.reduce(
    (t, c) => ({
      findings: t.findings + c.findings,
      firms: t.firms + c.firms,
      bySeverity: {
        HIGH: t.bySeverity.HIGH + c.bySeverity.HIGH,
        MEDIUM: t.bySeverity.MEDIUM + c.bySeverity.MEDIUM,
        LOW: t.bySeverity.LOW + c.bySeverity.LOW,
      },
      inserted: t.inserted + c.inserted,
      updated: t.updated + c.updated,
      resolved: t.resolved + c.resolved,
      elapsedMs: result.elapsedMs,
    }),
    {
      findings: 0,
      firms: 0,
      bySeverity: { HIGH: 0, MEDIUM: 0, LOW: 0 },
      inserted: 0,
      updated: 0,
      resolved: 0,
      elapsedMs: 0,
    },
  );
  return [head, ...result.checks.map((c) => line(c.code, c)), line('total', total)].join('\n');
}

async function main(): Promise<void> {
  const options = parseQualityArgs(process.argv.slice(2));
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const bar = new cliProgress.SingleBar(
    {
      format: 'quality |{bar}| {value}/{total} checks | {firms} firms ({mode}) | {check} | {duration_formatted}',
      hideCursor: true,
      clearOnComplete: false,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  try {
    console.log(
      db.embedded
        ? `database: embedded PostgreSQL (PGlite) in ${config.dataDir}`
        : 'database: PostgreSQL server from DATABASE_URL',
    );
    const ran = await migrate(db.url);
    if (ran.length) console.log(`migrations: ran ${ran.join(', ')}`);
    const result = await runQuality(db, {
      asOf: options.asOf,
      full: options.full,
      onStart: (plan) => bar.start(CHECKS.length, 0, { check: '', firms: plan.firms, mode: plan.mode }),
      onCheck: ({ check, index, done }) =>
        bar.update(done ? index + 1 : index, { check: done ? `${check.code} done` : check.code }),
    });
    bar.stop();
    console.log(
      `run ${result.runId}: ${result.mode}, ${result.firms} firm(s) checked (${result.reason})\n` +
        `as of ${result.asOf.month} (${result.asOf.date})\n${formatRun(result)}\nelapsed: ${(result.elapsedMs / 1000).toFixed(1)} s`,
    );
    // Entity resolution is part of the job: records naming a firm without its USCC, and duplicate firms.
    const resolution = await runResolution(db);
    console.log(formatResolutionRun(resolution));
    // What the job wrote is read next by every score and warning; their plans need its statistics
    // (the rows it wrote counted by itself, as its sessions report them only after a moment).
    const written = new Map([
      ['core.quality_finding', result.checks.reduce((n, c) => n + c.inserted + c.updated + c.resolved, 0)],
      ['core.entity_link', resolution.inserted + resolution.updated + resolution.retired],
    ]);
    const analyzed = await analyzeWhereDue(db, { tables: [...written.keys()] }, written);
    if (analyzed.length) console.log(`statistics out of date, analyzed: ${analyzed.join(', ')}`);
  } finally {
    bar.stop();
    await db.close();
  }
}

if (require.main === module) runCli(main, USAGE, [QualityError]);
