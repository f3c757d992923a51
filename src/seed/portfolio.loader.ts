/**
 * Loads a generated portfolio into the database: chunk by chunk, each chunk in one transaction
 * with one set-based `INSERT ... SELECT * FROM unnest($1::text[], $2::numeric[], ...)` per
 * table. While a chunk is being written the next one is generated (the generator yields to the
 * event loop between slices of firms so the socket keeps moving); at most `inFlight` chunks are
 * held at once, so memory stays bounded for any portfolio size.
 *
 * Ids come from the generator (deterministic); the tables' sequences are moved past them at the
 * end, so rows inserted later by the application get fresh ids.
 */
import type pg from 'pg';
import type { Database } from '../db/database';
import { PortfolioGenerator, type PortfolioOptions } from './portfolio.generator';
import {
  type ChunkRows,
  ID_TABLES,
  TABLE_NAMES,
  TABLE_SPECS,
  type TableName,
  type Value,
  chunkRowCount,
  emptyChunk,
  quoteElement,
} from './tables';
import type { TruthRecorder } from './truth';

export interface SeedProgress {
  firmsDone: number;
  firmsTotal: number;
  rowsWritten: number;
  elapsedMs: number;
}

export interface SeedOptions {
  firms: number;
  seed: number;
  /** Last month of the series, `YYYY-MM`; default: the current month (China time). */
  asOf?: string;
  months?: number;
  /** Where to write the truth JSON; not written by default. */
  truthFile?: string;
  /** Firms per chunk (one transaction each); default 250. */
  chunkSize?: number;
  /** Chunks written at once; default 1 on the embedded database, 3 on a server (at most the pool size). */
  inFlight?: number;
  onProgress?: (progress: SeedProgress) => void;
}

export interface SeedResult {
  firms: number;
  seed: number;
  asOf: string;
  rows: Record<TableName, number>;
  totalRows: number;
  elapsedMs: number;
  defaultRate: number;
  truth: TruthRecorder;
}

export class SeedError extends Error {
  override name = 'SeedError';
}

/**
 * The last complete month in China (UTC+8): the default asOf, never used while generating. A
 * portfolio's records are dated up to its as-of month's last day, so that day must have passed:
 * the current month would date invoices, consents and payments after today.
 */
export function defaultAsOfMonth(now: Date = new Date()): string {
  const china = new Date(now.getTime() + 8 * 3600_000);
  const y = china.getUTCFullYear();
  const m = china.getUTCMonth(); // 0-based: the previous month's 1-based number
  return m === 0 ? `${y - 1}-12` : `${y}-${String(m).padStart(2, '0')}`;
}

/** Firms generated between yields to the event loop. */
const SLICE = 25;

export async function seedPortfolio(db: Database, options: SeedOptions): Promise<SeedResult> {
  const started = Date.now();
  const { rows: existing } = await db.query<{ n: string }>('SELECT count(*) AS n FROM core.firm');
  if (Number(existing[0].n) > 0) {
    throw new SeedError(
      `core.firm already has ${existing[0].n} rows: a portfolio is only loaded into an empty database (use a new database or drop this one)`,
    );
  }
  const generatorOptions: PortfolioOptions = {
    firms: options.firms,
    seed: options.seed,
    asOf: options.asOf ?? defaultAsOfMonth(),
    months: options.months,
  };
  const generator = new PortfolioGenerator(generatorOptions);
  const chunkSize = options.chunkSize ?? 250;
  if (!Number.isInteger(chunkSize) || chunkSize < 1)
    throw new RangeError(`chunkSize must be a positive integer, got ${chunkSize}`);
  // PGlite runs one statement at a time; a server takes a chunk per core while the next is generated.
  const poolSize = db.pool.options.max ?? 10;
  const inFlight = Math.max(1, Math.min(poolSize, options.inFlight ?? (db.embedded ? 1 : 3)));
  const counts = Object.fromEntries(TABLE_NAMES.map((t) => [t, 0])) as Record<TableName, number>;
  let written = 0;
  let firmsWritten = 0; // chunks may commit out of order: progress counts committed firms
  const pending = new Set<Promise<void>>();
  let failure: unknown = null;

  const submit = (chunk: ChunkRows) => {
    const rowCount = chunkRowCount(chunk);
    const tableRows = TABLE_NAMES.map((t) => chunk[t].length);
    const firmCount = chunk['core.firm'].length;
    const job = db
      .transaction((client) => insertChunk(client, chunk))
      .then(() => {
        TABLE_NAMES.forEach((t, k) => (counts[t] += tableRows[k]));
        written += rowCount;
        firmsWritten += firmCount;
        options.onProgress?.({
          firmsDone: firmsWritten,
          firmsTotal: options.firms,
          rowsWritten: written,
          elapsedMs: Date.now() - started,
        });
      })
      .catch((err: unknown) => {
        failure ??= err;
      })
      .finally(() => pending.delete(job));
    pending.add(job);
  };

  // Core enterprises first, in their own transaction, before any firm refers to them.
  submit(generator.staticRows());
  while (generator.done < generator.firms && failure === null) {
    const chunk = emptyChunk();
    const end = Math.min(generator.firms, generator.done + chunkSize);
    while (generator.done < end) {
      generator.generateFirms(Math.min(SLICE, end - generator.done), chunk);
      await yieldToEventLoop();
    }
    while (pending.size >= inFlight) await Promise.race(pending);
    if (failure !== null) break;
    submit(chunk);
  }
  await Promise.all(pending);
  if (failure !== null) throw failure;

  await resetSequences(db, generator);
  await stampProvenance(db, generatorOptions);
  // The seed loaded an empty database: no score exists that its writes could have made stale, so
  // the input change log its triggers filled (one row per firm, table and chunk: 15.6 million at
  // 100,000 firms) is emptied rather than left for the first rescore to compact and vacuum.
  await db.query('TRUNCATE core.firm_input_change');
  await db.query('ANALYZE');
  if (options.truthFile) await generator.truth.writeFile(options.truthFile);
  return {
    firms: options.firms,
    seed: options.seed,
    asOf: generatorOptions.asOf,
    rows: counts,
    totalRows: written,
    elapsedMs: Date.now() - started,
    defaultRate: generator.truth.defaultRate(),
    truth: generator.truth,
  };
}

