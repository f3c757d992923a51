/** Stored scores: the latest per firm, the one of a day, a firm's history, and a score's explanation. */
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
  }
}

export const snapshotLoaders = registerLoaders(({ reads }) => ({
  latestSnapshot: createLatestSnapshotLoader(reads),
  snapshotOn: createSnapshotOnLoader(reads),
  snapshotHistory: createSnapshotHistoryLoader(reads),
  snapshotDetails: createSnapshotDetailsLoader(reads),
}));
