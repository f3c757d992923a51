/** The benchmark's database (bench/bench.ts), made ready before any contender starts. */
import type { Database } from '../src/db/database';
import { migrate } from '../src/db/data-source';
import { seedWithProgress } from '../src/seed';
import { runScript } from './contender';

/** Prepares the database: migrations, a portfolio of `firms` when it is empty, every firm scored. */
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
  // Every run: a previous run's Q5 wrote live fetches through, and their firms' stored scores are
  // no longer current (an incremental rescore scores those alone; on a fresh portfolio, all).
  console.log('scoring what changed (npm run rescore)...');
  await runScript('src/rescore/rescore.cli.ts', [], env, 'inherit');
  return have;
}
