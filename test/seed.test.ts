/**
 * The synthetic portfolio generator (pure, no database): determinism, valid identifiers,
 * consistent sources, every planted problem present and findable from the rows alone, and dated
 * defaults: each firm's hidden course (a slide that fails or recovers, a sudden failure) shows in
 * the rows as unpaid instalments from the failure month, a default day 90 days after the first of
 * them, classification histories, write-offs, suits, ratings and registry statuses, each dated
 * when it became known; the truth's default days are the ones the rows show, and the generator's
 * own probability of default (`oraclePd`) is calibrated against the defaults that followed.
 */
import { checkUscc } from '../src/lib/uscc';
import { isValidIdCard } from '../src/lib/id-card';
import { regionByCode } from '../src/reference/regions';
import { industryByCode } from '../src/reference/industries';
import { DEFAULT_MONTHS, generatePortfolio, PortfolioGenerator } from '../src/seed/portfolio.generator';
import { defaultAsOfMonth } from '../src/seed/portfolio.loader';
import { PROBLEM_CODES } from '../src/seed/problems';
import { drawProfile } from '../src/seed/profile';
import { SLIDE_MONTHS } from '../src/seed/timeline';
import { TABLE_NAMES, TABLE_SPECS, type ChunkRows, type TableName, type Value, emptyChunk } from '../src/seed/tables';
import { isValidRegistrationNo } from '../src/seed/codes';
import { arrayLiteral } from '../src/seed/portfolio.loader';
import { findCycles } from './graph.helpers';

const AS_OF = '2025-06';
const AS_OF_END = '2025-06-30';
type Row = Record<string, Value>;

