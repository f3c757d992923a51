/**
 * `npm run import` as a person runs it, spawned on a scratch database of this file's own (a server
 * database with DATABASE_URL, else an embedded one served on a loopback socket): after its files,
 * it analyzes the tables the scores and warnings read whose statistics the import put out of date
 * (a table filled since its last analyze looks empty to the planner until autovacuum comes round,
 * and on a server with autovacuum off it never does), and says which.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../src/db/database';
import { buildUscc } from '../src/lib/uscc';
import { openScratchDatabase, type ScratchDatabase } from './helpers';
import { exited, startNode } from './process.helpers';

const SELLER = '91330106MA2CFGNC1J';
const BUYER = buildUscc('9', '1', '330200', 'MA2C0001');
const INVOICES = 300;

describe('npm run import', () => {
  let scratch: ScratchDatabase;
  let db: Database;
  let dir: string;

  const importFile = async (file: string) => {
    const started = startNode(['-r', '@swc-node/register', 'src/import/import.cli.ts', '--file', file], {
      DATABASE_URL: scratch.url,
      NODE_OPTIONS: '',
    });
    const { code } = await exited(started, 120_000);
    return { code, stdout: started.stdout(), stderr: started.stderr() };
  };
  /** How many rows the planner takes tax.invoice to hold (-1: never analyzed). */
  const invoiceRows = async () =>
    (
      await db.query<{ rows: number }>(
        `SELECT reltuples::int AS rows FROM pg_class WHERE oid = 'tax.invoice'::regclass`,
      )
    ).rows[0].rows;

  beforeAll(async () => {
    scratch = await openScratchDatabase();
    db = scratch.db;
    await db.query('ANALYZE');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-cli-'));
  }, 120_000);
  afterAll(async () => {
    await scratch?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('analyzes the tables the import filled past autovacuum’s threshold, and only those', async () => {
    const file = path.join(dir, 'tax.invoice.csv');
    const lines = Array.from(
      { length: INVOICES },
      (_, k) =>
        `033002400111,${String(k + 1).padStart(8, '0')},VAT_SPECIAL,${SELLER},杭州恒达机械有限公司,${BUYER},宁波港城贸易有限公司,2024-05-${String((k % 28) + 1).padStart(2, '0')},1000.00,130.00,NORMAL`,
    );
    fs.writeFileSync(
      file,
      [
        'invoice_code,invoice_number,kind,seller_uscc,seller_name,buyer_uscc,buyer_name,issue_date,amount,tax_amount,status',
        ...lines,
      ].join('\n') + '\n',
    );

    const first = await importFile(file);
    expect({ code: first.code, stderr: first.code === 0 ? '' : first.stderr }).toEqual({ code: 0, stderr: '' });
    expect(first.stdout).toContain(`${INVOICES} rows: ${INVOICES} inserted`);
    // The invoices alone: the import wrote no other table the scores read.
    expect(first.stdout).toMatch(/^statistics out of date, analyzed: tax\.invoice$/m);
    expect(await invoiceRows()).toBe(INVOICES);
  });
});
