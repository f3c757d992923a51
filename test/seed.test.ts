/**
 * The synthetic portfolio generator (pure, no database): determinism, valid identifiers,
 * consistent sources, every planted problem present and findable from the rows alone, and a
 * default label that a model can learn but not read off.
 */
import { checkUscc } from '../src/lib/uscc';
import { isValidIdCard } from '../src/lib/id-card';
import { regionByCode } from '../src/reference/regions';
import { industryByCode } from '../src/reference/industries';
import { generatePortfolio, PortfolioGenerator } from '../src/seed/portfolio.generator';
import { PROBLEM_CODES } from '../src/seed/plan';
import { drawProfile } from '../src/seed/profile';
import { TABLE_NAMES, TABLE_SPECS, type ChunkRows, type TableName, type Value, emptyChunk } from '../src/seed/tables';
import { isValidRegistrationNo } from '../src/seed/codes';
import { arrayLiteral } from '../src/seed/portfolio.loader';

const AS_OF = '2025-06';
const AS_OF_END = '2025-06-30';
type Row = Record<string, Value>;

/** Month index of `YYYY-MM` or `YYYY-MM-DD`. */
const mi = (s: string) => Number(s.slice(0, 4)) * 12 + Number(s.slice(5, 7)) - 1;
const A = mi(AS_OF);
/** Money as integer fen, parsed from the decimal string (never through a float). */
const fen = (v: Value) => {
  const [whole, cents] = String(v).split('.');
  return Number(whole) * 100 + Number(cents.padEnd(2, '0').slice(0, 2));
};

function snapshot(rows: ChunkRows): string {
  return JSON.stringify(TABLE_NAMES.map((t) => rows[t].columns));
}

describe('determinism', () => {
  it('gives identical rows and truth for the same (firms, seed, asOf), whatever the chunk size', () => {
    const a = generatePortfolio({ firms: 300, seed: 11, asOf: AS_OF });
    const b = generatePortfolio({ firms: 300, seed: 11, asOf: AS_OF });
    expect(snapshot(b.rows)).toBe(snapshot(a.rows));
    expect(JSON.stringify(b.generator.truth.toJSON())).toBe(JSON.stringify(a.generator.truth.toJSON()));

    // In chunks of 37 firms, concatenated: the same rows in the same order, the same ids.
    const g = new PortfolioGenerator({ firms: 300, seed: 11, asOf: AS_OF });
    const chunks = [g.staticRows()];
    while (g.done < g.firms) chunks.push(g.generateFirms(37));
    const merged = emptyChunk();
    for (const c of chunks) for (const t of TABLE_NAMES) for (const r of c[t].rows()) merged[t].add(...TABLE_SPECS[t].map((s) => r[s.name]));
    expect(snapshot(merged)).toBe(snapshot(a.rows));
  });

  it('gives different rows for a different seed or asOf', () => {
    const a = generatePortfolio({ firms: 50, seed: 11, asOf: AS_OF });
    const b = generatePortfolio({ firms: 50, seed: 12, asOf: AS_OF });
    const c = generatePortfolio({ firms: 50, seed: 11, asOf: '2025-07' });
    expect(snapshot(b.rows)).not.toBe(snapshot(a.rows));
    expect(snapshot(c.rows)).not.toBe(snapshot(a.rows));
    const usccs = (p: typeof a) => new Set(p.rows['core.firm'].columns[0]);
    expect([...usccs(b)].filter((u) => usccs(a).has(u))).toHaveLength(0);
    // A firm's identity depends on (seed, index) only: another asOf keeps USCCs, names, regions, industries.
    const identity = (p: typeof a) => p.rows['core.firm'].rows().map((f) => [f.uscc, f.name, f.region_code, f.industry_code]);
    expect(identity(c)).toEqual(identity(a));
  });

  it('rejects bad options with a message naming them', () => {
    expect(() => new PortfolioGenerator({ firms: 0, seed: 1, asOf: AS_OF })).toThrow(/firms/);
    expect(() => new PortfolioGenerator({ firms: 10, seed: -1, asOf: AS_OF })).toThrow(/seed/);
    expect(() => new PortfolioGenerator({ firms: 10, seed: 1, asOf: '2025-13' })).toThrow(/month/);
    expect(() => new PortfolioGenerator({ firms: 10, seed: 1, asOf: AS_OF, months: 12 })).toThrow(/months/);
  });
});

