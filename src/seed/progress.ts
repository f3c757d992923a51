/**
 * seedPortfolio with a progress bar (firms done / total, rows/s) and a closing summary line: what
 * the seed command and the server's first start show. On a terminal the bar redraws in place;
 * elsewhere (a log file, a container's output, CI) it prints a progress line every few seconds.
 */
import cliProgress from 'cli-progress';
import type { Database } from '../db/database';
import { type SeedOptions, type SeedResult, seedPortfolio } from './portfolio.loader';
import { TABLE_NAMES } from './tables';

/** How often a progress line is printed when stderr is not a terminal. */
const NOT_TTY_EVERY_MS = 3000;

export async function seedWithProgress(
  db: Database,
  options: SeedOptions,
  out: NodeJS.WritableStream = process.stdout,
): Promise<SeedResult> {
  const bar = new cliProgress.SingleBar(
    {
      format: 'seeding |{bar}| {value}/{total} firms | {rate} rows/s | {duration_formatted}',
      hideCursor: true,
      clearOnComplete: false,
      stream: process.stderr,
      noTTYOutput: true,
      notTTYSchedule: NOT_TTY_EVERY_MS,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(options.firms, 0, { rate: 0 });
  try {
    const result = await seedPortfolio(db, {
      ...options,
      onProgress: (p) => {
        bar.update(p.firmsDone, { rate: Math.round(p.rowsWritten / Math.max(0.001, p.elapsedMs / 1000)) });
        options.onProgress?.(p);
      },
    });
    bar.stop();
    out.write(
      `seeded ${result.firms} firms (seed ${result.seed}, as of ${result.asOf}): ${result.totalRows} rows in ` +
        `${(result.elapsedMs / 1000).toFixed(1)} s, default rate ${(result.defaultRate * 100).toFixed(1)}%\n`,
    );
    return result;
  } catch (err) {
    bar.stop();
    throw err;
  }
}

/** Rows per table, one per line, for the seed command's summary. */
export function formatRowCounts(result: SeedResult): string {
  const width = Math.max(...TABLE_NAMES.map((t) => t.length));
  return TABLE_NAMES.map((t) => `  ${t.padEnd(width)}  ${String(result.rows[t]).padStart(10)}`).join('\n');
}
