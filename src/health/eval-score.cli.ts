/**
 * `npm run eval:score -- --truth FILE [--chunk 500]`
 *
 * Scores every firm in the configured database (health index and warning rules, computed the
 * way a profile read computes them) and compares them with the generator's truth: the AUC of
 * the health index for the planted defaults, default rates by tier, each indicator's own AUC,
 * and each warning rule's precision and recall against the problems planted for it.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { runCli, UsageError } from '../lib/cli';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import type { Truth } from '../seed/truth';
import { portfolioAsOf } from '../quality/as-of';
import { auc, defaultRateByTier } from './eval';
import { TIERS, type Tier } from './tier';
import { formatRuleScores, HEADCOUNT_NOT_SHOWN_SQL, INSTALMENTS_NOT_SHOWN_SQL, scoreRules } from '../warnings/eval';
import { scanPortfolio } from '../warnings/portfolio.service';

const USAGE = 'usage: eval-score.cli.ts --truth FILE [--chunk 500]';

async function main(): Promise<void> {
  let values: { truth?: string; chunk?: string };
  try {
    ({ values } = parseArgs({ args: process.argv.slice(2), strict: true, options: { truth: { type: 'string' }, chunk: { type: 'string' } } }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (!values.truth) throw new UsageError('--truth FILE is required');
  const chunk = Number(values.chunk ?? 500);
  if (!Number.isInteger(chunk) || chunk < 1 || chunk > 5000) throw new UsageError(`--chunk must be an integer from 1 to 5000, got ${values.chunk}`);
  const truth = JSON.parse(fs.readFileSync(values.truth, 'utf8')) as Truth;
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const bar = new cliProgress.SingleBar({ format: 'eval:score |{bar}| {value}/{total} firms | {duration_formatted}', stream: process.stderr }, cliProgress.Presets.shades_classic);
  try {
    const asOf = await portfolioAsOf(db);
    const risk: number[] = [];
    const labels: boolean[] = [];
    const tiers: Tier[] = [];
    const perIndicator = new Map<string, { risk: number[]; labels: boolean[] }>();
    const fired = new Map<string, Set<string>>();
    let unknown = 0;
    const started = Date.now();
    bar.start(0, 0);
    await scanPortfolio(
      db,
      asOf,
      ({ facts: f, health: h, warnings }) => {
        const t = truth.firms[f.uscc];
        if (!t) {
          unknown++;
          return;
        }
        risk.push(-h.score);
        labels.push(t.defaulted);
        tiers.push(h.tier);
        for (const x of h.factors) {
          if (x.status !== 'OK' || x.maxPoints === 0) continue;
          const e = perIndicator.get(x.code) ?? { risk: [], labels: [] };
          e.risk.push(-(x.points / x.maxPoints));
          e.labels.push(t.defaulted);
          perIndicator.set(x.code, e);
        }
        for (const w of warnings) {
          const set = fired.get(w.code) ?? new Set<string>();
          set.add(f.uscc);
          fired.set(w.code, set);
        }
      },
      { chunk, onProgress: (done, total) => { bar.setTotal(total); bar.update(done); } },
    );
    bar.stop();
    const defaults = labels.filter(Boolean).length;
    console.log(`truth: ${values.truth} (seed ${truth.seed}, ${truth.firmCount} firms, as of ${truth.asOf}); scored ${risk.length} firms as of ${asOf.month} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (unknown) console.log(`${unknown} firms in the database are not in the truth file and were left out`);
    console.log(`health index AUC for the ${defaults} planted defaults: ${auc(risk, labels).toFixed(3)}`);
    console.log('tier     firms  defaults  default rate');
    for (const r of defaultRateByTier(tiers, labels, TIERS.map((t) => t.tier))) {
      console.log(`${r.tier.padEnd(7)} ${String(r.firms).padStart(6)}  ${String(r.defaults).padStart(8)}  ${(r.defaultRate * 100).toFixed(1).padStart(11)}%`);
    }
    console.log('indicator AUC (points lost as the risk):');
    for (const [code, e] of [...perIndicator].sort((a, b) => auc(b[1].risk, b[1].labels) - auc(a[1].risk, a[1].labels))) {
      console.log(`  ${code.padEnd(24)} ${String(e.risk.length).padStart(6)} firms  ${auc(e.risk, e.labels).toFixed(3)}`);
    }
    // Plants the records cannot show (no instalment due during the slide; no fall in insured staff) are left out, and counted.
    const slides = (truth.problems as Record<string, Array<{ uscc: string; fromMonth: string; signals: string[] }>>).SLIDING_TO_DEFAULT ?? [];
    const withSignal = (signal: string) => slides.filter((e) => e.signals.includes(signal));
    const notShown = async (sql: string, signal: string, startOf: (month: string) => string, end: string) => {
      const plants = withSignal(signal);
      const { rows } = await db.query<{ uscc: string }>(sql, [plants.map((e) => e.uscc), plants.map((e) => startOf(e.fromMonth)), end]);
      return new Set(rows.map((r) => r.uscc));
    };
    const hidden = new Map([
      ['REPAYMENT_OVERDUE', await notShown(INSTALMENTS_NOT_SHOWN_SQL, 'instalments', (m) => `${m}-01`, asOf.date)],
      ['HEADCOUNT_DROP', await notShown(HEADCOUNT_NOT_SHOWN_SQL, 'headcount', (m) => m, asOf.month)],
    ]);
    // A firm rule 12 should find for another reason (a staff mismatch, a shell) stays planted.
    const alsoPlanted = new Set(['STAFF_MISMATCH', 'SHELL_COMPANY'].flatMap((c) => ((truth.problems as Record<string, Array<{ uscc: string }>>)[c] ?? []).map((e) => e.uscc)));
    for (const u of [...hidden.get('HEADCOUNT_DROP')!]) if (alsoPlanted.has(u)) hidden.get('HEADCOUNT_DROP')!.delete(u);
    console.log(formatRuleScores(scoreRules(truth, fired, hidden)));
  } finally {
    bar.stop();
    await db.close();
  }
}

if (require.main === module) runCli(main, USAGE, [SyntaxError]);
