import { type KindSpec } from '../../src/import/kind-spec';
import { SocialInsuranceMonth, UtilityPayment } from './alt-data.records';

/** The alt-data source's import kinds (`npm run import -- --source alt-data --kind <kind>`), parents before children. */
export const altDataKinds: KindSpec[] = [
  {
    kind: 'social_insurance_month',
    entity: SocialInsuranceMonth,
    description: 'Staff a firm insured in a month (社保) and the contributions paid.',
    key: { strategy: 'primary', fields: ['uscc', 'month'] },
    owners: ['uscc'],
    dates: ['month'],
    fields: { insured_headcount: { example: '23' } },
  },
  {
    kind: 'utility_payment',
    entity: UtilityPayment,
    description: "A firm's monthly utility bill (水电气) and its payment.",
    key: { strategy: 'primary', fields: ['uscc', 'month', 'utility'] },
    owners: ['uscc'],
    dates: ['month', 'paid_on'],
    fields: { usage: { example: '1520.50', note: 'kWh or m³' } },
  },
];
