/**
 * Unit tests of the import's boundary: value and row validation with their reasons, natural
 * keys, the CSV parser, the kind registry against the entities, kind resolution from file names,
 * and docs/import-formats.md against the registry.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import { getMetadataArgsStorage } from 'typeorm';
import { entities, SCHEMAS } from '../src/db/entities';
import { snakeCase } from '../src/db/naming.strategy';
import { KINDS, kindByName, type FieldDef, type KindDef } from '../src/import/kinds';
import { checkRow, checkValue, naturalKey } from '../src/import/validate';
import { CsvParser, type CsvRecord } from '../src/import/csv';
import { ImportUsageError, resolveKind } from '../src/import/import.service';
import { csvField } from '../src/import/export-files';
import { DOC_FILE, renderKindsDoc, withKindsDoc } from '../src/import/formats-doc';
import { buildUscc } from '../src/lib/uscc';

const kind = (name: string): KindDef => {
  const k = kindByName(name);
  if (!k) throw new Error(`no kind ${name}`);
  return k;
};
const field = (kindName: string, column: string): FieldDef => {
  const f = kind(kindName).fields.find((x) => x.name === column);
  if (!f) throw new Error(`${kindName} has no column ${column}`);
  return f;
};
const reason = (f: FieldDef, raw: unknown): string => {
  const r = checkValue(f, raw);
  if (r.ok) throw new Error(`expected ${JSON.stringify(raw)} to be refused for ${f.name}`);
  return r.reason;
};
const value = (f: FieldDef, raw: unknown) => {
  const r = checkValue(f, raw);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};

describe('checkValue', () => {
  const uscc = field('tax.invoice', 'seller_uscc');
  const buyer = field('tax.invoice', 'buyer_uscc');
  const status = field('tax.invoice', 'status');
  const amount = field('tax.invoice', 'amount');
  const issueDate = field('tax.invoice', 'issue_date');

  it('checks USCCs with the expected check character, upper-casing and trimming', () => {
    expect(reason(uscc, '91330106MA2CFGNC10')).toBe(
      `"91330106MA2CFGNC10" has check character '0' but its first 17 characters require 'J'`,
    );
    expect(reason(uscc, '9133010')).toMatch(/a USCC has 18 characters, got 7/);
    expect(reason(uscc, '91330106MA2CFGNC1I')).toMatch(/character 'I' at position 18/);
    expect(value(uscc, ' 91330106ma2cfgnc1j ')).toBe('91330106MA2CFGNC1J');
  });

  it('tells required from optional values', () => {
    expect(reason(uscc, null)).toBe('is empty; a value is required (an 18-character USCC)');
    expect(reason(uscc, undefined)).toBe('is missing; a value is required (an 18-character USCC)');
    expect(reason(uscc, '   ')).toMatch(/^is empty; a value is required/);
    expect(value(buyer, null)).toBeNull();
    expect(value(buyer, '')).toBeNull();
  });

  it('checks enums and names the allowed values', () => {
    expect(reason(status, 'PAID')).toBe('"PAID" is not one of NORMAL, VOID, RED_REVERSED');
    expect(value(status, 'red_reversed')).toBe('RED_REVERSED');
  });

  it('checks money: format, decimals, size and sign', () => {
    expect(reason(amount, '-5.00')).toBe('"-5.00" is negative; expected an amount >= 0');
    expect(reason(amount, '12,345.00')).toMatch(
      /^"12,345.00" is not an amount: expected a decimal number with at most 2 decimals/,
    );
    expect(reason(amount, '1.234')).toMatch(/not an amount|has 3 decimals/);
    expect(reason(amount, '12345678901234567')).toMatch(/at most 16 digits|not an amount/);
    expect(reason(amount, 1234.5)).toMatch(/is a JSON number; .*write numbers with decimals as strings/);
    expect(value(amount, '0')).toBe('0');
    expect(value(amount, '-0.00')).toBe('-0.00');
    expect(value(field('bank.account_month', 'end_balance'), '-120.50')).toBe('-120.50');
  });

  it('checks decimals with bounds', () => {
    const ratio = field('registry.shareholder', 'share_ratio');
    expect(value(ratio, '0.3500')).toBe('0.3500');
    expect(value(ratio, '1')).toBe('1');
    expect(reason(ratio, '1.2000')).toBe('"1.2000" is above 1; expected a number from 0 to 1');
    expect(reason(ratio, '0.12345')).toBe('"0.12345" has 5 decimals; at most 4 are allowed');
    expect(reason(ratio, '-0.1')).toBe('"-0.1" is negative; expected a number >= 0');
  });

  it('checks real calendar dates and months', () => {
    expect(reason(issueDate, '2024-13-01')).toBe('"2024-13-01" is not a date YYYY-MM-DD');
    expect(reason(issueDate, '2023-02-29')).toBe('"2023-02-29" is not a date YYYY-MM-DD (February 2023 has 28 days)');
    expect(reason(issueDate, '2024/05/01')).toBe('"2024/05/01" is not a date YYYY-MM-DD');
    expect(value(issueDate, '2024-02-29')).toBe('2024-02-29');
    const period = field('tax.vat_declaration', 'period');
    expect(value(period, '2024-05')).toBe('2024-05');
    expect(reason(period, '2024-5')).toBe('"2024-5" is not a month YYYY-MM');
  });

  it('checks whole numbers, from JSON numbers or digits', () => {
    const seq = field('bank.loan_installment', 'seq');
    expect(value(seq, 3)).toBe('3');
    expect(value(seq, ' 12 ')).toBe('12');
    expect(reason(seq, '0')).toBe('"0" is below 1; expected a whole number >= 1');
    expect(reason(seq, '1.5')).toBe('"1.5" is not a whole number');
    expect(reason(field('alt-data.social_insurance_month', 'insured_headcount'), '-3')).toBe(
      '"-3" is negative; expected a whole number >= 0',
    );
    expect(reason(seq, '99999999999')).toMatch(/too large/);
  });

  it('reads booleans from true/false text (CSV) or JSON booleans (JSONL)', () => {
    const audited = field('bank.financial_statement', 'audited');
    expect(audited).toMatchObject({ type: 'boolean', sqlType: 'bool', required: true });
    expect(value(audited, ' TRUE ')).toBe('true');
    expect(value(audited, 'false')).toBe('false');
    expect(value(audited, false)).toBe('false');
    expect(reason(audited, 'yes')).toBe('"yes" is not true or false');
    expect(reason(audited, '')).toBe('is empty; a value is required (true or false)');
  });

  it('takes a financial statement as delivered: equity and profit may be negative, the identities are left to the quality check', () => {
    const statement = kind('bank.financial_statement');
    expect(value(field('bank.financial_statement', 'owners_equity'), '-1250.00')).toBe('-1250.00');
    expect(reason(field('bank.financial_statement', 'total_assets'), '-1.00')).toBe(
      '"-1.00" is negative; expected an amount >= 0',
    );
    expect(statement.rules.map((r) => r.doc)).toEqual(['received_on >= period_end']);
  });

  it('checks times with a zone and spells them in UTC', () => {
    const granted = field('bank.consent', 'granted_at');
    expect(value(granted, '2024-05-31T09:30:00+08:00')).toBe('2024-05-31T01:30:00.000Z');
    expect(value(granted, '2024-05-31 01:30:00Z')).toBe('2024-05-31T01:30:00.000Z');
    expect(value(granted, '2024-05-31T09:30+0800')).toBe('2024-05-31T01:30:00.000Z');
    expect(reason(granted, '2024-05-31T09:30:00')).toMatch(/not a time with a time zone \(add Z or \+08:00\)/);
  });

  it('checks resident ID numbers with their check character', () => {
    const id = field('registry.company', 'legal_rep_id_no');
    expect(value(id, '330106198001011235')).toBe('330106198001011235');
    expect(reason(id, '330106198001011234')).toBe(
      `"330106198001011234" has check character '4' but its first 17 digits require '5'`,
    );
    expect(reason(id, '33010619800101')).toMatch(/not a resident ID number/);
  });

  it('keeps free text exactly and bounds short text', () => {
    expect(value(field('tax.invoice', 'seller_name'), '  杭州 恒达 ')).toBe('  杭州 恒达 ');
    expect(value(field('tax.invoice', 'seller_name'), '')).toBe('');
    expect(reason(field('tax.invoice', 'invoice_code'), '0123456789012')).toBe(
      '"0123456789012" has 13 characters; at most 12 are allowed',
    );
  });

  it('refuses NUL characters and text that was not UTF-8 (a GBK file read as UTF-8)', () => {
    expect(reason(field('tax.invoice', 'seller_name'), 'a\u0000b')).toBe(
      '"a\\u0000b" contains a NUL character, which text cannot hold',
    );
    const gbk = Buffer.from([0xba, 0xbc, 0xd6, 0xdd]).toString('utf8'); // 杭州 in GBK
    expect(reason(field('tax.invoice', 'seller_name'), gbk)).toMatch(
      /contains bytes that are not UTF-8; files must be UTF-8 \(convert a GBK file with iconv -f GBK -t UTF-8\)$/,
    );
  });

  it('reads lists from ";" (CSV) or arrays (JSONL), checking their elements', () => {
    const sources = field('bank.consent', 'sources');
    expect(value(sources, 'BANK; tax')).toEqual(['BANK', 'TAX']);
    expect(value(sources, ['REGISTRY'])).toEqual(['REGISTRY']);
    expect(reason(sources, 'BANK;CREDIT')).toBe(
      'element "CREDIT" is not one of REGISTRY, TAX, BANK, SUPPLY_CHAIN, JUDICIAL, ALT_DATA',
    );
    expect(reason(sources, '')).toMatch(/empty list/);
  });
});

describe('checkRow', () => {
  const receivable = kind('supply-chain.receivable');
  const good = {
    receivable_no: 'AR1',
    creditor_uscc: '91330106MA2CFGNC1J',
    debtor_uscc: buildUscc('9', '1', '110105', 'MA00000A'),
    amount: '100.00',
    issue_date: '2024-05-01',
    due_date: '2024-08-01',
    status: 'OUTSTANDING',
  };
  const get = (row: Record<string, unknown>) => (c: string) => row[c] ?? null;

  it('accepts a valid row with normalised values', () => {
    const r = checkRow(receivable, get({ ...good, status: 'outstanding' }));
    expect(r.ok && r.values.status).toBe('OUTSTANDING');
  });

  it('reports every bad column, then the cross-column rules on valid values', () => {
    const r = checkRow(receivable, get({ ...good, amount: '-1', status: 'PAID', due_date: '2024-04-01' }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.reason)).toEqual([
      'column amount: "-1" is negative; expected an amount >= 0',
      'column status: "PAID" is not one of OUTSTANDING, SETTLED, OVERDUE',
      'column due_date: "2024-04-01" is before issue_date "2024-05-01"; expected a date on or after it',
    ]);
    expect(r.problems[2].columns).toEqual(['due_date', 'issue_date']);
  });

  it('skips a rule whose columns are invalid (one problem, stated once)', () => {
    const r = checkRow(receivable, get({ ...good, due_date: '2024-02-30' }));
    expect(!r.ok && r.problems.map((p) => p.columns)).toEqual([['due_date']]);
  });

  it('checks invoice codes against the kind of invoice', () => {
    const invoice = kind('tax.invoice');
    const row = {
      invoice_code: '033002400111',
      invoice_number: '00012345',
      kind: 'DIGITAL',
      seller_uscc: good.creditor_uscc,
      seller_name: 'a',
      buyer_name: 'b',
      issue_date: '2024-05-01',
      amount: '1',
      tax_amount: '0',
      status: 'NORMAL',
    };
    const r = checkRow(invoice, get(row));
    expect(!r.ok && r.problems[0].reason).toMatch(/^column invoice_code: "033002400111" given for a DIGITAL invoice/);
  });
});

describe('records known in time', () => {
  const get = (row: Record<string, unknown>) => (c: string) => row[c];
  const problems = (k: KindDef, row: Record<string, unknown>) => {
    const r = checkRow(k, get(row));
    return r.ok ? [] : r.problems.map((p) => p.reason);
  };
  const values = (k: KindDef, row: Record<string, unknown>) => {
    const r = checkRow(k, get(row));
    if (!r.ok) throw new Error(r.problems.map((p) => p.reason).join('; '));
    return r.values;
  };
  const A = '91330106MA2CFGNC1J';

  it('has a kind per history table, named after it, with its natural key', () => {
    expect(kind('tax.credit_rating')).toMatchObject({
      table: 'tax.credit_rating',
      key: { strategy: 'primary', fields: ['uscc', 'year'] },
      conflict: ['uscc', 'year'],
    });
    expect(kind('tax.credit_rating').fields.map((f) => [f.name, f.type, f.required])).toEqual([
      ['uscc', 'uscc', true],
      ['year', 'int', true],
      ['rating', 'enum', true],
      ['published_on', 'date', true],
    ]);
    const history = kind('bank.loan_classification');
    expect(history).toMatchObject({
      table: 'bank.loan_classification',
      key: { strategy: 'primary', fields: ['contract_no', 'changed_on'] },
      conflict: ['loan_id', 'changed_on'],
    });
    expect(history.parent).toMatchObject({ kind: 'bank.loan', column: 'contract_no', fk: 'loan_id' });
    expect(history.fields.map((f) => [f.name, f.role, f.required])).toEqual([
      ['contract_no', 'parent', true],
      ['changed_on', 'column', true],
      ['classification', 'column', true],
    ]);
    // Parents first: the loan before its history, and in the order --dir imports.
    expect(KINDS.findIndex((k) => k.name === 'bank.loan')).toBeLessThan(KINDS.indexOf(history));
  });

  it("checks a credit rating's year, rating and publication day", () => {
    const k = kind('tax.credit_rating');
    expect(values(k, { uscc: A, year: '2024', rating: 'b', published_on: '2025-04-28' })).toEqual({
      uscc: A,
      year: '2024',
      rating: 'B',
      published_on: '2025-04-28',
    });
    expect(values(k, { uscc: A, year: 2024, rating: 'M', published_on: '2024-03-15' }).year).toBe('2024');
    expect(problems(k, { uscc: A, year: '2024', rating: 'AA', published_on: '2025-04-31' })).toEqual([
      'column rating: "AA" is not one of A, B, M, C, D',
      'column published_on: "2025-04-31" is not a date YYYY-MM-DD (April 2025 has 30 days)',
    ]);
    expect(problems(k, { uscc: A, year: '24', rating: 'A', published_on: null })).toEqual([
      'column year: "24" is below 1990; expected a whole number >= 1990',
      'column published_on: is empty; a value is required (a date YYYY-MM-DD)',
    ]);
    expect(problems(k, { uscc: A, year: '2024', rating: 'A', published_on: '2023-12-31' })).toEqual([
      'column published_on: "2023-12-31" is before the year assessed 2024; expected a date in 2024 or later',
    ]);
  });

  it("checks a classification change's day and tier", () => {
    const k = kind('bank.loan_classification');
    expect(values(k, { contract_no: 'JK1', changed_on: '2024-06-30', classification: 'substandard' })).toEqual({
      contract_no: 'JK1',
      changed_on: '2024-06-30',
      classification: 'SUBSTANDARD',
    });
    expect(problems(k, { contract_no: 'JK1', changed_on: '2024-06', classification: 'BAD' })).toEqual([
      'column changed_on: "2024-06" is not a date YYYY-MM-DD',
      'column classification: "BAD" is not one of NORMAL, SPECIAL_MENTION, SUBSTANDARD, DOUBTFUL, LOSS',
    ]);
  });

  it("takes a loan's written_off_on as optional, a date not before its start", () => {
    const loan = kind('bank.loan');
    const row = {
      uscc: A,
      contract_no: 'JK1',
      product: '小微经营贷',
      principal: '100.00',
      balance: '0.00',
      annual_rate: '0.05',
      term_months: '12',
      repayment_method: 'BULLET',
      start_date: '2024-01-15',
      maturity_date: '2025-01-15',
      overdue_days: '200',
      classification: 'LOSS',
      status: 'WRITTEN_OFF',
    };
    expect(field('bank.loan', 'written_off_on')).toMatchObject({ type: 'date', required: false });
    expect(values(loan, row).written_off_on).toBeNull();
    expect(values(loan, { ...row, written_off_on: '2024-09-30' }).written_off_on).toBe('2024-09-30');
    expect(problems(loan, { ...row, written_off_on: '30/09/2024' })).toEqual([
      'column written_off_on: "30/09/2024" is not a date YYYY-MM-DD',
    ]);
    expect(problems(loan, { ...row, written_off_on: '2023-12-31' })).toEqual([
      'column written_off_on: "2023-12-31" is before start_date "2024-01-15"; expected a date on or after it',
    ]);
  });

  it("defaults a court record's published_on to its filing day when the file leaves it out, and checks it when given", () => {
    const courtCase = kind('judicial.court_case');
    const enforcement = kind('judicial.enforcement');
    for (const k of [courtCase, enforcement]) {
      const f = k.fields.find((x) => x.name === 'published_on')!;
      expect(f).toMatchObject({ type: 'date', required: false, defaultFrom: 'filed_on' });
    }
    const c = {
      case_no: '(2024)浙0106民初1',
      court: '杭州市西湖区人民法院',
      cause: '买卖合同纠纷',
      filed_on: '2024-05-06',
      amount: '100.00',
      status: 'PENDING',
    };
    expect(values(courtCase, c).published_on).toBe('2024-05-06'); // absent (an older file)
    expect(values(courtCase, { ...c, published_on: null }).published_on).toBe('2024-05-06'); // empty
    expect(values(courtCase, { ...c, published_on: '2024-06-03' }).published_on).toBe('2024-06-03');
    expect(problems(courtCase, { ...c, published_on: '2024-06-31' })).toEqual([
      'column published_on: "2024-06-31" is not a date YYYY-MM-DD (June 2024 has 30 days)',
    ]);
    expect(problems(courtCase, { ...c, published_on: '2024-05-01' })).toEqual([
      'column published_on: "2024-05-01" is before filed_on "2024-05-06"; expected a date on or after it',
    ]);
    // A bad filing day is reported once: no default, no rule on it.
    expect(problems(courtCase, { ...c, filed_on: '2024-13-01' })).toEqual([
      'column filed_on: "2024-13-01" is not a date YYYY-MM-DD',
    ]);

    const e = {
      uscc: A,
      case_no: '(2024)浙0106执1',
      court: '杭州市西湖区人民法院',
      filed_on: '2024-05-06',
      amount: '100.00',
      status: 'ACTIVE',
    };
    expect(values(enforcement, e)).toMatchObject({ published_on: '2024-05-06', closed_on: null });
    expect(
      values(enforcement, { ...e, published_on: '2024-05-20', closed_on: '2024-11-15', status: 'CLOSED' }),
    ).toMatchObject({ published_on: '2024-05-20', closed_on: '2024-11-15' });
    expect(problems(enforcement, { ...e, published_on: 'soon', closed_on: '2024-04-30' })).toEqual([
      'column published_on: "soon" is not a date YYYY-MM-DD',
      'column closed_on: "2024-04-30" is before filed_on "2024-05-06"; expected a date on or after it',
    ]);
  });

  it('takes STATUS as a registry change item, going from one registry status to another', () => {
    const k = kind('registry.change_log');
    expect(field('registry.change_log', 'item').values).toContain('STATUS');
    const row = { uscc: A, changed_on: '2025-03-01', item: 'status', before_value: 'ACTIVE', after_value: 'REVOKED' };
    expect(values(k, row)).toMatchObject({ item: 'STATUS', before_value: 'ACTIVE', after_value: 'REVOKED' });
    expect(problems(k, { ...row, after_value: '吊销' })).toEqual([
      'column after_value: "吊销" is not a registry status; a STATUS change goes from one of ACTIVE, REVOKED, DEREGISTERED to another',
    ]);
    expect(checkRow(k, get({ ...row, after_value: '吊销' }))).toMatchObject({
      ok: false,
      problems: [{ columns: ['item', 'before_value', 'after_value'] }],
    });
    // Other items keep free text.
    expect(problems(k, { ...row, item: 'NAME', before_value: '旧名', after_value: '新名' })).toEqual([]);
  });
});

describe('naturalKey', () => {
  it('joins the key fields, escaping separators, and takes the first value of a group', () => {
    expect(naturalKey(kind('tax.invoice'), { invoice_code: null, invoice_number: '0042' })).toBe('|0042');
    expect(naturalKey(kind('tax.vat_declaration'), { uscc: 'U', period: '2024-05' })).toBe('U|2024-05');
    const holder = kind('registry.shareholder');
    expect(naturalKey(holder, { uscc: 'U', holder_uscc: null, holder_id_no: 'ID', holder_name: 'N' })).toBe('U|ID');
    expect(naturalKey(holder, { uscc: 'U', holder_uscc: null, holder_id_no: null, holder_name: 'a|b#c\\' })).toBe(
      'U|a\\|b\\#c\\\\',
    );
  });
});

describe('CsvParser', () => {
  const parseAll = (text: string, chunk = text.length): CsvRecord[] => {
    const p = new CsvParser();
    const out: CsvRecord[] = [];
    for (let i = 0; i < text.length; i += chunk) out.push(...p.push(text.slice(i, i + chunk)));
    out.push(...p.end());
    return out;
  };
  const text = '\uFEFFa,b,c\r\n1,"",\r\n\r\n2,"x\ny ""q""",z\n3,12" pipe,\n4,"bad"x,5\n6,7,8';

  it('parses quoting, empty vs "" and line numbers where records start', () => {
    expect(parseAll(text)).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', '', null] },
      { line: 4, fields: ['2', 'x\ny "q"', 'z'] },
      { line: 6, fields: ['3', '12" pipe', null] },
      {
        line: 7,
        fields: ['4', 'bad'],
        error: expect.stringMatching(/^unexpected "x" after the closing quote of field 2/),
      },
      { line: 8, fields: ['6', '7', '8'] },
    ]);
  });

  it('gives the same records whatever the chunk boundaries', () => {
    const whole = parseAll(text);
    for (const size of [1, 2, 3, 5, 7]) expect(parseAll(text, size)).toEqual(whole);
  });

  it('reports a quote never closed and the line it opened on', () => {
    expect(parseAll('a,b\n1,"open\n2,3\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1'], error: 'a quoted field opened on line 2 is never closed' },
    ]);
  });

  it('quotes what needs it when writing, so values read back the same', () => {
    const values = ['plain', '', 'a,b', 'say "hi"', 'two\nlines', ' padded ', null];
    const line = values.map(csvField).join(',') + '\n';
    expect(parseAll(line)).toEqual([{ line: 1, fields: values }]);
  });
});

describe('the kinds', () => {
  const storage = getMetadataArgsStorage();

  it('cover every mirror table of the sources', () => {
    const sourceSchemas: readonly string[] = SCHEMAS.filter((s) => s !== 'core');
    const mirrors = entities.filter((e) =>
      sourceSchemas.includes(storage.tables.find((x) => x.target === e)?.schema ?? ''),
    );
    expect(KINDS.map((k) => k.entity).sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      mirrors.sort((a, b) => a.name.localeCompare(b.name)),
    );
  });

  it('write every column of their table but generated ids', () => {
    for (const k of KINDS) {
      const generated = new Set(storage.generations.filter((g) => g.target === k.entity).map((g) => g.propertyName));
      const columns = storage.columns
        .filter(
          (c) =>
            (c.target === k.entity || (typeof c.target === 'function' && k.entity.prototype instanceof c.target)) &&
            !generated.has(c.propertyName),
        )
        .map((c) => c.options.name ?? snakeCase(c.propertyName));
      expect({ kind: k.name, columns: k.columns.map((c) => c.name).sort() }).toEqual({
        kind: k.name,
        columns: columns.sort(),
      });
    }
  });

  it('list parents before their children', () => {
    for (const k of KINDS.filter((x) => x.parent))
      expect(KINDS.findIndex((p) => p.name === k.parent!.kind)).toBeLessThan(KINDS.indexOf(k));
  });

  it('have documented examples that pass their own validation', () => {
    for (const k of KINDS) {
      const r = checkRow(k, (c) => k.fields.find((f) => f.name === c)!.example);
      expect({ kind: k.name, problems: r.ok ? [] : r.problems.map((p) => p.reason) }).toEqual({
        kind: k.name,
        problems: [],
      });
    }
  });
});

describe('resolveKind', () => {
  it('takes the kind from the flags or the file name', () => {
    expect(resolveKind('x.csv', 'tax', 'invoice').name).toBe('tax.invoice');
    expect(resolveKind('x.csv', 'supply-chain', 'purchase-order').name).toBe('supply-chain.purchase_order');
    expect(resolveKind('/data/tax.vat_declaration.csv').name).toBe('tax.vat_declaration');
    expect(resolveKind('/data/2024-05.bank.account_month.jsonl.gz').name).toBe('bank.account_month');
    expect(resolveKind('loan_installment.csv', 'bank').name).toBe('bank.loan_installment');
    expect(resolveKind('/data/tax.credit_rating.csv').name).toBe('tax.credit_rating');
    expect(resolveKind('/data/bank.loan_classification.jsonl').name).toBe('bank.loan_classification');
    expect(resolveKind('x.csv', 'bank', 'loan-classification').name).toBe('bank.loan_classification');
  });

  it('says what it expected', () => {
    expect(() => resolveKind('x.csv', 'tax', 'receipt')).toThrow(
      new ImportUsageError(
        '--kind "receipt" is not a kind of tax; expected one of taxpayer, credit_rating, vat_declaration, invoice',
      ),
    );
    expect(() => resolveKind('x.csv', 'irs')).toThrow(
      /--source "irs" is not a source; expected one of registry, tax, bank, supply-chain, judicial, alt-data/,
    );
    expect(() => resolveKind('data.csv')).toThrow(/cannot tell the source of data.csv/);
    expect(() => resolveKind('tax.csv', 'tax')).toThrow(
      /cannot tell the kind of tax.csv: pass --kind \(tax: taxpayer, credit_rating, vat_declaration, invoice\)/,
    );
  });
});

describe('docs/import-formats.md', () => {
  it('documents every kind as the registry defines it (node -r @swc-node/register src/import/formats-doc.ts rewrites it)', () => {
    const doc = fs.readFileSync(DOC_FILE, 'utf8');
    expect(withKindsDoc(doc)).toBe(doc);
    for (const k of KINDS) expect(renderKindsDoc()).toContain(`### ${k.name}\n`);
  });
});