/** Every source's data about every firm came from this generator run (core.source_sync). */
async function stampProvenance(db: Database, o: PortfolioOptions): Promise<void> {
  await db.query(
    `INSERT INTO core.source_sync (uscc, source, origin, origin_ref, as_of, fetched_at)
     SELECT f.uscc, s.source, 'GENERATOR', $1, (to_date($2, 'YYYY-MM') + interval '1 month - 1 day')::date, now()
       FROM core.firm f CROSS JOIN unnest($3::text[]) AS s(source)
     ON CONFLICT (uscc, source) DO NOTHING`,
    [
      `npm run seed -- --firms ${o.firms} --seed ${o.seed} --as-of ${o.asOf}${o.months ? ` --months ${o.months}` : ''}`,
      o.asOf,
      ['BANK', 'TAX', 'REGISTRY', 'SUPPLY_CHAIN', 'JUDICIAL', 'ALT_DATA'],
    ],
  );
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Inserts a chunk table by table, letting go of each table's rows once they are sent. */
async function insertChunk(client: pg.PoolClient, chunk: ChunkRows): Promise<void> {
  for (const table of TABLE_NAMES) {
    const buffer = chunk[table];
    if (buffer.length === 0) continue;
    const params = buffer.columns.map((values, c) => arrayLiteral(values, needsQuotes(TABLE_SPECS[table][c].type)));
    buffer.clear();
    await client.query(insertSql(table), params);
  }
}

const sqlCache = new Map<TableName, string>();

/** `INSERT INTO t (a, b) SELECT c1, c2::text[] FROM unnest($1::text[], $2::text[]) AS u(c1, c2)`. */
export function insertSql(table: TableName): string {
  let sql = sqlCache.get(table);
  if (!sql) {
    const specs = TABLE_SPECS[table];
    const names = specs.map((s) => s.name).join(', ');
    const select = specs.map((s, k) => (s.array ? `c${k + 1}::text[]` : `c${k + 1}`)).join(', ');
    const args = specs.map((s, k) => `$${k + 1}::${s.type}[]`).join(', ');
    const aliases = specs.map((_, k) => `c${k + 1}`).join(', ');
    sql = `INSERT INTO ${table} (${names}) SELECT ${select} FROM unnest(${args}) AS u(${aliases})`;
    sqlCache.set(table, sql);
  }
  return sql;
}

/** Numbers, dates, timestamps and enum labels never need quoting inside an array literal. */
function needsQuotes(type: string): boolean {
  return type === 'text';
}

/** A PostgreSQL array literal of one column (built here rather than by pg, which is slower). */
export function arrayLiteral(values: readonly Value[], quote: boolean): string {
  const parts = new Array<string>(values.length);
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (v === null) parts[k] = 'NULL';
    else if (!quote) parts[k] = typeof v === 'number' ? String(v) : v;
    else {
      const s = String(v);
      parts[k] = s.includes('"') || s.includes('\\') ? quoteElement(s) : '"' + s + '"';
    }
  }
  return '{' + parts.join(',') + '}';
}

/** Moves each id sequence past the ids the generator allocated. */
async function resetSequences(db: Database, generator: PortfolioGenerator): Promise<void> {
  const last = generator.context.ids.last();
  for (const table of ID_TABLES) {
    const id = last[table] ?? 0;
    if (id > 0) await db.query(`SELECT setval(pg_get_serial_sequence($1, 'id'), $2)`, [table, id]);
  }
}
