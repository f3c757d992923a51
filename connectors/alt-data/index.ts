/**
 * Alternative-data connector: monthly social-insurance headcount and utility payments.
 * Adapter: `postgres` (the `alt_data` mirror schema).
 */
import { argsLoader, type ConnectorDeps, type SourceConnector } from '../shared/connector';
import { defineConnector, POSTGRES_ONLY } from '../shared/define';
import type { Database } from '../../src/db/database';
import { loadTopNPerKey } from '../shared/sql';
import { SocialInsuranceMonth, UtilityPayment } from './alt-data.records';
import type DataLoader from 'dataloader';

export * from './alt-data.records';

export interface AltDataLoaders {
  socialInsurance: DataLoader<{ uscc: string; months: number }, SocialInsuranceMonth[], string>;
  utilities: DataLoader<{ uscc: string; months: number }, UtilityPayment[], string>;
}

export type AltDataConnector = SourceConnector<AltDataLoaders>;

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

/** Social insurance and utilities arrive as files: postgres only. */
export function createAltDataConnector(deps: ConnectorDeps): AltDataConnector {
  return defineConnector(
    { source: 'ALT_DATA', healthTable: 'alt_data.social_insurance_month', mirrorLoaders },
    POSTGRES_ONLY,
    deps,
  );
}
