/**
 * What a rescore tidies when it closes (`tidyPlan` of src/db/table-stats.ts, with the tables a run rewrites): a rewritten
 * table is vacuumed once its dead rows pass autovacuum's threshold, a table is analyzed once its
 * changed rows pass the analyze threshold, and a run that touched a few firms leaves both alone.
 * The statistics are read from the database the suite runs on. Before a run scores firms, the
 * tables it reads are analyzed once theirs are out of date (`analyzeStaleReads`).
 */
import type { Database } from '../src/db/database';
import { tableStats, tidyPlan, type TableStats } from '../src/db/table-stats';
import { analyzeStaleReads } from '../src/health/facts.repository';
import { REWRITTEN, runTableStats } from '../src/rescore/rescore.service';
import { openScratchDatabase, openTestDatabase, type ScratchDatabase } from './helpers';

/** PostgreSQL's default autovacuum settings. */
const DEFAULTS = { vacuumThreshold: 50, vacuumScaleFactor: 0.2, analyzeThreshold: 50, analyzeScaleFactor: 0.1 };

function stats(table: string, rows: number, deadRows: number, changedSinceAnalyze: number): TableStats {
  return { table, rows, deadRows, changedSinceAnalyze, ...DEFAULTS };
}

describe('tidyPlan: what a rescore vacuums and analyzes when it closes', () => {
  it('vacuums a rewritten table past 50 + 20% of its rows in dead rows, not one below', () => {
    expect(
      tidyPlan(
        [stats('core.warning', 100_000, 20_051, 0), stats('core.health_latest', 100_000, 20_050, 20_050)],
        REWRITTEN,
      ),
    ).toEqual({
      vacuum: ['core.warning'],
      analyze: ['core.health_latest'],
    });
  });

  it('analyzes a table past 50 + 10% of its rows changed, and never vacuums the snapshots, which are only added to', () => {
    expect(tidyPlan([stats('core.health_snapshot', 1_000_000, 500_000, 100_051)], REWRITTEN)).toEqual({
      vacuum: [],
      analyze: ['core.health_snapshot'],
    });
    expect(tidyPlan([stats('core.health_snapshot', 1_000_000, 0, 100_050)], REWRITTEN)).toEqual({
      vacuum: [],
      analyze: [],
    });
  });

  it('a small run on a large portfolio (a follow-up, an incremental run with nothing to do) leaves the tables alone', () => {
    const small = [
      stats('core.firm_input_change', 100_000, 3_100, 3_100),
      stats('core.warning', 73_000, 1_200, 1_200),
      stats('core.health_latest', 100_000, 3_100, 3_100),
      stats('core.health_snapshot', 700_000, 0, 0),
    ];
    expect(tidyPlan(small, REWRITTEN)).toEqual({ vacuum: [], analyze: [] });
  });

  it('a table never analyzed (rows -1) counts as empty: the threshold alone applies', () => {
    expect(tidyPlan([stats('core.firm_input_change', -1, 51, 0)], REWRITTEN)).toEqual({
      vacuum: ['core.firm_input_change'],
      analyze: [],
    });
    expect(tidyPlan([stats('core.firm_input_change', -1, 50, 51)], REWRITTEN)).toEqual({
      vacuum: [],
      analyze: ['core.firm_input_change'],
    });
  });

  it("follows the server's own settings, not PostgreSQL's defaults", () => {
    const strict = { ...stats('core.warning', 1_000, 60, 0), vacuumThreshold: 10, vacuumScaleFactor: 0.01 };
    expect(tidyPlan([strict], REWRITTEN)).toEqual({ vacuum: ['core.warning'], analyze: [] });
  });
});

describe('the statistics the plan reads, on the tables a run writes', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  it("reads the four tables a run writes, with the server's autovacuum settings", async () => {
    const rows = await runTableStats(db);
    expect(rows.map((r) => r.table)).toEqual([
      'core.firm_input_change',
      'core.health_latest',
      'core.health_snapshot',
      'core.warning',
    ]);
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

  it('the snapshots, analyzed at the end of a run, keep no statistics of their bulky columns, which no statement filters on, and keep those of the others', async () => {
    const { rows } = await db.query<{ column: string; target: number }>(
      `SELECT attname AS column, attstattarget AS target FROM pg_attribute
        WHERE attrelid = 'core.health_snapshot'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attname`,
    );
    const without = rows.filter((r) => r.target === 0).map((r) => r.column);
    expect(without).toEqual(['bins', 'caps', 'factors', 'inputs', 'reasons']);
    expect(rows.map((r) => r.column)).toEqual(
      expect.arrayContaining(['uscc', 'as_of', 'computed_at', 'model_version']),
    );
  });
});

describe('analyzeStaleReads: before a run, the tables it reads whose statistics are out of date', () => {
  let scratch: ScratchDatabase;
  let db: Database;
  beforeAll(async () => {
    scratch = await openScratchDatabase();
    db = scratch.db;
  });
  afterAll(async () => {
    await scratch?.drop();
  });

  const linkStats = async () =>
    (await tableStats(db, { tables: ['core.entity_link'] })).find((t) => t.table === 'core.entity_link')!;

  it('analyzes the entity links once entity resolution has written past the threshold since their last analyze, then leaves them', async () => {
    await analyzeStaleReads(db);
    await db.query('ANALYZE core.entity_link');
    // Links waiting for review: they note no firm, and the facts never read them.
    await db.query(
      `INSERT INTO core.entity_link (kind, source_table, record_key, record_name, uscc, method, match_weight, probability, explanation, status, detected_at, last_seen_at)
       SELECT 'RECORD', 'judicial.case_party', k::text, 'party ' || k, '91110000000000000X', 'SCORED', 1, 0.5, '{}', 'REVIEW', now(), now()
         FROM generate_series(1, 200) k`,
    );
    // The server counts the inserts once the session reports them (within a second or so).
    for (let wait = 0; (await linkStats()).changedSinceAnalyze < 200 && wait < 50; wait++)
      await new Promise((r) => setTimeout(r, 200));
    const before = await linkStats();
    expect(before).toMatchObject({ rows: 0, changedSinceAnalyze: 200 });

    const analyzed = await analyzeStaleReads(db);
    expect(analyzed).toContain('core.entity_link');
    for (const table of analyzed)
      expect(table).toMatch(
        /^(registry|tax|bank|judicial|alt_data|supply_chain)\.|^core\.(firm|entity_link|quality_finding)$/,
      );
    expect(await linkStats()).toMatchObject({ rows: 200, changedSinceAnalyze: 0 });
    expect(await analyzeStaleReads(db)).not.toContain('core.entity_link');
  });
});
