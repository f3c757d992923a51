/**
 * Alternative-data connector: monthly social-insurance headcount and utility payments.
 * Adapter: `postgres` (the `alt_data` mirror schema).
 */
import { argsLoader } from '../shared/connector';
import { defineSource } from '../shared/source';
import type { Database } from '../../src/db/database';
import { loadTopNPerKey } from '../shared/sql';
import { SocialInsuranceMonth, UtilityPayment } from './alt-data.records';
import type DataLoader from 'dataloader';

export * from './alt-data.records';
import { altDataEntities } from './alt-data.records';
import { altDataKinds } from './alt-data.kinds';
import { AltDataProfile, AltDataResolver } from './alt-data.resolver';

export interface AltDataLoaders {
  socialInsurance: DataLoader<{ uscc: string; months: number }, SocialInsuranceMonth[], string>;
  utilities: DataLoader<{ uscc: string; months: number }, UtilityPayment[], string>;
}

/** Utility kinds per month: at most three rows a month, so `months` months is `3 * months` rows. */
const UTILITY_KINDS = 3;

function mirrorLoaders(db: Database): AltDataLoaders {
  return {
    socialInsurance: argsLoader((usccs, { months }: { months: number }) =>
      loadTopNPerKey<SocialInsuranceMonth>(
        db,
        {
          entity: SocialInsuranceMonth,
          table: 'alt_data.social_insurance_month',
          key: 'uscc',
          orderBy: 'x.month DESC',
        },
        usccs,
        months,
      ),
    ),
    utilities: argsLoader(async (usccs, { months }: { months: number }) => {
      const lists = await loadTopNPerKey<UtilityPayment>(
        db,
        { entity: UtilityPayment, table: 'alt_data.utility_payment', key: 'uscc', orderBy: 'x.month DESC, x.utility' },
        usccs,
        months * UTILITY_KINDS,
      );
      // Keep whole months only: the newest `months` distinct months.
      return lists.map((rows) => {
        const keep = new Set([...new Set(rows.map((r) => r.month))].slice(0, months));
        return rows.filter((r) => keep.has(r.month));
      });
    }),
  };
}

declare module '../shared/source-name' {
  interface SourceNames {
    ALT_DATA: AltDataLoaders;
  }
}

/** Social insurance and utilities arrive as files: postgres only. */
export const altDataSource = defineSource<'ALT_DATA'>({
  name: 'ALT_DATA',
  description: 'Alternative data: social-insurance headcount (社保) and utility payments (水电气).',
  entities: altDataEntities,
  kinds: altDataKinds,
  healthTable: 'alt_data.social_insurance_month',
  mirrorLoaders,
  completeness: {
    expected: true,
    records: `(SELECT count(*) FROM alt_data.social_insurance_month m WHERE m.uscc = f.uscc)`,
    newest: `(SELECT (max(m.month) || '-01')::date FROM alt_data.social_insurance_month m WHERE m.uscc = f.uscc)`,
  },
  graphql: {
    type: () => AltDataProfile,
    description: 'Social-insurance headcount and utility payments.',
    resolve: (uscc) => ({ uscc }),
    resolvers: [AltDataResolver],
  },
});
