/**
 * The sessions of a process serving requests (`openDatabase({ serving: true })`, as src/main.ts
 * opens it) run no parallel query; other processes (batch jobs) keep the database's setting. Q5 in docs/performance.md: a parallel plan starts worker processes per
 * execution, 100-170 ms for one firm's DUPLICATE_RECORD check against 9 ms without.
 */
import pg from 'pg';
import { openDatabase, type Database } from '../src/db/database';
import { testDatabaseUrl } from './helpers';

const setting = async (db: Database, name: string): Promise<string> =>
  (await db.query<{ value: string }>('SELECT current_setting($1) AS value', [name])).rows[0].value;

describe('sessions of a serving process', () => {
  const opened: Database[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((db) => db.close()));
  });
  const open = async (serving: boolean) => {
    const db = await openDatabase({ databaseUrl: testDatabaseUrl(), poolMax: 1, serving });
    opened.push(db);
    return db;
  };

  it('plan no parallel workers; a batch process keeps the database setting', async () => {
    const serving = await open(true);
    const batch = await open(false);
    expect(await setting(serving, 'max_parallel_workers_per_gather')).toBe('0');
    // The database's own setting, from a connection opened with no startup options.
    const plain = new pg.Client({ connectionString: testDatabaseUrl() });
    await plain.connect();
    try {
      const { rows } = await plain.query<{ value: string }>(
        "SELECT current_setting('max_parallel_workers_per_gather') AS value",
      );
      expect(await setting(batch, 'max_parallel_workers_per_gather')).toBe(rows[0].value);
      // A PostgreSQL server plans parallel workers by default (PGlite runs none at all).
      if (process.env.DATABASE_URL) expect(rows[0].value).not.toBe('0');
    } finally {
      await plain.end();
    }
  });
});
