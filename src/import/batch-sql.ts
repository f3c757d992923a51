/**
 * The one statement that writes a batch of ~1,000 validated rows of a kind, set-based: rows
 * arrive as a JSON array (`jsonb_to_recordset`), and data-modifying CTEs do the rest in SQL:
 *
 * 1. `src`: cast each value to its column's type (values were validated, so casts cannot fail);
 * 2. `par`: resolve a child's parent by its natural key (`account_no` -> bank.account.id); an
 *    unknown parent is a quarantine reason;
 * 3. `seen`/`num`: number each natural key's occurrences across the whole file, in a temporary
 *    table of the run (the file is streamed, so no batch sees all of it): the second line with a
 *    key is occurrence 2 whichever batch it falls in;
 * 4. `up`: upsert. Kinds keyed by a primary key or unique column load occurrence 1 and
 *    quarantine the rest (a table can hold one row per key); import-key kinds write
 *    `import_key = <natural key>#<occurrence>`, so duplicates in a file stay distinct rows while
 *    a re-import finds each row again. `DO UPDATE ... WHERE row IS DISTINCT FROM excluded` leaves
 *    unchanged rows untouched, and `xmax = 0` tells inserted from updated rows;
 * 5. `q`: quarantine the rows validation refused ($2) and those refused here, with reasons;
 * 6. `touch`: note per firm the lines and newest date seen, merged into core.import_run_firm
 *    and then core.source_sync at the end;
 * 7. `firm` (a firm's own registry record, `kind.borrower`): the batch's firms core.firm does not
 *    hold become borrowers, one INSERT ... SELECT ... ON CONFLICT DO NOTHING over the accepted
 *    rows (src/firm/firm.repository.ts `registerFirmsSql` says what the new row holds).
 *
 * Parameters: $1 rows, $2 rows refused by validation, $3 run id, $4 file name.
 * Returns one row: quarantined, accepted, inserted, updated (unchanged = accepted - both),
 * new_borrowers.
 */
import { registerFirmsSql } from '../firm/firm.repository';
import type { FieldDef, KindDef } from './kinds';

export interface RunTables {
  /** pg_temp table (nk text primary key, n int, first_line int): occurrences of natural keys so far. */
  seen: string;
  /** pg_temp table (uscc primary key, first_line, last_line, as_of): the firms this writer saw rows of. */
  touched: string;
}

const q = (ident: string) => `"${ident.replace(/"/g, '""')}"`;
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * The temporary tables of one writer of a run. Rows are spread over writers by natural key, so
 * all occurrences of a key meet in one writer's table. Firms are collected per writer too (a
 * temporary table takes the many small updates far faster than a logged one) and merged into
 * core.import_run_firm at the end. (The embedded database shares one session between
 * connections, so names are per run and writer.)
 */
export function runTables(runId: string, writer = 0): RunTables {
  return { seen: `pg_temp.import_seen_${runId}_${writer}`, touched: `pg_temp.import_touched_${runId}_${writer}` };
}

export function createRunTablesSql(t: RunTables): string {
  const name = (table: string) => table.replace('pg_temp.', '');
  return `CREATE TEMP TABLE ${name(t.seen)} (nk text PRIMARY KEY, n int NOT NULL, first_line int NOT NULL);
    CREATE TEMP TABLE ${name(t.touched)} (uscc bpchar PRIMARY KEY, first_line int NOT NULL, last_line int NOT NULL, as_of date)`;
}

export function dropRunTablesSql(t: RunTables): string {
  return `DROP TABLE IF EXISTS ${t.seen}, ${t.touched}`;
}

/** Merges a writer's firms into core.import_run_firm ($1 run id). */
export function mergeFirmsSql(t: RunTables): string {
  return `INSERT INTO core.import_run_firm AS f (run_id, uscc, first_line, last_line, as_of)
    SELECT $1::bigint, uscc, first_line, last_line, as_of FROM ${t.touched}
    ON CONFLICT (run_id, uscc) DO UPDATE SET first_line = LEAST(f.first_line, EXCLUDED.first_line),
      last_line = GREATEST(f.last_line, EXCLUDED.last_line), as_of = GREATEST(f.as_of, EXCLUDED.as_of)`;
}

function cast(f: FieldDef): string {
  const v = `r.${q(f.name)}`;
  if (f.type === 'list')
    return `CASE WHEN ${v} IS NULL THEN NULL ELSE ARRAY(SELECT json_array_elements_text(${v})) END AS ${q(f.name)}`;
  if (f.role === 'parent' || f.sqlType === 'text') return `${v} AS ${q(f.name)}`;
  return `${v}::${f.sqlType} AS ${q(f.name)}`;
}

