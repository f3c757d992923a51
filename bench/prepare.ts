/** The benchmark's database (bench/bench.ts), made ready before any contender starts. */
import type { Database } from '../src/db/database';
import { migrate } from '../src/db/data-source';
import { seedWithProgress } from '../src/seed';
import { runScript } from './contender';

/** Prepares the database: migrations, a portfolio of `firms` when it is empty, the data-quality checks, every firm scored. */
export async function prepare(db: Database, firms: number, env: NodeJS.ProcessEnv): Promise<number> {
  await migrate(db.url);
  const count = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM core.firm')).rows[0].n);
  let have = await count();
  if (have === 0) {
    console.log(`seeding ${firms} firms (seed 27182)...`);
    await seedWithProgress(db, { firms, seed: 27182 });
    have = await count();
  } else if (have !== firms) {
    console.log(
      `the database already holds ${have} firms: measuring those (--firms ${firms} applies to an empty database)`,
    );
  }
  // Every run, as a bank's schedule does: the data-quality checks, then the rescore. A previous
  // run's Q5 wrote live fetches through, and their firms' stored scores and warnings are no longer
  // current (incremental: those firms alone; on a fresh portfolio, all). Q3 reads the warnings the
  // rescore stored only while the stored findings are the checks' answer (docs/snapshots.md#reads).
  console.log('checking the data (npm run quality)...');
  await runScript('src/quality/quality.cli.ts', [], env, 'inherit');
  console.log('scoring what changed (npm run rescore)...');
  await runScript('src/rescore/rescore.cli.ts', [], env, 'inherit');
  return have;
}
