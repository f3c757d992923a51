/**
 * `node -r @swc-node/register bench/quality-read.bench.ts [USCC]` (DATABASE_URL: a seeded portfolio)
 *
 * What checking on read costs: per check, the whole-portfolio statement against the same
 * statement scoped to one firm (quality.service scopedSql), then the merged on-read findings
 * (Borrower.dataQuality.issues(live: true)) for one firm and for a page of 20, the per-firm
 * completeness with missing fields, and the portfolio's field missing rates. Median of 5 runs
 * for the reads. The firm defaults to one with a duplicated invoice.
 */
import 'reflect-metadata';
import { openDatabase } from '../src/db/database';
import { CHECKS } from '../src/quality/checks';
import { detect, resolveAsOf } from '../src/quality/quality.service';
import { QUALITY_CONFIG } from '../src/quality/quality.config';
import { liveFindingsOf } from '../src/quality/live-findings.service';
import { completenessOf, portfolioFieldMissingRates } from '../src/quality/completeness.service';

async function ms<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = process.hrtime.bigint();
  const out = await fn();
  return [Number(process.hrtime.bigint() - t) / 1e6, out];
}

async function median(fn: () => Promise<unknown>, n = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push((await ms(fn))[0]);
  return times.sort((a, b) => a - b)[Math.floor(n / 2)];
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('set DATABASE_URL to a seeded portfolio');
  const db = await openDatabase({ databaseUrl: url });
  try {
    const asOf = await resolveAsOf(db);
    const firm =
      process.argv[2] ??
      (
        await db.query<{ uscc: string }>(
          'SELECT min(seller_uscc) AS uscc FROM tax.invoice GROUP BY invoice_code, invoice_number HAVING count(*) > 1 LIMIT 1',
        )
      ).rows[0].uscc;
    const page = (await db.query<{ uscc: string }>('SELECT uscc FROM core.firm ORDER BY uscc LIMIT 20')).rows.map(
      (r) => r.uscc,
    );
    console.log(`as of ${asOf.month}, firm ${firm}`);
    for (const check of CHECKS) {
      const [full, all] = await ms(() => detect(db, check, asOf));
      const one = await median(() => detect(db, check, asOf, QUALITY_CONFIG, [firm]));
      const twenty = await median(() => detect(db, check, asOf, QUALITY_CONFIG, page));
      console.log(
        `${check.code.padEnd(32)} portfolio ${full.toFixed(0).padStart(6)} ms (${all.length} findings)   one firm ${one.toFixed(1).padStart(7)} ms   20 firms ${twenty.toFixed(1).padStart(7)} ms`,
      );
    }
    console.log(`issues(live: true), one firm:   ${(await median(() => liveFindingsOf(db, [firm]))).toFixed(1)} ms`);
    console.log(`issues(live: true), 20 firms:   ${(await median(() => liveFindingsOf(db, page))).toFixed(1)} ms`);
    console.log(
      `completeness + missingFields, one firm: ${(await median(() => completenessOf(db, [firm]))).toFixed(1)} ms`,
    );
    console.log(
      `completeness + missingFields, 20 firms: ${(await median(() => completenessOf(db, page))).toFixed(1)} ms`,
    );
    const [rates, fieldRates] = await ms(() => portfolioFieldMissingRates(db));
    console.log(`fieldMissingRates (portfolio): ${rates.toFixed(0)} ms`);
    for (const r of fieldRates)
      console.log(
        `  ${r.source.padEnd(9)} ${r.field.padEnd(44)} ${String(r.missingFirms).padStart(6)} / ${r.firms}  ${r.rate}`,
      );
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
