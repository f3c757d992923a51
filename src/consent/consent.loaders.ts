/** The requesting partner's consents per firm, read fresh each request. */
import type DataLoader from 'dataloader';
import { registerLoaders } from '../graphql/context';
import { createConsentLoader, type FirmConsents } from './consent.repository';

declare module '../graphql/context' {
  interface RequestLoaders {
    /** The principal's consents per firm (partners), read fresh each request. */
    consents: DataLoader<string, FirmConsents>;
  }
}

export const consentLoaders = registerLoaders(({ reads, principal, now }) => ({
  consents: createConsentLoader(reads, principal, now),
}));
