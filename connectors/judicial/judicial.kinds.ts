import { type KindSpec, notBefore } from '../../src/import/kind-spec';
import { CaseParty, CourtCase, DishonestListing, Enforcement } from './judicial.records';

/**
 * A court record's publication day (公开): when a bank could first know of it. Files from before
 * the column existed do not have it: the filing day, as the migration that added it backfilled.
 */
const PUBLISHED_ON = {
  defaultFrom: 'filed_on',
  note: 'the day it was published, when a bank could first know of it; older files may leave it out',
};

/** The judicial source's import kinds (`npm run import -- --source judicial --kind <kind>`), parents before children. */
export const judicialKinds: KindSpec[] = [
  {
    kind: 'court_case',
    entity: CourtCase,
    description: 'A court case (案件), keyed by its case number; its parties come in case_party.',
    key: { strategy: 'unique', fields: ['case_no'] },
    owners: [],
    dates: ['filed_on', 'published_on', 'closed_on'],
    rules: [notBefore('published_on', 'filed_on'), notBefore('closed_on', 'filed_on')],
    fields: {
      case_no: { example: '(2024)浙0106民初1234号' },
      court: { example: '杭州市西湖区人民法院' },
      cause: { example: '买卖合同纠纷' },
      filed_on: { example: '2024-05-06' },
      published_on: { ...PUBLISHED_ON, example: '2024-06-03' },
      closed_on: { example: '2024-09-30' },
      status: { example: 'CLOSED' },
    },
  },
  {
    kind: 'case_party',
    entity: CaseParty,
    description: 'A party to a court case, named by the case number.',
    key: { strategy: 'import-key', fields: ['case_no', 'role', ['uscc', 'name']] },
    parent: {
      column: 'case_no',
      fk: 'case_id',
      kind: 'judicial.court_case',
      table: 'judicial.court_case',
      key: 'case_no',
      what: 'a court case',
      dates: ['filed_on', 'published_on', 'closed_on'],
    },
    owners: ['uscc'],
    dates: [],
    fields: {
      case_no: { example: '(2024)浙0106民初1234号' },
      name: { example: '杭州恒达机械有限公司' },
      uscc: { note: 'none when the court names the party only' },
    },
  },
  {
    kind: 'enforcement',
    entity: Enforcement,
    description: 'An enforcement case (被执行人) against a firm.',
    key: { strategy: 'import-key', fields: ['uscc', 'case_no'] },
    owners: ['uscc'],
    dates: ['filed_on', 'published_on', 'closed_on'],
    rules: [notBefore('published_on', 'filed_on'), notBefore('closed_on', 'filed_on')],
    fields: {
      case_no: { example: '(2024)浙0106执1234号' },
      court: { example: '杭州市西湖区人民法院' },
      filed_on: { example: '2024-05-06' },
      published_on: { ...PUBLISHED_ON, example: '2024-05-20' },
      closed_on: { example: '2024-11-15', note: 'the day it ended (结案); none while it runs' },
      status: { example: 'CLOSED' },
    },
  },
  {
    kind: 'dishonest_listing',
    entity: DishonestListing,
    description: 'A listing of a firm as a dishonest judgment debtor (失信被执行人).',
    key: { strategy: 'import-key', fields: ['uscc', 'case_no'] },
    owners: ['uscc'],
    dates: ['listed_on', 'removed_on'],
    rules: [notBefore('removed_on', 'listed_on')],
    fields: {
      case_no: { example: '(2024)浙0106执1234号' },
      court: { example: '杭州市西湖区人民法院' },
      obligation: { example: '支付货款及利息' },
    },
  },
];
