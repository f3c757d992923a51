/**
 * Personal data inside evidence JSON: the walk masks by key, as the profile's fields mask the same
 * data, and leaves everything else as it is. The evidence is shaped as the checks and rules write
 * it (src/quality/checks, src/warnings/rules/); the values are of the test portfolio's kind.
 */
import { maskEvidence, maskEvidenceText } from '../src/masking/evidence';
import { maskIdNumber, maskPersonName, maskPersonNamesInText } from '../src/masking/mask';
import { SensitiveKind } from '../src/masking/masking.config';
import { RECORD_TABLES } from '../src/quality/checks/duplicate-record.check';
import { maskLegalRepDetail } from '../src/resolution/entity-link.resolver';
import { INDICATORS } from '../src/health/indicators';
import type { FirmFacts } from '../src/health/facts';
import { evidenceQuotedBy } from '../src/health/health.resolver';
import type { HealthFactor } from '../src/health/health.service';
import { ApprovalRoute, ReasonCode, routeApplication, type Flag } from '../src/approval/approval.service';
import { Severity } from '../src/quality/finding.entity';
import { Tier } from '../src/health/tier';
import { healthyFacts } from './facts.fixture';

const FIRM_USCC = '913306810MXL54EP1X';
const ID_NO = '120117199208137358';

