/**
 * What a rescore tidies when it closes (src/rescore/rescore.service.ts `tidyPlan`): a rewritten
 * table is vacuumed once its dead rows pass autovacuum's threshold, a table is analyzed once its
 * changed rows pass the analyze threshold, and a run that touched a few firms leaves both alone.
 * The statistics are read from the database the suite runs on.
 */
import type { Database } from '../src/db/database';
import { runTableStats, tidyPlan, type TableStats } from '../src/rescore/rescore.service';
import { openTestDatabase } from './helpers';

/** PostgreSQL's default autovacuum settings. */
const DEFAULTS = { vacuumThreshold: 50, vacuumScaleFactor: 0.2, analyzeThreshold: 50, analyzeScaleFactor: 0.1 };

function stats(table: string, rows: number, deadRows: number, changedSinceAnalyze: number): TableStats {
  return { table, rows, deadRows, changedSinceAnalyze, ...DEFAULTS };
}

describe('tidyPlan: what a rescore vacuums and analyzes when it closes', () => {
  it('vacuums a rewritten table past 50 + 20% of its rows in dead rows, not one below', () => {
    expect(tidyPlan([stats('warning', 100_000, 20_051, 0), stats('health_latest', 100_000, 20_050, 20_050)])).toEqual({
      vacuum: ['warning'],
      analyze: ['health_latest'],
    });
  });

  it('analyzes a table past 50 + 10% of its rows changed, and never vacuums the snapshots, which are only added to', () => {
    expect(tidyPlan([stats('health_snapshot', 1_000_000, 500_000, 100_051)])).toEqual({
      vacuum: [],
      analyze: ['health_snapshot'],
    });
    expect(tidyPlan([stats('health_snapshot', 1_000_000, 0, 100_050)])).toEqual({ vacuum: [], analyze: [] });
  });

  it('a small run on a large portfolio (a follow-up, an incremental run with nothing to do) leaves the tables alone', () => {
    const small = [
      stats('firm_input_change', 100_000, 3_100, 3_100),
      stats('warning', 73_000, 1_200, 1_200),
      stats('health_latest', 100_000, 3_100, 3_100),
      stats('health_snapshot', 700_000, 0, 0),
    ];
    expect(tidyPlan(small)).toEqual({ vacuum: [], analyze: [] });
  });

  it('a table never analyzed (rows -1) counts as empty: the threshold alone applies', () => {
    expect(tidyPlan([stats('firm_input_change', -1, 51, 0)])).toEqual({ vacuum: ['firm_input_change'], analyze: [] });
    expect(tidyPlan([stats('firm_input_change', -1, 50, 51)])).toEqual({ vacuum: [], analyze: ['firm_input_change'] });
  });

  it("follows the server's own settings, not PostgreSQL's defaults", () => {
    const strict = { ...stats('warning', 1_000, 60, 0), vacuumThreshold: 10, vacuumScaleFactor: 0.01 };
    expect(tidyPlan([strict])).toEqual({ vacuum: ['warning'], analyze: [] });
  });
});

describe('runTableStats: the statistics the plan reads', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  it("reads the four tables a run writes, with the server's autovacuum settings", async () => {
    const rows = await runTableStats(db);
    expect(rows.map((r) => r.table)).toEqual(['firm_input_change', 'health_latest', 'health_snapshot', 'warning']);
    const { rows: settings } = await db.query<{ name: string; setting: string }>(
      `SELECT name, setting FROM pg_settings WHERE name IN ('autovacuum_vacuum_threshold', 'autovacuum_vacuum_scale_factor',
                                                             'autovacuum_analyze_threshold', 'autovacuum_analyze_scale_factor')`,
    );
    const setting = (name: string) => Number(settings.find((s) => s.name === name)!.setting);
    for (const r of rows) {
      expect(r).toEqual({
        table: r.table,
        rows: expect.any(Number),
        deadRows: expect.any(Number),
        changedSinceAnalyze: expect.any(Number),
        vacuumThreshold: setting('autovacuum_vacuum_threshold'),
        vacuumScaleFactor: setting('autovacuum_vacuum_scale_factor'),
        analyzeThreshold: setting('autovacuum_analyze_threshold'),
        analyzeScaleFactor: setting('autovacuum_analyze_scale_factor'),
      });
      expect(r.deadRows).toBeGreaterThanOrEqual(0);
      expect(r.changedSinceAnalyze).toBeGreaterThanOrEqual(0);
    }
  });
});
