/** Per-request loaders of guarantee networks (keyed by firm and depth) and of ownership (by firm): one statement per batch each. */
import type DataLoader from 'dataloader';
import { registerLoaders } from '../graphql/context';
import type { Database } from '../db/database';
import { loader } from '../lib/loader';
import { portfolioAsOf } from '../quality/as-of';
import { keyOf } from './guarantee.repository';
import type { GuaranteeNetwork, NetworkKey } from './network.types';
import { guaranteeNetworkOf, ownershipOf, type Ownership } from './network.service';

declare module '../graphql/context' {
  interface RequestLoaders {
    guaranteeNetworks: DataLoader<NetworkKey, GuaranteeNetwork, string>;
    ownership: DataLoader<string, Ownership>;
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

export const networkLoaders = registerLoaders(({ reads }) => ({
  guaranteeNetworks: createGuaranteeNetworkLoader(reads),
  ownership: loader<string, Ownership>((usccs) => ownershipOf(reads, usccs)),
}));