/** A date expression per date-like column, over alias `a`: months count as their last day, times as their day in China (UTC+8). */
function dateExpr(kind: KindDef, column: string, alias = 'a'): string {
  const f = kind.fields.find((x) => x.name === column)!;
  const v = `${alias}.${q(column)}`;
  if (f.type === 'month') return `(to_date(${v}, 'YYYY-MM') + interval '1 month' - interval '1 day')::date`;
  if (f.type === 'timestamp') return `((${v} AT TIME ZONE 'UTC') + interval '8 hours')::date`;
  return v;
}

/** Parent columns carried along for copies, owners and dates: `_p_<column>`. */
function carried(kind: KindDef): string[] {
  const p = kind.parent;
  if (!p) return [];
  return [...new Set([...Object.values(p.copy ?? {}), ...(p.owners ?? []), ...(p.dates ?? [])])];
}

/** Built once per writer and run (a few microseconds); the batches reuse it. */
export function batchSql(kind: KindDef, t: RunTables): string {
  const record = [
    '_line int',
    '_nk text',
    ...kind.fields.map((f) => `${q(f.name)} ${f.type === 'list' ? 'json' : 'text'}`),
  ].join(', ');
  const ctes: string[] = [];
  // json, not jsonb: parsed straight into the record, about 40% faster for a batch.
  ctes.push(
    `src AS (SELECT r._line, r._nk, ${kind.fields.map(cast).join(', ')} FROM json_to_recordset($1::json) AS r(${record}))`,
  );

  const p = kind.parent;
  let unknownParent = 'false';
  let base = 'src';
  if (p) {
    const carry = carried(kind)
      .map((c) => `, p.${q(c)} AS ${q(`_p_${c}`)}`)
      .join('');
    ctes.push(
      `par AS (SELECT s.*, p.id AS _pid${carry} FROM src s LEFT JOIN ${p.table} p ON p.${q(p.key)} = s.${q(p.column)})`,
    );
    unknownParent = `(_pid IS NULL AND ${q(p.column)} IS NOT NULL)`;
    ctes.push(`ok AS (SELECT * FROM par WHERE NOT ${unknownParent})`);
    base = 'ok';
  }

  ctes.push(`cnt AS (SELECT _nk, count(*)::int AS _c, min(_line) AS _f FROM ${base} GROUP BY _nk)`);
  ctes.push(
    `seen AS (INSERT INTO ${t.seen} AS s (nk, n, first_line) SELECT _nk, _c, _f FROM cnt
       ON CONFLICT (nk) DO UPDATE SET n = s.n + EXCLUDED.n RETURNING nk, n, first_line)`,
  );
  ctes.push(
    `num AS (SELECT b.*, seen.n - cnt._c + row_number() OVER (PARTITION BY b._nk ORDER BY b._line) AS _occ, seen.first_line AS _first
       FROM ${base} b JOIN cnt ON cnt._nk = b._nk JOIN seen ON seen.nk = b._nk)`,
  );
  const keyed = kind.key.strategy !== 'import-key';
  ctes.push(`acc AS (SELECT * FROM num${keyed ? ' WHERE _occ = 1' : ''})`);

  // The write.
  const names = kind.columns.map((c) => c.name);
  const exprs = kind.columns.map((c) => {
    switch (c.from) {
      case 'file':
        return c.sqlDefault !== undefined ? `COALESCE(${q(c.name)}, ${c.sqlDefault})` : q(c.name);
      case 'parent-id':
        return '_pid';
      case 'parent':
        return q(`_p_${c.source!}`);
      case 'import-key':
        return `_nk || '#' || _occ`;
    }
  });
  const set = names.filter((n) => !kind.conflict.includes(n));
  const onConflict = set.length
    ? `DO UPDATE SET ${set.map((n) => `${q(n)} = EXCLUDED.${q(n)}`).join(', ')}
         WHERE ROW(${set.map((n) => `t.${q(n)}`).join(', ')}) IS DISTINCT FROM ROW(${set.map((n) => `EXCLUDED.${q(n)}`).join(', ')})`
    : 'DO NOTHING';
  ctes.push(
    `up AS (INSERT INTO ${kind.table} AS t (${names.map(q).join(', ')}) SELECT ${exprs.join(', ')} FROM acc
       ON CONFLICT (${kind.conflict.map(q).join(', ')}) ${onConflict}
       RETURNING (xmax = 0) AS inserted)`,
  );

  // The quarantine: refused by validation, then by SQL (those rows' raw is rebuilt from their values).
  const raw = `jsonb_build_object(${kind.fields.map((f) => `${lit(f.name)}, ${f.type === 'list' ? `to_jsonb(${q(f.name)})` : `${q(f.name)}::text`}`).join(', ')})`;
  const refused = [
    `SELECT $3::bigint, $4::text, b.line, b.raw, b.columns, b.reason FROM jsonb_to_recordset($2::jsonb) AS b(line int, raw jsonb, columns text[], reason text)`,
  ];
  if (p) {
    refused.push(
      `SELECT $3::bigint, $4::text, _line, ${raw}, ARRAY[${lit(p.column)}], 'line ' || _line || ', column ${p.column}: ' || to_jsonb(${q(p.column)})::text || ${lit(
        ` is not ${p.what} in ${p.table} (its ${p.key}); import the ${p.kind} file first`,
      )} FROM par WHERE ${unknownParent}`,
    );
  }
  if (keyed) {
    const keyFields = kind.key.fields as string[];
    const desc = keyFields.map((f) => `${lit(f + ' ')} || to_jsonb(${q(f)})::text`).join(` || ', ' || `);
    refused.push(
      `SELECT $3::bigint, $4::text, _line, ${raw}, ARRAY[${keyFields.map(lit).join(', ')}], 'line ' || _line || ': same key as line ' || _first || ' (' || ${desc} || ${lit(
        `); ${kind.table} holds one row per key, so only the first line with it is loaded`,
      )} FROM num WHERE _occ > 1`,
    );
  }
  ctes.push(
    `q AS (INSERT INTO core.import_quarantine (run_id, file, line, raw, columns, reason) ${refused.join('\n       UNION ALL ')} RETURNING 1)`,
  );

  // The firms touched, for provenance.
  const owners = [...kind.owners.map((o) => `a.${q(o)}`), ...(p?.owners ?? []).map((o) => `a.${q(`_p_${o}`)}`)];
  if (owners.length) {
    const dates = [...kind.dates.map((d) => dateExpr(kind, d)), ...(p?.dates ?? []).map((d) => `a.${q(`_p_${d}`)}`)];
    const asOf = dates.length ? `max(GREATEST(${dates.join(', ')}))` : 'NULL::date';
    ctes.push(
      `touch AS (INSERT INTO ${t.touched} AS t (uscc, first_line, last_line, as_of)
         SELECT o.uscc, min(a._line), max(a._line), ${asOf}
         FROM acc a CROSS JOIN LATERAL (VALUES ${owners.map((o) => `(${o}::bpchar)`).join(', ')}) AS o(uscc)
         WHERE o.uscc IS NOT NULL GROUP BY o.uscc
         ON CONFLICT (uscc) DO UPDATE SET first_line = LEAST(t.first_line, EXCLUDED.first_line),
           last_line = GREATEST(t.last_line, EXCLUDED.last_line), as_of = GREATEST(t.as_of, EXCLUDED.as_of))`,
    );
  }

  // New borrowers: from the rows accepted, whether their mirror row was inserted, updated or unchanged
  // (a registry record imported before the firm existed makes it a borrower when imported again).
  const b = kind.borrower;
  if (b) ctes.push(`firm AS (${registerFirmsSql(`SELECT ${q(b.uscc)}, ${q(b.name)} FROM acc`)})`);

  return `WITH ${ctes.join(',\n')}
SELECT (SELECT count(*) FROM q)::int AS quarantined, (SELECT count(*) FROM acc)::int AS accepted,
       (SELECT count(*) FROM up WHERE inserted)::int AS inserted, (SELECT count(*) FROM up WHERE NOT inserted)::int AS updated,
       ${b ? '(SELECT count(*) FROM firm)::int' : '0'} AS new_borrowers`;
}

