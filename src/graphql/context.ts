/** The per-request GraphQL context: fresh DataLoaders for every request (no cross-request caching). */
import type DataLoader from 'dataloader';
import type { Database } from '../db/database';
import { createSourceLoaders, type Connectors, type SourceLoaders } from '../connectors';
import { createFirmLoader } from '../firm/firm.repository';
import type { Firm } from '../firm/firm.entity';

export interface Context {
  db: Database;
  loaders: SourceLoaders & { firm: DataLoader<string, Firm | null> };
}

export function createContext(db: Database, connectors: Connectors): Context {
  return { db, loaders: { ...createSourceLoaders(connectors), firm: createFirmLoader(db) } };
}
