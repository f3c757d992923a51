import 'reflect-metadata';
import { openDatabase } from '../src/db/database';
import { CHECKS } from '../src/quality/checks';
import { detect, resolveAsOf, scopedSql } from '../src/quality/quality.service';
import { QUALITY_CONFIG } from '../src/quality/quality.config';
async function main() {
  const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL! });
  const asOf = await resolveAsOf(db);
  const firm = process.argv[2];
  for (const check of CHECKS) {
    let t = Date.now();
    const all = await detect(db, check, asOf);
    const full = Date.now() - t;
    t = Date.now();
    const one = await detect(db, check, asOf, QUALITY_CONFIG, [firm]);
    const scoped = Date.now() - t;
    console.log(`${check.code.padEnd(32)} full ${String(full).padStart(6)} ms (${all.length})  one firm ${String(scoped).padStart(6)} ms (${one.length})`);
    if (process.env.EXPLAIN) {
      const s = scopedSql(check.sql(asOf, QUALITY_CONFIG), [firm]);
      const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF) ${s.text}`, s.values);
      console.log(rows.map((r) => r['QUERY PLAN']).join('\n'));
    }
  }
  await db.close();
}
main();
