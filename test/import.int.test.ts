/**
 * The bulk import on a real database (embedded, or a scratch database on the server with
 * DATABASE_URL):
 * (a) hand-written CSV and JSONL files with good and bad rows: good rows land, every bad row is
 *     quarantined with its line and a reason naming the column and what was expected, counts are
 *     right, a second import changes nothing, a changed line is an update, provenance is set;
 * (b) round trip: the shared test database (150 firms) written out by writeImportFiles, imported
 *     into an empty database, written out again: the same files; imported again: all unchanged.
 */
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../src/db/database';
import { importFile, importFiles, ImportRejected, type ImportResult } from '../src/import/import.service';
import { writeImportFiles } from '../src/import/export-files';
import { KINDS } from '../src/import/kinds';
import { buildUscc } from '../src/lib/uscc';
import { openScratchDatabase, openTestDatabase, type ScratchDatabase } from './helpers';

const A = '91330106MA2CFGNC1J';
const B = buildUscc('9', '1', '330200', 'MA2C0001');
const BAD = '91330106MA2CFGNC10';

const INVOICE_HEADER =
  'invoice_code,invoice_number,kind,seller_uscc,seller_name,buyer_uscc,buyer_name,issue_date,amount,tax_amount,status';
const invoiceLines = (firstStatus = 'NORMAL') => [
  INVOICE_HEADER,
  `033002400111,00000001,VAT_SPECIAL,${A},杭州恒达机械有限公司,${B},宁波港城贸易有限公司,2024-05-06,10000.00,1300.00,${firstStatus}`, // 2
  `033002400111,00000002,VAT_ORDINARY,${A},杭州恒达机械有限公司,,王小明,2024-05-07,200.00,6.00,NORMAL`, // 3
  `,24332000000000000001,DIGITAL,${A},杭州恒达机械有限公司,${B},宁波港城贸易有限公司,2024-05-20,5000.00,650.00,NORMAL`, // 4
  `033002400111,00000002,VAT_ORDINARY,${A},杭州恒达机械有限公司,,王小明,2024-05-07,200.00,6.00,NORMAL`, // 5: the same invoice again
  `033002400111,00000003,VAT_SPECIAL,${BAD},杭州恒达机械有限公司,${B},宁波港城贸易有限公司,2024-05-08,1.00,0.13,NORMAL`, // 6
  `033002400111,00000004,VAT_SPECIAL,${A},杭州恒达机械有限公司,${B},宁波港城贸易有限公司,2024-05-08,1.00,0.13,PAID`, // 7
  `033002400111,00000005,VAT_SPECIAL,${A},杭州恒达机械有限公司,${B},宁波港城贸易有限公司,2024-05-08,-5.00,0.13,NORMAL`, // 8
  `033002400111,00000006,VAT_SPECIAL,${A},杭州恒达机械有限公司,${B},宁波港城贸易有限公司,2024-13-01,1.00,0.13,NORMAL`, // 9
  `033002400111,00000007,VAT_SPECIAL,${A},,${B},宁波港城贸易有限公司,2024-05-08,1.00,0.13,NORMAL`, // 10
  `"033002400111","00000008","VAT_SPECIAL",${A},"杭州恒达机械有限公司, 滨江分公司",${B},"宁波 ""港城"" 贸易",2024-05-31,1.00,0.13,NORMAL`, // 11
  `033002400111,00000009,VAT_SPECIAL,${A},杭州恒达机械有限公司,${B},2024-05-08,1.00,0.13,NORMAL`, // 12: a field short
];

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('import of hand-written files', () => {
  let scratch: ScratchDatabase;
  let db: Database;
  let dir: string;
  const write = (name: string, lines: string[], sub = '') => {
    const folder = path.join(dir, sub);
    fs.mkdirSync(folder, { recursive: true });
    const file = path.join(folder, name);
    fs.writeFileSync(file, lines.join('\n') + '\n');
    return file;
  };
  const quarantine = async (r: ImportResult) =>
    (
      await db.query<{ line: number; reason: string; columns: string[]; raw: Record<string, unknown> }>(
        `SELECT line, reason, columns, raw FROM core.import_quarantine WHERE run_id = $1 ORDER BY line`,
        [r.runId],
      )
    ).rows;

  beforeAll(async () => {
    scratch = await openScratchDatabase({ poolMax: 3 });
    db = scratch.db;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-test-'));
  });
  afterAll(async () => {
    await scratch.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  let first: ImportResult;

  it('loads the good rows of a CSV file and quarantines each bad one with its line and reason', async () => {
    const file = write('tax.invoice.csv', invoiceLines());
    first = await importFile(db, { file });
    expect(first).toMatchObject({
      kind: 'tax.invoice',
      rowsRead: 11,
      inserted: 5,
      updated: 0,
      unchanged: 0,
      quarantined: 6,
      firms: 2,
      sha256: sha256(file),
      sameContentAsRun: null,
    });

    const q = await quarantine(first);
    expect(q.map((r) => r.reason)).toEqual([
      `line 6, column seller_uscc: "${BAD}" has check character '0' but its first 17 characters require 'J'`,
      'line 7, column status: "PAID" is not one of NORMAL, VOID, RED_REVERSED',
      'line 8, column amount: "-5.00" is negative; expected an amount >= 0',
      'line 9, column issue_date: "2024-13-01" is not a date YYYY-MM-DD',
      'line 10, column seller_name: is empty; a value is required (text)',
      'line 12: has 10 fields but the header has 11',
    ]);
    expect(q.map((r) => r.columns)).toEqual([
      ['seller_uscc'],
      ['status'],
      ['amount'],
      ['issue_date'],
      ['seller_name'],
      [],
    ]);
    expect(q[1].raw).toMatchObject({ invoice_number: '00000004', status: 'PAID', buyer_uscc: B });

    const { rows } = await db.query(
      `SELECT invoice_number, seller_name, buyer_name, buyer_uscc, status, import_key FROM tax.invoice ORDER BY import_key`,
    );
    expect(rows).toEqual([
      {
        invoice_number: '00000001',
        seller_name: '杭州恒达机械有限公司',
        buyer_name: '宁波港城贸易有限公司',
        buyer_uscc: B,
        status: 'NORMAL',
        import_key: '033002400111|00000001#1',
      },
      // the same invoice delivered twice: two rows, for the data-quality layer to see
      {
        invoice_number: '00000002',
        seller_name: '杭州恒达机械有限公司',
        buyer_name: '王小明',
        buyer_uscc: null,
        status: 'NORMAL',
        import_key: '033002400111|00000002#1',
      },
      {
        invoice_number: '00000002',
        seller_name: '杭州恒达机械有限公司',
        buyer_name: '王小明',
        buyer_uscc: null,
        status: 'NORMAL',
        import_key: '033002400111|00000002#2',
      },
      {
        invoice_number: '00000008',
        seller_name: '杭州恒达机械有限公司, 滨江分公司',
        buyer_name: '宁波 "港城" 贸易',
        buyer_uscc: B,
        status: 'NORMAL',
        import_key: '033002400111|00000008#1',
      },
      {
        invoice_number: '24332000000000000001',
        seller_name: '杭州恒达机械有限公司',
        buyer_name: '宁波港城贸易有限公司',
        buyer_uscc: B,
        status: 'NORMAL',
        import_key: '|24332000000000000001#1',
      },
    ]);

    const { rows: run } = await db.query(
      `SELECT status, source, kind, sha256, rows_read, inserted, updated, unchanged, quarantined, finished_at FROM core.import_run WHERE id = $1`,
      [first.runId],
    );
    expect(run[0]).toMatchObject({
      status: 'SUCCEEDED',
      source: 'tax',
      kind: 'invoice',
      sha256: sha256(file),
      rows_read: 11,
      inserted: 5,
      updated: 0,
      unchanged: 0,
      quarantined: 6,
    });
    expect(run[0].finished_at).toBeInstanceOf(Date);
  });

  it('sets the provenance of the firms the file carries', async () => {
    const { rows } = await db.query(
      `SELECT uscc, source, origin, origin_ref, as_of FROM core.source_sync ORDER BY uscc`,
    );
    expect(rows).toEqual(
      [
        { uscc: A, source: 'TAX', origin: 'IMPORT', origin_ref: 'tax.invoice.csv lines 2-11', as_of: '2024-05-31' },
        { uscc: B, source: 'TAX', origin: 'IMPORT', origin_ref: 'tax.invoice.csv lines 2-11', as_of: '2024-05-31' },
      ].sort((x, y) => x.uscc.localeCompare(y.uscc)),
    );
  });

  it('changes nothing when the same file is imported again, in any batch size', async () => {
    const before = (await db.query(`SELECT uscc, fetched_at FROM core.source_sync ORDER BY uscc`)).rows;
    const file = path.join(dir, 'tax.invoice.csv');
    const again = await importFile(db, { file });
    expect(again).toMatchObject({
      rowsRead: 11,
      inserted: 0,
      updated: 0,
      unchanged: 5,
      quarantined: 6,
      sameContentAsRun: first.runId,
    });
    // Small batches put the two copies of invoice 00000002 in different statements: same keys.
    const small = await importFile(db, { file, batchSize: 2 });
    expect(small).toMatchObject({ inserted: 0, updated: 0, unchanged: 5, quarantined: 6 });
    expect((await db.query(`SELECT count(*)::int AS n FROM tax.invoice`)).rows[0].n).toBe(5);
    expect((await db.query(`SELECT uscc, fetched_at FROM core.source_sync ORDER BY uscc`)).rows).toEqual(before);
  });

  it('updates a changed line in place instead of adding a row', async () => {
    const file = write('tax.invoice.csv', invoiceLines('RED_REVERSED'), 'v2');
    const r = await importFile(db, { file });
    expect(r).toMatchObject({ inserted: 0, updated: 1, unchanged: 4, quarantined: 6, sameContentAsRun: null });
    const { rows } = await db.query(`SELECT status FROM tax.invoice WHERE invoice_number = '00000001'`);
    expect(rows).toEqual([{ status: 'RED_REVERSED' }]);
  });

  it('resolves parents by natural key in JSONL files and quarantines unknown parents, duplicate keys and bad lines', async () => {
    const accounts = write('bank.account.jsonl', [
      JSON.stringify({ uscc: A, account_no: 'ACC-1', account_type: 'BASIC', opened_on: '2020-01-02', closed_on: null }),
      JSON.stringify({ uscc: B, account_no: 'ACC-2', account_type: 'general', opened_on: '2021-03-04' }),
      JSON.stringify({ uscc: B, account_no: 'ACC-3', account_type: 'GENERAL', opened_on: '2021-02-30' }),
    ]);
    const acc = await importFile(db, { file: accounts });
    expect(acc).toMatchObject({ rowsRead: 3, inserted: 2, quarantined: 1 });
    expect((await quarantine(acc))[0].reason).toBe(
      'line 3, column opened_on: "2021-02-30" is not a date YYYY-MM-DD (February 2021 has 28 days)',
    );

    const month = (o: Record<string, unknown>) =>
      JSON.stringify({
        account_no: 'ACC-1',
        month: '2024-05',
        inflow: '100.00',
        outflow: '50.00',
        end_balance: '80.00',
        ...o,
      });
    const file = write('bank.account_month.jsonl', [
      month({ month: '2024-04', end_balance: '-20.00' }), // 1: an overdrawn account
      month({}), // 2
      '', // 3: blank
      month({ account_no: 'ACC-404' }), // 4: no such account
      month({ inflow: '999.00' }), // 5: same account and month as line 2
      '{"account_no": "ACC-2", ', // 6
      month({ account_no: 'ACC-2', inflow: 100 }), // 7
      month({ account_no: 'ACC-2', note: 'x' }), // 8
      JSON.stringify({ account_no: 'ACC-2', month: '2024-06', inflow: '1.00', outflow: '2.00' }), // 9
      month({ account_no: 'ACC-2', inflow: '7.00' }), // 10
    ]);
    const r = await importFile(db, { file });
    expect(r).toMatchObject({ rowsRead: 9, inserted: 3, updated: 0, unchanged: 0, quarantined: 6, firms: 2 });
    const reasons = (await quarantine(r)).map((x) => x.reason);
    expect(reasons[0]).toBe(
      'line 4, column account_no: "ACC-404" is not an account in bank.account (its account_no); import the bank.account file first',
    );
    expect(reasons[1]).toBe(
      'line 5: same key as line 2 (account_no "ACC-1", month "2024-05"); bank.account_month holds one row per key, so only the first line with it is loaded',
    );
    expect(reasons[2]).toMatch(/^line 6: not valid JSON: /);
    expect(reasons[3]).toBe(
      'line 7, column inflow: 100 is a JSON number; expected an amount such as 1234.56, >= 0; write numbers with decimals as strings, such as "1234.50" (JSON numbers lose precision)',
    );
    expect(reasons[4]).toBe('line 8: unknown column "note" (not a column of bank.account_month)');
    expect(reasons[5]).toBe('line 9, column end_balance: is missing; a value is required (an amount such as 1234.56)');

    const { rows } = await db.query(
      `SELECT a.account_no, m.month, m.uscc, m.inflow, m.end_balance FROM bank.account_month m JOIN bank.account a ON a.id = m.account_id ORDER BY 1, 2`,
    );
    expect(rows).toEqual([
      { account_no: 'ACC-1', month: '2024-04', uscc: A, inflow: '100.00', end_balance: '-20.00' },
      { account_no: 'ACC-1', month: '2024-05', uscc: A, inflow: '100.00', end_balance: '80.00' },
      { account_no: 'ACC-2', month: '2024-05', uscc: B, inflow: '7.00', end_balance: '80.00' },
    ]);
    const sync = await db.query(
      `SELECT uscc, origin_ref, as_of FROM core.source_sync WHERE source = 'BANK' ORDER BY uscc`,
    );
    expect(sync.rows).toEqual(
      [
        { uscc: A, origin_ref: 'bank.account_month.jsonl lines 1-2', as_of: '2024-05-31' },
        { uscc: B, origin_ref: 'bank.account_month.jsonl line 10', as_of: '2024-05-31' },
      ].sort((x, y) => x.uscc.localeCompare(y.uscc)),
    );

    const again = await importFile(db, { file });
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, quarantined: 6 });
  });

  it('loads the records known in time: credit ratings, classification histories, write-offs, publication and closing days, status changes', async () => {
    // Ratings by year, each with its publication day.
    const ratings = await importFile(db, {
      file: write('tax.credit_rating.csv', [
        'uscc,year,rating,published_on',
        `${A},2023,B,2024-04-26`, // 2
        `${A},2024,a,2025-04-28`, // 3
        `${B},2024,M,2024-03-15`, // 4: rated M on registration
        `${A},2024,C,2025-04-30`, // 5: same firm and year as line 3
        `${B},2025,AA,2026-04-30`, // 6
        `${B},2025,B,2026-04-31`, // 7
        `${B},2025,B,2024-12-31`, // 8: published before the year assessed
        `${B},2025,B,`, // 9
      ]),
    });
    expect(ratings).toMatchObject({ kind: 'tax.credit_rating', rowsRead: 8, inserted: 3, quarantined: 5, firms: 2 });
    expect((await quarantine(ratings)).map((r) => [r.line, r.columns, r.reason])).toEqual([
      [
        5,
        ['uscc', 'year'],
        `line 5: same key as line 3 (uscc "${A}", year 2024); tax.credit_rating holds one row per key, so only the first line with it is loaded`,
      ],
      [6, ['rating'], 'line 6, column rating: "AA" is not one of A, B, M, C, D'],
      [
        7,
        ['published_on'],
        'line 7, column published_on: "2026-04-31" is not a date YYYY-MM-DD (April 2026 has 30 days)',
      ],
      [
        8,
        ['published_on', 'year'],
        'line 8, column published_on: "2024-12-31" is before the year assessed 2025; expected a date in 2025 or later',
      ],
      [9, ['published_on'], 'line 9, column published_on: is empty; a value is required (a date YYYY-MM-DD)'],
    ]);
    expect(
      (await db.query(`SELECT uscc, year, rating, published_on FROM tax.credit_rating ORDER BY uscc, year`)).rows,
    ).toEqual(
      [
        { uscc: A, year: 2023, rating: 'B', published_on: '2024-04-26' },
        { uscc: A, year: 2024, rating: 'A', published_on: '2025-04-28' },
        { uscc: B, year: 2024, rating: 'M', published_on: '2024-03-15' },
      ].sort((x, y) => x.uscc.localeCompare(y.uscc) || x.year - y.year),
    );
    // The rating's publication day dates the firm's tax data.
    expect(
      (await db.query(`SELECT as_of FROM core.source_sync WHERE uscc = $1 AND source = 'TAX'`, [A])).rows[0].as_of,
    ).toBe('2025-04-28');

    // Loans, one written off; an older file without the column loads too (no write-off).
    const LOAN =
      'uscc,contract_no,product,principal,balance,annual_rate,term_months,repayment_method,start_date,maturity_date,overdue_days,classification,status';
    const loans = await importFile(db, {
      file: write('bank.loan.csv', [
        `${LOAN},written_off_on`,
        `${A},JK-1,小微经营贷,100000.00,0.00,0.0435,12,BULLET,2024-01-15,2025-01-15,240,LOSS,WRITTEN_OFF,2024-10-31`, // 2
        `${A},JK-2,小微经营贷,50000.00,20000.00,0.0435,12,EQUAL_INSTALLMENT,2024-03-01,2025-03-01,0,NORMAL,ACTIVE,`, // 3
        `${B},JK-3,小微经营贷,50000.00,0.00,0.0435,12,BULLET,2024-03-01,2025-03-01,0,LOSS,WRITTEN_OFF,2024-02-30`, // 4
        `${B},JK-4,小微经营贷,50000.00,0.00,0.0435,12,BULLET,2024-03-01,2025-03-01,0,LOSS,WRITTEN_OFF,2023-12-31`, // 5
      ]),
    });
    expect(loans).toMatchObject({ inserted: 2, quarantined: 2 });
    expect((await quarantine(loans)).map((r) => r.reason)).toEqual([
      'line 4, column written_off_on: "2024-02-30" is not a date YYYY-MM-DD (February 2024 has 29 days)',
      'line 5, column written_off_on: "2023-12-31" is before start_date "2024-03-01"; expected a date on or after it',
    ]);
    const older = await importFile(db, {
      file: write(
        'bank.loan.csv',
        [LOAN, `${B},JK-5,小微经营贷,50000.00,50000.00,0.0435,12,BULLET,2024-06-01,2025-06-01,0,NORMAL,ACTIVE`],
        'older',
      ),
    });
    expect(older).toMatchObject({ inserted: 1, quarantined: 0 });
    expect(
      (await db.query(`SELECT contract_no, status, written_off_on FROM bank.loan ORDER BY contract_no`)).rows,
    ).toEqual([
      { contract_no: 'JK-1', status: 'WRITTEN_OFF', written_off_on: '2024-10-31' },
      { contract_no: 'JK-2', status: 'ACTIVE', written_off_on: null },
      { contract_no: 'JK-5', status: 'ACTIVE', written_off_on: null },
    ]);

    // A loan's classification history, the loan named by its contract number.
    const history = await importFile(db, {
      file: write('bank.loan_classification.jsonl', [
        JSON.stringify({ contract_no: 'JK-1', changed_on: '2024-01-15', classification: 'NORMAL' }), // 1
        JSON.stringify({ contract_no: 'JK-1', changed_on: '2024-05-31', classification: 'special_mention' }), // 2
        JSON.stringify({ contract_no: 'JK-1', changed_on: '2024-07-31', classification: 'SUBSTANDARD' }), // 3
        JSON.stringify({ contract_no: 'JK-1', changed_on: '2024-10-31', classification: 'LOSS' }), // 4
        JSON.stringify({ contract_no: 'JK-404', changed_on: '2024-05-31', classification: 'NORMAL' }), // 5: no such loan
        JSON.stringify({ contract_no: 'JK-1', changed_on: '2024-05-31', classification: 'DOUBTFUL' }), // 6: same day as line 2
        JSON.stringify({ contract_no: 'JK-2', changed_on: '2024-03-01', classification: 'WATCH' }), // 7
        JSON.stringify({ contract_no: 'JK-2', changed_on: '2024-13-01', classification: 'NORMAL' }), // 8
        JSON.stringify({ contract_no: 'JK-2', changed_on: '2024-03-01', classification: 'NORMAL' }), // 9
      ]),
    });
    expect(history).toMatchObject({
      kind: 'bank.loan_classification',
      rowsRead: 9,
      inserted: 5,
      quarantined: 4,
      firms: 1,
    });
    expect((await quarantine(history)).map((r) => r.reason)).toEqual([
      'line 5, column contract_no: "JK-404" is not a loan in bank.loan (its contract_no); import the bank.loan file first',
      'line 6: same key as line 2 (contract_no "JK-1", changed_on "2024-05-31"); bank.loan_classification holds one row per key, so only the first line with it is loaded',
      'line 7, column classification: "WATCH" is not one of NORMAL, SPECIAL_MENTION, SUBSTANDARD, DOUBTFUL, LOSS',
      'line 8, column changed_on: "2024-13-01" is not a date YYYY-MM-DD',
    ]);
    expect(
      (
        await db.query(
          `SELECT l.contract_no, c.changed_on, c.classification FROM bank.loan_classification c JOIN bank.loan l ON l.id = c.loan_id ORDER BY 1, 2`,
        )
      ).rows,
    ).toEqual([
      { contract_no: 'JK-1', changed_on: '2024-01-15', classification: 'NORMAL' },
      { contract_no: 'JK-1', changed_on: '2024-05-31', classification: 'SPECIAL_MENTION' },
      { contract_no: 'JK-1', changed_on: '2024-07-31', classification: 'SUBSTANDARD' },
      { contract_no: 'JK-1', changed_on: '2024-10-31', classification: 'LOSS' },
      { contract_no: 'JK-2', changed_on: '2024-03-01', classification: 'NORMAL' },
    ]);
    expect(await importFile(db, { file: path.join(dir, 'bank.loan_classification.jsonl') })).toMatchObject({
      inserted: 0,
      updated: 0,
      unchanged: 5,
      quarantined: 4,
    });

    // Court records: an older file without published_on takes the filing day; a newer one says when.
    const older2 = await importFile(db, {
      file: write(
        'judicial.court_case.csv',
        [
          'case_no,court,cause,filed_on,closed_on,amount,status',
          '(2024)浙0106民初1号,西湖法院,买卖合同纠纷,2024-05-06,,100.00,PENDING',
        ],
        'older',
      ),
    });
    expect(older2).toMatchObject({ inserted: 1, quarantined: 0 });
    const cases = await importFile(db, {
      file: write('judicial.court_case.csv', [
        'case_no,court,cause,filed_on,published_on,closed_on,amount,status',
        '(2024)浙0106民初2号,西湖法院,借款合同纠纷,2024-05-06,2024-06-03,2024-09-30,100.00,CLOSED', // 2
        '(2024)浙0106民初3号,西湖法院,借款合同纠纷,2024-05-06,,,100.00,PENDING', // 3: empty, the filing day
        '(2024)浙0106民初4号,西湖法院,借款合同纠纷,2024-05-06,2024-06-31,,100.00,PENDING', // 4
        '(2024)浙0106民初5号,西湖法院,借款合同纠纷,2024-05-06,2024-04-30,,100.00,PENDING', // 5
        '(2024)浙0106民初1号,西湖法院,买卖合同纠纷,2024-05-06,2024-05-27,,100.00,PENDING', // 6: the older file's case, now with its day
      ]),
    });
    expect(cases).toMatchObject({ inserted: 2, updated: 1, quarantined: 2 });
    expect((await quarantine(cases)).map((r) => [r.columns, r.reason])).toEqual([
      [['published_on'], 'line 4, column published_on: "2024-06-31" is not a date YYYY-MM-DD (June 2024 has 30 days)'],
      [
        ['published_on', 'filed_on'],
        'line 5, column published_on: "2024-04-30" is before filed_on "2024-05-06"; expected a date on or after it',
      ],
    ]);
    expect(
      (await db.query(`SELECT case_no, filed_on, published_on, closed_on FROM judicial.court_case ORDER BY case_no`))
        .rows,
    ).toEqual([
      { case_no: '(2024)浙0106民初1号', filed_on: '2024-05-06', published_on: '2024-05-27', closed_on: null },
      { case_no: '(2024)浙0106民初2号', filed_on: '2024-05-06', published_on: '2024-06-03', closed_on: '2024-09-30' },
      { case_no: '(2024)浙0106民初3号', filed_on: '2024-05-06', published_on: '2024-05-06', closed_on: null },
    ]);

    const enf = (o: Record<string, unknown>) =>
      JSON.stringify({
        uscc: A,
        case_no: '(2024)浙0106执1号',
        court: '西湖法院',
        filed_on: '2024-05-06',
        amount: '5000.00',
        status: 'ACTIVE',
        ...o,
      });
    const enforcements = await importFile(db, {
      file: write('judicial.enforcement.jsonl', [
        enf({ published_on: '2024-05-20', closed_on: '2024-11-15', status: 'CLOSED' }), // 1
        enf({ case_no: '(2024)浙0106执2号' }), // 2: an older record: published the day it was filed, still running
        enf({ case_no: '(2024)浙0106执3号', published_on: '2024/05/20' }), // 3
        enf({ case_no: '(2024)浙0106执4号', published_on: '2024-05-20', closed_on: '2024-05-01' }), // 4
      ]),
    });
    expect(enforcements).toMatchObject({ inserted: 2, quarantined: 2 });
    expect((await quarantine(enforcements)).map((r) => r.reason)).toEqual([
      'line 3, column published_on: "2024/05/20" is not a date YYYY-MM-DD',
      'line 4, column closed_on: "2024-05-01" is before filed_on "2024-05-06"; expected a date on or after it',
    ]);
    expect(
      (await db.query(`SELECT case_no, published_on, closed_on, status FROM judicial.enforcement ORDER BY case_no`))
        .rows,
    ).toEqual([
      { case_no: '(2024)浙0106执1号', published_on: '2024-05-20', closed_on: '2024-11-15', status: 'CLOSED' },
      { case_no: '(2024)浙0106执2号', published_on: '2024-05-06', closed_on: null, status: 'ACTIVE' },
    ]);
    // The closing day dates the firm's court records.
    expect(
      (await db.query(`SELECT as_of FROM core.source_sync WHERE uscc = $1 AND source = 'JUDICIAL'`, [A])).rows[0].as_of,
    ).toBe('2024-11-15');

    // The registry status history.
    const changes = await importFile(db, {
      file: write('registry.change_log.csv', [
        'uscc,changed_on,item,before_value,after_value',
        `${B},2025-03-01,STATUS,ACTIVE,REVOKED`, // 2
        `${B},2025-09-01,status,REVOKED,DEREGISTERED`, // 3
        `${A},2025-03-01,STATUS,ACTIVE,吊销`, // 4
        `${A},2025-03-01,STATE,ACTIVE,REVOKED`, // 5
      ]),
    });
    expect(changes).toMatchObject({ inserted: 2, quarantined: 2 });
    expect((await quarantine(changes)).map((r) => r.reason)).toEqual([
      'line 4, column after_value: "吊销" is not a registry status; a STATUS change goes from one of ACTIVE, REVOKED, DEREGISTERED to another',
      'line 5, column item: "STATE" is not one of LEGAL_REPRESENTATIVE, REGISTERED_CAPITAL, ADDRESS, SHAREHOLDER, NAME, BUSINESS_SCOPE, STATUS',
    ]);
    expect(
      (
        await db.query(
          `SELECT changed_on, item, before_value, after_value FROM registry.change_log WHERE uscc = $1 ORDER BY changed_on`,
          [B],
        )
      ).rows,
    ).toEqual([
      { changed_on: '2025-03-01', item: 'STATUS', before_value: 'ACTIVE', after_value: 'REVOKED' },
      { changed_on: '2025-09-01', item: 'STATUS', before_value: 'REVOKED', after_value: 'DEREGISTERED' },
    ]);
  });

  // The embedded database has one session for all connections, where advisory locks do not exclude.
  (process.env.DATABASE_URL ? it : it.skip)('refuses to run beside another import of the same kind', async () => {
    const other = await db.pool.connect();
    try {
      await other.query(`SELECT pg_advisory_lock(hashtext('sme-import:tax.invoice'))`);
      await expect(importFile(db, { file: path.join(dir, 'tax.invoice.csv') })).rejects.toThrow(
        'another import of tax.invoice is running on this database; import this file when it has finished',
      );
    } finally {
      await other.query(`SELECT pg_advisory_unlock(hashtext('sme-import:tax.invoice'))`);
      other.release();
    }
    expect(await importFile(db, { file: path.join(dir, 'tax.invoice.csv') })).toMatchObject({
      inserted: 0,
      updated: 1,
      unchanged: 4,
    });
  });

  it('refuses a file whose header lacks a required column or names an unknown one, before reading rows', async () => {
    const missing = write(
      'tax.invoice.csv',
      [INVOICE_HEADER.replace('seller_uscc,', ''), '033002400111,00000099,VAT_SPECIAL,x,,y,2024-05-01,1,0,NORMAL'],
      'bad1',
    );
    await expect(importFile(db, { file: missing })).rejects.toThrow(ImportRejected);
    await expect(importFile(db, { file: missing })).rejects.toThrow(
      /^the header \(line 1\) of a tax\.invoice file: missing required column seller_uscc\. Expected the columns \[invoice_code\], invoice_number/,
    );
    const unknown = write('tax.invoice.csv', [INVOICE_HEADER + ',remark'], 'bad2');
    await expect(importFile(db, { file: unknown })).rejects.toThrow(/unknown column "remark"/);
    const { rows } = await db.query(`SELECT status, error FROM core.import_run WHERE file = $1`, [missing]);
    expect(rows[0].status).toBe('REJECTED');
    expect(rows[0].error).toMatch(/missing required column seller_uscc/);
    expect(
      (await db.query(`SELECT count(*)::int AS n FROM tax.invoice WHERE invoice_number = '00000099'`)).rows[0].n,
    ).toBe(0);
  });
});

