/** Unit tests of the data-quality layer's pure parts: months, fingerprints, scoring, config, messages. */
import { addMonths, lastDayOfMonth, parseYearMonth } from '../src/quality/months';
import { fingerprint } from '../src/quality/quality.service';
import { formatScores, plantedFirms, score } from '../src/quality/eval';
import { QUALITY_CONFIG } from '../src/quality/quality.config';
import { CHECKS, duplicateInvoiceCheck, taxWithoutFlowCheck } from '../src/quality/checks';
import { Severity } from '../src/quality/finding.entity';
import { parseQualityArgs } from '../src/quality/quality.cli';

const asOf = { month: '2026-10', date: '2026-10-31' };

describe('months', () => {
  it('adds months across years both ways', () => {
    expect(addMonths('2026-10', 1)).toBe('2026-11');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-10', -11)).toBe('2025-11');
    expect(addMonths('2026-10', -24)).toBe('2024-10');
  });
  it('knows the last day of a month, leap years included', () => {
    expect(lastDayOfMonth('2026-10')).toBe('2026-10-31');
    expect(lastDayOfMonth('2024-02')).toBe('2024-02-29');
    expect(lastDayOfMonth('2026-02')).toBe('2026-02-28');
    expect(lastDayOfMonth('2026-11')).toBe('2026-11-30');
  });
  it('refuses what is not a month', () => {
    expect(() => parseYearMonth('2026-13')).toThrow(RangeError);
    expect(() => parseYearMonth('2026-1')).toThrow(/YYYY-MM/);
  });
});

describe('fingerprint', () => {
  it('is stable, 64 hex characters, and differs by code, firm and subject', () => {
    const a = fingerprint('DUPLICATE_INVOICE', '91110000000000000X', '3300/0001');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprint('DUPLICATE_INVOICE', '91110000000000000X', '3300/0001')).toBe(a);
    expect(fingerprint('DUPLICATE_INVOICE', '91110000000000000X', '3300/0002')).not.toBe(a);
    expect(fingerprint('DATED_RECORD_ANOMALY', '91110000000000000X', '3300/0001')).not.toBe(a);
    // The separator keeps ("AB", "C") and ("A", "BC") apart.
    expect(fingerprint('X', 'AB', 'C')).not.toBe(fingerprint('X', 'A', 'BC'));
  });
});

describe('score', () => {
  it('computes firm-level precision and recall', () => {
    const s = score('X', new Set(['a', 'b', 'c', 'd']), new Set(['a', 'b', 'c', 'z']));
    expect(s).toMatchObject({
      planted: 4,
      found: 4,
      truePositives: 3,
      precision: 0.75,
      recall: 0.75,
      missed: ['d'],
      falseAlarms: ['z'],
    });
  });
  it('is perfect with nothing planted and nothing found, and zero precision for only false alarms', () => {
    expect(score('X', new Set(), new Set())).toMatchObject({ precision: 1, recall: 1 });
    expect(score('X', new Set(), new Set(['a']))).toMatchObject({ precision: 0, recall: 1 });
    expect(score('X', new Set(['a']), new Set())).toMatchObject({ precision: 0, recall: 0 });
  });
  it('reads planted firms from a truth file, missing codes as none', () => {
    const truth = { problems: { STAFF_MISMATCH: [{ uscc: 'a' }, { uscc: 'a' }, { uscc: 'b' }] } } as never;
    expect([...plantedFirms(truth, 'STAFF_MISMATCH')]).toEqual(['a', 'b']);
    expect(plantedFirms(truth, 'NOPE').size).toBe(0);
    expect(formatScores([score('STAFF_MISMATCH', new Set(['a']), new Set(['a']))])).toMatch(
      /STAFF_MISMATCH\s+1\s+1\s+1\s+1\.000\s+1\.000/,
    );
  });
});

describe('checks', () => {
  it('have unique codes, sources, and SQL whose parameters are all supplied', () => {
    expect(new Set(CHECKS.map((c) => c.code)).size).toBe(CHECKS.length);
    for (const check of CHECKS) {
      expect(check.sources.length).toBeGreaterThan(0);
      const { text, values } = check.sql(asOf, QUALITY_CONFIG);
      const used = [...text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]));
      expect(used.length ? Math.max(...used) : 0).toBe(values.length);
    }
  });
  it('take the windows from the as-of month and the config', () => {
    const { values } = taxWithoutFlowCheck.sql(asOf, QUALITY_CONFIG);
    expect(values.slice(0, 3)).toEqual(['2025-11', '2026-10-31', '2026-10']);
    expect(values).toContain(QUALITY_CONFIG.taxWithoutFlow.maxInflowRatio);
  });
  it('grade an identical duplicate MEDIUM (delivered twice) and a differing one HIGH', () => {
    const evidence = (identical: boolean) => ({
      invoiceCode: null,
      invoiceNumber: '26330000000000000001',
      identical,
      differingFields: identical ? [] : ['amount'],
      rows: [{}, {}],
    });
    const same = duplicateInvoiceCheck.evidence(
      { uscc: 'u', subject: 's', evidence: evidence(true) },
      asOf,
      QUALITY_CONFIG,
    );
    expect(same.severity).toBe(Severity.MEDIUM);
    expect(same.message).toMatch(/\(digital\) 26330000000000000001 is on 2 identical rows/);
    const differ = duplicateInvoiceCheck.evidence(
      { uscc: 'u', subject: 's', evidence: evidence(false) },
      asOf,
      QUALITY_CONFIG,
    );
    expect(differ.severity ?? duplicateInvoiceCheck.severity).toBe(Severity.HIGH);
    expect(differ.message).toMatch(/differ in amount/);
  });
  it('sum a tax-without-flow episode in its message', () => {
    const months = [
      { month: '2026-03', declaredSales: '900.00', invoicedWithTax: '1000.00', inflow: '100.00', ratio: '0.100' },
      { month: '2026-04', declaredSales: null, invoicedWithTax: '1000.00', inflow: '300.00', ratio: '0.300' },
    ];
    const r = taxWithoutFlowCheck.evidence({ uscc: 'u', subject: '', evidence: { months } }, asOf, QUALITY_CONFIG);
    expect(r.message).toBe(
      '2 consecutive months (2026-03 to 2026-04) invoiced 2000.00 CNY with tax but the bank took in 400.00 CNY (20%)',
    );
  });
});

describe('quality CLI arguments', () => {
  it('accept --as-of and refuse a bad month or an unknown flag', () => {
    expect(parseQualityArgs([])).toEqual({ asOf: undefined, full: false });
    expect(parseQualityArgs(['--as-of', '2026-10'])).toEqual({ asOf: '2026-10', full: false });
    expect(parseQualityArgs(['--full'])).toEqual({ asOf: undefined, full: true });
    expect(() => parseQualityArgs(['--as-of', '2026-13'])).toThrow(/--as-of/);
    expect(() => parseQualityArgs(['--firms', '3'])).toThrow();
  });
});