/**
 * Provenance after a run, set-based: one core.source_sync row per firm touched (origin IMPORT,
 * `<file> lines a-b`, the newest date of its rows). An earlier import's as-of date is kept when
 * newer (the mirror holds the union of the files); a row that would not change is not written,
 * so importing the same file again changes nothing. $1 source, $2 file name, $3 run id.
 */
export function provenanceSql(): string {
  return `INSERT INTO core.source_sync AS s (uscc, source, origin, origin_ref, as_of, fetched_at)
    SELECT uscc, $1, 'IMPORT', $2 || CASE WHEN first_line = last_line THEN ' line ' || first_line ELSE ' lines ' || first_line || '-' || last_line END, as_of, now()
    FROM core.import_run_firm WHERE run_id = $3
    ON CONFLICT (uscc, source) DO UPDATE SET origin = EXCLUDED.origin, origin_ref = EXCLUDED.origin_ref,
      as_of = CASE WHEN s.origin = 'IMPORT' THEN GREATEST(s.as_of, EXCLUDED.as_of) ELSE EXCLUDED.as_of END, fetched_at = EXCLUDED.fetched_at
    WHERE s.origin <> 'IMPORT' OR s.origin_ref <> EXCLUDED.origin_ref OR EXCLUDED.as_of > s.as_of OR (s.as_of IS NULL AND EXCLUDED.as_of IS NOT NULL)`;
}