describe('round trip through writeImportFiles', () => {
  let origin: Database;
  let scratch: ScratchDatabase;
  let dir: string;

  beforeAll(async () => {
    origin = await openTestDatabase();
    scratch = await openScratchDatabase({ poolMax: 3 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-roundtrip-'));
  });
  afterAll(async () => {
    await origin.close();
    await scratch.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const sortedLines = (file: string) => fs.readFileSync(file, 'utf8').split('\n').sort();

  it('reproduces every table of the test portfolio in an empty database, and a second import changes nothing', async () => {
    const out = path.join(dir, 'origin');
    const files = await writeImportFiles(origin, out, { format: 'csv' });
    expect(files.map((f) => f.kind)).toEqual(KINDS.map((k) => k.name));
    for (const f of files) {
      const { rows } = await origin.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${KINDS.find((k) => k.name === f.kind)!.table}`,
      );
      expect({ kind: f.kind, rows: f.rows }).toEqual({ kind: f.kind, rows: rows[0].n });
    }
    expect(files.find((f) => f.kind === 'tax.invoice')!.rows).toBeGreaterThan(1000);
    // The records known in time are in the files, so the comparison below covers them.
    const csv = (kind: string) => fs.readFileSync(files.find((f) => f.kind === kind)!.file, 'utf8').split('\n');
    expect(files.find((f) => f.kind === 'tax.credit_rating')!.rows).toBeGreaterThan(150);
    expect(files.find((f) => f.kind === 'bank.loan_classification')!.rows).toBeGreaterThan(
      files.find((f) => f.kind === 'bank.loan')!.rows,
    );
    expect(csv('bank.loan')[0]).toMatch(/,written_off_on$/);
    expect(csv('bank.loan').filter((l) => /,WRITTEN_OFF,\d{4}-\d{2}-\d{2}$/.test(l)).length).toBeGreaterThan(0);
    expect(csv('judicial.court_case')[0]).toContain(',published_on,');
    expect(csv('judicial.enforcement')[0]).toContain(',published_on,closed_on,');
    expect(csv('registry.change_log').some((l) => /,STATUS,ACTIVE,(REVOKED|DEREGISTERED)$/.test(l))).toBe(true);

    const loaded = await importFiles(
      scratch.db,
      files.map((f) => f.file),
    );
    for (const [i, r] of loaded.entries()) {
      expect({ kind: r.kind, inserted: r.inserted, quarantined: r.quarantined }).toEqual({
        kind: files[i].kind,
        inserted: files[i].rows,
        quarantined: 0,
      });
    }
    // Every registry record made its firm a borrower, named and placed as in the origin; the other files made none:
    // the firms outside the portfolio they name (invoices' buyers, the other parties of cases) are not borrowers.
    expect(loaded.filter((r) => r.newBorrowers).map((r) => [r.kind, r.newBorrowers])).toEqual([
      ['registry.company', 150],
    ]);
    const outside = await origin.query<{ n: number }>(
      `SELECT count(DISTINCT u)::int AS n FROM (SELECT seller_uscc AS u FROM tax.invoice UNION ALL SELECT buyer_uscc FROM tax.invoice) x
        WHERE u IS NOT NULL AND NOT EXISTS (SELECT 1 FROM core.firm f WHERE f.uscc = x.u)`,
    );
    expect(outside.rows[0].n).toBeGreaterThan(0);
    expect(loaded.find((r) => r.kind === 'tax.invoice')!.unknownFirms).toBe(outside.rows[0].n);
    const firmSql = `SELECT uscc, name, region_code FROM core.firm ORDER BY uscc`;
    expect((await scratch.db.query(firmSql)).rows).toEqual((await origin.query(firmSql)).rows);

    // The history tables hold what the origin holds, row for row (their natural keys, the loans' by contract).
    const histories = [
      `SELECT uscc, year, rating, published_on::text FROM tax.credit_rating ORDER BY 1, 2`,
      `SELECT l.contract_no, c.changed_on::text, c.classification FROM bank.loan_classification c JOIN bank.loan l ON l.id = c.loan_id ORDER BY 1, 2`,
      `SELECT contract_no, written_off_on::text FROM bank.loan WHERE written_off_on IS NOT NULL ORDER BY 1`,
      `SELECT case_no, filed_on::text, published_on::text, closed_on::text FROM judicial.court_case ORDER BY 1`,
      `SELECT uscc, case_no, published_on::text, closed_on::text FROM judicial.enforcement ORDER BY 1, 2, 3`,
      `SELECT uscc, changed_on::text, before_value, after_value FROM registry.change_log WHERE item = 'STATUS' ORDER BY 1, 2`,
    ];
    for (const sql of histories) expect((await scratch.db.query(sql)).rows).toEqual((await origin.query(sql)).rows);

    // Written out again from the imported database: the same rows (ids aside), line for line.
    const back = await writeImportFiles(scratch.db, path.join(dir, 'back'), { format: 'csv' });
    for (const [i, f] of back.entries()) {
      const a = sortedLines(files[i].file);
      const b = sortedLines(f.file);
      const firstDiff = a.findIndex((line, k) => line !== b[k]);
      expect({ kind: f.kind, rows: f.rows, firstDiff: firstDiff < 0 ? null : [a[firstDiff], b[firstDiff]] }).toEqual({
        kind: files[i].kind,
        rows: files[i].rows,
        firstDiff: null,
      });
    }

    const again = await importFiles(
      scratch.db,
      files.map((f) => f.file),
    );
    const total = (k: 'inserted' | 'updated' | 'quarantined' | 'unchanged') => again.reduce((n, r) => n + r[k], 0);
    expect({
      inserted: total('inserted'),
      updated: total('updated'),
      quarantined: total('quarantined'),
      newBorrowers: again.reduce((n, r) => n + r.newBorrowers, 0),
    }).toEqual({
      inserted: 0,
      updated: 0,
      quarantined: 0,
      newBorrowers: 0,
    });
    expect(total('unchanged')).toBe(files.reduce((n, f) => n + f.rows, 0));

    // Every firm of the portfolio now traces its registry data to an import file.
    const { rows } = await scratch.db.query(
      `SELECT count(*)::int AS n, min(origin::text) AS origin, bool_and(origin_ref LIKE 'registry.%.csv line%') AS refs FROM core.source_sync WHERE source = 'REGISTRY'`,
    );
    expect(rows[0]).toEqual({ n: 150, origin: 'IMPORT', refs: true });
  });

  it('reads JSONL like CSV: the same data written as JSONL imports as all unchanged', async () => {
    const kinds = [
      'registry.shareholder',
      'registry.change_log',
      'tax.credit_rating',
      'bank.loan',
      'bank.loan_installment',
      'bank.loan_classification',
      'bank.consent',
      'judicial.court_case',
      'judicial.case_party',
      'judicial.enforcement',
    ];
    const files = await writeImportFiles(origin, path.join(dir, 'jsonl'), { format: 'jsonl', kinds });
    const results = await importFiles(
      scratch.db,
      files.map((f) => f.file),
    );
    for (const [i, r] of results.entries()) {
      expect({
        kind: r.kind,
        inserted: r.inserted,
        updated: r.updated,
        quarantined: r.quarantined,
        unchanged: r.unchanged,
      }).toEqual({
        kind: files[i].kind,
        inserted: 0,
        updated: 0,
        quarantined: 0,
        unchanged: files[i].rows,
      });
    }
  });
});
