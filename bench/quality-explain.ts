import 'reflect-metadata';
import { openDatabase } from '../src/db/database';
import { CHECKS } from '../src/quality/checks';
import { resolveAsOf, scopedSql } from '../src/quality/quality.service';
import { QUALITY_CONFIG } from '../src/quality/quality.config';
async function main() {
  const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL! });
  const asOf = await resolveAsOf(db);
  const check = CHECKS.find((c) => c.code === process.argv[2])!;
  const s = process.argv[3] ? scopedSql(check.sql(asOf, QUALITY_CONFIG), process.argv.slice(3)) : check.sql(asOf, QUALITY_CONFIG);
  const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF, BUFFERS) ${s.text}`, s.values);
  console.log(rows.map((r) => r['QUERY PLAN']).join('\n'));
  await db.close();
}
main();
