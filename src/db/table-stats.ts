/**
 * PostgreSQL's statistics of tables, and tidying them by autovacuum's own rule: for jobs that
 * write or read a large part of a table (the rescore, the quality run), where autovacuum may be
 * off, or behind, when the next statement is planned.
 */
import type { Database } from './database';

/** A table's row counts as PostgreSQL's statistics have them, with the server's autovacuum thresholds. */
export interface TableStats {
  /** Schema-qualified, e.g. core.warning. */
  table: string;
  rows: number;
  deadRows: number;
  changedSinceAnalyze: number;
  vacuumThreshold: number;
  vacuumScaleFactor: number;
  analyzeThreshold: number;
  analyzeScaleFactor: number;
}

/**
 * What to tidy, by the thresholds autovacuum itself would apply (the server's
 * `autovacuum_vacuum_*` and `autovacuum_analyze_*` settings): vacuum (and analyze) a table of
 * `rewritten` with more dead rows than threshold + scale factor x rows, analyze the others with
 * more rows changed since their last analyze than theirs. A job that touched a few rows leaves
 * both below, and the tables as they are: the next larger job tidies them.
 */
export function tidyPlan(
  stats: readonly TableStats[],
  rewritten: readonly string[],
): { vacuum: string[]; analyze: string[] } {
  const vacuum: string[] = [];
  const analyze: string[] = [];
  for (const t of stats) {
    const rows = Math.max(t.rows, 0); // -1: never analyzed
    if (rewritten.includes(t.table) && t.deadRows > t.vacuumThreshold + t.vacuumScaleFactor * rows)
      vacuum.push(t.table);
    else if (t.changedSinceAnalyze > t.analyzeThreshold + t.analyzeScaleFactor * rows) analyze.push(t.table);
  }
  return { vacuum, analyze };
}

/** The statistics `tidyPlan` reads, for the tables of `schemas` and the `tables` named (schema-qualified): one statement. */
export async function tableStats(
  db: Database,
  { schemas = [], tables = [] }: { schemas?: readonly string[]; tables?: readonly string[] },
): Promise<TableStats[]> {
  const { rows } = await db.query<TableStats>(
    `SELECT s.schemaname || '.' || s.relname AS "table", c.reltuples::float8 AS rows, s.n_dead_tup::float8 AS "deadRows", s.n_mod_since_analyze::float8 AS "changedSinceAnalyze",
            current_setting('autovacuum_vacuum_threshold')::float8 AS "vacuumThreshold",
            current_setting('autovacuum_vacuum_scale_factor')::float8 AS "vacuumScaleFactor",
            current_setting('autovacuum_analyze_threshold')::float8 AS "analyzeThreshold",
            current_setting('autovacuum_analyze_scale_factor')::float8 AS "analyzeScaleFactor"
       FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
      WHERE s.schemaname = ANY($1::text[]) OR s.schemaname || '.' || s.relname = ANY($2::text[])
      ORDER BY 1`,
    [[...schemas], [...tables]],
  );
  return rows;
}

/**
 * Analyzes the tables in `scope` whose rows changed since their last analyze past autovacuum's
 * threshold (`tidyPlan`), and returns them: what autovacuum would do next, done before the
 * statements that need it are planned. `written`: rows the caller has just written, by table. A
 * session reports its writes to the statistics up to a second or so after it commits (or when it
 * next goes idle), so a job that checks straight after its own writes counts them itself.
 */
export async function analyzeWhereDue(
  db: Database,
  scope: { schemas?: readonly string[]; tables?: readonly string[] },
  written: ReadonlyMap<string, number> = new Map(),
): Promise<string[]> {
  const stats = (await tableStats(db, scope)).map((t) => ({
    ...t,
    changedSinceAnalyze: Math.max(t.changedSinceAnalyze, written.get(t.table) ?? 0),
  }));
  const { analyze } = tidyPlan(stats, []);
  if (analyze.length) await db.query(`ANALYZE ${analyze.join(', ')}`);
  return analyze;
}