describe('a 2,000-firm portfolio', () => {
  const { rows, generator } = generatePortfolio({ firms: 2000, seed: 42, asOf: AS_OF });
  const truth = generator.truth.toJSON();
  const cache = new Map<TableName, Row[]>();
  const T = (t: TableName): Row[] => {
    let r = cache.get(t);
    if (!r) cache.set(t, (r = rows[t].rows()));
    return r;
  };
  const byUscc = <K extends TableName>(t: K, key = 'uscc') => {
    const m = new Map<string, Row[]>();
    for (const r of T(t)) {
      const k = r[key] as string;
      if (!m.has(k)) m.set(k, []);
      m.get(k)!.push(r);
    }
    return m;
  };
  const firms = T('core.firm');
  const company = new Map(T('registry.company').map((r) => [r.uscc as string, r]));
  const planted = (code: (typeof PROBLEM_CODES)[number]) => truth.problems[code];
  const plantedUsccs = (code: (typeof PROBLEM_CODES)[number]) => new Set(planted(code).map((e) => e.uscc));
  /** The rows of `t` without the planted DUPLICATE_RECORD copies (the second row id of each). */
  const delivered = (t: TableName) => {
    const copies = new Set(planted('DUPLICATE_RECORD').filter((e) => e.table === t).map((e) => (e.rowIds as string[])[1]));
    return T(t).filter((r) => !copies.has(String(r.id)));
  };

  describe('identifiers', () => {
    it('has one valid, unique USCC per firm, with the firm\'s region and entity type', () => {
      const usccs = firms.map((f) => f.uscc as string);
      expect(new Set(usccs).size).toBe(2000);
      for (const f of firms) {
        const u = f.uscc as string;
        expect(checkUscc(u)).toEqual({ ok: true, value: u });
        expect(u.slice(2, 8)).toBe(f.region_code);
        expect(regionByCode(f.region_code as string)).toBeDefined();
        expect(industryByCode(f.industry_code as string)).toBeDefined();
        const type = { '1': 'COMPANY', '2': 'INDIVIDUAL_BUSINESS', '3': 'COOPERATIVE' }[u[1]];
        expect(company.get(u)?.entity_type).toBe(type);
      }
      const cores = T('supply_chain.core_enterprise').map((c) => c.uscc as string);
      expect(cores).toHaveLength(40);
      for (const c of cores) expect(checkUscc(c).ok).toBe(true);
      expect(cores.filter((c) => usccs.includes(c))).toHaveLength(0);
    });

    it('uses valid USCCs wherever one is named', () => {
      const named = [
        ...T('tax.invoice').flatMap((r) => [r.seller_uscc, r.buyer_uscc]),
        ...T('registry.shareholder').map((r) => r.holder_uscc),
        ...T('bank.guarantee').flatMap((r) => [r.guarantor_uscc, r.borrower_uscc]),
        ...T('supply_chain.receivable').map((r) => r.debtor_uscc),
        ...T('judicial.case_party').map((r) => r.uscc),
      ].filter((u): u is string => u !== null);
      const invalid = [...new Set(named)].filter((u) => !checkUscc(u).ok);
      expect(invalid).toEqual([]);
    });

    it('has unique firm names, and names in every region of the portfolio', () => {
      expect(new Set(firms.map((f) => f.name)).size).toBe(2000);
      const provinces = new Set(firms.map((f) => (f.region_code as string).slice(0, 2)));
      expect(provinces.size).toBeGreaterThan(20);
      // Busy provinces carry most firms.
      const share = (p: string) => firms.filter((f) => (f.region_code as string).startsWith(p)).length / 2000;
      expect(share('44') + share('32') + share('33') + share('37')).toBeGreaterThan(0.3);
    });

    it('gives legal representatives and person shareholders valid resident IDs with real birth dates and regions', () => {
      const ids = [...T('registry.company').map((r) => r.legal_rep_id_no), ...T('registry.shareholder').map((r) => r.holder_id_no)].filter(
        (v): v is string => v !== null,
      );
      for (const id of ids) {
        expect(isValidIdCard(id)).toBe(true);
        expect(regionByCode(id.slice(0, 6))).toBeDefined();
        const birth = new Date(`${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}T00:00:00Z`);
        expect(birth.toISOString().slice(0, 10).replace(/-/g, '')).toBe(id.slice(6, 14));
      }
      for (const r of T('registry.company')) if (r.legal_rep_phone !== null) expect(r.legal_rep_phone).toMatch(/^1[3-9]\d{9}$/);
    });

    it('gives some older firms a valid 15-digit registration number and some a former name', () => {
      const regNos = firms.map((f) => f.registration_no).filter((v): v is string => v !== null);
      expect(regNos.length).toBeGreaterThan(200);
      for (const r of regNos) expect(isValidRegistrationNo(r)).toBe(true);
      expect(firms.filter((f) => f.former_names !== '{}').length).toBeGreaterThan(60);
    });

    it('keeps unique keys unique (accounts, loans, receivables, pledges, cases, invoices but the planted)', () => {
      const unique = (t: TableName, col: string, rows = T(t)) => expect(new Set(rows.map((r) => r[col])).size).toBe(rows.length);
      unique('bank.account', 'account_no');
      unique('bank.loan', 'contract_no');
      unique('supply_chain.receivable', 'receivable_no');
      unique('supply_chain.pledge', 'registration_no');
      unique('supply_chain.purchase_order', 'order_no', delivered('supply_chain.purchase_order'));
      unique('judicial.court_case', 'case_no');
      for (const t of TABLE_NAMES) if (TABLE_SPECS[t][0].name === 'id') unique(t, 'id');
      const duplicated = new Set(planted('DUPLICATE_INVOICE').map((e) => `${e.invoiceCode}/${e.invoiceNumber}`));
      const seen = new Map<string, number>();
      for (const r of T('tax.invoice')) seen.set(`${r.invoice_code}/${r.invoice_number}`, (seen.get(`${r.invoice_code}/${r.invoice_number}`) ?? 0) + 1);
      const repeated = [...seen].filter(([, n]) => n > 1).map(([k]) => k);
      expect(new Set(repeated)).toEqual(duplicated);
    });

    it('writes case numbers like (2024)浙0102民初1234号 with the region\'s province abbreviation', () => {
      for (const c of T('judicial.court_case')) expect(c.case_no).toMatch(/^\(\d{4}\)[\u4e00-\u9fa5]\d{4}民初\d+号$/);
      for (const e of T('judicial.enforcement')) expect(e.case_no).toMatch(/^\(\d{4}\)[\u4e00-\u9fa5]\d{4}执\d+号$/);
    });
  });

  describe('values', () => {
    it('writes money as well-formed decimals and dates as real dates', () => {
      const bad: string[] = [];
      for (const t of TABLE_NAMES) {
        TABLE_SPECS[t].forEach((spec, c) => {
          for (const v of rows[t].columns[c]) {
            if (v === null) continue;
            const ok =
              spec.type === 'numeric' ? typeof v === 'string' && /^-?\d+\.\d{2,4}$/.test(v)
              : spec.type === 'date' ? typeof v === 'string' && /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(v)
              : spec.type === 'int' || spec.type === 'bigint' ? Number.isSafeInteger(v)
              : true;
            if (!ok) bad.push(`${t}.${spec.name}=${v}`);
          }
        });
      }
      expect(bad.slice(0, 10)).toEqual([]);
      expect(T('registry.shareholder').filter((r) => !/^[01]\.\d{4}$/.test(r.share_ratio as string))).toEqual([]);
      expect(T('bank.loan').filter((r) => !/^0\.0\d{3}$/.test(r.annual_rate as string))).toEqual([]);
    });

    it('builds array literals PostgreSQL can read', () => {
      expect(arrayLiteral(['a', 'b"c', 'd\\e', null, ''], true)).toBe('{"a","b\\"c","d\\\\e",NULL,""}');
      expect(arrayLiteral(['1.50', 2, null], false)).toBe('{1.50,2,NULL}');
    });

    it('dates no event after asOf except the planted future invoices', () => {
      const events: Array<[TableName, string]> = [
        ['tax.vat_declaration', 'declared_on'], ['bank.loan_installment', 'paid_on'], ['registry.change_log', 'changed_on'],
        ['registry.abnormal_listing', 'listed_on'], ['registry.abnormal_listing', 'removed_on'], ['supply_chain.purchase_order', 'order_date'],
        ['supply_chain.receivable', 'issue_date'], ['supply_chain.confirmation', 'confirmed_on'], ['supply_chain.pledge', 'pledged_on'],
        ['judicial.court_case', 'filed_on'], ['judicial.court_case', 'closed_on'], ['judicial.enforcement', 'filed_on'],
        ['judicial.dishonest_listing', 'listed_on'], ['alt_data.utility_payment', 'paid_on'], ['bank.account', 'opened_on'],
        ['registry.company', 'founded_on'], ['bank.loan', 'start_date'],
      ];
      for (const [t, col] of events) {
        const late = T(t).filter((r) => r[col] !== null && (r[col] as string) > AS_OF_END);
        expect({ table: t, column: col, late: late.length }).toEqual({ table: t, column: col, late: 0 });
      }
      const future = T('tax.invoice').filter((r) => (r.issue_date as string) > AS_OF_END);
      const plantedFuture = planted('DATED_RECORD_ANOMALY').filter((e) => e.kind === 'FUTURE');
      expect(future.map((r) => r.invoice_number).sort()).toEqual(plantedFuture.map((e) => e.invoiceNumber).sort());
    });
  });

  describe('series', () => {
    it('covers at least 30 months ending at asOf for firms older than the window', () => {
      const months = new Set(T('bank.account_month').map((r) => r.month));
      expect(months.size).toBeGreaterThanOrEqual(30);
      expect([...months].sort().pop()).toBe(AS_OF);
      const electricity = byUscc('alt_data.utility_payment');
      const vat = byUscc('tax.vat_declaration');
      const old = firms.filter((f) => (company.get(f.uscc as string)!.founded_on as string) < '2022-01-01' && company.get(f.uscc as string)!.status === 'ACTIVE');
      expect(old.length).toBeGreaterThan(1500);
      for (const f of old) {
        expect(electricity.get(f.uscc as string)!.filter((r) => r.utility === 'ELECTRICITY').length).toBe(36);
        expect(vat.get(f.uscc as string)!.length).toBe(35); // asOf itself is declared next month
      }
    });

    it('issues about 2-5 invoices a month per firm and shows the New Year dip', () => {
      const perFirmMonth = T('tax.invoice').length / T('tax.vat_declaration').length;
      expect(perFirmMonth).toBeGreaterThan(2);
      expect(perFirmMonth).toBeLessThan(5);
      const digital = T('tax.invoice').filter((r) => r.kind === 'DIGITAL');
      expect(digital.length / T('tax.invoice').length).toBeGreaterThan(0.06);
      expect(digital.length / T('tax.invoice').length).toBeLessThan(0.15);
      for (const r of digital) {
        expect(r.invoice_code).toBeNull();
        expect(r.invoice_number).toMatch(/^\d{20}$/);
      }
      const odd = T('tax.invoice').filter((r) => r.status !== 'NORMAL').length / T('tax.invoice').length;
      expect(odd).toBeGreaterThan(0.01);
      expect(odd).toBeLessThan(0.04);
      const salesIn = (month: string) => T('tax.vat_declaration').filter((r) => r.period === month).reduce((s, r) => s + fen(r.sales), 0);
      expect(salesIn('2025-02')).toBeLessThan(0.85 * salesIn('2025-03'));
      expect(salesIn('2024-02')).toBeLessThan(0.85 * salesIn('2024-03'));
    });

    it('declares VAT consistent with the month\'s invoices', () => {
      const invoiced = new Map<string, number>();
      for (const r of T('tax.invoice')) {
        if (r.status !== 'NORMAL') continue;
        const k = `${r.seller_uscc}/${(r.issue_date as string).slice(0, 7)}`;
        invoiced.set(k, (invoiced.get(k) ?? 0) + fen(r.amount));
      }
      const types = new Map(T('tax.taxpayer').map((r) => [r.uscc as string, r.taxpayer_type]));
      const dup = plantedUsccs('DUPLICATE_INVOICE');
      const bad: string[] = [];
      let checked = 0;
      for (const d of T('tax.vat_declaration')) {
        const sales = fen(d.sales);
        const small = types.get(d.uscc as string) === 'SMALL_SCALE';
        const inv = invoiced.get(`${d.uscc}/${d.period}`) ?? 0;
        if (fen(d.taxable_sales) + fen(d.exempt_sales) !== sales) bad.push(`taxable + exempt != sales: ${d.uscc} ${d.period}`);
        if (fen(d.tax_paid) > fen(d.tax_payable)) bad.push(`paid > payable: ${d.uscc} ${d.period}`);
        if (small && (fen(d.input_tax) !== 0 || fen(d.tax_payable) !== fen(d.output_tax))) bad.push(`small-scale deducts: ${d.uscc} ${d.period}`);
        if (!dup.has(d.uscc as string) && sales < inv) bad.push(`sales below invoices: ${d.uscc} ${d.period}`); // plus cash sales
        checked++;
      }
      expect(bad.slice(0, 10)).toEqual([]);
      expect(checked).toBeGreaterThan(60000);
    });

    it('keeps balances non-negative, shares summing to 1, loan balances equal to unpaid principal', () => {
      expect(T('bank.account_month').filter((r) => fen(r.end_balance) < 0)).toEqual([]);
      const shares = new Map<string, number>();
      for (const r of delivered('registry.shareholder')) shares.set(r.uscc as string, (shares.get(r.uscc as string) ?? 0) + Number((r.share_ratio as string).replace('.', '')));
      expect([...shares.values()].every((bp) => bp === 10000)).toBe(true);
      expect(shares.size).toBe(2000);
      const inst = new Map<Value, Row[]>();
      for (const r of T('bank.loan_installment')) inst.set(r.loan_id, [...(inst.get(r.loan_id) ?? []), r]);
      const bad: Value[] = [];
      for (const loan of T('bank.loan')) {
        const rowsOf = inst.get(loan.id)!;
        const unpaid = rowsOf.filter((r) => r.paid_on === null).reduce((s, r) => s + fen(r.principal_due), 0);
        if (fen(loan.balance) !== unpaid) bad.push(loan.contract_no);
        if (rowsOf.reduce((s, r) => s + fen(r.principal_due), 0) !== fen(loan.principal)) bad.push(loan.contract_no);
        if (rowsOf.some((r) => r.paid_on !== null && (r.due_date as string) > AS_OF_END)) bad.push(loan.contract_no);
        if (loan.status === 'SETTLED' && (fen(loan.balance) !== 0 || (loan.maturity_date as string) > AS_OF_END)) bad.push(loan.contract_no);
        if (loan.status === 'ACTIVE' && (loan.maturity_date as string) <= AS_OF_END) bad.push(loan.contract_no);
      }
      expect(bad).toEqual([]);
    });

    it('gives every firm a basic account and a consent to the bank for credit applications', () => {
      const basic = new Set(T('bank.account').filter((r) => r.account_type === 'BASIC').map((r) => r.uscc));
      expect(basic.size).toBe(2000);
      const consented = new Set(T('bank.consent').filter((r) => r.grantee === '本行' && r.purpose === 'CREDIT_APPLICATION').map((r) => r.uscc));
      expect(consented.size).toBe(2000);
      expect(T('bank.consent').some((r) => r.scope === 'SCORE_ONLY')).toBe(true);
      expect(T('bank.consent').some((r) => r.revoked_at !== null)).toBe(true);
      expect(T('bank.consent').some((r) => (r.valid_to as string) < AS_OF_END)).toBe(true);
      const borrowers = new Set(T('bank.loan').map((r) => r.uscc)).size / 2000;
      expect(borrowers).toBeGreaterThan(0.5);
      expect(borrowers).toBeLessThan(0.7);
    });
  });

  describe('financial statements', () => {
    const statements = () => byUscc('bank.financial_statement');

    it('come from borrowers (and the planted applicants), 2-3 annual ones each, received after the period and by asOf', () => {
      const borrowers = new Set(T('bank.loan').map((l) => l.uscc as string));
      const from = new Set(statements().keys());
      expect([...from].filter((u) => !borrowers.has(u) && !plantedUsccs('STATEMENT_IDENTITY').has(u))).toEqual([]);
      for (const u of plantedUsccs('STATEMENT_IDENTITY')) expect(from.has(u)).toBe(true);
      // Borrowers founded before 2023 and still in business hand in 2-3 annual statements (2024, 2023, maybe 2022).
      const old = [...borrowers].filter((u) => (company.get(u)!.founded_on as string) < '2023-01-01' && company.get(u)!.status === 'ACTIVE');
      expect(old.length).toBeGreaterThan(500);
      for (const u of old) {
        const ends = statements().get(u)!.map((s) => s.period_end);
        expect(ends.slice(0, 2)).toEqual(['2024-12-31', '2023-12-31']);
        expect(ends.length === 2 || ends[2] === '2022-12-31').toBe(true);
      }
      for (const s of T('bank.financial_statement')) {
        expect((s.received_on as string) > (s.period_end as string) && (s.received_on as string) <= AS_OF_END).toBe(true);
        expect(fen(s.current_liabilities)).toBeLessThanOrEqual(fen(s.total_liabilities));
        expect(fen(s.short_term_borrowings)).toBeLessThanOrEqual(fen(s.current_liabilities));
        expect(fen(s.revenue)).toBeGreaterThan(0);
      }
      expect(T('bank.financial_statement').some((s) => s.audited === 'true')).toBe(true);
    });

    it('report revenue within a few percent of the year\'s declared VAT sales', () => {
      const declared = new Map<string, { sales: number; months: number }>();
      for (const d of T('tax.vat_declaration')) {
        if (!(d.period as string).startsWith('2024-')) continue;
        const a = declared.get(d.uscc as string) ?? { sales: 0, months: 0 };
        a.sales += fen(d.sales);
        a.months++;
        declared.set(d.uscc as string, a);
      }
      // Fake (TAX_WITHOUT_FLOW) or duplicated invoices inflate declared sales: those firms aside.
      const skip = new Set([...plantedUsccs('TAX_WITHOUT_FLOW'), ...plantedUsccs('DUPLICATE_INVOICE'), ...plantedUsccs('SHELL_COMPANY')]);
      const ratios: number[] = [];
      for (const s of T('bank.financial_statement')) {
        const d = declared.get(s.uscc as string);
        if (s.period_end !== '2024-12-31' || !d || d.months !== 12 || skip.has(s.uscc as string)) continue;
        ratios.push(fen(s.revenue) / d.sales);
      }
      expect(ratios.length).toBeGreaterThan(500);
      expect(Math.min(...ratios)).toBeGreaterThan(0.95);
      expect(Math.max(...ratios)).toBeLessThan(1.05);
    });
  });

  describe('planted problems', () => {
    it('plants every problem type, each recorded in the truth with its firms', () => {
      for (const code of PROBLEM_CODES) expect({ code, n: planted(code).length > 5 }).toEqual({ code, n: true });
      for (const code of PROBLEM_CODES) {
        for (const e of planted(code)) expect(truth.firms[e.uscc].problems).toContain(code);
      }
      expect(Object.keys(truth.firms)).toHaveLength(2000);
    });

    /** NORMAL invoiced sales per (seller, buyer, month) and per (seller, month). */
    function invoicedBy(): { toBuyer: Map<string, number>; total: Map<string, number> } {
      const toBuyer = new Map<string, number>();
      const total = new Map<string, number>();
      for (const r of T('tax.invoice')) {
        if (r.status !== 'NORMAL' || !r.buyer_uscc) continue;
        const m = (r.issue_date as string).slice(0, 7);
        const k = `${r.seller_uscc}/${r.buyer_uscc}/${m}`;
        toBuyer.set(k, (toBuyer.get(k) ?? 0) + fen(r.amount));
      }
      for (const r of T('tax.invoice')) {
        if (r.status !== 'NORMAL') continue;
        const k = `${r.seller_uscc}/${(r.issue_date as string).slice(0, 7)}`;
        total.set(k, (total.get(k) ?? 0) + fen(r.amount));
      }
      return { toBuyer, total };
    }
    const monthOf = (m: number) => `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
    const sumMonths = (map: Map<string, number>, prefix: string, from: number, to: number) => {
      let s = 0;
      for (let m = from; m <= to; m++) s += map.get(`${prefix}/${monthOf(m)}`) ?? 0;
      return s;
    };

    it('slide signal customerLoss: the biggest buyers, regular before, buy nothing from the month recorded and sales fall; a healthy look-alike replaces them', () => {
      const slides = planted('SLIDING_TO_DEFAULT').filter((e) => (e.signals as string[]).includes('customerLoss'));
      expect(slides.length).toBeGreaterThan(5);
      const { toBuyer, total } = invoicedBy();
      for (const e of slides) {
        const loss = e.customerLoss as { fromMonth: string; customers: string[]; share: number };
        expect((e.signals as string[]).includes('sales')).toBe(true); // how this firm's sales fall
        expect(loss.share).toBeGreaterThanOrEqual(0.3);
        const from = mi(loss.fromMonth);
        expect(from).toBeGreaterThanOrEqual(mi(e.fromMonth as string));
        expect(from).toBeLessThanOrEqual(A - 2);
        for (const c of loss.customers) expect(sumMonths(toBuyer, `${e.uscc}/${c}`, from, A)).toBe(0);
        // The biggest of them bought in most of the 6 months before.
        const months = Array.from({ length: 6 }, (_, k) => from - 6 + k).filter((m) => (toBuyer.get(`${e.uscc}/${loss.customers[0]}/${monthOf(m)}`) ?? 0) > 0);
        expect(months.length).toBeGreaterThanOrEqual(4);
      }
      // Sales fall: invoiced sales since the loss are below those of the 6 months before, for most.
      const fell = slides.filter((e) => {
        const from = mi((e.customerLoss as { fromMonth: string }).fromMonth);
        return sumMonths(total, e.uscc, from, A) / (A - from + 1) < 0.9 * (sumMonths(total, e.uscc, from - 6, from - 1) / 6);
      });
      expect(fell.length / slides.length).toBeGreaterThan(0.8);
      // The look-alike (not in the truth): healthy firms lose their biggest buyer too, and a new one takes its place.
      const g = generator.context;
      const uscc = (i: number) => g.identities.get(i).uscc;
      const lookAlikes = firms.map((_, i) => ({ i, p: drawProfile(g, i, g.identities.get(i)) })).filter(({ p }) => p.events.customerLoss?.replacement != null);
      expect(lookAlikes.length).toBeGreaterThan(5);
      let replaced = 0;
      for (const { i, p } of lookAlikes) {
        const loss = p.events.customerLoss!;
        expect(p.sliding).toBe(false);
        expect(truth.firms[uscc(i)].sliding).toBe(false);
        for (const k of loss.lost) expect(sumMonths(toBuyer, `${uscc(i)}/${uscc(p.customers.customers[k])}`, loss.month, A)).toBe(0);
        const newcomer = `${uscc(i)}/${uscc(loss.replacement!)}`;
        expect(sumMonths(toBuyer, newcomer, A - 12, loss.month - 1)).toBe(0);
        if (sumMonths(toBuyer, newcomer, loss.month, A) > 0) replaced++;
      }
      expect(replaced / lookAlikes.length).toBeGreaterThan(0.8);
    });

    it('slide signal orders: the core enterprise cuts a supplier\'s orders over the slide, by the depth recorded', () => {
      const slides = planted('SLIDING_TO_DEFAULT').filter((e) => (e.signals as string[]).includes('orders'));
      expect(slides.length).toBeGreaterThan(5);
      const orders = new Map<string, number>();
      for (const r of T('supply_chain.purchase_order')) {
        if (r.status === 'CANCELLED' || !r.supplier_uscc) continue;
        const k = `${r.supplier_uscc}/${(r.order_date as string).slice(0, 7)}`;
        orders.set(k, (orders.get(k) ?? 0) + fen(r.amount));
      }
      for (const e of slides) {
        const cut = e.orderCut as { fromMonth: string; depth: number };
        expect(cut.fromMonth).toBe(e.fromMonth);
        expect(cut.depth).toBeGreaterThanOrEqual(0.7);
        expect(cut.depth).toBeLessThanOrEqual(0.95);
        // The last quarter's orders against the average quarter of the year before the slide.
        const slideStart = mi(cut.fromMonth);
        const before = sumMonths(orders, e.uscc, slideStart - 12, slideStart - 1) / 4;
        expect(sumMonths(orders, e.uscc, A - 2, A)).toBeLessThan((1 - cut.depth / 3) * before);
      }
    });

    it('DUPLICATE_INVOICE: two rows share code+number, identical or with another amount', () => {
      const kinds = new Set<boolean>();
      for (const e of planted('DUPLICATE_INVOICE')) {
        const same = T('tax.invoice').filter((r) => r.invoice_code === e.invoiceCode && r.invoice_number === e.invoiceNumber);
        expect(same).toHaveLength(2);
        const strip = ({ id: _id, ...rest }: Row) => rest;
        if (e.identical) expect(strip(same[1])).toEqual(strip(same[0]));
        else expect(same[1].amount).not.toBe(same[0].amount);
        kinds.add(e.identical as boolean);
      }
      expect(kinds).toEqual(new Set([true, false]));
    });

    it('DUPLICATE_RECORD: a row copied under a new id, identical or differing in the one named field, over several tables', () => {
      const kinds = new Set<boolean>();
      const tables = new Set<string>();
      for (const e of planted('DUPLICATE_RECORD')) {
        const ids = e.rowIds as string[];
        const rows = T(e.table as TableName).filter((r) => ids.includes(String(r.id)));
        expect(rows.map((r) => String(r.id))).toEqual(ids);
        for (const [col, value] of Object.entries(e.key as Record<string, unknown>)) expect([col, rows[1][col]]).toEqual([col, value]);
        const differing = Object.keys(rows[0]).filter((c) => c !== 'id' && rows[0][c] !== rows[1][c]);
        expect(differing).toEqual(e.differingFields);
        expect(differing.length === 0).toBe(e.identical);
        kinds.add(e.identical as boolean);
        tables.add(e.table as string);
      }
      expect(kinds).toEqual(new Set([true, false]));
      expect(tables.size).toBeGreaterThanOrEqual(4);
    });

    it('TAX_WITHOUT_FLOW: invoiced sales far above bank inflows for several months; rare elsewhere', () => {
      const flows = monthlyFlows();
      for (const e of planted('TAX_WITHOUT_FLOW')) {
        expect((e.months as string[]).length).toBeGreaterThanOrEqual(3);
        for (const m of e.months as string[]) {
          const f = flows.get(`${e.uscc}/${m}`)!;
          expect(f.inflow).toBeLessThan(0.4 * f.invoicedWithTax);
        }
      }
      // Firms not planted almost never show 3 such months in a row.
      const plantedSet = plantedUsccs('TAX_WITHOUT_FLOW');
      const suspects = firms.map((f) => f.uscc as string).filter((u) => !plantedSet.has(u) && runOfLowInflow(flows, u) >= 3);
      expect(suspects.length).toBeLessThanOrEqual(10);
    });

    it('STAFF_MISMATCH: claims far above the insured headcount; honest firms insure most staff', () => {
      const si = byUscc('alt_data.social_insurance_month');
      const latest = (u: string) => si.get(u)!.filter((r) => mi(r.month as string) > A - 6).map((r) => r.insured_headcount as number);
      for (const e of planted('STAFF_MISMATCH')) {
        const claimed = firms.find((f) => f.uscc === e.uscc)!.claimed_staff as number;
        expect(claimed).toBeGreaterThanOrEqual(20);
        expect(Math.max(...latest(e.uscc))).toBeLessThanOrEqual(3);
      }
      const flagged = firms.filter((f) => {
        const recent = latest(f.uscc as string);
        return (f.claimed_staff as number) >= 10 && recent.length > 0 && Math.max(...recent) < 0.2 * (f.claimed_staff as number);
      });
      const expected = plantedUsccs('STAFF_MISMATCH');
      expect(flagged.filter((f) => !expected.has(f.uscc as string)).length).toBeLessThanOrEqual(5);
    });

    it('the headcount slide signal: only where 3+ are insured; the firm sheds about 45% of them, or all but the owner', () => {
      const si = byUscc('alt_data.social_insurance_month');
      const withSignal = planted('SLIDING_TO_DEFAULT').filter((e) => (e.signals as string[]).includes('headcount'));
      expect(withSignal.length).toBeGreaterThan(10);
      for (const e of withSignal) {
        const rows = si.get(e.uscc)!;
        const before = rows.filter((r) => mi(r.month as string) < mi(e.fromMonth as string)).map((r) => r.insured_headcount as number);
        if (before.length < 3) continue; // founded during the slide
        const peak = Math.max(...before.slice(-9));
        const latest = rows.find((r) => mi(r.month as string) === A)!.insured_headcount as number;
        expect(peak).toBeGreaterThanOrEqual(2);
        expect(latest <= 1 || latest <= 0.75 * peak).toBe(true);
      }
    });

    it('FREQUENT_LEGAL_REP_CHANGE: 3+ changes in the last 12 months only where planted', () => {
      const changes = byUscc('registry.change_log');
      const recent = (u: string) => (changes.get(u) ?? []).filter((r) => r.item === 'LEGAL_REPRESENTATIVE' && mi(r.changed_on as string) > A - 12);
      const flagged = new Set(firms.map((f) => f.uscc as string).filter((u) => recent(u).length >= 3));
      expect(flagged).toEqual(plantedUsccs('FREQUENT_LEGAL_REP_CHANGE'));
      for (const u of flagged) {
        const last = recent(u).sort((a, b) => (a.changed_on as string).localeCompare(b.changed_on as string)).pop()!;
        expect(company.get(u)!.legal_rep_name).toBe(last.after_value);
      }
    });

    it('GUARANTEE_CIRCLE: guarantees close exactly the planted circles, on the borrowers\' active loans', () => {
      const loans = new Map(T('bank.loan').map((l) => [l.id, l]));
      const edges = T('bank.guarantee');
      const circles = new Map<string, string[]>();
      for (const e of planted('GUARANTEE_CIRCLE')) circles.set((e.circle as string[]).join(), e.circle as string[]);
      for (const circle of circles.values()) {
        expect(circle.length).toBeGreaterThanOrEqual(2);
        expect(circle.length).toBeLessThanOrEqual(6);
        circle.forEach((borrower, k) => {
          const guarantor = circle[(k + circle.length - 1) % circle.length];
          const g = edges.find((r) => r.guarantor_uscc === guarantor && r.borrower_uscc === borrower);
          expect(g).toBeDefined();
          const loan = loans.get(g!.loan_id)!;
          expect(loan.uscc).toBe(borrower);
          expect(loan.status).toBe('ACTIVE');
        });
      }
      // The guarantee graph's cycles are exactly the planted circles.
      expect(findCycles(edges).sort()).toEqual([...circles.values()].map((c) => [...c].sort().join()).sort());
    });

    it('RECEIVABLE_PLEDGED_TWICE: two ACTIVE pledges to different pledgees, only where planted', () => {
      const receivables = new Map(T('supply_chain.receivable').map((r) => [r.id, r]));
      const active = new Map<Value, Row[]>();
      for (const p of T('supply_chain.pledge')) if (p.status === 'ACTIVE') active.set(p.receivable_id, [...(active.get(p.receivable_id) ?? []), p]);
      const twice = [...active].filter(([, ps]) => ps.length >= 2);
      expect(new Set(twice.map(([id]) => receivables.get(id)!.receivable_no))).toEqual(new Set(planted('RECEIVABLE_PLEDGED_TWICE').map((e) => e.receivableNo)));
      for (const [id, ps] of twice) {
        expect(new Set(ps.map((p) => p.pledgee)).size).toBe(2);
        expect(receivables.get(id)!.status).toBe('OUTSTANDING');
      }
      // Released-then-pledged-again receivables exist too (a near miss for the check).
      expect(T('supply_chain.pledge').some((p) => p.status === 'RELEASED')).toBe(true);
    });

    it('NAME_VARIANT: another source names the firm by a variant and no USCC', () => {
      const names = new Set(firms.map((f) => f.name));
      const kinds = new Set<string>();
      for (const e of planted('NAME_VARIANT')) {
        const key = e.key as Record<string, string>;
        let row: Row | undefined;
        if (e.table === 'supply_chain.purchase_order') {
          row = T('supply_chain.purchase_order').find((r) => r.order_no === key.orderNo);
          expect(row?.supplier_uscc).toBeNull();
          expect(row?.supplier_name).toBe(e.variant);
        } else {
          const c = T('judicial.court_case').find((r) => r.case_no === key.caseNo)!;
          row = T('judicial.case_party').find((r) => r.case_id === c.id && r.role === key.role);
          expect(row?.uscc).toBeNull();
          expect(row?.name).toBe(e.variant);
        }
        expect(names.has(e.variant as string)).toBe(false);
        const firm = firms.find((f) => f.uscc === e.uscc)!;
        if (e.variantKind === 'FORMER_NAME') expect(firm.former_names).toContain(e.variant as string);
        if (e.variantKind === 'HALF_WIDTH_BRACKETS') expect((e.variant as string).replace('(', '（').replace(')', '）')).toBe(firm.name);
        if (e.variantKind === 'NO_REGION_PREFIX') expect((firm.name as string).endsWith(e.variant as string)).toBe(true);
        kinds.add(e.variantKind as string);
      }
      expect(kinds.size).toBeGreaterThanOrEqual(3);
      // No other order names its supplier without a USCC.
      const orphans = T('supply_chain.purchase_order').filter((r) => r.supplier_uscc === null);
      expect(orphans.length).toBe(planted('NAME_VARIANT').filter((e) => e.table === 'supply_chain.purchase_order').length);
    });

    it('SHELL_COMPANY: shared address, tiny paid-in capital, no staff, recent sales to a few related firms, little power', () => {
      const si = byUscc('alt_data.social_insurance_month');
      const power = byUscc('alt_data.utility_payment');
      const sold = byUscc('tax.invoice', 'seller_uscc');
      const cores = new Set(T('supply_chain.core_enterprise').map((r) => r.uscc as string));
      for (const e of planted('SHELL_COMPANY')) {
        const c = company.get(e.uscc)!;
        const cluster = e.cluster as string[];
        expect(cluster.length).toBeGreaterThanOrEqual(2);
        for (const other of cluster) expect(company.get(other)!.address).toBe(c.address);
        expect(fen(c.paid_in_capital)).toBeLessThan(0.01 * fen(c.registered_capital));
        expect(Math.max(...si.get(e.uscc)!.map((r) => r.insured_headcount as number))).toBeLessThanOrEqual(1);
        const kwh = power.get(e.uscc)!.filter((r) => r.utility === 'ELECTRICITY').map((r) => Number(r.usage));
        expect(Math.max(...kwh)).toBeLessThan(500);
        const related = new Set([...cluster, ...(e.relatedFirms as string[])]);
        // Over the last year (every portfolio firm existed by then), leaving out deliveries to core
        // enterprises (a shell the plan also made a supplier, for a planted order problem, invoices its orders).
        const invoices = (sold.get(e.uscc) ?? []).filter((r) => r.status === 'NORMAL' && mi(r.issue_date as string) > A - 12 && mi(r.issue_date as string) <= A && !cores.has(r.buyer_uscc as string));
        expect(invoices.length).toBeGreaterThan(0);
        const toRelated = invoices.filter((r) => related.has(r.buyer_uscc as string)).reduce((s, r) => s + fen(r.amount), 0);
        expect(toRelated).toBeGreaterThan(0.8 * invoices.reduce((s, r) => s + fen(r.amount), 0));
      }
    });

    it('REGISTRY_STATUS_WITH_LIVE_LOAN: revoked, deregistered or abnormal-listed with an ACTIVE loan, only where planted', () => {
      const live = new Set(T('bank.loan').filter((l) => l.status === 'ACTIVE').map((l) => l.uscc as string));
      const abnormal = new Set(T('registry.abnormal_listing').filter((r) => r.removed_on === null).map((r) => r.uscc as string));
      const flagged = new Set(
        [...company.values()].filter((c) => live.has(c.uscc as string) && (c.status !== 'ACTIVE' || abnormal.has(c.uscc as string))).map((c) => c.uscc as string),
      );
      expect(flagged).toEqual(plantedUsccs('REGISTRY_STATUS_WITH_LIVE_LOAN'));
      expect(new Set(planted('REGISTRY_STATUS_WITH_LIVE_LOAN').map((e) => e.status))).toEqual(new Set(['REVOKED', 'DEREGISTERED', 'ABNORMAL_LIST']));
    });

    it('STATEMENT_IDENTITY: the planted statement breaks exactly its identity; every other statement adds up', () => {
      const broken = T('bank.financial_statement').filter((s) => {
        const f = (c: string) => fen(s[c]);
        return (
          f('total_assets') !== f('total_liabilities') + f('owners_equity') ||
          f('current_assets') > f('total_assets') ||
          f('current_assets') < f('cash') + f('accounts_receivable') + f('inventory')
        );
      });
      expect(new Set(broken.map((s) => s.uscc))).toEqual(plantedUsccs('STATEMENT_IDENTITY'));
      expect(new Set(broken.map((s) => String(s.id)))).toEqual(new Set(planted('STATEMENT_IDENTITY').map((e) => e.statementId)));
      for (const e of planted('STATEMENT_IDENTITY')) {
        const s = broken.find((r) => String(r.id) === e.statementId)!;
        // The newest annual statement, by 2% of total assets or more (far beyond any rounding tolerance).
        expect([s.period_type, s.period_end]).toEqual(['ANNUAL', '2024-12-31']);
        expect((e.figures as Record<string, string>).totalAssets).toBe(s.total_assets);
        const gap =
          e.identity === 'ASSETS_EQUAL_LIABILITIES_PLUS_EQUITY'
            ? Math.abs(fen(s.total_assets) - fen(s.total_liabilities) - fen(s.owners_equity))
            : e.identity === 'CURRENT_ASSETS_WITHIN_TOTAL'
              ? fen(s.current_assets) - fen(s.total_assets)
              : fen(s.cash) + fen(s.accounts_receivable) + fen(s.inventory) - fen(s.current_assets);
        expect(gap).toBeGreaterThan(fen(s.total_assets) * 0.01);
      }
      expect(new Set(planted('STATEMENT_IDENTITY').map((e) => e.identity))).toEqual(
        new Set(['ASSETS_EQUAL_LIABILITIES_PLUS_EQUITY', 'CURRENT_ASSETS_WITHIN_TOTAL', 'CURRENT_ASSETS_COVER_COMPONENTS']),
      );
    });

    it('NEW_ENFORCEMENT: recorded for exactly the firms put under enforcement, or listed and still listed, in the last 9 months', () => {
      const since = '2024-09-30';
      const recent = new Set([
        ...T('judicial.enforcement').filter((r) => (r.filed_on as string) > since).map((r) => r.uscc as string),
        ...T('judicial.dishonest_listing').filter((r) => (r.listed_on as string) > since && r.removed_on === null).map((r) => r.uscc as string),
      ]);
      expect(plantedUsccs('NEW_ENFORCEMENT')).toEqual(recent);
      for (const e of planted('NEW_ENFORCEMENT')) {
        expect(e.since).toBe(since);
        for (const x of e.enforcements as Array<{ caseNo: string; filedOn: string }>) {
          expect(T('judicial.enforcement').some((r) => r.uscc === e.uscc && r.case_no === x.caseNo && r.filed_on === x.filedOn)).toBe(true);
        }
        for (const x of e.dishonestListings as Array<{ caseNo: string; listedOn: string }>) {
          expect(T('judicial.dishonest_listing').some((r) => r.uscc === e.uscc && r.case_no === x.caseNo && r.listed_on === x.listedOn && r.removed_on === null)).toBe(true);
        }
      }
      // Look-alikes: firms whose enforcement is older, or whose listing was removed.
      const underEnforcement = new Set(T('judicial.enforcement').map((r) => r.uscc as string));
      expect([...underEnforcement].filter((u) => !recent.has(u)).length).toBeGreaterThan(10);
      expect(T('judicial.dishonest_listing').some((r) => r.removed_on !== null)).toBe(true);
    });

    const slides = () => planted('SLIDING_TO_DEFAULT') as Array<{ uscc: string; signals: string[]; borrowingLoans?: string[]; cashSqueeze?: Record<string, string> }>;

    it('borrowing spree (slide signal): 2-4 new short-term loans in the last 6 months, named in the truth; renewals and seasonal loans elsewhere', () => {
      const loans = byUscc('bank.loan');
      const spree = slides().filter((e) => e.signals.includes('borrowing'));
      expect(spree.length).toBeGreaterThan(10);
      for (const e of spree) {
        expect(e.borrowingLoans!.length).toBeGreaterThanOrEqual(2);
        expect(e.borrowingLoans!.length).toBeLessThanOrEqual(4);
        for (const c of e.borrowingLoans!) {
          const l = loans.get(e.uscc)!.find((r) => r.contract_no === c)!;
          expect({ c, recent: (l.start_date as string) > '2024-12-31' && (l.start_date as string) <= AS_OF_END, short: (l.term_months as number) <= 12 }).toEqual({ c, recent: true, short: true });
        }
      }
      // Only sliding borrowers with the signal have a spree.
      const named = new Set(spree.flatMap((e) => e.borrowingLoans!));
      expect(T('bank.loan').filter((l) => ['信用快贷', '税易贷', '小微企业经营贷', '流动资金贷款'].includes(l.product as string) && named.has(l.contract_no as string)).length).toBe(named.size);
      expect(slides().filter((e) => !e.signals.includes('borrowing')).every((e) => e.borrowingLoans === undefined)).toBe(true);
      // Look-alikes: a renewal starts the day its predecessor of the same product matured; seasonal loans come every year.
      const renewals = T('bank.loan').filter((l) => l.product === '流动资金贷款（续贷）');
      expect(renewals.length).toBeGreaterThan(10);
      for (const r of renewals) {
        expect(loans.get(r.uscc as string)!.some((o) => o.product === '流动资金贷款' && o.status === 'SETTLED' && o.maturity_date === r.start_date)).toBe(true);
      }
      const seasonalFirms = [...loans].filter(([, ls]) => ls.filter((l) => l.product === '季节性流动资金贷款').length === 2);
      expect(seasonalFirms.length).toBeGreaterThan(10);
    });

    it('cash squeeze (slide signal): the newest annual cash flow and the year-end cash both short of the debt service; elsewhere the cash flow covers it', () => {
      const active = new Map(T('bank.loan').filter((l) => l.status === 'ACTIVE').map((l) => [String(l.id), l]));
      const debtService = new Map<string, number>();
      for (const i of T('bank.loan_installment')) {
        const l = active.get(String(i.loan_id));
        if (!l || (i.due_date as string) <= AS_OF_END || (i.due_date as string) > '2026-06-30') continue;
        const amortising = l.repayment_method === 'EQUAL_INSTALLMENT' || l.repayment_method === 'EQUAL_PRINCIPAL';
        debtService.set(l.uscc as string, (debtService.get(l.uscc as string) ?? 0) + fen(i.interest_due) + (amortising ? fen(i.principal_due) : 0));
      }
      const newest = new Map(T('bank.financial_statement').filter((s) => s.period_end === '2024-12-31').map((s) => [s.uscc as string, s]));
      const squeezed = slides().filter((e) => e.signals.includes('cashFlow'));
      expect(squeezed.length).toBeGreaterThan(10);
      for (const e of squeezed) {
        const s = newest.get(e.uscc)!;
        const ds = debtService.get(e.uscc)!;
        expect(e.cashSqueeze).toMatchObject({ statementId: String(s.id), operatingCashFlow: s.operating_cash_flow, cash: s.cash });
        expect(fen(e.cashSqueeze!.debtServiceNext12)).toBe(ds);
        expect(fen(s.operating_cash_flow)).toBeLessThanOrEqual(0.9 * ds);
        expect(fen(s.cash)).toBeLessThan(ds);
      }
      // The other borrowers with a whole year on file: the cash flow covers the debt service, but
      // for a few (the less healthy) and the look-alike, one bad year with ample cash at its end.
      const squeezedSet = new Set(squeezed.map((e) => e.uscc));
      const others = [...newest].filter(([u]) => !squeezedSet.has(u) && (debtService.get(u) ?? 0) > 0 && (company.get(u)!.founded_on as string) < '2024-01-01');
      const short = others.filter(([u, s]) => fen(s.operating_cash_flow) < 1.2 * debtService.get(u)!);
      const oneBadYear = short.filter(([u, s]) => fen(s.cash) >= 1.3 * debtService.get(u)!);
      expect(others.length).toBeGreaterThan(500);
      expect(oneBadYear.length).toBeGreaterThan(10);
      expect((short.length - oneBadYear.length) / others.length).toBeLessThan(0.02);
    });

    it('DATED_RECORD_ANOMALY: invoices after asOf or before founding, only where planted', () => {
      const founded = new Map([...company.values()].map((c) => [c.uscc as string, c.founded_on as string]));
      const odd = T('tax.invoice').filter((r) => (r.issue_date as string) > AS_OF_END || (r.issue_date as string) < founded.get(r.seller_uscc as string)!);
      expect(new Set(odd.map((r) => r.seller_uscc))).toEqual(plantedUsccs('DATED_RECORD_ANOMALY'));
      expect(new Set(planted('DATED_RECORD_ANOMALY').map((e) => e.kind))).toEqual(new Set(['FUTURE', 'BEFORE_FOUNDING']));
    });
  });

  describe('default label', () => {
    it('defaults 3-8% of firms, mostly but not only sliding ones', () => {
      expect(truth.defaultRate).toBeGreaterThan(0.03);
      expect(truth.defaultRate).toBeLessThan(0.08);
      const all = Object.values(truth.firms);
      const defaulted = all.filter((f) => f.defaulted);
      const sliding = all.filter((f) => f.sliding);
      expect(sliding.length / all.length).toBeGreaterThan(0.04);
      expect(sliding.length / all.length).toBeLessThan(0.1);
      const slidingDefaulters = defaulted.filter((f) => f.sliding).length;
      expect(slidingDefaulters / defaulted.length).toBeGreaterThan(0.5);
      expect(slidingDefaulters).toBeLessThan(defaulted.length);
      expect(slidingDefaulters).toBeLessThan(sliding.length);
    });

    it('never classifies a loan as non-performing (the default is in the future)', () => {
      for (const l of T('bank.loan')) expect(['NORMAL', 'SPECIAL_MENTION']).toContain(l.classification);
      const overdue = T('bank.loan').filter((l) => (l.overdue_days as number) > 0);
      expect(overdue.length).toBeGreaterThan(0);
      expect(overdue.filter((l) => (l.overdue_days as number) < 30).length / overdue.length).toBeGreaterThan(0.6);
    });

    it('is learnable from the warning signals (AUC 0.75-0.95) but not read off any one of them', () => {
      const features = signalFeatures();
      const label = firms.map((f) => (truth.firms[f.uscc as string].defaulted ? 1 : 0));
      const auc = areaUnderCurve(fitLogistic(features, label), label);
      expect(auc).toBeGreaterThan(0.75);
      expect(auc).toBeLessThan(0.95);
      for (let j = 0; j < features[0].length; j++) {
        const single = areaUnderCurve(features.map((x) => x[j]), label);
        expect(Math.max(single, 1 - single)).toBeLessThan(0.9);
      }
    });
  });

  // -------------------------------------------------------------------------------------------
  // Checks a later warning engine would make, written from the rows alone.

  function monthlyFlows(): Map<string, { inflow: number; invoicedWithTax: number }> {
    const out = new Map<string, { inflow: number; invoicedWithTax: number }>();
    const at = (k: string) => {
      let v = out.get(k);
      if (!v) out.set(k, (v = { inflow: 0, invoicedWithTax: 0 }));
      return v;
    };
    for (const r of T('bank.account_month')) at(`${r.uscc}/${r.month}`).inflow += fen(r.inflow);
    for (const r of T('tax.invoice')) if (r.status === 'NORMAL') at(`${r.seller_uscc}/${(r.issue_date as string).slice(0, 7)}`).invoicedWithTax += fen(r.amount) + fen(r.tax_amount);
    return out;
  }

  function runOfLowInflow(flows: ReturnType<typeof monthlyFlows>, uscc: string): number {
    let run = 0;
    let best = 0;
    for (let m = A - 35; m <= A; m++) {
      const key = `${uscc}/${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
      const f = flows.get(key);
      run = f && f.invoicedWithTax > 0 && f.inflow < 0.4 * f.invoicedWithTax ? run + 1 : 0;
      best = Math.max(best, run);
    }
    return best;
  }

  /** Per firm: sales, balance and headcount trends, late utility bills, overdue loans, suits, rating. */
  function signalFeatures(): number[][] {
    const vat = byUscc('tax.vat_declaration');
    const acct = byUscc('bank.account_month');
    const util = byUscc('alt_data.utility_payment');
    const si = byUscc('alt_data.social_insurance_month');
    const overdue = new Set(T('bank.loan').filter((l) => (l.overdue_days as number) > 0).map((l) => l.uscc));
    const rating = new Map(T('tax.taxpayer').map((r) => [r.uscc, r.credit_rating]));
    const cases = new Map(T('judicial.court_case').map((c) => [c.id, c]));
    const suits = new Set(
      T('judicial.case_party')
        .filter((p) => p.role === 'DEFENDANT' && cases.get(p.case_id)!.cause === '借款合同纠纷' && mi(cases.get(p.case_id)!.filed_on as string) > A - 9)
        .map((p) => p.uscc),
    );
    const sum = (rs: Row[] | undefined, col: string, from: number, to: number, key = 'month') =>
      (rs ?? []).filter((r) => mi(r[key] as string) >= from && mi(r[key] as string) <= to).reduce((s, r) => s + fen(r[col]), 0);
    const ratio = (a: number, b: number) => Math.log((a + 100) / (b + 100));
    return firms.map((f) => {
      const u = f.uscc as string;
      const late = (util.get(u) ?? []).filter((r) => mi(r.month as string) > A - 9 && (r.paid_on === null || mi(r.paid_on as string) > mi(r.month as string))).length;
      const hc = (m: number) => (si.get(u) ?? []).find((r) => mi(r.month as string) === m)?.insured_headcount as number | undefined;
      return [
        ratio(sum(vat.get(u), 'sales', A - 3, A - 1, 'period'), sum(vat.get(u), 'sales', A - 15, A - 13, 'period')),
        ratio(sum(acct.get(u), 'end_balance', A - 1, A), sum(acct.get(u), 'end_balance', A - 10, A - 9)),
        late,
        Math.log(((hc(A) ?? 0) + 1) / ((hc(A - 9) ?? 0) + 1)),
        overdue.has(u) ? 1 : 0,
        suits.has(u) ? 1 : 0,
        rating.get(u) === 'D' ? 2 : rating.get(u) === 'C' ? 1 : 0,
      ];
    });
  }
});

/** Cycles of a directed graph (guarantor -> borrower), each as its sorted members joined. */
function findCycles(edges: Row[]): string[] {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.guarantor_uscc as string, [...(next.get(e.guarantor_uscc as string) ?? []), e.borrower_uscc as string]);
  const found = new Set<string>();
  const walk = (start: string, node: string, path: string[]) => {
    for (const n of next.get(node) ?? []) {
      if (n === start) found.add([...path].sort().join());
      else if (!path.includes(n) && path.length < 8) walk(start, n, [...path, n]);
    }
  };
  for (const start of next.keys()) walk(start, start, [start]);
  return [...found];
}

