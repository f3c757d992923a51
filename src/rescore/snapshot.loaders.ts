/** Stored scores: the latest per firm, the one of a day, a firm's history, a score's explanation, and the current ones a page read. */
import type DataLoader from 'dataloader';
import { registerLoaders } from '../graphql/context';
import {
  createLatestSnapshotLoader,
  createSnapshotDetailsLoader,
  createSnapshotHistoryLoader,
  createSnapshotOnLoader,
  type HealthDetail,
  type LatestSnapshot,
  type ServedHealth,
} from './snapshot.repository';

declare module '../graphql/context' {
  interface RequestLoaders {
    latestSnapshot: DataLoader<string, LatestSnapshot | null>;
    snapshotOn: DataLoader<{ uscc: string; date: string }, ServedHealth | null, string>;
    snapshotHistory: DataLoader<{ uscc: string; from: string; to: string }, ServedHealth[], string>;
    snapshotDetails: DataLoader<string, HealthDetail | null>;
    /**
     * Per firm, the stored score a page of borrowers read in its own statement and found current
     * (served-health.service.ts `storedIfCurrent`): `health` serves it without further work.
     */
    currentStored: Map<string, ServedHealth>;
  }
}

export const snapshotLoaders = registerLoaders(({ reads }) => ({
  latestSnapshot: createLatestSnapshotLoader(reads),
  snapshotOn: createSnapshotOnLoader(reads),
  snapshotHistory: createSnapshotHistoryLoader(reads),
  snapshotDetails: createSnapshotDetailsLoader(reads),
  currentStored: new Map<string, ServedHealth>(),
}));
