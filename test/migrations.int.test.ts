/**
 * Migrations run up and down cleanly, and the entities agree with them exactly (TypeORM's
 * schema builder finds nothing to change after the migrations ran).
 */
import { createDataSource } from '../src/db/data-source';
import { SCHEMAS } from '../src/db/entities';
import { createScratchDatabase } from './helpers';

describe('migrations', () => {
  let scratch: { url: string; drop(): Promise<void> };
  beforeAll(async () => {
    scratch = await createScratchDatabase();
  });
  afterAll(() => scratch.drop());

  it('run up, match the entities, run down to nothing, and up again', async () => {
    const ds = createDataSource(scratch.url);
    await ds.initialize();
    try {
      const schemasPresent = async () =>
        (await ds.query(`SELECT nspname FROM pg_namespace WHERE nspname = ANY($1) ORDER BY nspname`, [SCHEMAS])).map(
          (r: { nspname: string }) => r.nspname,
        );

      const up = await ds.runMigrations();
      expect(up.length).toBeGreaterThan(0);
      expect(await schemasPresent()).toEqual([...SCHEMAS].sort());

      const drift = await ds.driver.createSchemaBuilder().log();
      expect(drift.upQueries.map((q) => q.query)).toEqual([]);

      for (let i = 0; i < up.length; i++) await ds.undoLastMigration();
      expect(await schemasPresent()).toEqual([]);
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM migrations`);
      expect(n).toBe(0);

      expect((await ds.runMigrations()).length).toBe(up.length);
      expect(await schemasPresent()).toEqual([...SCHEMAS].sort());
    } finally {
      await ds.destroy();
    }
  });
});