/** Standardised logistic regression by gradient descent; returns in-sample scores. */
function fitLogistic(x: number[][], y: number[]): number[] {
  const d = x[0].length;
  const mean = Array.from({ length: d }, (_, j) => x.reduce((s, r) => s + r[j], 0) / x.length);
  const sd = Array.from({ length: d }, (_, j) => Math.sqrt(x.reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / x.length) || 1);
  const z = x.map((r) => r.map((v, j) => (v - mean[j]) / sd[j]));
  let w = new Array<number>(d).fill(0);
  let b = 0;
  for (let it = 0; it < 500; it++) {
    const gw = new Array<number>(d).fill(0);
    let gb = 0;
    z.forEach((r, i) => {
      const p = 1 / (1 + Math.exp(-(r.reduce((s, v, j) => s + v * w[j], b))));
      gb += p - y[i];
      r.forEach((v, j) => (gw[j] += (p - y[i]) * v));
    });
    w = w.map((v, j) => v - (0.5 * gw[j]) / z.length);
    b -= (0.5 * gb) / z.length;
  }
  return z.map((r) => r.reduce((s, v, j) => s + v * w[j], b));
}

function areaUnderCurve(score: number[], label: number[]): number {
  const order = score.map((s, i) => [s, label[i]]).sort((a, b) => a[0] - b[0]);
  let pos = 0;
  let rankSum = 0;
  // Average ranks over ties, so a constant feature scores 0.5.
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j][0] === order[i][0]) j++;
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (order[k][1]) {
      pos++;
      rankSum += rank;
    }
    i = j;
  }
  const neg = order.length - pos;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}
