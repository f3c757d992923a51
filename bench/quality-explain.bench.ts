/**
 * `node -r @swc-node/register bench/quality-explain.bench.ts CODE [USCC...]` (DATABASE_URL: a seeded portfolio)
 *
 * EXPLAIN (ANALYZE, BUFFERS) of one data-quality check's statement: over the whole portfolio,
 * or as the job and the on-read path run it for the given firms (the check's firmSql if it has
 * one, filtered by quality.service scopedSql). For finding out why a check is slow: a firm
 * filter that does not reach the scans, a sort or hash spilling to disk, a misestimated join.
 */
import 'reflect-metadata';
import { openDatabase } from '../src/db/database';
import { CHECKS } from '../src/quality/checks';
import { resolveAsOf, scopedSql } from '../src/quality/quality.service';
import { QUALITY_CONFIG } from '../src/quality/quality.config';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('set DATABASE_URL to a seeded portfolio');
  const [code, ...firms] = process.argv.slice(2);
  const check = CHECKS.find((c) => c.code === code);
  if (!check) throw new Error(`unknown check "${code ?? ''}"; one of ${CHECKS.map((c) => c.code).join(', ')}`);
  const db = await openDatabase({ databaseUrl: url });
  try {
    const asOf = await resolveAsOf(db);
    const sql = firms.length
      ? scopedSql((check.firmSql ?? check.sql)(asOf, QUALITY_CONFIG), firms)
      : check.sql(asOf, QUALITY_CONFIG);
    const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql.text}`, sql.values);
    console.log(rows.map((r) => r['QUERY PLAN']).join('\n'));
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
