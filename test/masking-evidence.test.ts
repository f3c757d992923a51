/**
 * Personal data inside evidence JSON: the walk masks by key, as the profile's fields mask the same
 * data, and leaves everything else as it is. The evidence is shaped as the checks and rules write
 * it (src/quality/checks, src/warnings/rules.ts); the values are of the test portfolio's kind.
 */
import { maskEvidence, maskEvidenceText } from '../src/masking/evidence';
import { maskIdNumber, maskPersonName, maskPersonNamesInText } from '../src/masking/mask';
import { SensitiveKind } from '../src/masking/masking.config';
import { RECORD_TABLES } from '../src/quality/checks/duplicate-record.check';
import { maskLegalRepDetail } from '../src/resolution/entity-link.resolver';

const FIRM_USCC = '913306810MXL54EP1X';
const ID_NO = '120117199208137358';

describe('maskEvidence', () => {
  it('masks the persons of FREQUENT_LEGAL_REP_CHANGE\'s changes, keeping ids, dates and thresholds', () => {
    const evidence = {
      changes: [
        { id: 64, after: '宋博', before: '陈明阳', changedOn: '2025-12-31' },
        { id: 65, after: '欧阳娜娜', before: '宋博', changedOn: '2026-01-05' },
      ],
      windowEnd: '2026-12-30', minChanges: 3, windowStart: '2025-12-31', windowMonths: 12,
    };
    const copy = structuredClone(evidence);
    const m = maskEvidence(evidence);
    expect(m.value).toEqual({
      changes: [
        { id: 64, after: '宋*', before: '陈**', changedOn: '2025-12-31' },
        { id: 65, after: '欧阳**', before: '宋*', changedOn: '2026-01-05' },
      ],
      windowEnd: '2026-12-30', minChanges: 3, windowStart: '2025-12-31', windowMonths: 12,
    });
    expect([...m.kinds]).toEqual([SensitiveKind.PERSON_NAME]);
    expect(evidence).toEqual(copy); // the input is left as it is
  });

  it('masks a person shareholder\'s ID number and name in DUPLICATE_RECORD, in the key and in each row, and in the message', () => {
    const evidence = {
      key: { uscc: '911201173GT4GHMK4Q', holder: ID_NO, holderType: 'PERSON' },
      rows: [
        { id: '196', holder_name: '陈成成', holder_uscc: null, share_ratio: '0.9329', holder_id_no: ID_NO, paid_capital: '932900.00', subscribed_capital: '932900.00' },
        { id: '198', holder_name: '陈成成', holder_uscc: null, share_ratio: '0.9329', holder_id_no: ID_NO, paid_capital: '932900.00', subscribed_capital: '732694.97' },
      ],
      table: 'registry.shareholder', rowIds: ['196', '198'], source: 'registry', identical: false, differingFields: ['subscribed_capital'],
    };
    const m = maskEvidence(evidence);
    const v = m.value;
    expect(v.key).toEqual({ uscc: '911201173GT4GHMK4Q', holder: maskIdNumber(ID_NO), holderType: 'PERSON' });
    expect(v.rows.map((r) => [r.holder_name, r.holder_id_no, r.share_ratio])).toEqual([
      ['陈**', '1201**********7358', '0.9329'],
      ['陈**', '1201**********7358', '0.9329'],
    ]);
    expect(new Set(m.kinds)).toEqual(new Set([SensitiveKind.ID_NUMBER, SensitiveKind.PERSON_NAME]));
    const message = `registry.shareholder record (uscc=911201173GT4GHMK4Q, holderType=PERSON, holder=${ID_NO}) is on 2 rows (ids 196, 198) that differ in subscribed_capital: conflicting versions`;
    const text = maskEvidenceText(message, m);
    expect(text.value).toBe(message.replace(ID_NO, '1201**********7358'));
    expect([...text.kinds]).toEqual([SensitiveKind.ID_NUMBER]);
  });

  it('leaves a firm shareholder (its USCC, its name) as it is', () => {
    const evidence = {
      key: { uscc: '911201173GT4GHMK4Q', holder: FIRM_USCC, holderType: 'FIRM' },
      rows: [{ id: '1', holder_name: '鑫华（杭州）机械有限公司', holder_uscc: FIRM_USCC, holder_id_no: null }],
    };
    const m = maskEvidence(evidence);
    expect(m.value).toEqual(evidence);
    expect(m.kinds.size).toBe(0);
  });

  it('masks the persons of a duplicated change of the shareholders or legal representative, not of an address change', () => {
    const shares = '黄俊志(78.59%)、鑫华（杭州）机械有限公司(21.41%)';
    const change = (item: string, before: string, after: string) => ({
      key: { item, uscc: '9133090202QTB00441', changedOn: '2024-12-17' },
      rows: [{ id: '1', after_value: after, before_value: before }],
      table: 'registry.change_log',
    });
    const m = maskEvidence(change('SHAREHOLDER', shares, '李华(100%)'));
    expect(m.value.rows[0]).toEqual({ id: '1', before_value: maskPersonNamesInText(shares), after_value: '李*(100%)' });
    expect(m.value.rows[0].before_value).toBe('黄**(78.59%)、鑫华（杭州）机械有限公司(21.41%)');
    expect(maskEvidence(change('LEGAL_REPRESENTATIVE', '王五', '张小明')).value.rows[0]).toEqual({ id: '1', before_value: '王*', after_value: '张**' });
    const address = change('ADDRESS', '浙江省舟山市定海区振兴路775号5幢2005室', '浙江省舟山市定海区长江路870号');
    expect(maskEvidence(address).value).toEqual(address);
    expect(maskEvidence(address).kinds.size).toBe(0);
  });

  it('masks a court party\'s name by its type (DUPLICATE_RECORD on judicial.case_party)', () => {
    const m = maskEvidence({ rows: [{ id: '7', name: '王建军', party_type: 'PERSON', role: 'PLAINTIFF' }, { id: '8', name: '杭州鑫华机械有限公司', party_type: 'FIRM', role: 'DEFENDANT' }] });
    expect(m.value.rows.map((r) => r.name)).toEqual(['王**', '杭州鑫华机械有限公司']);
  });

  it('masks an invoice buyer without a USCC that is not an organisation (DUPLICATE_INVOICE), not a firm buyer', () => {
    const row = (buyerName: string, buyerUscc: string | null) => ({ id: 1, amount: '73381.51', buyerName, buyerUscc, sellerUscc: '913101204UGGJCT2X3', issueDate: '2024-03-24' });
    // No USCC and not an organisation: a person whatever the name's shape (fail closed), as the profile's buyerName.
    const m = maskEvidence({
      invoiceCode: '031012413411', invoiceNumber: '00011151',
      rows: [row('余军兵', null), row('绍兴北骏家政有限公司', FIRM_USCC), row('鑫华五金店', null), row('买买提阿不都热合曼', null)],
    });
    expect(m.value.rows.map((r) => r.buyerName)).toEqual(['余**', '绍兴北骏家政有限公司', '鑫华五金店', '买********']);
    expect(m.value.invoiceNumber).toBe('00011151');
  });

  it('masks a lost customer who is a person (MAJOR_CUSTOMER_LOSS) in the evidence and the message, not a firm', () => {
    const evidence = {
      loss: 0.27,
      lostCustomers: [
        { name: '王华', buyer: '王华', lastMonth: '2025-11', monthsBought: 1, prior9Months: '79980.60', recent3Months: '0' },
        { name: '重庆昊湘纺织有限公司', buyer: '915001561U0C51XF0J', lastMonth: '2026-06', monthsBought: 8, prior9Months: '3713948.70', recent3Months: '0' },
      ],
      rule: { title: 'Major customers lost and not replaced', number: 2 },
    };
    const m = maskEvidence(evidence);
    expect(m.value.lostCustomers.map((c) => [c.name, c.buyer])).toEqual([['王*', '王*'], ['重庆昊湘纺织有限公司', '915001561U0C51XF0J']]);
    expect(m.value.rule).toEqual(evidence.rule);
    const message = 'major customers worth 27% of the invoiced sales ... stopped buying after 2025-11 (王华, 重庆昊湘纺织有限公司), no new customer took their place';
    expect(maskEvidenceText(message, m).value).toBe('major customers worth 27% of the invoiced sales ... stopped buying after 2025-11 (王*, 重庆昊湘纺织有限公司), no new customer took their place');
  });

  it('reads a buyer\'s name next to `buyer` as MAJOR_CUSTOMER_LOSS\'s `name` (the health factors\' shape)', () => {
    const m = maskEvidence({ buyer: '王华', buyerName: '王华', buyerSales: '1.00' });
    expect(m.value).toEqual({ buyer: '王*', buyerName: '王*', buyerSales: '1.00' });
    expect(maskEvidence({ buyer: '915001561U0C51XF0J', buyerName: '重庆昊湘纺织有限公司' }).kinds.size).toBe(0);
  });

  it('leaves a firm\'s own name and everything without a personal-data key (REGISTRY_STATUS_WITH_LIVE_LOAN, GUARANTEE_CIRCLE)', () => {
    const evidence = {
      registry: { uscc: FIRM_USCC, name: '绍兴北骏家政有限公司', status: 'REVOKED', statusChangedOn: '2026-02-01' },
      abnormalListings: [],
      activeLoans: [{ id: 3, contractNo: 'HT2024-001', principal: '500000.00', balance: '120000.00' }],
      cycles: [[FIRM_USCC, '913304110AMB194A40', FIRM_USCC]],
      note: null,
    };
    const m = maskEvidence(evidence);
    expect(m.value).toEqual(evidence);
    expect(m.kinds.size).toBe(0);
    expect(maskEvidenceText('registry status REVOKED while 1 loan(s) are ACTIVE: HT2024-001', m).value).toBe('registry status REVOKED while 1 loan(s) are ACTIVE: HT2024-001');
  });

  it('masks the legal representative\'s ID number, phone and name under the profile\'s field names', () => {
    const m = maskEvidence({ legalRepName: '王五', legalRepIdNo: '330102199001011234', legalRepPhone: '13812341234' });
    expect(m.value).toEqual({ legalRepName: '王*', legalRepIdNo: '3301**********1234', legalRepPhone: '138****1234' });
    expect(new Set(m.kinds)).toEqual(new Set(Object.values(SensitiveKind)));
  });

  it('has a rule for every column of DUPLICATE_RECORD\'s tables the profile masks', () => {
    // The profile masks these columns (registry.resolver.ts, judicial.resolver.ts); each must be masked in the rows too.
    const sensitive: Record<string, Record<string, string>> = {
      'registry.shareholder': { holder_name: '李华', holder_id_no: ID_NO },
      'registry.change_log': { before_value: '王五', after_value: '李四' },
      'judicial.case_party': { name: '王建军' },
    };
    for (const [table, columns] of Object.entries(sensitive)) {
      const spec = RECORD_TABLES.find((t) => t.table === table)!;
      for (const col of Object.keys(columns)) expect(spec.fields).toContain(col);
      const row = { id: '1', ...Object.fromEntries(spec.fields.map((f) => [f, null])), holder_uscc: null, party_type: 'PERSON', ...columns };
      const key = table === 'registry.change_log' ? { item: 'LEGAL_REPRESENTATIVE' } : {};
      const masked = maskEvidence({ table, key, rows: [row] }).value.rows[0] as Record<string, unknown>;
      for (const [col, raw] of Object.entries(columns)) expect(masked[col]).not.toBe(raw);
    }
  });
});

describe('maskEvidenceText', () => {
  it('replaces the longest datum first and leaves one-character data', () => {
    const m = maskEvidence({ changes: [{ before: '李华(21.41%)、王五(78.59%)', after: '李华' }], rows: [{ name: '林', party_type: 'PERSON' }] });
    expect(maskEvidenceText('from 李华(21.41%)、王五(78.59%) to 李华 (林)', m).value).toBe('from 李*(21.41%)、王*(78.59%) to 李* (林)');
  });

  it('reports no kind for a text that embeds none of the data', () => {
    const m = maskEvidence({ changes: [{ before: '陈明阳', after: '宋博' }] });
    expect(maskEvidenceText('Legal representative changed 4 times within 12 months (2025-12-31)', m).kinds.size).toBe(0);
  });
});

describe('maskLegalRepDetail (a firm merge\'s LEGAL_REP comparison)', () => {
  it.each([
    ['both 王五', 'both 王*'],
    ['欧阳娜娜 vs 李四', '欧阳** vs 李*'],
    ['something else 张三', maskPersonName('something else 张三')],
  ])('%s -> %s', (detail, masked) => {
    expect(maskLegalRepDetail(detail)).toBe(masked);
  });
});
