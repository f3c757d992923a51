import { type KindSpec, notBefore } from '../../src/import/kind-spec';
import { Confirmation, CoreEnterprise, Pledge, PurchaseOrder, Receivable } from './supply-chain.records';

/** The supply-chain source's import kinds (`npm run import -- --source supply-chain --kind <kind>`), parents before children. */
export const supplyChainKinds: KindSpec[] = [
  {
    kind: 'core_enterprise',
    entity: CoreEnterprise,
    description: 'A core enterprise (核心企业) of a supply chain, one per USCC.',
    key: { strategy: 'primary', fields: ['uscc'] },
    owners: [],
    dates: [],
    fields: {
      name: { example: '浙江吉利汽车有限公司' },
      industry_code: { example: 'C3611' },
      rating: { example: 'AAA' },
    },
  },
  {
    kind: 'purchase_order',
    entity: PurchaseOrder,
    description: 'An order a core enterprise placed with a supplier.',
    key: { strategy: 'import-key', fields: ['core_uscc', 'order_no'] },
    owners: ['supplier_uscc'],
    dates: ['order_date'],
    fields: {
      order_no: { example: 'PO202405310001' },
      supplier_name: { example: '杭州恒达机械有限公司' },
      supplier_uscc: { note: 'none when the source names the supplier only' },
    },
  },
  {
    kind: 'receivable',
    entity: Receivable,
    description: 'An account receivable (应收账款) a supplier holds on a core enterprise, keyed by its number.',
    key: { strategy: 'unique', fields: ['receivable_no'] },
    owners: ['creditor_uscc'],
    dates: ['issue_date'],
    rules: [notBefore('due_date', 'issue_date')],
    fields: { receivable_no: { example: 'AR202405310001' } },
  },
  {
    kind: 'confirmation',
    entity: Confirmation,
    description: "A core enterprise's confirmation (确权) of a receivable, named by its number.",
    key: { strategy: 'import-key', fields: ['receivable_no', 'confirmed_by', 'confirmed_on'] },
    parent: {
      column: 'receivable_no',
      fk: 'receivable_id',
      kind: 'supply-chain.receivable',
      table: 'supply_chain.receivable',
      key: 'receivable_no',
      what: 'a receivable',
      owners: ['creditor_uscc'],
    },
    owners: [],
    dates: ['confirmed_on'],
    fields: { receivable_no: { example: 'AR202405310001' } },
  },
  {
    kind: 'pledge',
    entity: Pledge,
    description: 'A registered pledge (质押, 中登网) of a receivable, keyed by its registration number.',
    key: { strategy: 'unique', fields: ['registration_no'] },
    parent: {
      column: 'receivable_no',
      fk: 'receivable_id',
      kind: 'supply-chain.receivable',
      table: 'supply_chain.receivable',
      key: 'receivable_no',
      what: 'a receivable',
      owners: ['creditor_uscc'],
    },
    owners: [],
    dates: ['pledged_on'],
    fields: {
      receivable_no: { example: 'AR202405310001' },
      pledgee: { example: '杭州银行' },
      registration_no: { example: '05326790000012345678' },
    },
  },
];
