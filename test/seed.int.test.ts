/**
 * seedPortfolio against a real database: its own scratch database on the server named by
 * DATABASE_URL (created and dropped here), or an in-memory embedded one without it. Checks row
 * counts, the references between tables, round-tripping of values (the dated records too),
 * sequences, the truth file streamed to disk, the default days the records show, the planted
 * networks found by the platform's checks and walks, and the refusal to seed twice.
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
import type { DetectedFinding } from '../src/quality/check';
import { guaranteeChainCheck, guaranteeCircleCheck, guaranteeStarCheck } from '../src/quality/checks';
import { detect, resolveAsOf } from '../src/quality/quality.service';
import {
  STRUCTURE_CHECKS,
  type StructureCheck,
  foundKey,
  scoreOwnership,
  scoreStructures,
} from '../src/quality/structure-eval';
import { ownershipFound } from '../src/quality/ownership-eval.repository';

/** From 300 firms on, every planted network structure is in the portfolio (src/seed/network.plan.ts). */
const OPTIONS = { firms: 300, seed: 7, asOf: '2025-06' };

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
      chunkSize: 80,
      onProgress: (p) => progress.push(p.firmsDone),
    });
  }, 120_000);

  afterAll(async () => {
    await scratch?.drop();
    fs.rmSync(truthFile, { force: true });
  });

  it('writes the rows it reports, chunk by chunk', async () => {
    expect(result.firms).toBe(OPTIONS.firms);
    for (const table of TABLE_NAMES) {
      expect({ table, rows: await count(`SELECT count(*) AS n FROM ${table}`) }).toEqual({
        table,
        rows: result.rows[table],
      });
    }
    expect(result.rows['core.firm']).toBe(OPTIONS.firms);
    expect(result.rows['registry.company']).toBe(OPTIONS.firms);
    expect(result.rows['tax.taxpayer']).toBe(OPTIONS.firms);
    expect(result.rows['tax.invoice']).toBeGreaterThan(OPTIONS.firms * 36 * 1.5);
    expect(result.totalRows).toBe(Object.values(result.rows).reduce((a, b) => a + b, 0));
    // Four chunks of at most 80 firms; progress only grows (chunks may commit out of order).
    const reported = progress.filter((n) => n > 0);
    expect(reported).toHaveLength(4);
    expect([...reported].sort((a, b) => a - b)).toEqual(reported);
    expect(reported[3]).toBe(OPTIONS.firms);
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
    expect(truth).toMatchObject({ seed: 7, firmCount: OPTIONS.firms, asOf: '2025-06', oracleFrom: '2021-07' });
    expect(Object.keys(truth.firms)).toHaveLength(OPTIONS.firms);
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

  it("holds the planted networks: the live guarantees' cycles are the planted circles, the controllers' shares the truth's (in SQL, exact)", async () => {
    const truth = inMemory().generator.truth.toJSON();
    const asOfEnd = '2025-06-30';
    const cycles = await db.query<{ members: string }>(
      `WITH RECURSIVE live AS (
         SELECT guarantor_uscc::text AS a, borrower_uscc::text AS b FROM bank.guarantee WHERE start_date <= $1::date AND end_date >= $1::date
       ), walk(start, node, path) AS (
         SELECT a, b, ARRAY[a, b] FROM live
         UNION ALL
         SELECT w.start, l.b, w.path || l.b FROM walk w JOIN live l ON l.a = w.node
         WHERE w.node <> w.start AND l.b <> ALL (w.path[2:]) AND cardinality(w.path) < 9
       )
       SELECT DISTINCT (SELECT string_agg(u, ',' ORDER BY u) FROM unnest(path[1:cardinality(path) - 1]) u) AS members
       FROM walk WHERE node = start`,
      [asOfEnd],
    );
    const ends = new Map(truth.problems.GUARANTEE_CIRCLE.map((e) => [e.uscc, e.guaranteeEndsOn as string]));
    const planted = new Set(
      truth.problems.GUARANTEE_CIRCLE.map((e) => e.circle as string[])
        .filter((c) => c.every((u) => (ends.get(u) ?? '') >= asOfEnd))
        .map((c) => [...c].sort().join()),
    );
    expect(planted.size).toBeGreaterThan(5);
    expect(cycles.rows.map((r) => r.members).sort()).toEqual([...planted].sort());

    const layers = truth.problems.OWNERSHIP_LAYERS;
    expect(layers.length).toBeGreaterThan(0);
    const shares = await db.query<{ firm: string; id_no: string; share: string }>(
      `WITH RECURSIVE up(firm, holder_type, holder_uscc, holder_id_no, share, depth) AS (
         SELECT uscc::text, holder_type::text, holder_uscc::text, holder_id_no::text, share_ratio::numeric, 1 FROM registry.shareholder WHERE uscc = ANY($1)
         UNION ALL
         SELECT u.firm, s.holder_type::text, s.holder_uscc::text, s.holder_id_no::text, u.share * s.share_ratio, u.depth + 1
         FROM up u JOIN registry.shareholder s ON s.uscc = u.holder_uscc
         WHERE u.holder_type = 'FIRM' AND u.depth < 10
       )
       SELECT firm, holder_id_no AS id_no, sum(share)::text AS share FROM up WHERE holder_type = 'PERSON' GROUP BY firm, holder_id_no`,
      [layers.map((e) => e.uscc)],
    );
    const trim = (x: string) => x.replace(/0+$/, '').replace(/\.$/, '');
    for (const e of layers) {
      const controller = e.controller as { idNo: string };
      const row = shares.rows.find((r) => r.firm === e.uscc && r.id_no === controller.idNo);
      expect({ firm: e.uscc, share: row && trim(row.share) }).toEqual({ firm: e.uscc, share: trim(e.share as string) });
    }
  });

  it('the platform finds every planted structure: each circle, chain and star one finding with its firms (from any member), owners and groups right', async () => {
    const truth = inMemory().generator.truth.toJSON();
    const asOf = await resolveAsOf(db, OPTIONS.asOf);
    const checks = {
      GUARANTEE_CIRCLE: guaranteeCircleCheck,
      GUARANTEE_CHAIN: guaranteeChainCheck,
      GUARANTEE_STAR: guaranteeStarCheck,
    };
    const found = {} as Record<StructureCheck, DetectedFinding[]>;
    for (const code of STRUCTURE_CHECKS) found[code] = await detect(db, checks[code], asOf);
    const keys = (list: DetectedFinding[]) =>
      list.map((f) => foundKey((f.evidence.members as Array<{ uscc: string }>).map((m) => m.uscc)));
    const scores = scoreStructures(truth, {
      GUARANTEE_CIRCLE: keys(found.GUARANTEE_CIRCLE),
      GUARANTEE_CHAIN: keys(found.GUARANTEE_CHAIN),
      GUARANTEE_STAR: keys(found.GUARANTEE_STAR),
    });
    for (const s of scores) {
      expect(s.planted).toBeGreaterThan(0);
      expect({ code: s.code, missed: s.missed, falseAlarms: s.falseAlarms, duplicates: s.duplicates }).toEqual({
        code: s.code,
        missed: [],
        falseAlarms: [],
        duplicates: 0,
      });
    }
    // Each circle is the same one finding from whichever member a scoped read starts; its exposure is the members' loans.
    for (const circle of found.GUARANTEE_CIRCLE) {
      const members = circle.evidence.members as Array<{ uscc: string; exposure: string }>;
      for (const m of members) {
        const related = await detect(db, guaranteeCircleCheck, asOf, undefined, [m.uscc], true);
        expect(related.filter((f) => f.fingerprint === circle.fingerprint)).toHaveLength(1);
      }
      const { rows } = await db.query<{ total: string }>(
        `SELECT coalesce(sum(balance), 0)::numeric(18,2)::text AS total FROM bank.loan WHERE uscc = ANY($1) AND status = 'ACTIVE'`,
        [members.map((m) => m.uscc)],
      );
      expect(circle.evidence.totalExposure).toBe(rows[0].total);
    }
    const ownership = scoreOwnership(truth, await ownershipFound(db, truth));
    for (const o of ownership)
      expect({ code: o.code, planted: o.planted > 0, wrong: o.wrong }).toEqual({
        code: o.code,
        planted: true,
        wrong: [],
      });
  });

  it('refuses to seed a database that already has firms', async () => {
    await expect(seedPortfolio(db, OPTIONS)).rejects.toThrow(SeedError);
    await expect(seedPortfolio(db, OPTIONS)).rejects.toThrow(
      new RegExp(`core\\.firm already has ${OPTIONS.firms} rows`),
    );
  });
});
