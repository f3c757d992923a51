/**
 * `npm run eval:score -- --truth FILE [--chunk 500]`
 *
 * Scores the serving default model and the warning rules on the configured database against the
 * generator's truth, as a bank would have seen the portfolio month by month:
 *
 * 1. **History**: at every month end from a year after the records start to three months before
 *    asOf, every borrower the bank was exposed to and not in default (observations.ts), its facts
 *    as known that day, its health under the serving model, and the warnings the rules raise from
 *    those facts (the rules that read data-quality findings are left out here: the checks run on
 *    the portfolio as it stands now).
 *    - The model on the window it was validated on (its out-of-time window when it was trained on
 *      this portfolio): AUC, the hand-weighted index's AUC and the generator's own PD's AUC on the
 *      same points, the share of that lift the model captures, default rates by tier.
 *    - Early-warning coverage: of the defaults whose year before default the history covers, the
 *      share that had a warning at some month end 3 to 12 months before the default day; and of
 *      the borrowers warned at a month end, the share that defaulted in the 12 months after.
 *    - The rules for a slide's signals, against the slides' signals month by month (warnings/eval.ts).
 * 2. **The rules for planted problems at asOf**, on every firm, with the data-quality findings.
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
import { addMonths, lastDayOfMonth, monthIndex } from '../quality/months';
import { loadFacts } from './facts.repository';
import { scoreHealth } from './health.service';
import { handWeightedScore } from './hand-index';
import {
  firesForPlant,
  formatRuleScores,
  HEADCOUNT_NOT_SHOWN_SQL,
  type HistoryPoint,
  INSTALMENTS_NOT_SHOWN_SQL,
  scoreRules,
  scoreSlideRules,
} from '../warnings/eval';
import { scanPortfolio } from '../warnings/portfolio.service';
import { evaluateRules } from '../warnings/rules.service';
import { activeModel } from '../model/model.repository';
import { auc } from '../model/metrics';
import { strictlyIncreasing, tierTable } from '../model/model';
import { exposedBorrowers, observationDates } from '../model/observations';
import { earlyWarningCoverage } from '../warnings/coverage';

const USAGE = 'usage: eval-score.cli.ts --truth FILE [--chunk 500]';
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

async function main(): Promise<void> {
  let values: { truth?: string; chunk?: string };
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      strict: true,
      options: { truth: { type: 'string' }, chunk: { type: 'string' } },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (!values.truth) throw new UsageError('--truth FILE is required');
  const chunk = Number(values.chunk ?? 500);
  if (!Number.isInteger(chunk) || chunk < 1 || chunk > 5000)
    throw new UsageError(`--chunk must be an integer from 1 to 5000, got ${values.chunk}`);
  const truth = JSON.parse(fs.readFileSync(values.truth, 'utf8')) as Truth;
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const bar = new cliProgress.SingleBar(
    { format: 'eval:score |{bar}| {value}/{total} {what} | {duration_formatted}', stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  try {
    const asOf = await portfolioAsOf(db);
    const model = await activeModel(db);
    const started = Date.now();
    console.log(
      `truth: ${values.truth} (seed ${truth.seed}, ${truth.firmCount} firms, as of ${truth.asOf}); model ${model.version} (trained on ${model.sample.source})`,
    );

    // 1. History.
    const { rows: first } = await db.query<{ month: string }>('SELECT min(month) AS month FROM bank.account_month');
    const dates = observationDates(addMonths(first[0].month, 12), addMonths(asOf.month, -3));
    const points = await exposedBorrowers(db, dates, asOf);
    // Every default the history's coverage counts is a borrower seen in it before its default day.
    const defaults = new Map(points.filter((p) => p.defaultedOn !== null).map((p) => [p.uscc, p.defaultedOn!]));
    const seen: Array<
      HistoryPoint & { label: 0 | 1; pd: number; tier: string; hand: number; oracle: number | null; warned: boolean }
    > = [];
    bar.start(points.length, 0, { what: 'month-end borrowers' });
    let done = 0;
    for (const d of dates) {
      const at = points.filter((p) => p.asOf.date === d.date);
      for (let k = 0; k < at.length; k += chunk) {
        const batch = at.slice(k, k + chunk);
        const facts = await loadFacts(
          db,
          batch.map((p) => p.uscc),
          d,
        );
        for (const [j, f] of facts.entries()) {
          if (!f) continue;
          const h = scoreHealth(f, model);
          const t = truth.firms[f.uscc];
          const oracle = t?.oraclePd?.[monthIndex(d.month) - monthIndex(truth.oracleFrom)] ?? null;
          const rules = evaluateRules(f, h).map((w) => w.code);
          seen.push({
            uscc: f.uscc,
            month: d.month,
            rules,
            label: batch[j].label,
            pd: h.probabilityOfDefault,
            tier: h.tier,
            hand: handWeightedScore(f),
            oracle,
            warned: rules.length > 0,
          });
        }
        done += Math.min(chunk, at.length - k);
        bar.update(done);
      }
    }
    bar.stop();
    const { from, to } = model.sample.validation;
    const window = seen.filter((s) => s.month >= from && s.month <= to && addMonths(s.month, 12) <= asOf.month);
    if (window.length) {
      const y = window.map((s) => s.label);
      const aModel = auc(
        window.map((s) => s.pd),
        y,
      );
      const aHand = auc(
        window.map((s) => -s.hand),
        y,
      );
      const known = window.map((s, i) => [s.oracle, y[i]] as const).filter(([o]) => o !== null);
      const aOracle = auc(
        known.map(([o]) => o!),
        known.map(([, l]) => l),
      );
      console.log(
        `\nmodel on its validation window ${from}..${to} (${window.length} borrower-months, ${y.filter(Boolean).length} defaults in the 12 months after):`,
      );
      console.log(
        `  AUC: model ${aModel.toFixed(4)}, hand-weighted index ${aHand.toFixed(4)}, the generator's own PD ${aOracle.toFixed(4)}; captured lift (model - 0.5) / (oracle - 0.5) = ${((aModel - 0.5) / (aOracle - 0.5)).toFixed(3)}`,
      );
      const tiers = tierTable(
        model.tiers,
        window.map((s) => s.pd),
        y,
      );
      console.log('  tier     borrower-months  defaults  default rate  mean PD');
      for (const r of tiers)
        console.log(
          `  ${r.tier.padEnd(7)}  ${String(r.rows).padStart(15)}  ${String(r.events).padStart(8)}  ${pct(r.defaultRate).padStart(12)}  ${pct(r.meanPd).padStart(7)}`,
        );
      console.log(`  default rates strictly increasing GREEN -> RED: ${strictlyIncreasing(tiers) ? 'yes' : 'NO'}`);
    } else
      console.log(
        `\nthe model's validation window ${from}..${to} has no month end with a known 12-month outcome in this database`,
      );

    const coverage = earlyWarningCoverage(seen, defaults, asOf.month);
    console.log(
      `\nearly-warning coverage (rules from the data known at each month end, ${dates[0].month}..${dates.at(-1)!.month}):`,
    );
    console.log(
      `  defaults whose previous year the history covers: ${coverage.defaults}; warned 3-12 months before the default day: ${coverage.warnedAhead} (${pct(coverage.coverage)})`,
    );
    console.log(
      `  borrower-months with a warning (outcome known): ${coverage.warnedPoints}; defaulted within 12 months: ${coverage.warnedDefaults} (${pct(coverage.hitRate)}), against ${pct(coverage.baseRate)} of all borrower-months`,
    );

    const slides =
      (truth.problems as Record<string, Array<{ uscc: string; fromMonth: string; toMonth: string; signals: string[] }>>)
        .SLIDE ?? [];
    const notShown = async (sql: string, signal: string, day: (month: string, end: boolean) => string) => {
      const plants = slides.filter((e) => e.signals.includes(signal));
      const { rows } = await db.query<{ uscc: string }>(sql, [
        plants.map((e) => e.uscc),
        plants.map((e) => day(e.fromMonth, false)),
        plants.map((e) => day(e.toMonth, true)),
      ]);
      return new Set(rows.map((r) => r.uscc));
    };
    const hidden = new Map([
      [
        'REPAYMENT_OVERDUE',
        await notShown(INSTALMENTS_NOT_SHOWN_SQL, 'instalments', (m, end) => (end ? lastDayOfMonth(m) : `${m}-01`)),
      ],
      ['HEADCOUNT_DROP', await notShown(HEADCOUNT_NOT_SHOWN_SQL, 'headcount', (m) => m)],
    ]);
    console.log('');
    console.log(
      formatRuleScores(
        scoreSlideRules(truth, seen, hidden),
        `the rules for a slide's signals, month end by month end over ${dates[0].month}..${dates.at(-1)!.month} (recall per slide, precision per warned month end):`,
      ),
    );

    // 2. The rules for planted problems, at asOf.
    const fired = new Map<string, Set<string>>();
    bar.start(0, 0, { what: 'firms' });
    await scanPortfolio(
      db,
      asOf,
      ({ facts: f, warnings }) => {
        if (!truth.firms[f.uscc]) return;
        for (const w of warnings) {
          if (!firesForPlant(w.code, w.evidence)) continue;
          const set = fired.get(w.code) ?? new Set<string>();
          set.add(f.uscc);
          fired.set(w.code, set);
        }
      },
      {
        chunk,
        onProgress: (n, total) => {
          bar.setTotal(total);
          bar.update(n);
        },
      },
    );
    bar.stop();
    console.log('');
    console.log(
      formatRuleScores(scoreRules(truth, fired), `the rules for planted problems, every firm as of ${asOf.month}:`),
    );
    console.log(`\n(${((Date.now() - started) / 1000).toFixed(0)} s)`);
  } finally {
    bar.stop();
    await db.close();
  }
}

if (require.main === module) runCli(main, USAGE, [SyntaxError, RangeError]);
