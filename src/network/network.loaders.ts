/**
 * Per-request loaders of guarantee networks (keyed by firm and depth), of ownership (by firm) and
 * of related groups (by firm): one statement per batch each (a group batch reads its firms'
 * ownership and networks through the two others, so a page asking for both shares them).
 */
import type DataLoader from 'dataloader';
import { registerLoaders } from '../graphql/context';
import type { Database } from '../db/database';
import { loader } from '../lib/loader';
import { portfolioAsOf } from '../quality/as-of';
import { keyOf } from './guarantee.repository';
import type { GuaranteeNetwork, NetworkKey } from './network.types';
import { guaranteeNetworkOf, ownershipOf, type Ownership } from './network.service';
import { relatedGroupsOf, type RelatedGroupDeps } from './related-group.service';
import type { RelatedGroup } from './related-group.types';

declare module '../graphql/context' {
  interface RequestLoaders {
    guaranteeNetworks: DataLoader<NetworkKey, GuaranteeNetwork, string>;
    ownership: DataLoader<string, Ownership>;
    relatedGroups: DataLoader<string, RelatedGroup>;
  }
}

export function createGuaranteeNetworkLoader(db: Database): DataLoader<NetworkKey, GuaranteeNetwork, string> {
  return loader(
    async (keys) => {
      const asOf = await portfolioAsOf(db);
      return guaranteeNetworkOf(db, keys, asOf.date);
    },
    { cacheKeyFn: keyOf },
  );
}

export function createRelatedGroupLoader(db: Database, deps: RelatedGroupDeps): DataLoader<string, RelatedGroup> {
  return loader((usccs) => relatedGroupsOf(db, deps, usccs));
}

export const networkLoaders = registerLoaders(({ reads }) => {
  const guaranteeNetworks = createGuaranteeNetworkLoader(reads);
  const ownership = loader<string, Ownership>((usccs) => ownershipOf(reads, usccs));
  return {
    guaranteeNetworks,
    ownership,
    relatedGroups: createRelatedGroupLoader(reads, { ownership, guaranteeNetworks }),
  };
});