describe('maskEvidence', () => {
  it("masks the persons of FREQUENT_LEGAL_REP_CHANGE's changes, keeping ids, dates and thresholds", () => {
    const evidence = {
      changes: [
        { id: 64, after: '宋博', before: '陈明阳', changedOn: '2025-12-31' },
        { id: 65, after: '欧阳娜娜', before: '宋博', changedOn: '2026-01-05' },
      ],
      windowEnd: '2026-12-30',
      minChanges: 3,
      windowStart: '2025-12-31',
      windowMonths: 12,
    };
    const copy = structuredClone(evidence);
    const m = maskEvidence(evidence);
    expect(m.value).toEqual({
      changes: [
        { id: 64, after: '宋*', before: '陈**', changedOn: '2025-12-31' },
        { id: 65, after: '欧阳**', before: '宋*', changedOn: '2026-01-05' },
      ],
      windowEnd: '2026-12-30',
      minChanges: 3,
      windowStart: '2025-12-31',
      windowMonths: 12,
    });
    expect([...m.kinds]).toEqual([SensitiveKind.PERSON_NAME]);
    expect(evidence).toEqual(copy); // the input is left as it is
  });

  it("masks a person shareholder's ID number and name in DUPLICATE_RECORD, in the key and in each row, and in the message", () => {
    const evidence = {
      key: { uscc: '911201173GT4GHMK4Q', holder: ID_NO, holderType: 'PERSON' },
      rows: [
        {
          id: '196',
          holder_name: '陈成成',
          holder_uscc: null,
          share_ratio: '0.9329',
          holder_id_no: ID_NO,
          paid_capital: '932900.00',
          subscribed_capital: '932900.00',
        },
        {
          id: '198',
          holder_name: '陈成成',
          holder_uscc: null,
          share_ratio: '0.9329',
          holder_id_no: ID_NO,
          paid_capital: '932900.00',
          subscribed_capital: '732694.97',
        },
      ],
      table: 'registry.shareholder',
      rowIds: ['196', '198'],
      source: 'registry',
      identical: false,
      differingFields: ['subscribed_capital'],
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
    expect(maskEvidence(change('LEGAL_REPRESENTATIVE', '王五', '张小明')).value.rows[0]).toEqual({
      id: '1',
      before_value: '王*',
      after_value: '张**',
    });
    const address = change('ADDRESS', '浙江省舟山市定海区振兴路775号5幢2005室', '浙江省舟山市定海区长江路870号');
    expect(maskEvidence(address).value).toEqual(address);
    expect(maskEvidence(address).kinds.size).toBe(0);
  });

  it("masks a court party's name by its type (DUPLICATE_RECORD on judicial.case_party)", () => {
    const m = maskEvidence({
      rows: [
        { id: '7', name: '王建军', party_type: 'PERSON', role: 'PLAINTIFF' },
        { id: '8', name: '杭州鑫华机械有限公司', party_type: 'FIRM', role: 'DEFENDANT' },
      ],
    });
    expect(m.value.rows.map((r) => r.name)).toEqual(['王**', '杭州鑫华机械有限公司']);
  });

  it('masks an invoice buyer without a USCC that is not an organisation (DUPLICATE_INVOICE), not a firm buyer', () => {
    const row = (buyerName: string, buyerUscc: string | null) => ({
      id: 1,
      amount: '73381.51',
      buyerName,
      buyerUscc,
      sellerUscc: '913101204UGGJCT2X3',
      issueDate: '2024-03-24',
    });
    // No USCC and not an organisation: a person whatever the name's shape (fail closed), as the profile's buyerName.
    const m = maskEvidence({
      invoiceCode: '031012413411',
      invoiceNumber: '00011151',
      rows: [
        row('余军兵', null),
        row('绍兴北骏家政有限公司', FIRM_USCC),
        row('鑫华五金店', null),
        row('买买提阿不都热合曼', null),
      ],
    });
    expect(m.value.rows.map((r) => r.buyerName)).toEqual(['余**', '绍兴北骏家政有限公司', '鑫华五金店', '买********']);
    expect(m.value.invoiceNumber).toBe('00011151');
  });

  it('masks a lost customer who is a person (MAJOR_CUSTOMER_LOSS) in the evidence and the message, not a firm', () => {
    const evidence = {
      loss: 0.27,
      lostCustomers: [
        {
          name: '王华',
          buyer: '王华',
          lastMonth: '2025-11',
          monthsBought: 1,
          prior9Months: '79980.60',
          recent3Months: '0',
        },
        {
          name: '重庆昊湘纺织有限公司',
          buyer: '915001561U0C51XF0J',
          lastMonth: '2026-06',
          monthsBought: 8,
          prior9Months: '3713948.70',
          recent3Months: '0',
        },
      ],
      rule: { title: 'Major customers lost and not replaced', number: 2 },
    };
    const m = maskEvidence(evidence);
    expect(m.value.lostCustomers.map((c) => [c.name, c.buyer])).toEqual([
      ['王*', '王*'],
      ['重庆昊湘纺织有限公司', '915001561U0C51XF0J'],
    ]);
    expect(m.value.rule).toEqual(evidence.rule);
    const message =
      'major customers worth 27% of the invoiced sales ... stopped buying after 2025-11 (王华, 重庆昊湘纺织有限公司), no new customer took their place';
    expect(maskEvidenceText(message, m).value).toBe(
      'major customers worth 27% of the invoiced sales ... stopped buying after 2025-11 (王*, 重庆昊湘纺织有限公司), no new customer took their place',
    );
  });

  it("reads a buyer's name next to `buyer` as MAJOR_CUSTOMER_LOSS's `name` (the health factors' shape)", () => {
    const m = maskEvidence({ buyer: '王华', buyerName: '王华', buyerSales: '1.00' });
    expect(m.value).toEqual({ buyer: '王*', buyerName: '王*', buyerSales: '1.00' });
    expect(maskEvidence({ buyer: '915001561U0C51XF0J', buyerName: '重庆昊湘纺织有限公司' }).kinds.size).toBe(0);
  });

  it("leaves a firm's own name and everything without a personal-data key (REGISTRY_STATUS_WITH_LIVE_LOAN, GUARANTEE_CIRCLE)", () => {
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
    expect(maskEvidenceText('registry status REVOKED while 1 loan(s) are ACTIVE: HT2024-001', m).value).toBe(
      'registry status REVOKED while 1 loan(s) are ACTIVE: HT2024-001',
    );
  });

  it("masks the legal representative's ID number, phone and name under the profile's field names", () => {
    const m = maskEvidence({ legalRepName: '王五', legalRepIdNo: '330102199001011234', legalRepPhone: '13812341234' });
    expect(m.value).toEqual({ legalRepName: '王*', legalRepIdNo: '3301**********1234', legalRepPhone: '138****1234' });
    expect(new Set(m.kinds)).toEqual(new Set(Object.values(SensitiveKind)));
  });

  it("has a rule for every column of DUPLICATE_RECORD's tables the profile masks", () => {
    // The profile masks these columns (registry.resolver.ts, judicial.resolver.ts); each must be masked in the rows too.
    const sensitive: Record<string, Record<string, string>> = {
      'registry.shareholder': { holder_name: '李华', holder_id_no: ID_NO },
      'registry.change_log': { before_value: '王五', after_value: '李四' },
      'judicial.case_party': { name: '王建军' },
    };
    for (const [table, columns] of Object.entries(sensitive)) {
      const spec = RECORD_TABLES.find((t) => t.table === table)!;
      for (const col of Object.keys(columns)) expect(spec.fields).toContain(col);
      const row = {
        id: '1',
        ...Object.fromEntries(spec.fields.map((f) => [f, null])),
        holder_uscc: null,
        party_type: 'PERSON',
        ...columns,
      };
      const key = table === 'registry.change_log' ? { item: 'LEGAL_REPRESENTATIVE' } : {};
      const masked = maskEvidence({ table, key, rows: [row] }).value.rows[0] as Record<string, unknown>;
      for (const [col, raw] of Object.entries(columns)) expect(masked[col]).not.toBe(raw);
    }
  });
});

describe('maskEvidenceText', () => {
  it('replaces the longest datum first and leaves one-character data', () => {
    const m = maskEvidence({
      changes: [{ before: '李华(21.41%)、王五(78.59%)', after: '李华' }],
      rows: [{ name: '林', party_type: 'PERSON' }],
    });
    expect(maskEvidenceText('from 李华(21.41%)、王五(78.59%) to 李华 (林)', m).value).toBe(
      'from 李*(21.41%)、王*(78.59%) to 李* (林)',
    );
  });

  it('reports no kind for a text that embeds none of the data', () => {
    const m = maskEvidence({ changes: [{ before: '陈明阳', after: '宋博' }] });
    expect(maskEvidenceText('Legal representative changed 4 times within 12 months (2025-12-31)', m).kinds.size).toBe(
      0,
    );
  });
});

describe("maskLegalRepDetail (a firm merge's LEGAL_REP comparison)", () => {
  it.each([
    ['both 王五', 'both 王*'],
    ['欧阳娜娜 vs 李四', '欧阳** vs 李*'],
    ['something else 张三', maskPersonName('something else 张三')],
  ])('%s -> %s', (detail, masked) => {
    expect(maskLegalRepDetail(detail)).toBe(masked);
  });
});

describe("health factors' evidence and explanation (src/health/indicators/)", () => {
  const factor = (code: string, facts: FirmFacts) => INDICATORS.find((i) => i.code === code)!.compute(facts);
  const fixture = healthyFacts();
  // The fixture's customers, with valid USCCs (a `buyer` that is no valid USCC is taken for a name).
  const usccs = [FIRM_USCC, '915001561U0C51XF0J', '913304110AMB194A40', '911201173GT4GHMK4Q'];
  const tax = { ...fixture.tax!, buyers: fixture.tax!.buyers.map((b, k) => ({ ...b, buyer: usccs[k] })) };
  const base = healthyFacts({ tax });
  /** A customer without a USCC (a person), bought regularly until 2026-07 and not since: lost. */
  const person = {
    buyer: '王华',
    buyerName: '王华',
    recent: '0.00',
    prior: '1350000.00',
    priorMonths: 9,
    firstMonth: '2025-11',
    lastMonth: '2026-07',
  };

  it('CUSTOMER_CONCENTRATION: the largest customer who is a person, in `buyer`, `buyerName` and the explanation; a firm is left', () => {
    const r = factor(
      'CUSTOMER_CONCENTRATION',
      healthyFacts({
        tax: { ...tax, buyers: [{ ...person, recent: '600000.00', prior: '1800000.00' }, ...tax.buyers.slice(1)] },
      }),
    );
    expect(r.explanation).toContain('(王华)');
    const m = maskEvidence(r.evidence);
    expect(m.value).toMatchObject({ buyer: '王*', buyerName: '王*', buyerSales: '2400000.00' });
    expect(maskEvidenceText(r.explanation, m).value).toBe(r.explanation.replace('王华', '王*'));
    const firm = factor('CUSTOMER_CONCENTRATION', base);
    expect(maskEvidence(firm.evidence).kinds.size).toBe(0);
  });

  it('MAJOR_CUSTOMER_LOSS: a lost customer who is a person, in `majorCustomers[]` and the explanation; firms are left', () => {
    const r = factor(
      'MAJOR_CUSTOMER_LOSS',
      healthyFacts({ tax: { ...tax, buyers: [tax.buyers[0], person, ...tax.buyers.slice(2)] } }),
    );
    expect(r.explanation).toContain('(王华)');
    const m = maskEvidence(r.evidence);
    const customers = m.value.majorCustomers as Array<{ buyer: string; name: string; prior9Months: string }>;
    expect(customers.map((c) => [c.buyer, c.name])).toEqual([
      [tax.buyers[0].buyer, tax.buyers[0].buyerName],
      ['王*', '王*'],
      [tax.buyers[2].buyer, tax.buyers[2].buyerName],
      [tax.buyers[3].buyer, tax.buyers[3].buyerName],
    ]);
    expect(customers[1].prior9Months).toBe('1350000.00');
    expect([...m.kinds]).toEqual([SensitiveKind.PERSON_NAME]);
    const text = maskEvidenceText(r.explanation, m);
    expect(text.value).toContain('(王*)');
    expect(text.value).not.toContain('王华');
  });

  it('LEGAL_REP_CHANGES: the legal representatives before and after each change (no item: masked)', () => {
    const changes = [{ id: '9', changedOn: '2026-03-02', before: '陈明阳', after: '欧阳娜娜' }];
    const r = factor('LEGAL_REP_CHANGES', healthyFacts({ registry: { ...base.registry!, legalRepChanges: changes } }));
    expect(maskEvidence(r.evidence).value).toEqual({
      changes: [{ id: '9', changedOn: '2026-03-02', before: '陈**', after: '欧阳**' }],
    });
  });

  it("a reason quoting a factor's explanation is masked by that factor's evidence; other reasons quote none", () => {
    const r = factor('MAJOR_CUSTOMER_LOSS', healthyFacts({ tax: { ...tax, buyers: [tax.buyers[0], person] } }));
    const factors = [
      {
        code: 'DEBT_RATIO',
        explanation: 'liabilities are 50% of total assets (statement of 2025-12-31)',
        evidence: { statementId: '1' },
      },
      { code: 'MAJOR_CUSTOMER_LOSS', explanation: r.explanation, evidence: r.evidence },
    ] as HealthFactor[];
    const reason = `${r.explanation} ([0.1, 0.3): 12.5 of 20 points short)`;
    const quoted = evidenceQuotedBy(reason, factors);
    expect(quoted).toEqual([r.evidence]);
    expect(maskEvidenceText(reason, maskEvidence(quoted)).value).toBe(reason.replace('王华', '王*'));
    expect(evidenceQuotedBy('a loan is 95 days overdue: score capped at 29', factors)).toEqual([]);
  });
});

describe("an approval reason's evidence (src/approval/approval.service.ts)", () => {
  const lost: Flag = {
    code: 'MAJOR_CUSTOMER_LOSS',
    severity: Severity.MEDIUM,
    fingerprint: 'a'.repeat(64),
    message:
      'major customers worth 27% of the invoiced sales of the 9 months before the last 3 stopped buying after 2025-11 (王华, 重庆昊湘纺织有限公司)',
    evidence: {
      lostCustomers: [
        { name: '王华', buyer: '王华' },
        { name: '重庆昊湘纺织有限公司', buyer: '915001561U0C51XF0J' },
      ],
    },
  };
  const duplicate: Flag = {
    code: 'DUPLICATE_RECORD',
    severity: Severity.HIGH,
    fingerprint: 'b'.repeat(64),
    message: `registry.shareholder record (uscc=911201173GT4GHMK4Q, holderType=PERSON, holder=${ID_NO}) is on 2 rows (ids 196, 198)`,
    evidence: {
      key: { uscc: '911201173GT4GHMK4Q', holder: ID_NO, holderType: 'PERSON' },
      table: 'registry.shareholder',
    },
  };
  const health = { score: 85, tier: Tier.BLUE, modelVersion: 'm', confidence: 0.9, missingSources: [] };

  it('quotes each warning and finding with its evidence, and the walk masks the message by it', () => {
    const d = routeApplication({ amount: '100000.00', health, warnings: [lost], findings: [duplicate] });
    expect(d.route).toBe(ApprovalRoute.COMMITTEE);
    const serious = d.reasons.find((r) => r.code === ReasonCode.SERIOUS_FINDING)!;
    const m = maskEvidence(serious.evidence);
    expect(m.value.findings).toEqual([
      {
        ...duplicate,
        message: duplicate.message.replace(ID_NO, maskIdNumber(ID_NO)),
        evidence: {
          ...duplicate.evidence,
          key: { ...(duplicate.evidence.key as object), holder: maskIdNumber(ID_NO) },
        },
      },
    ]);
    expect(JSON.stringify(m.value)).not.toContain(ID_NO);
  });

  it("masks a lost customer's name in a lesser warning an auto-approval lists", () => {
    const d = routeApplication({ amount: '100000.00', health, warnings: [lost], findings: [] });
    expect(d.route).toBe(ApprovalRoute.AUTO_APPROVE);
    const none = d.reasons.find((r) => r.code === ReasonCode.NO_SERIOUS_WARNING)!;
    expect(JSON.stringify(none.evidence)).toContain('王华');
    const m = maskEvidence(none.evidence);
    const [w] = m.value.warnings as Array<{ message: string; evidence: { lostCustomers: Array<{ name: string }> } }>;
    expect(w.message).toBe(lost.message.replace('王华', '王*'));
    expect(w.evidence.lostCustomers.map((c) => c.name)).toEqual(['王*', '重庆昊湘纺织有限公司']);
    expect(JSON.stringify(m.value)).not.toContain('王华');
    expect([...m.kinds]).toEqual([SensitiveKind.PERSON_NAME]);
  });

  it('leaves a message whose evidence names no one, and a message without evidence', () => {
    const plain = { code: 'TAX_PAID_DECLINE', message: 'tax paid fell 40% (王华)', evidence: { recent: '1.00' } };
    expect(maskEvidence({ warnings: [plain] }).value).toEqual({ warnings: [plain] });
    expect(maskEvidence({ message: '王华' }).value).toEqual({ message: '王华' });
  });
});