/** Month index of `YYYY-MM` or `YYYY-MM-DD`. */
const mi = (s: string) => Number(s.slice(0, 4)) * 12 + Number(s.slice(5, 7)) - 1;
const A = mi(AS_OF);
/** The window's first month (DEFAULT_MONTHS ending at asOf). */
const W = A - DEFAULT_MONTHS + 1;
/** `YYYY-MM` of a month index. */
const monthOf = (m: number) => `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
/** Days since 1970-01-01 of `YYYY-MM-DD`, and back. */
const dn = (s: string) => Date.parse(`${s}T00:00:00Z`) / 86_400_000;
const ds = (d: number) => new Date(d * 86_400_000).toISOString().slice(0, 10);
/** The last day of month index m, `YYYY-MM-DD`. */
const monthEnd = (m: number) => ds(dn(`${monthOf(m + 1)}-01`) - 1);
/** Money as integer fen, parsed from the decimal string (never through a float). */
const fen = (v: Value) => {
  const [whole, cents] = String(v).split('.');
  return Number(whole) * 100 + Number(cents.padEnd(2, '0').slice(0, 2));
};

function snapshot(rows: ChunkRows): string {
  return JSON.stringify(TABLE_NAMES.map((t) => rows[t].columns));
}

describe('determinism', () => {
  it('gives identical rows and truth (default days, slides, oracle PDs) for the same (firms, seed, asOf), whatever the chunk size', () => {
    const a = generatePortfolio({ firms: 300, seed: 11, asOf: AS_OF });
    const b = generatePortfolio({ firms: 300, seed: 11, asOf: AS_OF });
    expect(snapshot(b.rows)).toBe(snapshot(a.rows));
    expect(JSON.stringify(b.generator.truth.toJSON())).toBe(JSON.stringify(a.generator.truth.toJSON()));

    // In chunks of 37 firms, concatenated: the same rows in the same order, the same ids.
    const g = new PortfolioGenerator({ firms: 300, seed: 11, asOf: AS_OF });
    const chunks = [g.staticRows()];
    while (g.done < g.firms) chunks.push(g.generateFirms(37));
    const merged = emptyChunk();
    for (const c of chunks)
      for (const t of TABLE_NAMES) for (const r of c[t].rows()) merged[t].add(...TABLE_SPECS[t].map((s) => r[s.name]));
    expect(snapshot(merged)).toBe(snapshot(a.rows));
    // The truth too: default days, failures, slides and the oracle's PDs do not depend on the chunks.
    expect(JSON.stringify(g.truth.toJSON())).toBe(JSON.stringify(a.generator.truth.toJSON()));
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
    const identity = (p: typeof a) =>
      p.rows['core.firm'].rows().map((f) => [f.uscc, f.name, f.region_code, f.industry_code]);
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
    const copies = new Set(
      planted('DUPLICATE_RECORD')
        .filter((e) => e.table === t)
        .map((e) => (e.rowIds as string[])[1]),
    );
    return T(t).filter((r) => !copies.has(String(r.id)));
  };
  /** A slide's evidence (recorded for every slide started by asOf). */
  interface SlideEvidence {
    uscc: string;
    fromMonth: string;
    toMonth: string;
    outcome: 'RUNNING' | 'FAILED' | 'RECOVERED';
    failedIn?: string;
    defaultedOn?: string;
    signals: string[];
    borrowingLoans?: string[];
    cashSqueeze?: {
      statementId: string;
      periodEnd: string;
      operatingCashFlow: string;
      cash: string;
      debtServiceNext12: string;
    };
    customerLoss?: { fromMonth: string; customers: string[]; share: number };
    orderCut?: { fromMonth: string; depth: number };
  }
  const slides = () => planted('SLIDE') as unknown as SlideEvidence[];
  /** Slides with `signal` that ended by asOf (the signal at its deepest in the slide's last month). */
  const endedWith = (signal: string) => slides().filter((e) => e.signals.includes(signal) && mi(e.toMonth) <= A);

  describe('identifiers', () => {
    it("has one valid, unique USCC per firm, with the firm's region and entity type", () => {
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
      const ids = [
        ...T('registry.company').map((r) => r.legal_rep_id_no),
        ...T('registry.shareholder').map((r) => r.holder_id_no),
      ].filter((v): v is string => v !== null);
      for (const id of ids) {
        expect(isValidIdCard(id)).toBe(true);
        expect(regionByCode(id.slice(0, 6))).toBeDefined();
        const birth = new Date(`${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}T00:00:00Z`);
        expect(birth.toISOString().slice(0, 10).replace(/-/g, '')).toBe(id.slice(6, 14));
      }
      for (const r of T('registry.company'))
        if (r.legal_rep_phone !== null) expect(r.legal_rep_phone).toMatch(/^1[3-9]\d{9}$/);
    });

    it('gives some older firms a valid 15-digit registration number and some a former name', () => {
      const regNos = firms.map((f) => f.registration_no).filter((v): v is string => v !== null);
      expect(regNos.length).toBeGreaterThan(200);
      for (const r of regNos) expect(isValidRegistrationNo(r)).toBe(true);
      expect(firms.filter((f) => f.former_names !== '{}').length).toBeGreaterThan(60);
    });

    it('keeps unique keys unique (accounts, loans, receivables, pledges, cases, invoices but the planted)', () => {
      const unique = (t: TableName, col: string, rows = T(t)) =>
        expect(new Set(rows.map((r) => r[col])).size).toBe(rows.length);
      unique('bank.account', 'account_no');
      unique('bank.loan', 'contract_no');
      unique('supply_chain.receivable', 'receivable_no');
      unique('supply_chain.pledge', 'registration_no');
      unique('supply_chain.purchase_order', 'order_no', delivered('supply_chain.purchase_order'));
      unique('judicial.court_case', 'case_no');
      for (const t of TABLE_NAMES) if (TABLE_SPECS[t][0].name === 'id') unique(t, 'id');
      const duplicated = new Set(planted('DUPLICATE_INVOICE').map((e) => `${e.invoiceCode}/${e.invoiceNumber}`));
      const seen = new Map<string, number>();
      for (const r of T('tax.invoice'))
        seen.set(`${r.invoice_code}/${r.invoice_number}`, (seen.get(`${r.invoice_code}/${r.invoice_number}`) ?? 0) + 1);
      const repeated = [...seen].filter(([, n]) => n > 1).map(([k]) => k);
      expect(new Set(repeated)).toEqual(duplicated);
    });

    it("writes case numbers like (2024)浙0102民初1234号 with the region's province abbreviation", () => {
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
              spec.type === 'numeric'
                ? typeof v === 'string' && /^-?\d+\.\d{2,4}$/.test(v)
                : spec.type === 'date'
                  ? typeof v === 'string' && /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(v)
                  : spec.type === 'int' || spec.type === 'bigint'
                    ? Number.isSafeInteger(v)
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
        ['tax.vat_declaration', 'declared_on'],
        ['bank.loan_installment', 'paid_on'],
        ['registry.change_log', 'changed_on'],
        ['registry.abnormal_listing', 'listed_on'],
        ['registry.abnormal_listing', 'removed_on'],
        ['supply_chain.purchase_order', 'order_date'],
        ['supply_chain.receivable', 'issue_date'],
        ['supply_chain.confirmation', 'confirmed_on'],
        ['supply_chain.pledge', 'pledged_on'],
        ['judicial.court_case', 'filed_on'],
        ['judicial.court_case', 'closed_on'],
        ['judicial.enforcement', 'filed_on'],
        ['judicial.dishonest_listing', 'listed_on'],
        ['alt_data.utility_payment', 'paid_on'],
        ['bank.account', 'opened_on'],
        ['registry.company', 'founded_on'],
        ['registry.company', 'status_changed_on'],
        ['bank.loan', 'start_date'],
        ['bank.loan', 'written_off_on'],
        ['bank.loan_classification', 'changed_on'],
        ['bank.financial_statement', 'received_on'],
        ['tax.credit_rating', 'published_on'],
        ['tax.taxpayer', 'registered_on'],
        ['judicial.court_case', 'published_on'],
        ['judicial.enforcement', 'published_on'],
        ['judicial.enforcement', 'closed_on'],
        ['judicial.dishonest_listing', 'removed_on'],
      ];
      // Consents and the firm's own record too (timestamps compared by their day).
      events.push(
        ['bank.consent', 'valid_from'],
        ['bank.consent', 'granted_at'],
        ['bank.consent', 'revoked_at'],
        ['core.firm', 'created_at'],
      );
      for (const [t, col] of events) {
        const late = T(t).filter((r) => r[col] !== null && (r[col] as string).slice(0, 10) > AS_OF_END);
        expect({ table: t, column: col, late: late.length }).toEqual({ table: t, column: col, late: 0 });
      }
      const future = T('tax.invoice').filter((r) => (r.issue_date as string) > AS_OF_END);
      const plantedFuture = planted('DATED_RECORD_ANOMALY').filter((e) => e.kind === 'FUTURE');
      expect(future.map((r) => r.invoice_number).sort()).toEqual(plantedFuture.map((e) => e.invoiceNumber).sort());
    });
  });

  describe('series', () => {
    it(`covers the ${DEFAULT_MONTHS} months of the window ending at asOf for firms older than the window`, () => {
      const months = new Set(T('bank.account_month').map((r) => r.month));
      expect(months.size).toBe(DEFAULT_MONTHS);
      expect([...months].sort()).toEqual([monthOf(W), ...[...months].sort().slice(1, -1), AS_OF]);
      const electricity = byUscc('alt_data.utility_payment');
      const vat = byUscc('tax.vat_declaration');
      const old = firms.filter(
        (f) =>
          (company.get(f.uscc as string)!.founded_on as string) < `${monthOf(W)}-01` &&
          company.get(f.uscc as string)!.status === 'ACTIVE',
      );
      expect(old.length).toBeGreaterThan(1300);
      for (const f of old) {
        expect(electricity.get(f.uscc as string)!.filter((r) => r.utility === 'ELECTRICITY').length).toBe(
          DEFAULT_MONTHS,
        );
        expect(vat.get(f.uscc as string)!.length).toBe(DEFAULT_MONTHS - 1); // asOf itself is declared next month
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
      const salesIn = (month: string) =>
        T('tax.vat_declaration')
          .filter((r) => r.period === month)
          .reduce((s, r) => s + fen(r.sales), 0);
      expect(salesIn('2025-02')).toBeLessThan(0.85 * salesIn('2025-03'));
      expect(salesIn('2024-02')).toBeLessThan(0.85 * salesIn('2024-03'));
    });

    it("declares VAT consistent with the month's invoices", () => {
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
        if (fen(d.taxable_sales) + fen(d.exempt_sales) !== sales)
          bad.push(`taxable + exempt != sales: ${d.uscc} ${d.period}`);
        if (fen(d.tax_paid) > fen(d.tax_payable)) bad.push(`paid > payable: ${d.uscc} ${d.period}`);
        if (small && (fen(d.input_tax) !== 0 || fen(d.tax_payable) !== fen(d.output_tax)))
          bad.push(`small-scale deducts: ${d.uscc} ${d.period}`);
        if (!dup.has(d.uscc as string) && sales < inv) bad.push(`sales below invoices: ${d.uscc} ${d.period}`); // plus cash sales
        checked++;
      }
      expect(bad.slice(0, 10)).toEqual([]);
      expect(checked).toBeGreaterThan(60000);
    });

    it('keeps balances non-negative, shares summing to 1, loan balances equal to unpaid principal', () => {
      expect(T('bank.account_month').filter((r) => fen(r.end_balance) < 0)).toEqual([]);
      const shares = new Map<string, number>();
      for (const r of delivered('registry.shareholder'))
        shares.set(
          r.uscc as string,
          (shares.get(r.uscc as string) ?? 0) + Number((r.share_ratio as string).replace('.', '')),
        );
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
        if (
          loan.status === 'SETTLED' &&
          (fen(loan.balance) !== 0 || (loan.maturity_date as string) > AS_OF_END || loan.written_off_on !== null)
        )
          bad.push(loan.contract_no);
        // A loan past its maturity is still ACTIVE only while an instalment due by asOf is unpaid (in arrears).
        const inArrears = rowsOf.some((r) => r.paid_on === null && (r.due_date as string) <= AS_OF_END);
        if (loan.status === 'ACTIVE' && (loan.maturity_date as string) <= AS_OF_END && !inArrears)
          bad.push(loan.contract_no);
        if (
          (loan.status === 'WRITTEN_OFF') !== (loan.written_off_on !== null) ||
          (loan.status === 'WRITTEN_OFF' && (!inArrears || fen(loan.balance) === 0))
        )
          bad.push(loan.contract_no);
      }
      expect(bad).toEqual([]);
    });

    it('gives every firm a basic account and a consent to the bank for credit applications', () => {
      const basic = new Set(
        T('bank.account')
          .filter((r) => r.account_type === 'BASIC')
          .map((r) => r.uscc),
      );
      expect(basic.size).toBe(2000);
      const consented = new Set(
        T('bank.consent')
          .filter((r) => r.grantee === '本行' && r.purpose === 'CREDIT_APPLICATION')
          .map((r) => r.uscc),
      );
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

    it('come from borrowers (and the planted applicants): an annual one for every year from the one before the window until the firm failed, a half-year one for some, received after the period and by asOf', () => {
      const borrowers = new Set(T('bank.loan').map((l) => l.uscc as string));
      const from = new Set(statements().keys());
      for (const u of plantedUsccs('STATEMENT_IDENTITY')) expect(from.has(u)).toBe(true);
      expect([...borrowers].filter((u) => !from.has(u))).toEqual([]);
      // Borrowers still in business hand in the annual statement of every year they existed at its end
      // and had not failed by, from the year before the window's first to the newest (received by May),
      // and some the half-years.
      const firstYear = Math.floor(W / 12) - 1;
      const lastYear = Number(AS_OF.slice(0, 4)) - 1;
      const active = [...borrowers].filter((u) => company.get(u)!.status === 'ACTIVE');
      expect(active.length).toBeGreaterThan(1000);
      let half = 0;
      const bad: string[] = [];
      const byFirm = statements();
      for (const u of active) {
        const founded = company.get(u)!.founded_on as string;
        const failedIn = truth.firms[u].failedIn;
        const years = Array.from({ length: lastYear - firstYear + 1 }, (_, k) => lastYear - k).filter(
          (y) => founded <= `${y}-12-31` && (failedIn === null || `${y}-12` < failedIn),
        );
        const own = byFirm.get(u) ?? [];
        const annual = own
          .filter((s) => s.period_type === 'ANNUAL')
          .map((s) => s.period_end)
          .join();
        if (annual !== years.map((y) => `${y}-12-31`).join())
          bad.push(`${u} founded ${founded}: annual statements ${annual}`);
        if (own.some((s) => s.period_type === 'SEMI_ANNUAL')) half++;
      }
      expect(half / active.length).toBeGreaterThan(0.3);
      expect(half / active.length).toBeLessThan(0.5);
      for (const s of T('bank.financial_statement')) {
        const received = s.received_on as string;
        const months = mi(received) - mi(s.period_end as string);
        const lag = s.period_type === 'ANNUAL' ? months >= 3 && months <= 5 : months >= 1 && months <= 2;
        if (!(received > (s.period_end as string) && received <= AS_OF_END && lag))
          bad.push(`${s.id}: ${s.period_type} ${s.period_end} received ${received}`);
        if (
          fen(s.current_liabilities) > fen(s.total_liabilities) ||
          fen(s.short_term_borrowings) > fen(s.current_liabilities) ||
          !(fen(s.revenue) > 0)
        )
          bad.push(`${s.id}: liabilities or revenue`);
      }
      expect(bad.slice(0, 10)).toEqual([]);
      expect(T('bank.financial_statement').some((s) => s.audited === 'true')).toBe(true);
    });

    it('come only from firms that borrowed (or the planted applicants), not from a firm that failed before its first loan', () => {
      const borrowers = new Set(T('bank.loan').map((l) => l.uscc as string));
      const from = new Set(statements().keys());
      expect([...from].filter((u) => !borrowers.has(u) && !plantedUsccs('STATEMENT_IDENTITY').has(u))).toEqual([]);
    });

    it("report revenue within a few percent of the year's declared VAT sales", () => {
      const declared = new Map<string, { sales: number; months: number }>();
      for (const d of T('tax.vat_declaration')) {
        if (!(d.period as string).startsWith('2024-')) continue;
        const a = declared.get(d.uscc as string) ?? { sales: 0, months: 0 };
        a.sales += fen(d.sales);
        a.months++;
        declared.set(d.uscc as string, a);
      }
      // Fake (TAX_WITHOUT_FLOW) or duplicated invoices inflate declared sales: those firms aside.
      const skip = new Set([
        ...plantedUsccs('TAX_WITHOUT_FLOW'),
        ...plantedUsccs('DUPLICATE_INVOICE'),
        ...plantedUsccs('SHELL_COMPANY'),
      ]);
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
    const sumMonths = (map: Map<string, number>, prefix: string, from: number, to: number) => {
      let s = 0;
      for (let m = from; m <= to; m++) s += map.get(`${prefix}/${monthOf(m)}`) ?? 0;
      return s;
    };

    it("slide signal customerLoss: the biggest buyers, regular before, buy nothing from the month recorded (2-5 months before the slide's last) and sales fall; a look-alike that never slides replaces them", () => {
      const losses = slides().filter((e) => e.signals.includes('customerLoss') && mi(e.customerLoss!.fromMonth) <= A);
      expect(losses.length).toBeGreaterThan(10);
      const { toBuyer, total } = invoicedBy();
      for (const e of losses) {
        const loss = e.customerLoss!;
        expect(e.signals.includes('sales')).toBe(true); // how this firm's sales fall
        expect(loss.share).toBeGreaterThanOrEqual(0.3);
        const from = mi(loss.fromMonth);
        expect(from).toBeGreaterThanOrEqual(mi(e.fromMonth));
        expect(mi(e.toMonth) - from).toBeGreaterThanOrEqual(2);
        expect(mi(e.toMonth) - from).toBeLessThanOrEqual(5);
        for (const c of loss.customers) expect(sumMonths(toBuyer, `${e.uscc}/${c}`, from, A)).toBe(0);
        // The biggest of them bought in most of the 6 months before (within the window, when it existed then:
        // see the next test).
        const before = Array.from({ length: 6 }, (_, k) => from - 6 + k).filter((m) => m >= W);
        if (before.length < 6 || (company.get(loss.customers[0])!.founded_on as string) >= `${monthOf(from - 6)}-01`)
          continue;
        const months = before.filter((m) => (toBuyer.get(`${e.uscc}/${loss.customers[0]}/${monthOf(m)}`) ?? 0) > 0);
        expect(months.length).toBeGreaterThanOrEqual(4);
      }
      // Sales fall: invoiced sales in the 3 months from the loss are below those of the 6 months before, for most.
      const measurable = losses.filter((e) => mi(e.customerLoss!.fromMonth) - 6 >= W);
      const fell = measurable.filter((e) => {
        const from = mi(e.customerLoss!.fromMonth);
        const to = Math.min(A, from + 2);
        return (
          sumMonths(total, e.uscc, from, to) / (to - from + 1) <
          0.9 * (sumMonths(total, e.uscc, from - 6, from - 1) / 6)
        );
      });
      expect(measurable.length).toBeGreaterThan(10);
      expect(fell.length / measurable.length).toBeGreaterThan(0.8);
      // The look-alike (not in the truth): firms that never slide lose their biggest buyer too, and a new one takes its place.
      const g = generator.context;
      const uscc = (i: number) => g.identities.get(i).uscc;
      const lookAlikes = firms
        .map((_, i) => ({ i, p: drawProfile(g, i, g.identities.get(i)) }))
        .filter(({ p }) => p.events.customerLoss?.replacement != null);
      expect(lookAlikes.length).toBeGreaterThan(5);
      let replaced = 0;
      for (const { i, p } of lookAlikes) {
        const loss = p.events.customerLoss!;
        expect(p.timeline.episode).toBeNull();
        expect(truth.firms[uscc(i)].slide).toBeNull();
        expect(loss.month >= W + 12 && loss.month <= A - 2).toBe(true);
        for (const k of loss.lost)
          expect(sumMonths(toBuyer, `${uscc(i)}/${uscc(p.customers.customers[k])}`, loss.month, A)).toBe(0);
        const newcomer = `${uscc(i)}/${uscc(loss.replacement!)}`;
        expect(sumMonths(toBuyer, newcomer, loss.month - 12, loss.month - 1)).toBe(0);
        if (sumMonths(toBuyer, newcomer, loss.month, A) > 0) replaced++;
      }
      expect(replaced / lookAlikes.length).toBeGreaterThan(0.8);
    });

    it('slide signal customerLoss names buyers that existed (and so could buy) before the loss', () => {
      const losses = slides().filter((e) => e.signals.includes('customerLoss') && mi(e.customerLoss!.fromMonth) <= A);
      const unborn = losses.flatMap((e) =>
        e
          .customerLoss!.customers.filter(
            (c) => (company.get(c)!.founded_on as string) >= `${e.customerLoss!.fromMonth}-01`,
          )
          .map((c) => `${e.uscc} lost ${c} from ${e.customerLoss!.fromMonth}, founded ${company.get(c)!.founded_on}`),
      );
      expect(unborn).toEqual([]);
    });

    it("slide signal orders: the core enterprise cuts a supplier's orders over the slide, by the depth recorded at its last month", () => {
      const cuts = endedWith('orders').filter((e) => mi(e.fromMonth) - 12 >= W);
      expect(cuts.length).toBeGreaterThan(5);
      for (const e of slides().filter((x) => x.signals.includes('orders'))) {
        expect(e.orderCut!.fromMonth).toBe(e.fromMonth);
        expect(e.orderCut!.depth).toBeGreaterThanOrEqual(0.7);
        expect(e.orderCut!.depth).toBeLessThanOrEqual(0.95);
      }
      const orders = new Map<string, number>();
      for (const r of T('supply_chain.purchase_order')) {
        if (r.status === 'CANCELLED' || !r.supplier_uscc) continue;
        const k = `${r.supplier_uscc}/${(r.order_date as string).slice(0, 7)}`;
        orders.set(k, (orders.get(k) ?? 0) + fen(r.amount));
      }
      for (const e of cuts) {
        const depth = e.orderCut!.depth;
        // The slide's last quarter's orders against the average quarter of the year before the slide.
        const slideStart = mi(e.fromMonth);
        const end = mi(e.toMonth);
        const before = sumMonths(orders, e.uscc, slideStart - 12, slideStart - 1) / 4;
        expect(sumMonths(orders, e.uscc, end - 2, end)).toBeLessThan((1 - depth / 3) * before);
      }
    });

    it('DUPLICATE_INVOICE: two rows share code+number, identical or with another amount', () => {
      const kinds = new Set<boolean>();
      for (const e of planted('DUPLICATE_INVOICE')) {
        const same = T('tax.invoice').filter(
          (r) => r.invoice_code === e.invoiceCode && r.invoice_number === e.invoiceNumber,
        );
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
        for (const [col, value] of Object.entries(e.key as Record<string, unknown>))
          expect([col, rows[1][col]]).toEqual([col, value]);
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
      const suspects = firms
        .map((f) => f.uscc as string)
        .filter((u) => !plantedSet.has(u) && runOfLowInflow(flows, u) >= 3);
      expect(suspects.length).toBeLessThanOrEqual(10);
    });

    it('STAFF_MISMATCH: claims far above the insured headcount; honest firms insure most staff', () => {
      const si = byUscc('alt_data.social_insurance_month');
      const latest = (u: string) =>
        si
          .get(u)!
          .filter((r) => mi(r.month as string) > A - 6)
          .map((r) => r.insured_headcount as number);
      for (const e of planted('STAFF_MISMATCH')) {
        const claimed = firms.find((f) => f.uscc === e.uscc)!.claimed_staff as number;
        expect(claimed).toBeGreaterThanOrEqual(20);
        expect(Math.max(...latest(e.uscc))).toBeLessThanOrEqual(3);
      }
      const flagged = firms.filter((f) => {
        const recent = latest(f.uscc as string);
        return (
          (f.claimed_staff as number) >= 10 &&
          recent.length > 0 &&
          Math.max(...recent) < 0.2 * (f.claimed_staff as number)
        );
      });
      const expected = plantedUsccs('STAFF_MISMATCH');
      expect(flagged.filter((f) => !expected.has(f.uscc as string)).length).toBeLessThanOrEqual(5);
    });

    it("the headcount slide signal: only where 3+ are insured; by the slide's last month the firm sheds about 45% of them, or all but the owner", () => {
      const si = byUscc('alt_data.social_insurance_month');
      const withSignal = endedWith('headcount');
      expect(withSignal.length).toBeGreaterThan(10);
      let measured = 0;
      for (const e of withSignal) {
        const rows = si.get(e.uscc)!;
        const before = rows
          .filter((r) => mi(r.month as string) < mi(e.fromMonth))
          .map((r) => r.insured_headcount as number);
        if (before.length < 3) continue; // founded during the slide, or the slide began before the window
        const peak = Math.max(...before.slice(-9));
        const last = rows.find((r) => r.month === e.toMonth)!.insured_headcount as number;
        expect(peak).toBeGreaterThanOrEqual(2);
        expect({ uscc: e.uscc, shed: last <= 1 || last <= 0.75 * peak }).toEqual({ uscc: e.uscc, shed: true });
        measured++;
      }
      expect(measured).toBeGreaterThan(10);
    });

    it('FREQUENT_LEGAL_REP_CHANGE: 3+ changes in the last 12 months only where planted', () => {
      const changes = byUscc('registry.change_log');
      const recent = (u: string) =>
        (changes.get(u) ?? []).filter((r) => r.item === 'LEGAL_REPRESENTATIVE' && mi(r.changed_on as string) > A - 12);
      const flagged = new Set(firms.map((f) => f.uscc as string).filter((u) => recent(u).length >= 3));
      expect(flagged).toEqual(plantedUsccs('FREQUENT_LEGAL_REP_CHANGE'));
      for (const u of flagged) {
        const last = recent(u)
          .sort((a, b) => (a.changed_on as string).localeCompare(b.changed_on as string))
          .pop()!;
        expect(company.get(u)!.legal_rep_name).toBe(last.after_value);
      }
    });

    it("GUARANTEE_CIRCLE: guarantees close exactly the planted circles, on the borrowers' loans running at asOf (or the loan a member defaulted on)", () => {
      const loans = new Map(T('bank.loan').map((l) => [l.id, l]));
      const edges = T('bank.guarantee');
      const circles = new Map<string, string[]>();
      for (const e of planted('GUARANTEE_CIRCLE')) circles.set((e.circle as string[]).join(), e.circle as string[]);
      for (const circle of circles.values()) {
        expect(circle.length).toBeGreaterThanOrEqual(2);
        expect(circle.length).toBeLessThanOrEqual(8);
        circle.forEach((borrower, k) => {
          const guarantor = circle[(k + circle.length - 1) % circle.length];
          const g = edges.find((r) => r.guarantor_uscc === guarantor && r.borrower_uscc === borrower);
          expect(g).toBeDefined();
          const loan = loans.get(g!.loan_id)!;
          expect(loan.uscc).toBe(borrower);
          const evidence = planted('GUARANTEE_CIRCLE').find((e) => e.uscc === borrower)!;
          expect(evidence.loanContractNo).toBe(loan.contract_no);
          const defaulted = (truth.firms[borrower].defaultedOn ?? '9999') <= AS_OF_END;
          if (!defaulted) expect(loan.status).toBe('ACTIVE');
          else {
            // In default: in arrears or written off, and the guarantor stays liable for three years past maturity.
            expect(
              loan.status === 'WRITTEN_OFF' || (loan.status === 'ACTIVE' && (loan.overdue_days as number) > 0),
            ).toBe(true);
            expect(dn(g!.end_date as string) - dn(loan.maturity_date as string)).toBe(3 * 365);
          }
        });
      }
      // The cycles of the guarantees live at asOf are exactly the planted circles (a released
      // circle's closing guarantee ended before asOf: seed-networks.test.ts).
      const live = edges.filter((g) => (g.start_date as string) <= AS_OF_END && (g.end_date as string) >= AS_OF_END);
      expect(findCycles(live).sort()).toEqual([...circles.values()].map((c) => [...c].sort().join()).sort());
    });

    it("a guarantee runs to its loan's maturity (three years past it only for a loan in default): a firm that never failed keeps its guarantors to maturity", () => {
      const loans = new Map(T('bank.loan').map((l) => [l.id, l]));
      // A released circle's closing guarantee may have been released before its loan matured (seed-networks.test.ts).
      const released = new Set(
        planted('RELEASED_GUARANTEE').map((e) => {
          const circle = e.circle as string[];
          return `${circle[circle.length - 1]}>${circle[0]}`;
        }),
      );
      const extended = T('bank.guarantee').filter((g) => {
        const l = loans.get(g.loan_id)!;
        if (released.has(`${g.guarantor_uscc}>${g.borrower_uscc}`)) return false;
        return truth.firms[l.uscc as string].failedIn === null && g.end_date !== l.maturity_date;
      });
      expect(T('bank.guarantee').length).toBeGreaterThan(100);
      expect(
        extended
          .map(
            (g) =>
              `${g.id}: loan ${loans.get(g.loan_id)!.contract_no} matures ${loans.get(g.loan_id)!.maturity_date}, guarantee ends ${g.end_date}`,
          )
          .slice(0, 5),
      ).toEqual([]);
    });

    it('RECEIVABLE_PLEDGED_TWICE: two ACTIVE pledges to different pledgees, only where planted', () => {
      const receivables = new Map(T('supply_chain.receivable').map((r) => [r.id, r]));
      const active = new Map<Value, Row[]>();
      for (const p of T('supply_chain.pledge'))
        if (p.status === 'ACTIVE') active.set(p.receivable_id, [...(active.get(p.receivable_id) ?? []), p]);
      const twice = [...active].filter(([, ps]) => ps.length >= 2);
      expect(new Set(twice.map(([id]) => receivables.get(id)!.receivable_no))).toEqual(
        new Set(planted('RECEIVABLE_PLEDGED_TWICE').map((e) => e.receivableNo)),
      );
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
        if (e.variantKind === 'HALF_WIDTH_BRACKETS')
          expect((e.variant as string).replace('(', '（').replace(')', '）')).toBe(firm.name);
        if (e.variantKind === 'NO_REGION_PREFIX')
          expect((firm.name as string).endsWith(e.variant as string)).toBe(true);
        kinds.add(e.variantKind as string);
      }
      expect(kinds.size).toBeGreaterThanOrEqual(3);
      // No other order names its supplier without a USCC.
      const orphans = T('supply_chain.purchase_order').filter((r) => r.supplier_uscc === null);
      expect(orphans.length).toBe(
        planted('NAME_VARIANT').filter((e) => e.table === 'supply_chain.purchase_order').length,
      );
    });

    it('HARD_NAME_VARIANT: one more court case names the firm by a hard variant, no USCC, labelled; look-alike pairs share 字号 and trade word', () => {
      const byName = new Map(firms.map((f) => [f.name as string, f]));
      const kinds = new Map<string, number>();
      for (const e of planted('HARD_NAME_VARIANT')) {
        const key = e.key as Record<string, string>;
        const c = T('judicial.court_case').find((r) => r.case_no === key.caseNo)!;
        const parties = T('judicial.case_party').filter((r) => r.case_id === c.id);
        // Against a person: no portfolio firm gains a record, and the firm's own records are untouched.
        expect(parties.map((p) => [p.role, p.uscc, p.party_type]).sort()).toEqual(
          [
            [key.role, null, 'FIRM'],
            [key.role === 'PLAINTIFF' ? 'DEFENDANT' : 'PLAINTIFF', null, 'PERSON'],
          ].sort(),
        );
        expect(parties.find((p) => p.role === key.role)!.name).toBe(e.variant);
        expect(c.court).toBe(e.court);
        expect(/中级人民法院$/.test(c.court as string)).toBe(!e.location);
        const firm = firms.find((f) => f.uscc === e.uscc)!;
        if (e.variantKind === 'LOOKALIKE_NAME') expect(e.variant).toBe(firm.name);
        else expect(byName.has(e.variant as string)).toBe(false);
        if (e.variantKind === 'LOCATION_ONLY') expect(e.location).toBe(true);
        if (e.expected === 'LINK') expect(e.linkTo).toBe(e.uscc);
        else expect(e.offer).toContain(e.uscc);
        if (e.lookalike) {
          const other = e.lookalike as { uscc: string; name: string };
          expect(byName.get(other.name)?.uscc).toBe(other.uscc);
          if (e.variantKind === 'SHARED_TRADE_NAME') {
            expect(e.offer).toEqual([e.uscc, other.uscc]);
            for (const n of [firm.name as string, other.name])
              expect(n.replace(/[（(].*?[）)]/, '')).toContain(e.variant as string);
          }
        }
        kinds.set(e.variantKind as string, (kinds.get(e.variantKind as string) ?? 0) + 1);
      }
      expect([...kinds.keys()].sort()).toEqual([
        'BARE_TRADE_NAME',
        'BRANCH',
        'FULL_WIDTH_NOISE',
        'LOCATION_ONLY',
        'LOOKALIKE_NAME',
        'OTHER_LEGAL_FORM',
        'SHARED_TRADE_NAME',
        'TRADITIONAL',
      ]);
      // Each single kind with and without the court's location (LOCATION_ONLY always with it).
      for (const kind of ['TRADITIONAL', 'FULL_WIDTH_NOISE', 'OTHER_LEGAL_FORM', 'BRANCH', 'BARE_TRADE_NAME']) {
        expect(
          new Set(
            planted('HARD_NAME_VARIANT')
              .filter((e) => e.variantKind === kind)
              .map((e) => e.location),
          ),
        ).toEqual(new Set([true, false]));
      }
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
        const kwh = power
          .get(e.uscc)!
          .filter((r) => r.utility === 'ELECTRICITY')
          .map((r) => Number(r.usage));
        expect(Math.max(...kwh)).toBeLessThan(500);
        const related = new Set([...cluster, ...(e.relatedFirms as string[])]);
        // Over the last year (every portfolio firm existed by then), leaving out deliveries to core
        // enterprises (a shell the plan also made a supplier, for a planted order problem, invoices its orders).
        const invoices = (sold.get(e.uscc) ?? []).filter(
          (r) =>
            r.status === 'NORMAL' &&
            mi(r.issue_date as string) > A - 12 &&
            mi(r.issue_date as string) <= A &&
            !cores.has(r.buyer_uscc as string),
        );
        expect(invoices.length).toBeGreaterThan(0);
        const toRelated = invoices
          .filter((r) => related.has(r.buyer_uscc as string))
          .reduce((s, r) => s + fen(r.amount), 0);
        expect(toRelated).toBeGreaterThan(0.8 * invoices.reduce((s, r) => s + fen(r.amount), 0));
      }
    });

    it('REGISTRY_STATUS_WITH_LIVE_LOAN: revoked, deregistered or abnormal-listed with an ACTIVE loan, only where planted', () => {
      const live = new Set(
        T('bank.loan')
          .filter((l) => l.status === 'ACTIVE')
          .map((l) => l.uscc as string),
      );
      const abnormal = new Set(
        T('registry.abnormal_listing')
          .filter((r) => r.removed_on === null)
          .map((r) => r.uscc as string),
      );
      const flagged = new Set(
        [...company.values()]
          .filter((c) => live.has(c.uscc as string) && (c.status !== 'ACTIVE' || abnormal.has(c.uscc as string)))
          .map((c) => c.uscc as string),
      );
      expect(flagged).toEqual(plantedUsccs('REGISTRY_STATUS_WITH_LIVE_LOAN'));
      expect(new Set(planted('REGISTRY_STATUS_WITH_LIVE_LOAN').map((e) => e.status))).toEqual(
        new Set(['REVOKED', 'DEREGISTERED', 'ABNORMAL_LIST']),
      );
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
      expect(new Set(broken.map((s) => String(s.id)))).toEqual(
        new Set(planted('STATEMENT_IDENTITY').map((e) => e.statementId)),
      );
      for (const e of planted('STATEMENT_IDENTITY')) {
        const s = broken.find((r) => String(r.id) === e.statementId)!;
        // The newest annual statement the firm handed in (2024's, unless it failed before the end
        // of 2024), by 2% of total assets or more (far beyond any rounding tolerance).
        const newest = T('bank.financial_statement')
          .filter((r) => r.uscc === s.uscc && r.period_type === 'ANNUAL')
          .map((r) => r.period_end as string)
          .sort()
          .at(-1);
        expect([s.period_type, s.period_end]).toEqual(['ANNUAL', newest]);
        if (truth.firms[s.uscc as string].failedIn === null) expect(s.period_end).toBe('2024-12-31');
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
        new Set([
          'ASSETS_EQUAL_LIABILITIES_PLUS_EQUITY',
          'CURRENT_ASSETS_WITHIN_TOTAL',
          'CURRENT_ASSETS_COVER_COMPONENTS',
        ]),
      );
    });

    it('NEW_ENFORCEMENT: recorded for exactly the firms put under enforcement, or listed and still listed, in the last 9 months', () => {
      const since = '2024-09-30';
      const recent = new Set([
        ...T('judicial.enforcement')
          .filter((r) => (r.filed_on as string) > since)
          .map((r) => r.uscc as string),
        ...T('judicial.dishonest_listing')
          .filter((r) => (r.listed_on as string) > since && r.removed_on === null)
          .map((r) => r.uscc as string),
      ]);
      expect(plantedUsccs('NEW_ENFORCEMENT')).toEqual(recent);
      for (const e of planted('NEW_ENFORCEMENT')) {
        expect(e.since).toBe(since);
        for (const x of e.enforcements as Array<{ caseNo: string; filedOn: string }>) {
          expect(
            T('judicial.enforcement').some(
              (r) => r.uscc === e.uscc && r.case_no === x.caseNo && r.filed_on === x.filedOn,
            ),
          ).toBe(true);
        }
        for (const x of e.dishonestListings as Array<{ caseNo: string; listedOn: string }>) {
          expect(
            T('judicial.dishonest_listing').some(
              (r) => r.uscc === e.uscc && r.case_no === x.caseNo && r.listed_on === x.listedOn && r.removed_on === null,
            ),
          ).toBe(true);
        }
      }
      // Look-alikes: firms whose enforcement is older, or whose listing is older or was removed (which of
      // the two depends on the draw: this portfolio's few removals by asOf happen to be none).
      const underEnforcement = new Set(T('judicial.enforcement').map((r) => r.uscc as string));
      expect([...underEnforcement].filter((u) => !recent.has(u)).length).toBeGreaterThan(10);
      expect(
        T('judicial.dishonest_listing').filter((r) => (r.listed_on as string) <= since || r.removed_on !== null).length,
      ).toBeGreaterThan(5);
      // A listing follows an enforcement of the firm (published by asOf).
      for (const l of T('judicial.dishonest_listing')) {
        const e = T('judicial.enforcement').find((r) => r.uscc === l.uscc && r.case_no === l.case_no);
        expect({ listing: l.id, after: e !== undefined && (e.filed_on as string) < (l.listed_on as string) }).toEqual({
          listing: l.id,
          after: true,
        });
      }
    });

    /** Debt service due in the 365 days after `day` on the firm's loans running then: interest, and the principal of amortising loans. */
    function debtServiceAfter(loans: readonly Row[], installments: Map<Value, Row[]>, day: string): number {
      const to = ds(dn(day) + 365);
      let sum = 0;
      for (const l of loans) {
        if ((l.start_date as string) > day || (l.maturity_date as string) <= day) continue;
        const amortising = l.repayment_method === 'EQUAL_INSTALLMENT' || l.repayment_method === 'EQUAL_PRINCIPAL';
        for (const i of installments.get(l.id)!)
          if ((i.due_date as string) > day && (i.due_date as string) <= to)
            sum += fen(i.interest_due) + (amortising ? fen(i.principal_due) : 0);
      }
      return sum;
    }

    it("borrowing spree (slide signal): 2-4 new short-term loans in the slide's last 6 months (those by asOf), named in the truth; renewals and seasonal loans elsewhere", () => {
      const loans = byUscc('bank.loan');
      const spree = slides().filter((e) => e.signals.includes('borrowing'));
      expect(spree.length).toBeGreaterThan(10);
      for (const e of spree) {
        const end = mi(e.toMonth);
        // A slide still running at asOf shows the loans taken so far; one that ended in the window, all of them.
        expect(e.borrowingLoans!.length).toBeGreaterThanOrEqual(end <= A && end - 5 >= W ? 2 : 1);
        expect(e.borrowingLoans!.length).toBeLessThanOrEqual(4);
        for (const c of e.borrowingLoans!) {
          const l = loans.get(e.uscc)!.find((r) => r.contract_no === c)!;
          const m = mi(l.start_date as string);
          expect({
            c,
            inLastSix: m >= end - 5 && m <= Math.min(end, A),
            short: (l.term_months as number) <= 12,
          }).toEqual({ c, inLastSix: true, short: true });
        }
      }
      // Only sliding borrowers with the signal have a spree.
      const named = new Set(spree.flatMap((e) => e.borrowingLoans!));
      expect(
        T('bank.loan').filter(
          (l) =>
            ['信用快贷', '税易贷', '小微企业经营贷', '流动资金贷款'].includes(l.product as string) &&
            named.has(l.contract_no as string),
        ).length,
      ).toBe(named.size);
      expect(
        slides()
          .filter((e) => !e.signals.includes('borrowing'))
          .every((e) => e.borrowingLoans === undefined),
      ).toBe(true);
      // Look-alikes: a renewal starts the day the chain's previous loan matured (repaid by the renewal); seasonal loans come every year.
      const renewals = T('bank.loan').filter((l) => l.product === '流动资金贷款（续贷）');
      expect(renewals.length).toBeGreaterThan(100);
      for (const r of renewals) {
        expect({
          r: r.contract_no,
          predecessor: loans
            .get(r.uscc as string)!
            .some((o) => o !== r && o.status === 'SETTLED' && o.maturity_date === r.start_date),
        }).toEqual({ r: r.contract_no, predecessor: true });
      }
      const seasonal = [...loans]
        .map(([, ls]) => ls.filter((l) => l.product === '季节性流动资金贷款'))
        .filter((ls) => ls.length > 0);
      for (const ls of seasonal) {
        expect(new Set(ls.map((l) => (l.start_date as string).slice(5, 7))).size).toBe(1);
        expect(new Set(ls.map((l) => (l.start_date as string).slice(0, 4))).size).toBe(ls.length);
        expect(ls.every((l) => l.term_months === 6)).toBe(true);
      }
      expect(seasonal.filter((ls) => ls.length >= 3).length).toBeGreaterThan(10);
    });

    it('cash squeeze (slide signal): the newest annual statement when the slide ends shows cash flow and year-end cash short of the debt service then; elsewhere the cash flow covers it, but for a bad year with ample cash', () => {
      const loans = byUscc('bank.loan');
      const installments = byUscc('bank.loan_installment', 'loan_id');
      const statementById = new Map(T('bank.financial_statement').map((s) => [String(s.id), s]));
      const squeezed = slides().filter((e) => e.signals.includes('cashFlow'));
      expect(squeezed.length).toBeGreaterThan(10);
      for (const e of squeezed) {
        const end = monthEnd(Math.min(mi(e.toMonth), A));
        const s = statementById.get(e.cashSqueeze!.statementId)!;
        const annual = T('bank.financial_statement').filter(
          (x) => x.uscc === e.uscc && x.period_type === 'ANNUAL' && (x.received_on as string) <= end,
        );
        expect(s.period_end).toBe(
          annual
            .map((x) => x.period_end as string)
            .sort()
            .pop(),
        );
        const service = debtServiceAfter(loans.get(e.uscc)!, installments, end);
        expect(e.cashSqueeze).toMatchObject({
          statementId: String(s.id),
          periodEnd: s.period_end,
          operatingCashFlow: s.operating_cash_flow,
          cash: s.cash,
        });
        // (With the day it arrived and the day the next year's replaced it, where the evidence gives them.)
        const later = T('bank.financial_statement')
          .filter(
            (x) =>
              x.uscc === e.uscc && x.period_type === 'ANNUAL' && (x.period_end as string) > (s.period_end as string),
          )
          .map((x) => x.received_on as string)
          .sort();
        if ('receivedOn' in e.cashSqueeze!)
          expect(e.cashSqueeze).toMatchObject({ receivedOn: s.received_on, newestUntil: later[0] ?? null });
        expect(fen(e.cashSqueeze!.debtServiceNext12)).toBe(service);
        expect(fen(s.operating_cash_flow)).toBeLessThanOrEqual(0.9 * service);
        expect(fen(s.cash)).toBeLessThan(service);
      }
      // Every other annual statement of a whole year: the cash flow covers the debt service due after it
      // arrived (0.9 times at least, about 2.4 times), but for the look-alike: one bad year with ample cash at its end.
      const squeezeIds = new Set(squeezed.map((e) => e.cashSqueeze!.statementId));
      let covered = 0;
      let thin = 0;
      let badYears = 0;
      for (const s of T('bank.financial_statement')) {
        if (s.period_type !== 'ANNUAL' || squeezeIds.has(String(s.id)) || !loans.has(s.uscc as string)) continue;
        if ((company.get(s.uscc as string)!.founded_on as string) >= `${(s.period_end as string).slice(0, 4)}-01-01`)
          continue;
        const service = debtServiceAfter(loans.get(s.uscc as string)!, installments, s.received_on as string);
        if (service === 0) continue;
        const ocf = fen(s.operating_cash_flow);
        if (ocf < 0.89 * service) {
          expect({ id: s.id, ampleCash: fen(s.cash) >= 1.29 * service }).toEqual({ id: s.id, ampleCash: true });
          badYears++;
        } else if (ocf < 1.2 * service) thin++;
        else covered++;
      }
      expect(covered).toBeGreaterThan(1500);
      expect(badYears).toBeGreaterThan(20);
      expect(thin / (covered + thin)).toBeLessThan(0.02);
    });

    it('DATED_RECORD_ANOMALY: invoices after asOf or before founding, only where planted', () => {
      const founded = new Map([...company.values()].map((c) => [c.uscc as string, c.founded_on as string]));
      const odd = T('tax.invoice').filter(
        (r) => (r.issue_date as string) > AS_OF_END || (r.issue_date as string) < founded.get(r.seller_uscc as string)!,
      );
      expect(new Set(odd.map((r) => r.seller_uscc))).toEqual(plantedUsccs('DATED_RECORD_ANOMALY'));
      expect(new Set(planted('DATED_RECORD_ANOMALY').map((e) => e.kind))).toEqual(
        new Set(['FUTURE', 'BEFORE_FOUNDING']),
      );
    });
  });

  describe('dated defaults', () => {
    interface BookLoan {
      loan: Row;
      /** Its instalments in schedule order. */
      inst: Row[];
      /** The day every instalment was paid (null: not repaid by asOf). */
      paidOff: string | null;
    }
    let books: Map<string, BookLoan[]> | undefined;
    /** Per borrower, its loans and their instalments. */
    const loanBook = (): Map<string, BookLoan[]> => {
      if (books) return books;
      const inst = byUscc('bank.loan_installment', 'loan_id');
      books = new Map();
      for (const loan of T('bank.loan')) {
        const own = [...inst.get(loan.id as unknown as string)!].sort((a, b) => (a.seq as number) - (b.seq as number));
        const paidOff = own.every((i) => i.paid_on !== null)
          ? own
              .map((i) => i.paid_on as string)
              .sort()
              .pop()!
          : null;
        const list = books.get(loan.uscc as string) ?? [];
        list.push({ loan, inst: own, paidOff });
        books.set(loan.uscc as string, list);
      }
      return books;
    };
    /** Days past due on `day`: since the oldest instalment due before it and unpaid on it (0 if none). */
    const daysPastDue = (inst: readonly Row[], day: string) => {
      for (const i of inst) {
        if ((i.due_date as string) >= day) return 0;
        if (i.paid_on === null || (i.paid_on as string) > day) return dn(day) - dn(i.due_date as string);
      }
      return 0;
    };
    /** The bank is exposed to the loan on `day`: started, neither repaid nor written off. */
    const exposedOn = (b: BookLoan, day: string) =>
      (b.loan.start_date as string) <= day &&
      (b.paidOff === null || b.paidOff > day) &&
      (b.loan.written_off_on === null || (b.loan.written_off_on as string) > day);
    const defaultMonth = (u: string) => (truth.firms[u].defaultedOn === null ? null : mi(truth.firms[u].defaultedOn!));

    it('a failed firm pays nothing due from its failure month and takes no new loan; the others pay every instalment due by asOf, at most a few weeks late', () => {
      const bad: string[] = [];
      for (const [u, loans] of loanBook()) {
        const failedIn = truth.firms[u].failedIn;
        const stop = failedIn === null ? '9999' : `${failedIn}-01`;
        for (const { loan, inst } of loans) {
          if ((loan.start_date as string) >= stop) bad.push(`${loan.contract_no} starts after the failure ${failedIn}`);
          for (const i of inst) {
            const due = i.due_date as string;
            const paid = i.paid_on as string | null;
            const id = `${loan.contract_no}#${i.seq}`;
            if (due > AS_OF_END || due >= stop) {
              if (paid !== null) bad.push(`${id} due ${due} paid ${paid} (failed ${failedIn})`);
            } else if (paid === null ? dn(AS_OF_END) - dn(due) > 25 : dn(paid) - dn(due) > 25 || dn(due) - dn(paid) > 3)
              bad.push(`${id} due ${due} paid ${paid}`);
          }
        }
      }
      expect(bad.slice(0, 10)).toEqual([]);
      const stopped = [...loanBook().keys()].filter(
        (u) => truth.firms[u].failedIn !== null && truth.firms[u].failedIn! <= AS_OF,
      );
      expect(stopped.length).toBeGreaterThan(100);
    });

    it("dates each default: the truth's default day (by asOf) is the first day the rows show an instalment 90 days past due, or a write-off; no other firm's rows show one", () => {
      const derived: Array<[string, string]> = [];
      for (const [u, loans] of loanBook()) {
        let day: string | null = null;
        for (const { loan, inst } of loans) {
          for (const i of inst) {
            const d90 = ds(dn(i.due_date as string) + 90);
            if (d90 <= AS_OF_END && (i.paid_on === null || (i.paid_on as string) > d90) && (day === null || d90 < day))
              day = d90;
          }
          const off = loan.written_off_on as string | null;
          if (off !== null && (day === null || off < day)) day = off;
        }
        if (day !== null) derived.push([u, day]);
      }
      const recorded = Object.entries(truth.firms)
        .filter(([, f]) => f.defaultedOn !== null && f.defaultedOn <= AS_OF_END)
        .map(([u, f]): [string, string] => [u, f.defaultedOn!]);
      expect(derived.sort()).toEqual(recorded.sort());
      expect(recorded.length).toBeGreaterThan(100);
      expect(truth.defaultRate).toBeCloseTo(recorded.length / 2000, 4);
    });

    it('turns a failure into a default only where a loan runs: the first instalment due from the failure month + 90 days (also after asOf); a firm that failed with no loan running never defaults', () => {
      let withoutLoan = 0;
      let afterAsOf = 0;
      const bad: string[] = [];
      for (const [u, f] of Object.entries(truth.firms)) {
        if (f.failedIn === null) {
          if (f.defaultedOn !== null) bad.push(`${u} defaulted ${f.defaultedOn} without failing`);
          continue;
        }
        const from = `${f.failedIn}-01`;
        let first: string | null = null;
        for (const { loan, inst } of loanBook().get(u) ?? []) {
          if ((loan.start_date as string) >= from) continue;
          const due = inst.find((i) => (i.due_date as string) >= from)?.due_date as string | undefined;
          if (due !== undefined && (first === null || due < first)) first = due;
        }
        const expected = first === null ? null : ds(dn(first) + 90);
        if (f.defaultedOn !== expected)
          bad.push(`${u} failed ${f.failedIn}: defaulted ${f.defaultedOn}, the rows say ${expected}`);
        if (expected === null) withoutLoan++;
        else if (expected > AS_OF_END) afterAsOf++;
      }
      expect(bad.slice(0, 10)).toEqual([]);
      expect(withoutLoan).toBeGreaterThan(50);
      expect(afterAsOf).toBeGreaterThan(5);
    });

    it('spreads the defaults over the window: some in every quarter of the last two years, 3-9% of the performing borrowers a year', () => {
      const quarters = new Array<number>(8).fill(0);
      for (const f of Object.values(truth.firms)) {
        const m = f.defaultedOn === null ? null : mi(f.defaultedOn);
        if (m !== null && m <= A && m > A - 24) quarters[Math.floor((m - (A - 23)) / 3)]++;
      }
      for (const n of quarters) expect(n).toBeGreaterThanOrEqual(3);
      // Each of the last three years: of the borrowers performing at its start, the share that defaulted in it
      // (about 5.5% of some 850; the binomial's standard deviation is under one point).
      for (const start of [A - 36, A - 24, A - 12]) {
        const day = monthEnd(start);
        let exposed = 0;
        let defaulted = 0;
        for (const [u, loans] of loanBook()) {
          const d = defaultMonth(u);
          if ((d !== null && d <= start) || !loans.some((b) => exposedOn(b, day))) continue;
          exposed++;
          if (d !== null && d <= start + 12) defaulted++;
        }
        expect(exposed).toBeGreaterThan(600);
        expect({ start: monthOf(start), rate: defaulted / exposed > 0.03 && defaulted / exposed < 0.09 }).toEqual({
          start: monthOf(start),
          rate: true,
        });
      }
    });

    it('draws slides of 6-9 months before any failure: a failing slide fails the month after its last, a recovered one not during it; sudden failures come without one; quiet firms have neither', () => {
      const counts = { failing: 0, recovered: 0, sudden: 0 };
      for (const [u, f] of Object.entries(truth.firms)) {
        const founded = mi(company.get(u)!.founded_on as string);
        if (f.slide) {
          const [from, to] = [mi(f.slide.from), mi(f.slide.to)];
          expect(to - from + 1).toBeGreaterThanOrEqual(SLIDE_MONTHS.min);
          expect(to - from + 1).toBeLessThanOrEqual(SLIDE_MONTHS.max);
          // Events happen from the firm's seventh month, over the span simulated (3 months before the window to 12 after asOf).
          expect(from).toBeGreaterThanOrEqual(Math.max(founded + 6, W - 3));
          expect(from).toBeLessThanOrEqual(A + 12);
          if (f.slide.fails) {
            expect(f.failedIn).toBe(monthOf(to + 1));
            counts.failing++;
          } else {
            expect(f.failedIn === null || mi(f.failedIn) > to).toBe(true);
            counts.recovered++;
          }
        }
        if (f.failedIn !== null) {
          expect(mi(f.failedIn)).toBeGreaterThanOrEqual(Math.max(founded + 6, W - 3));
          if (!f.slide?.fails) counts.sudden++;
        }
      }
      expect(counts.failing).toBeGreaterThan(100);
      expect(counts.recovered).toBeGreaterThan(100);
      expect(counts.sudden).toBeGreaterThan(20);
      // Shells, firms that ceased and the planted registry statuses tell their own story: no slide, no failure.
      const plan = generator.context.plan;
      const quiet = [...plan.shellClusterOf.keys(), ...plan.liveLoanStatus.keys(), ...plan.ceased.keys()].map(
        (i) => generator.context.identities.get(i).uscc,
      );
      expect(quiet.length).toBeGreaterThan(50);
      for (const u of quiet) {
        expect({ u, slide: truth.firms[u].slide, failedIn: truth.firms[u].failedIn }).toEqual({
          u,
          slide: null,
          failedIn: null,
        });
      }
    });

    it('records a SLIDE for every slide started by asOf, agreeing with the truth: its months, its outcome, the failure and default it led to by asOf', () => {
      const started = Object.entries(truth.firms).filter(([, f]) => f.slide !== null && f.slide.from <= AS_OF);
      expect(
        slides()
          .map((e) => e.uscc)
          .sort(),
      ).toEqual(started.map(([u]) => u).sort());
      for (const e of slides()) {
        const f = truth.firms[e.uscc];
        expect([e.fromMonth, e.toMonth]).toEqual([f.slide!.from, f.slide!.to]);
        expect(e.outcome).toBe(e.toMonth >= AS_OF ? 'RUNNING' : f.slide!.fails ? 'FAILED' : 'RECOVERED');
        expect(e.failedIn).toBe(f.slide!.fails && f.failedIn! <= AS_OF ? f.failedIn : undefined);
        expect(e.defaultedOn).toBe(f.defaultedOn !== null && f.defaultedOn <= AS_OF_END ? f.defaultedOn : undefined);
        expect(truth.firms[e.uscc].problems).toContain('SLIDE');
      }
      expect(new Set(slides().map((e) => e.outcome))).toEqual(new Set(['RUNNING', 'FAILED', 'RECOVERED']));
    });

    it('simulates the hidden 12 months after asOf: slides and sudden failures also start after asOf, so the oracle at asOf expects some defaults of firms yet to slide', () => {
      const firms = Object.values(truth.firms);
      const startedAfter = firms.filter(
        (f) =>
          (f.slide !== null && f.slide.from > AS_OF) || (f.failedIn !== null && f.failedIn > AS_OF && f.slide === null),
      );
      // About 0.6% of firms start a slide in a month: some 150 in the 12 months after asOf.
      expect(startedAfter.length).toBeGreaterThan(30);
      const calm = firms.filter((f) => f.oraclePd !== null && f.slide === null && f.failedIn === null);
      expect(calm.filter((f) => f.oraclePd!.at(-1)! > 0).length / calm.length).toBeGreaterThan(0.5);
    });

    it("keeps each loan's classification history: NORMAL from its start, changed only at a month end (or the write-off or pay-off day), following the days past due; the loan shows the last", () => {
      const history = byUscc('bank.loan_classification', 'loan_id');
      const bad: string[] = [];
      const tiers = new Set<string>();
      for (const [, loans] of loanBook()) {
        for (const { loan, inst, paidOff } of loans) {
          const h = history.get(loan.id as unknown as string) ?? [];
          const no = loan.contract_no as string;
          const off = loan.written_off_on as string | null;
          // NORMAL from its start (a loan starting on a month end is reviewed that day: on the watch list, SPECIAL_MENTION).
          const reviewedAtStart =
            loan.start_date === monthEnd(mi(loan.start_date as string)) && h[0]?.classification === 'SPECIAL_MENTION';
          if (h[0]?.changed_on !== loan.start_date || (h[0]?.classification !== 'NORMAL' && !reviewedAtStart)) {
            bad.push(`${no}: history starts ${JSON.stringify(h[0])}, the loan ${loan.start_date}`);
            continue;
          }
          for (let k = 1; k < h.length; k++) {
            const day = h[k].changed_on as string;
            if (day <= (h[k - 1].changed_on as string) || h[k].classification === h[k - 1].classification)
              bad.push(`${no}: ${JSON.stringify(h.slice(k - 1, k + 1))}`);
            if (day !== monthEnd(mi(day)) && day !== off && day !== paidOff) bad.push(`${no}: changed on ${day}`);
            if (day > AS_OF_END) bad.push(`${no}: changed after asOf on ${day}`);
          }
          const last = h.at(-1)!;
          tiers.add(last.classification as string);
          if (loan.classification !== last.classification)
            bad.push(`${no}: ${loan.classification}, history ends ${last.classification}`);
          // Written off: LOSS from that day at the latest (already LOSS when more than 360 days past due before).
          if (loan.status === 'WRITTEN_OFF' && (last.classification !== 'LOSS' || (last.changed_on as string) > off!))
            bad.push(`${no}: written off ${off}, history ends ${JSON.stringify(last)}`);
          if (loan.status === 'SETTLED' && (last.classification !== 'NORMAL' || (last.changed_on as string) > paidOff!))
            bad.push(`${no}: settled ${paidOff}, history ends ${JSON.stringify(last)}`);
          // At each month end the bank reviewed it (before a write-off or pay-off), the tier in force follows the days past due.
          for (
            let m = mi(loan.start_date as string);
            monthEnd(m) <= AS_OF_END &&
            (off === null || monthEnd(m) < off) &&
            (paidOff === null || monthEnd(m) < paidOff);
            m++
          ) {
            const day = monthEnd(m);
            if (day < (loan.start_date as string)) continue;
            const inForce = h.filter((x) => (x.changed_on as string) <= day).pop()!.classification;
            const dpd = daysPastDue(inst, day);
            const tier =
              dpd > 360
                ? 'LOSS'
                : dpd > 180
                  ? 'DOUBTFUL'
                  : dpd > 90
                    ? 'SUBSTANDARD'
                    : dpd > 0
                      ? 'SPECIAL_MENTION'
                      : null;
            if (tier ? inForce !== tier : inForce !== 'NORMAL' && inForce !== 'SPECIAL_MENTION')
              bad.push(`${no}: ${inForce} on ${day} at ${dpd} days past due`);
          }
        }
      }
      expect(bad.slice(0, 10)).toEqual([]);
      expect(tiers).toEqual(new Set(['NORMAL', 'SPECIAL_MENTION', 'SUBSTANDARD', 'DOUBTFUL', 'LOSS']));
    });

    it("writes a defaulted firm's loans in arrears off 6-12 months after the default day (LOSS, WRITTEN_OFF); only a defaulted firm's loans are non-performing", () => {
      let writtenOff = 0;
      for (const [u, loans] of loanBook()) {
        const d = truth.firms[u].defaultedOn;
        const offDays = new Set(loans.map((b) => b.loan.written_off_on).filter((x): x is string => x !== null));
        const npl = loans.filter(
          (b) =>
            ['SUBSTANDARD', 'DOUBTFUL', 'LOSS'].includes(b.loan.classification as string) ||
            (b.loan.overdue_days as number) > 90,
        );
        if (d === null || d > AS_OF_END) {
          expect({ u, offDays: offDays.size, npl: npl.length }).toEqual({ u, offDays: 0, npl: 0 });
          continue;
        }
        expect(offDays.size).toBeLessThanOrEqual(1);
        const [off] = [...offDays];
        if (off === undefined) {
          // Not yet: the write-off comes 180-360 days after the default.
          expect(dn(AS_OF_END) - dn(d)).toBeLessThan(360);
          continue;
        }
        writtenOff++;
        expect(dn(off) - dn(d)).toBeGreaterThanOrEqual(180);
        expect(dn(off) - dn(d)).toBeLessThanOrEqual(360);
        // Every loan started before and in arrears on the write-off day is written off, the others not.
        for (const b of loans) {
          const inArrears = (b.loan.start_date as string) < off && daysPastDue(b.inst, off) > 0;
          expect({ no: b.loan.contract_no, off: b.loan.written_off_on }).toEqual({
            no: b.loan.contract_no,
            off: inArrears ? off : null,
          });
          if (inArrears)
            expect([b.loan.status, b.loan.classification, b.loan.overdue_days]).toEqual([
              'WRITTEN_OFF',
              'LOSS',
              daysPastDue(b.inst, off),
            ]);
        }
      }
      expect(writtenOff).toBeGreaterThan(50);
      // Late payers in a slide are overdue too, without defaulting.
      const lateOnly = T('bank.loan').filter(
        (l) =>
          (l.overdue_days as number) > 0 &&
          (l.overdue_days as number) <= 30 &&
          truth.firms[l.uscc as string].defaultedOn === null,
      );
      expect(lateOnly.length).toBeGreaterThan(0);
    });

    it('records a STATUS change for exactly the firms not ACTIVE: ACTIVE -> the status, on the day it changed', () => {
      const changes = T('registry.change_log')
        .filter((r) => r.item === 'STATUS')
        .map((r) => [r.uscc, r.changed_on, r.before_value, r.after_value].join('|'));
      const notActive = [...company.values()].filter((c) => c.status !== 'ACTIVE');
      expect(notActive.length).toBeGreaterThan(10);
      expect(new Set(notActive.map((c) => c.status))).toEqual(new Set(['REVOKED', 'DEREGISTERED']));
      expect(changes.sort()).toEqual(
        notActive.map((c) => [c.uscc, c.status_changed_on, 'ACTIVE', c.status].join('|')).sort(),
      );
    });

    it("publishes each year's tax-credit rating in April of the next (a new taxpayer's M on registration), none after asOf; the taxpayer shows the newest; distress shows in later ratings", () => {
      const ratings = byUscc('tax.credit_rating');
      const firstYear = Math.floor(W / 12) - 2;
      const lastYear = Number(AS_OF.slice(0, 4)) - 1;
      const grades = { distressed: [] as string[], healthy: [] as string[] };
      const bad: string[] = [];
      for (const t of T('tax.taxpayer')) {
        const u = t.uscc as string;
        const foundedYear = Number((company.get(u)!.founded_on as string).slice(0, 4));
        const own = [...ratings.get(u)!].sort((a, b) => (a.year as number) - (b.year as number));
        const from = Math.max(foundedYear, firstYear);
        const years = own.map((r) => r.year).join();
        if (years !== Array.from({ length: lastYear - from + 1 }, (_, k) => from + k).join())
          bad.push(`${u} founded ${foundedYear}: rated for ${years}`);
        for (const r of own) {
          const year = r.year as number;
          const published = r.published_on as string;
          const ok =
            year === foundedYear
              ? r.rating === 'M' && published === t.registered_on
              : published.slice(0, 7) === `${year + 1}-04` && (year - foundedYear >= 2 || r.rating === 'M');
          if (!ok || published > AS_OF_END)
            bad.push(
              `${u} founded ${foundedYear}, registered ${t.registered_on}: ${year} ${r.rating} published ${published}`,
            );
          const f = truth.firms[u];
          if (year - foundedYear >= 2) {
            if (f.failedIn !== null && f.failedIn <= `${year}-01`) grades.distressed.push(r.rating as string);
            else if (f.slide === null && f.failedIn === null) grades.healthy.push(r.rating as string);
          }
        }
        if (t.credit_rating !== own.at(-1)!.rating || t.rating_year !== own.at(-1)!.year)
          bad.push(
            `${u}: the taxpayer shows ${t.credit_rating} ${t.rating_year}, the newest is ${own.at(-1)!.rating} ${own.at(-1)!.year}`,
          );
      }
      expect(bad.slice(0, 10)).toEqual([]);
      const poor = (xs: string[]) => xs.filter((g) => g === 'C' || g === 'D').length / xs.length;
      expect(grades.distressed.length).toBeGreaterThan(100);
      expect(poor(grades.distressed)).toBeGreaterThan(3 * poor(grades.healthy));
      expect(new Set(T('tax.credit_rating').map((r) => r.rating))).toEqual(new Set(['A', 'B', 'C', 'D', 'M']));
    });

    it('dates court records by their publication (cases 1-8 weeks after filing, enforcements 3-30 days), none published after asOf; the bank sues 1-4 months after a default', () => {
      for (const c of T('judicial.court_case')) {
        const lag = dn(c.published_on as string) - dn(c.filed_on as string);
        expect({ case: c.case_no, ok: lag >= 7 && lag <= 56 && (c.published_on as string) <= AS_OF_END }).toEqual({
          case: c.case_no,
          ok: true,
        });
      }
      for (const e of T('judicial.enforcement')) {
        const lag = dn(e.published_on as string) - dn(e.filed_on as string);
        expect({ case: e.case_no, ok: lag >= 3 && lag <= 30 && (e.published_on as string) <= AS_OF_END }).toEqual({
          case: e.case_no,
          ok: true,
        });
      }
      const defendant = new Map(
        T('judicial.case_party')
          .filter((p) => p.role === 'DEFENDANT')
          .map((p) => [p.case_id, p.uscc as string | null]),
      );
      const suits = T('judicial.court_case').filter((c) => c.cause === '金融借款合同纠纷');
      expect(suits.length).toBeGreaterThan(20);
      for (const c of suits) {
        const u = defendant.get(c.id);
        if (u === null || u === undefined) continue; // the firm named by a variant (NAME_VARIANT)
        const d = truth.firms[u].defaultedOn!;
        expect(d).not.toBeNull();
        const after = dn(c.filed_on as string) - dn(d);
        expect(after >= 30 && after <= 120).toBe(true);
      }
    });

    it('oraclePd: for borrowers, a probability at each month end of the window; 1 after a failure until the default when that falls within 12 months, 0 once defaulted or after a failure with no default in sight, below 1 before any failure', () => {
      expect(truth.oracleFrom).toBe(monthOf(W));
      const counts = { certain: 0, none: 0, open: 0 };
      const bad: string[] = [];
      for (const [u, f] of Object.entries(truth.firms)) {
        if (f.oraclePd === null) {
          expect(loanBook().has(u)).toBe(false);
          continue;
        }
        expect(f.oraclePd).toHaveLength(DEFAULT_MONTHS);
        const d = defaultMonth(u);
        const failed = f.failedIn === null ? null : mi(f.failedIn);
        f.oraclePd.forEach((pd, k) => {
          const t = W + k;
          let expected: number | null = null;
          if (d !== null && d <= t) expected = 0;
          else if (failed !== null && failed <= t) expected = d !== null && d <= t + 12 ? 1 : 0;
          if (expected === null) {
            if (!(pd >= 0 && pd < 1)) bad.push(`${u} ${monthOf(t)}: ${pd} before any failure`);
            counts.open++;
          } else {
            if (pd !== expected)
              bad.push(
                `${u} ${monthOf(t)}: ${pd}, expected ${expected} (failed ${f.failedIn}, defaulted ${f.defaultedOn})`,
              );
            if (expected === 1) counts.certain++;
            else counts.none++;
          }
        });
      }
      expect(bad.slice(0, 10)).toEqual([]);
      for (const u of loanBook().keys()) expect(truth.firms[u].oraclePd).not.toBeNull();
      expect(counts.certain).toBeGreaterThan(200);
      expect(counts.none).toBeGreaterThan(200);
      expect(counts.open).toBeGreaterThan(40_000);
    });

    it('oraclePd is calibrated: over performing borrower-months its mean is the 12-month default rate that followed (within 3 standard errors, clustered by firm), and it ranks the defaulters', () => {
      // Every month end of the window (defaults up to 12 months after asOf are in the truth), every
      // borrower the bank was exposed to and not in default: as the model's observation points.
      const points: Array<{ pd: number; y: 0 | 1; failed: boolean; firm: number }> = [];
      let firm = 0;
      for (const [u, loans] of loanBook()) {
        const f = truth.firms[u];
        const d = defaultMonth(u);
        const failed = f.failedIn === null ? null : mi(f.failedIn);
        for (let t = W; t <= A; t++) {
          if ((d !== null && d <= t) || !loans.some((b) => exposedOn(b, monthEnd(t)))) continue;
          points.push({
            pd: f.oraclePd![t - W],
            y: d !== null && d <= t + 12 ? 1 : 0,
            failed: failed !== null && failed <= t,
            firm,
          });
        }
        firm++;
      }
      // The standard error of (observed - predicted) with a firm's months as one cluster (they share its course).
      const check = (ps: typeof points) => {
        const byFirm = new Map<number, number>();
        for (const p of ps) byFirm.set(p.firm, (byFirm.get(p.firm) ?? 0) + p.y - p.pd);
        const n = ps.length;
        const gap = [...byFirm.values()].reduce((a, b) => a + b, 0) / n;
        const se = Math.sqrt([...byFirm.values()].reduce((a, b) => a + b * b, 0)) / n;
        const observed = ps.reduce((a, p) => a + p.y, 0) / n;
        return { n, observed, predicted: observed - gap, gap, se };
      };
      const all = check(points);
      // Before a failure the oracle is a real forecast (after it, it is 1 or 0 and right by construction).
      const open = check(points.filter((p) => !p.failed));
      expect(all.n).toBeGreaterThan(30_000);
      expect(open.observed).toBeGreaterThan(0.02);
      expect(Math.abs(all.gap)).toBeLessThan(3 * all.se);
      expect(Math.abs(open.gap)).toBeLessThan(3 * open.se);
      expect(open.se / open.observed).toBeLessThan(0.1); // the test has the power to see a 30% miscalibration
      const openPoints = points.filter((p) => !p.failed);
      expect(
        areaUnderCurve(
          openPoints.map((p) => p.pd),
          openPoints.map((p) => p.y),
        ),
      ).toBeGreaterThan(0.75);
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
    for (const r of T('tax.invoice'))
      if (r.status === 'NORMAL')
        at(`${r.seller_uscc}/${(r.issue_date as string).slice(0, 7)}`).invoicedWithTax +=
          fen(r.amount) + fen(r.tax_amount);
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
});

function areaUnderCurve(score: number[], label: number[]): number {
  const order = score.map((s, i) => [s, label[i]]).sort((a, b) => a[0] - b[0]);
  let pos = 0;
  let rankSum = 0;
  // Average ranks over ties, so a constant feature scores 0.5.
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j < order.length && order[j][0] === order[i][0]) j++;
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++)
      if (order[k][1]) {
        pos++;
        rankSum += rank;
      }
    i = j;
  }
  const neg = order.length - pos;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

describe('the default as-of month', () => {
  it('is the last complete month in China, so no record is dated after today', () => {
    expect(defaultAsOfMonth(new Date('2026-12-06T13:00:00Z'))).toBe('2026-11');
    expect(defaultAsOfMonth(new Date('2027-01-15T00:00:00Z'))).toBe('2026-12');
    // 2026-12-31T20:00Z is already 1 January in China: December has ended there.
    expect(defaultAsOfMonth(new Date('2026-12-31T20:00:00Z'))).toBe('2026-12');
    expect(defaultAsOfMonth(new Date('2026-12-31T15:00:00Z'))).toBe('2026-11');
  });
});
