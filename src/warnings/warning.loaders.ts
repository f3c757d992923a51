/** A firm's warnings (history) and a warning by its fingerprint. */
import type DataLoader from 'dataloader';
import { registerLoaders } from '../graphql/context';
import { createWarningByFingerprintLoader, createWarningHistoryLoader } from './warning.repository';
import type { WarningType } from './warning.types';

declare module '../graphql/context' {
  interface RequestLoaders {
    warningHistory: DataLoader<string, WarningType[]>;
    warningByFingerprint: DataLoader<string, WarningType | null>;
  }
}

export const warningLoaders = registerLoaders(({ reads }) => ({
  warningHistory: createWarningHistoryLoader(reads),
  warningByFingerprint: createWarningByFingerprintLoader(reads),
}));
