/**
 * Business-registry connector (工商). Adapters: `postgres` (the `registry` mirror schema) and
 * `http` (the registry upstream, written through to the mirror).
 */
import type DataLoader from 'dataloader';
import { loader } from '../../src/lib/loader';
import { argsLoader } from '../shared/connector';
import { defineSource } from '../shared/source';
import { loadAllPerKey, loadOnePerKey, loadTopNPerKey } from '../shared/sql';
import { firmRows, replaceRows } from '../shared/write-through';
import { AbnormalListing, RegistryChange, RegistryCompany, Shareholder } from './registry.records';
import { registryProfileSchema, type RegistryProfilePayload } from './registry.upstream';
import type { Database } from '../../src/db/database';
import { registerFetchedFirms } from '../../src/firm/firm.repository';

export * from './registry.records';
import { registryEntities } from './registry.records';
import { registryKinds } from './registry.kinds';
import { RegistryChangeResolver, RegistryResolver, ShareholderResolver } from './registry.resolver';

export interface RegistryLoaders {
  company: DataLoader<string, RegistryCompany | null>;
  shareholders: DataLoader<string, Shareholder[]>;
  changes: DataLoader<{ uscc: string; first: number }, RegistryChange[], string>;
  abnormalListings: DataLoader<string, AbnormalListing[]>;
}

function mirrorLoaders(db: Database): RegistryLoaders {
  return {
    company: loader((usccs) =>
      loadOnePerKey<RegistryCompany>(db, { entity: RegistryCompany, table: 'registry.company', key: 'uscc' }, usccs),
    ),
    shareholders: loader((usccs) =>
      loadAllPerKey<Shareholder>(
        db,
        { entity: Shareholder, table: 'registry.shareholder', key: 'uscc', orderBy: 'x.share_ratio DESC, x.id' },
        usccs,
      ),
    ),
    changes: argsLoader((usccs, { first }: { first: number }) =>
      loadTopNPerKey<RegistryChange>(
        db,
        { entity: RegistryChange, table: 'registry.change_log', key: 'uscc', orderBy: 'x.changed_on DESC, x.id DESC' },
        usccs,
        first,
      ),
    ),
    abnormalListings: loader((usccs) =>
      loadAllPerKey<AbnormalListing>(
        db,
        {
          entity: AbnormalListing,
          table: 'registry.abnormal_listing',
          key: 'uscc',
          orderBy: 'x.listed_on DESC, x.id DESC',
        },
        usccs,
      ),
    ),
  };
}

declare module '../shared/source-name' {
  interface SourceNames {
    REGISTRY: RegistryLoaders;
  }
}

export const registrySource = defineSource<'REGISTRY', RegistryProfilePayload>({
  name: 'REGISTRY',
  description: 'The business registry (工商): registration, shareholders, changes, abnormal-operation listings.',
  entities: registryEntities,
  kinds: registryKinds,
  healthTable: 'registry.company',
  mirrorLoaders,
  upstream: {
    resource: 'registry',
    schema: registryProfileSchema,
    async writeThrough(client, usccs, all) {
      const byFirm = firmRows('uscc');
      await replaceRows(
        client,
        { entity: RegistryCompany, table: 'registry.company', replaceWhere: byFirm },
        usccs,
        all.map((p) => p.company),
      );
      // A registry record fetched for a firm the platform does not hold makes it a borrower, as an imported one does.
      await registerFetchedFirms(client, usccs);
      await replaceRows(
        client,
        { entity: Shareholder, table: 'registry.shareholder', replaceWhere: byFirm },
        usccs,
        all.flatMap((p) => p.shareholders),
      );
      await replaceRows(
        client,
        { entity: RegistryChange, table: 'registry.change_log', replaceWhere: byFirm },
        usccs,
        all.flatMap((p) => p.changes),
      );
      await replaceRows(
        client,
        { entity: AbnormalListing, table: 'registry.abnormal_listing', replaceWhere: byFirm },
        usccs,
        all.flatMap((p) => p.abnormalListings),
      );
    },
  },
  completeness: {
    expected: true,
    records: `(SELECT count(*) FROM registry.company c WHERE c.uscc = f.uscc)`,
    newest: `(SELECT greatest(max(c.founded_on), (SELECT max(l.changed_on) FROM registry.change_log l WHERE l.uscc = f.uscc)) FROM registry.company c WHERE c.uscc = f.uscc)`,
  },
  graphql: {
    type: () => RegistryCompany,
    description: 'Business registry (工商); null when the registry has no record.',
    resolve: (uscc, found, loaders) => (found ? loaders.company.load(uscc) : null),
    resolvers: [RegistryResolver, ShareholderResolver, RegistryChangeResolver],
  },
});
