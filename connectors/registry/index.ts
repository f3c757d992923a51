/**
 * Business-registry connector (工商). Adapter: `postgres` (the `registry` mirror schema).
 */
import DataLoader from 'dataloader';
import { argsLoader, mirrorHealth, type ConnectorDeps, type SourceConnector } from '../shared/connector';
import { loadAllPerKey, loadOnePerKey, loadTopNPerKey } from '../shared/sql';
import { AbnormalListing, RegistryChange, RegistryCompany, Shareholder } from './registry.records';

export * from './registry.records';

export interface RegistryLoaders {
  company: DataLoader<string, RegistryCompany | null>;
  shareholders: DataLoader<string, Shareholder[]>;
  changes: DataLoader<{ uscc: string; first: number }, RegistryChange[], string>;
  abnormalListings: DataLoader<string, AbnormalListing[]>;
}

export type RegistryConnector = SourceConnector<RegistryLoaders>;

export function createRegistryConnector(_config: object, { db }: ConnectorDeps): RegistryConnector {
  return {
    source: 'REGISTRY',
    createLoaders: () => ({
      company: new DataLoader((usccs) =>
        loadOnePerKey<RegistryCompany>(db, { entity: RegistryCompany, table: 'registry.company', key: 'uscc' }, usccs),
      ),
      shareholders: new DataLoader((usccs) =>
        loadAllPerKey<Shareholder>(db, { entity: Shareholder, table: 'registry.shareholder', key: 'uscc', orderBy: 'x.share_ratio DESC, x.id' }, usccs),
      ),
      changes: argsLoader((usccs, { first }) =>
        loadTopNPerKey<RegistryChange>(db, { entity: RegistryChange, table: 'registry.change_log', key: 'uscc', orderBy: 'x.changed_on DESC, x.id DESC' }, usccs, first),
      ),
      abnormalListings: new DataLoader((usccs) =>
        loadAllPerKey<AbnormalListing>(db, { entity: AbnormalListing, table: 'registry.abnormal_listing', key: 'uscc', orderBy: 'x.listed_on DESC, x.id DESC' }, usccs),
      ),
    }),
    health: () => mirrorHealth(db, 'REGISTRY', 'registry.company'),
    dispose: async () => {},
  };
}
