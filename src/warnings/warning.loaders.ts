/** A firm's warnings (history), its stored warnings while they hold, and a warning by its fingerprint. */
import type DataLoader from 'dataloader';
import { registerLoaders } from '../graphql/context';
import { loader } from '../lib/loader';
import { servingBasis } from '../rescore/served-health.service';
import {
  createWarningByFingerprintLoader,
  createWarningHistoryLoader,
  loadCurrentWarnings,
  toWarningType,
} from './warning.repository';
import type { WarningType } from './warning.types';

declare module '../graphql/context' {
  interface RequestLoaders {
    warningHistory: DataLoader<string, WarningType[]>;
    warningByFingerprint: DataLoader<string, WarningType | null>;
    /** The firm's warnings as its last rescore stored them, or null when they may be stale (`loadCurrentWarnings`). */
    currentWarnings: DataLoader<string, WarningType[] | null>;
  }
}

export const warningLoaders = registerLoaders(({ reads }) => ({
  warningHistory: createWarningHistoryLoader(reads),
  warningByFingerprint: createWarningByFingerprintLoader(reads),
  currentWarnings: loader(async (usccs) => {
    const now = new Date();
    const lists = await loadCurrentWarnings(reads, usccs, await servingBasis(reads));
    return lists.map((list) => list && list.map((w) => toWarningType(w, now)));
  }),
}));
