/** Entity links per record and the firm a record was merged into. */
import type DataLoader from 'dataloader';
import { registerLoaders } from '../graphql/context';
import { createEntityLinksLoader, createMergedIntoLoader } from './entity-link.repository';
import type { EntityLinkType } from './entity-link.types';

declare module '../graphql/context' {
  interface RequestLoaders {
    entityLinks: DataLoader<string, EntityLinkType[]>;
    mergedInto: DataLoader<string, EntityLinkType | null>;
  }
}

export const resolutionLoaders = registerLoaders(({ reads }) => ({
  entityLinks: createEntityLinksLoader(reads),
  mergedInto: createMergedIntoLoader(reads),
}));
