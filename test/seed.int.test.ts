/**
 * seedPortfolio against a real database: its own scratch database on the server named by
 * DATABASE_URL (created and dropped here), or an in-memory embedded one without it. Checks row
 * counts, the references between tables, round-tripping of values (the dated records too),
 * sequences, the truth file streamed to disk, the default days the records show, and the refusal
 * to seed twice.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../src/db/database';
import { migrate } from '../src/db/data-source';
import { seedPortfolio, SeedError, type SeedResult, type Truth } from '../src/seed';
import { generatePortfolio } from '../src/seed/portfolio.generator';
import { ID_TABLES, TABLE_NAMES, TABLE_SPECS, type TableName } from '../src/seed/tables';
import { defaultDays } from '../src/model/observations';

const OPTIONS = { firms: 150, seed: 7, asOf: '2025-06' };

interface Scratch {
  db: Database;
  drop(): Promise<void>;
}

/** A database of this test's own, so it never collides with the shared test database. */
async function scratchDatabase(): Promise<Scratch> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const db = await openDatabase({});
    return { db, drop: () => db.close() };
  }
  const name = `seed_test_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString(), poolMax: 4 });
  return {
    db,
    async drop() {
      await db.close();
      const again = new pg.Client({ connectionString: serverUrl });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end();
    },
  };
}

describe(`seedPortfolio into ${process.env.DATABASE_URL ? 'a PostgreSQL server' : 'the embedded database'}`, () => {
  let scratch: Scratch;
  let db: Database;
  let result: SeedResult;
  const truthFile = path.join(os.tmpdir(), `seed-truth-${process.pid}.json`);
  const progress: number[] = [];
  let generated: ReturnType<typeof generatePortfolio> | undefined;
  /** The same portfolio generated in one go, in memory. */
  const inMemory = () => (generated ??= generatePortfolio(OPTIONS));
  const one = async <T extends pg.QueryResultRow>(sql: string): Promise<T> => (await db.query<T>(sql)).rows[0];
  const count = async (sql: string) => Number((await one<{ n: string }>(sql)).n);

  beforeAll(async () => {
    scratch = await scratchDatabase();
    db = scratch.db;
    await migrate(db.url);
    result = await seedPortfolio(db, {
      ...OPTIONS,
      truthFile,
      chunkSize: 40,
      onProgress: (p) => progress.push(p.firmsDone),
    });
  }, 120_000);

  afterAll(async () => {
    await scratch?.drop();
    fs.rmSync(truthFile, { force: true });
  });

  it('writes the rows it reports, chunk by chunk', async () => {
    expect(result.firms).toBe(150);
    for (const table of TABLE_NAMES) {
      expect({ table, rows: await count(`SELECT count(*) AS n FROM ${table}`) }).toEqual({
        table,
        rows: result.rows[table],
      });
    }
    expect(result.rows['core.firm']).toBe(150);
    expect(result.rows['registry.company']).toBe(150);
    expect(result.rows['tax.taxpayer']).toBe(150);
    expect(result.rows['tax.invoice']).toBeGreaterThan(150 * 36 * 1.5);
    expect(result.totalRows).toBe(Object.values(result.rows).reduce((a, b) => a + b, 0));
    // Four chunks of at most 40 firms; progress only grows (chunks may commit out of order).
    const reported = progress.filter((n) => n > 0);
    expect(reported).toHaveLength(4);
    expect([...reported].sort((a, b) => a - b)).toEqual(reported);
    expect(reported[3]).toBe(150);
  });

  it('stores exactly the generated values (dates without time-zone shifts, money to the fen), the dated records too', async () => {
    const { rows } = inMemory();
    const generated = rows['tax.invoice'].rows().slice(0, 200);
    const stored = (await db.query('SELECT * FROM tax.invoice ORDER BY id LIMIT 200')).rows;
    expect(
      stored.map((r) => [
        Number(r.id),
        r.invoice_code,
        r.invoice_number,
        r.issue_date,
        r.amount,
        r.tax_amount,
        r.buyer_uscc,
      ]),
    ).toEqual(
      generated.map((r) => [
        r.id,
        r.invoice_code,
        r.invoice_number,
        r.issue_date,
        r.amount,
        r.tax_amount,
        r.buyer_uscc,
      ]),
    );
    // Every row of the tables that date what was known when: classification histories, ratings, court records, loans.
    const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
    const dated: Array<[TableName, string]> = [
      ['bank.loan_classification', 'loan_id, changed_on'],
      ['tax.credit_rating', 'uscc, year'],
      ['judicial.court_case', 'id'],
      ['judicial.enforcement', 'id'],
      ['bank.loan', 'id'],
      ['registry.change_log', 'id'],
    ];
    for (const [table, order] of dated) {
      const cols = TABLE_SPECS[table].map((c) => c.name);
      const want = rows[table].rows().map((r) => cols.map((c) => text(r[c])));
      const got = (await db.query(`SELECT ${cols.join(', ')} FROM ${table} ORDER BY ${order}`)).rows.map((r) =>
        cols.map((c) => text(r[c])),
      );
      const sort = (xs: Array<Array<string | null>>) => xs.map((x) => JSON.stringify(x)).sort();
      expect({ table, rows: sort(got) }).toEqual({ table, rows: sort(want) });
    }
    const firm = (
      await db.query(
        `SELECT former_names, created_at::text AS created FROM core.firm WHERE former_names <> '{}' LIMIT 1`,
      )
    ).rows[0];
    if (firm) expect(Array.isArray(firm.former_names)).toBe(true);
    const consent = await one<{ sources: string[] }>(
      `SELECT sources FROM bank.consent WHERE purpose = 'CREDIT_APPLICATION' AND grantee = '本行' LIMIT 1`,
    );
    expect(consent.sources).toEqual(['BANK', 'TAX', 'REGISTRY', 'SUPPLY_CHAIN', 'JUDICIAL']);
  });

  it('keeps every reference between tables intact', async () => {
    const dangling = [
      `SELECT count(*) AS n FROM bank.account_month m LEFT JOIN bank.account a ON a.id = m.account_id WHERE a.id IS NULL OR a.uscc <> m.uscc`,
      `SELECT count(*) AS n FROM bank.loan_installment i LEFT JOIN bank.loan l ON l.id = i.loan_id WHERE l.id IS NULL`,
      `SELECT count(*) AS n FROM bank.guarantee g LEFT JOIN bank.loan l ON l.id = g.loan_id WHERE l.id IS NULL OR l.uscc <> g.borrower_uscc`,
      `SELECT count(*) AS n FROM supply_chain.confirmation c LEFT JOIN supply_chain.receivable r ON r.id = c.receivable_id WHERE r.id IS NULL OR r.debtor_uscc <> c.confirmed_by`,
      `SELECT count(*) AS n FROM supply_chain.pledge p LEFT JOIN supply_chain.receivable r ON r.id = p.receivable_id WHERE r.id IS NULL`,
      `SELECT count(*) AS n FROM supply_chain.receivable r LEFT JOIN supply_chain.core_enterprise c ON c.uscc = r.debtor_uscc WHERE c.uscc IS NULL`,
      `SELECT count(*) AS n FROM judicial.case_party p LEFT JOIN judicial.court_case c ON c.id = p.case_id WHERE c.id IS NULL`,
      `SELECT count(*) AS n FROM registry.company c LEFT JOIN core.firm f ON f.uscc = c.uscc WHERE f.uscc IS NULL`,
      // Guarantors and firm shareholders are portfolio firms; a chunk may name one that a later chunk wrote.
      `SELECT count(*) AS n FROM bank.guarantee g LEFT JOIN core.firm f ON f.uscc = g.guarantor_uscc WHERE f.uscc IS NULL`,
      `SELECT count(*) AS n FROM registry.shareholder s LEFT JOIN core.firm f ON f.uscc = s.holder_uscc WHERE s.holder_type = 'FIRM' AND f.uscc IS NULL`,
    ];
    for (const sql of dangling) expect({ sql, n: await count(sql) }).toEqual({ sql, n: 0 });
    // Every loan's schedule adds up to its principal; its balance is the unpaid principal.
    const loans = await count(`
      SELECT count(*) AS n FROM bank.loan l JOIN (
        SELECT loan_id, sum(principal_due) AS total, sum(principal_due) FILTER (WHERE paid_on IS NULL) AS unpaid
        FROM bank.loan_installment GROUP BY loan_id) s ON s.loan_id = l.id
      WHERE s.total <> l.principal OR coalesce(s.unpaid, 0) <> l.balance`);
    expect(loans).toBe(0);
  });

  it('declares at least the invoiced sales every month, and money flows only where the invoices say so', async () => {
    const short = await count(`
      SELECT count(*) AS n FROM tax.vat_declaration d
      JOIN (SELECT seller_uscc, to_char(issue_date, 'YYYY-MM') AS period, sum(amount) AS invoiced
            FROM tax.invoice WHERE status = 'NORMAL' GROUP BY 1, 2) i ON i.seller_uscc = d.uscc AND i.period = d.period
      WHERE d.sales < i.invoiced
        AND d.uscc NOT IN (SELECT seller_uscc FROM tax.invoice GROUP BY seller_uscc, invoice_code, invoice_number HAVING count(*) > 1)`);
    expect(short).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM bank.account_month WHERE end_balance < 0`)).toBe(0);
    // Invoices received are other firms' invoices issued: most buyers of invoices are portfolio firms.
    const toPortfolio = await one<{ share: string }>(`
      SELECT avg(CASE WHEN f.uscc IS NULL THEN 0 ELSE 1 END)::numeric(5,3)::text AS share
      FROM tax.invoice i LEFT JOIN core.firm f ON f.uscc = i.buyer_uscc`);
    expect(Number(toPortfolio.share)).toBeGreaterThan(0.4);
  });

  it('moves each id sequence past the generated ids', async () => {
    for (const table of ID_TABLES) {
      if (result.rows[table] === 0) continue;
      const r = await one<{ next: string; max: string }>(
        `SELECT nextval(pg_get_serial_sequence('${table}', 'id')) AS next, (SELECT max(id) FROM ${table}) AS max`,
      );
      expect({ table, ok: Number(r.next) > Number(r.max) }).toEqual({ table, ok: true });
    }
  });

  it('streams the truth file for every firm: the same document as the truth in one object (generated in one go)', () => {
    const truth = JSON.parse(fs.readFileSync(truthFile, 'utf8')) as Truth;
    expect(truth).toMatchObject({ seed: 7, firmCount: 150, asOf: '2025-06', oracleFrom: '2021-07' });
    expect(Object.keys(truth.firms)).toHaveLength(150);
    expect(truth.defaultRate).toBeCloseTo(result.defaultRate, 4);
    expect(Object.keys(truth.problems)).toContain('GUARANTEE_CIRCLE');
    expect(truth).toEqual(JSON.parse(JSON.stringify(inMemory().generator.truth.toJSON())));
    // The per-firm course: default days, failures, slides, health and the oracle's 48 monthly PDs (borrowers only).
    const borrowers = Object.values(truth.firms).filter((f) => f.oraclePd !== null);
    expect(borrowers.length).toBeGreaterThan(60);
    for (const f of borrowers) expect(f.oraclePd).toHaveLength(48);
    expect(Object.values(truth.firms).some((f) => f.defaultedOn !== null && f.slide !== null)).toBe(true);
  });

  it('shows in the records the default days the truth dates by asOf (as the default model reads them)', async () => {
    const truth = JSON.parse(fs.readFileSync(truthFile, 'utf8')) as Truth;
    const days = await defaultDays(db, { month: '2025-06', date: '2025-06-30' });
    const expected = Object.entries(truth.firms)
      .filter(([, f]) => f.defaultedOn !== null && f.defaultedOn <= '2025-06-30')
      .map(([u, f]) => `${u} ${f.defaultedOn}`);
    expect([...days].map(([u, d]) => `${u} ${d}`).sort()).toEqual(expected.sort());
    expect(expected.length).toBeGreaterThan(3);
  });

  it('refuses to seed a database that already has firms', async () => {
    await expect(seedPortfolio(db, OPTIONS)).rejects.toThrow(SeedError);
    await expect(seedPortfolio(db, OPTIONS)).rejects.toThrow(/core\.firm already has 150 rows/);
  });
});
