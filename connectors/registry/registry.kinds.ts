import { type KindSpec, notBefore, RATIO, type RowRule } from '../../src/import/kind-spec';
import {
  AbnormalListing,
  ChangeItem,
  RegistryChange,
  RegistryCompany,
  RegistryStatus,
  Shareholder,
} from './registry.records';

const REGISTRY_STATUSES: readonly string[] = Object.values(RegistryStatus);

/** A STATUS change (the registry status history) goes from one registry status to another. */
const statusChange: RowRule = {
  columns: ['item', 'before_value', 'after_value'],
  doc: `a STATUS change has before_value and after_value among ${REGISTRY_STATUSES.join(', ')}`,
  check: (v) => {
    if (v.item !== ChangeItem.STATUS) return null;
    const bad = (['before_value', 'after_value'] as const).filter((c) => !REGISTRY_STATUSES.includes(v[c] as string));
    if (!bad.length) return null;
    return bad
      .map(
        (c) =>
          `column ${c}: ${JSON.stringify(v[c])} is not a registry status; a STATUS change goes from one of ${REGISTRY_STATUSES.join(', ')} to another`,
      )
      .join('; ');
  },
};

/** The registry source's import kinds (`npm run import -- --source registry --kind <kind>`), parents before children. */
export const registryKinds: KindSpec[] = [
  {
    kind: 'company',
    entity: RegistryCompany,
    description: 'The business-registry record (工商登记) of a firm, one per USCC.',
    key: { strategy: 'primary', fields: ['uscc'] },
    owners: ['uscc'],
    dates: ['founded_on', 'status_changed_on'],
    borrower: { uscc: 'uscc', name: 'name' },
    rules: [notBefore('status_changed_on', 'founded_on')],
    fields: {
      name: { example: '杭州恒达机械有限公司' },
      legal_rep_name: { example: '王建国' },
      legal_rep_phone: { example: '13905710000' },
      address: { example: '浙江省杭州市西湖区文三路100号' },
      business_scope: { example: '机械设备制造、销售' },
      authority: { example: '杭州市西湖区市场监督管理局' },
    },
  },
  {
    kind: 'shareholder',
    entity: Shareholder,
    description: 'A shareholder (股东) of a firm and its share.',
    key: { strategy: 'import-key', fields: ['uscc', ['holder_uscc', 'holder_id_no', 'holder_name']] },
    owners: ['uscc'],
    dates: [],
    fields: {
      share_ratio: { ...RATIO, example: '0.3500', note: 'between 0 and 1' },
      holder_name: { example: '王建国' },
      holder_uscc: { note: 'for a firm shareholder' },
      holder_id_no: { note: 'for a person shareholder' },
    },
  },
  {
    kind: 'change_log',
    entity: RegistryChange,
    description:
      'A registered change (变更记录); item STATUS is the registry status history (before and after: ACTIVE, REVOKED, DEREGISTERED).',
    key: { strategy: 'import-key', fields: ['uscc', 'changed_on', 'item'] },
    owners: ['uscc'],
    dates: ['changed_on'],
    rules: [statusChange],
    fields: {
      before_value: { example: '王建国', note: 'for item STATUS a registry status: ACTIVE, REVOKED or DEREGISTERED' },
      after_value: { example: '李华', note: 'for item STATUS a registry status' },
    },
  },
  {
    kind: 'abnormal_listing',
    entity: AbnormalListing,
    description: 'A listing in the abnormal-operations list (经营异常名录).',
    key: { strategy: 'import-key', fields: ['uscc', 'listed_on'] },
    owners: ['uscc'],
    dates: ['listed_on', 'removed_on'],
    rules: [notBefore('removed_on', 'listed_on')],
    fields: { reason: { example: '未按规定报送年度报告' }, authority: { example: '杭州市西湖区市场监督管理局' } },
  },
];
