/**
 * `npm run bench:network` (DATABASE_URL: a seeded portfolio)
 *
 * What the guarantee networks and ownership cost on the portfolio at hand:
 * - portfolio-wide, the three guarantee-structure checks (GUARANTEE_CIRCLE, GUARANTEE_CHAIN,
 *   GUARANTEE_STAR) over every live guarantee, median of 3, with how many each finds;
 * - one firm at a time, over 200 firms that give or receive a guarantee (and 200 that hold shares
 *   through firms), `guaranteeNetwork(depth 3)`, `ultimateControllers`, the firm-scoped structure
 *   checks and the contagion facts: p50 / p95 / max of each;
 * - the plans (EXPLAIN ANALYZE) of one firm's network and controllers, to show the index use.
 * Prints a table; writes nothing.
 */
import 'reflect-metadata';
import { openDatabase, type Database } from '../src/db/database';
import { guaranteeNetworks, NETWORK_SQL, CIRCLE_MAX_FIRMS } from '../src/network/guarantee.repository';
import { CONTROLLERS_SQL, ultimateControllersOf, OWNERSHIP_MAX_LAYERS } from '../src/network/ownership.repository';
import { guaranteeChainCheck, guaranteeCircleCheck, guaranteeStarCheck } from '../src/quality/checks';
import { detect, resolveAsOf } from '../src/quality/quality.service';
import { CONTAGION, loadNetworkFacts } from '../src/health/network-facts.repository';

async function ms<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = process.hrtime.bigint();
  const out = await fn();
  return [Number(process.hrtime.bigint() - t) / 1e6, out];
}

function summary(times: number[]): string {
  const s = [...times].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))].toFixed(1);
  return `p50 ${at(0.5)} ms  p95 ${at(0.95)} ms  max ${s[s.length - 1].toFixed(1)} ms  (${s.length} firms)`;
}

async function sample(db: Database, sql: string): Promise<string[]> {
  return (await db.query<{ uscc: string }>(sql)).rows.map((r) => r.uscc);
}

async function explain(db: Database, sql: string, values: unknown[]): Promise<string> {
  const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF) ${sql}`, values);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('set DATABASE_URL to a seeded portfolio');
  const db = await openDatabase({ databaseUrl: url, serving: true });
  try {
    const asOf = await resolveAsOf(db);
    const [{ firms, guarantees }] = (
      await db.query<{ firms: number; guarantees: number }>(
        `SELECT (SELECT count(*) FROM core.firm)::int AS firms, (SELECT count(*) FROM bank.guarantee)::int AS guarantees`,
      )
    ).rows;
    console.log(`portfolio: ${firms} firms, ${guarantees} guarantees, as of ${asOf.month}`);
    for (const check of [guaranteeCircleCheck, guaranteeChainCheck, guaranteeStarCheck]) {
      const runs: number[] = [];
      let found = 0;
      for (let i = 0; i < 3; i++) {
        const [t, f] = await ms(() => detect(db, check, asOf));
        runs.push(t);
        found = f.length;
      }
      console.log(
        `${check.code.padEnd(17)} portfolio-wide  median ${runs.sort((a, b) => a - b)[1].toFixed(0)} ms, ${found} found`,
      );
    }
    const tied = await sample(
      db,
      `SELECT uscc FROM (SELECT DISTINCT guarantor_uscc AS uscc FROM bank.guarantee WHERE start_date <= '${asOf.date}' AND end_date >= '${asOf.date}') g ORDER BY md5(uscc) LIMIT 200`,
    );
    const held = await sample(
      db,
      `SELECT uscc FROM (SELECT DISTINCT uscc FROM registry.shareholder WHERE holder_type = 'FIRM') s ORDER BY md5(uscc) LIMIT 200`,
    );
    const time = async (list: string[], fn: (u: string) => Promise<unknown>) => {
      const out: number[] = [];
      for (const u of list) out.push((await ms(() => fn(u)))[0]);
      return summary(out);
    };
    console.log(
      `guaranteeNetwork(depth 3), one firm     ${await time(tied, (u) => guaranteeNetworks(db, [{ uscc: u, depth: 3 }], asOf.date))}`,
    );
    console.log(
      `guaranteeNetwork(depth 6), one firm     ${await time(tied, (u) => guaranteeNetworks(db, [{ uscc: u, depth: 6 }], asOf.date))}`,
    );
    console.log(`ultimateControllers, one firm           ${await time(held, (u) => ultimateControllersOf(db, [u]))}`);
    console.log(
      `GUARANTEE_CIRCLE scoped, one firm       ${await time(tied, (u) => detect(db, guaranteeCircleCheck, asOf, undefined, [u], true))}`,
    );
    console.log(
      `GUARANTEE_CHAIN scoped, one firm        ${await time(tied, (u) => detect(db, guaranteeChainCheck, asOf, undefined, [u], true))}`,
    );
    console.log(
      `contagion facts (depth 2), one firm     ${await time(tied, (u) => loadNetworkFacts(db, [u], asOf, CONTAGION))}`,
    );
    console.log("\nEXPLAIN ANALYZE, one firm's network (depth 3):");
    console.log(await explain(db, NETWORK_SQL, [[tied[0]], [3], asOf.date, CIRCLE_MAX_FIRMS]));
    console.log("\nEXPLAIN ANALYZE, one firm's ultimate controllers:");
    console.log(await explain(db, CONTROLLERS_SQL, [[held[0]], OWNERSHIP_MAX_LAYERS]));
  } finally {
    await db.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
