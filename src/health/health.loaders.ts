/** The facts a health score is computed from, per firm: as of the portfolio's month, or as known on a day. */
import type DataLoader from 'dataloader';
import { registerLoaders } from '../graphql/context';
import type { Database } from '../db/database';
import { loader } from '../lib/loader';
import { argsLoader } from '../../connectors/shared/connector';
import { asOfDay, portfolioAsOf } from '../quality/as-of';
import type { FirmFacts } from './facts';
import { loadFacts } from './facts.repository';

declare module '../graphql/context' {
  interface RequestLoaders {
    facts: DataLoader<string, FirmFacts | null>;
    factsOn: DataLoader<{ uscc: string; date: string }, FirmFacts | null, string>;
  }
}

/** Facts per firm as of the portfolio's month: one statement per source per batch. */
export function createFactsLoader(db: Database): DataLoader<string, FirmFacts | null> {
  return loader(async (usccs) => loadFacts(db, usccs, await portfolioAsOf(db)));
}

/**
 * Facts per firm as known on a day (`health(asOf)` with no snapshot of the day), over the months
 * complete by then (`asOfDay`): one statement per source per day asked.
 */
export function createFactsOnLoader(
  db: Database,
): DataLoader<{ uscc: string; date: string }, FirmFacts | null, string> {
  return argsLoader((usccs, { date }) => loadFacts(db, usccs, asOfDay(date)));
}

export const healthLoaders = registerLoaders(({ reads }) => ({
  facts: createFactsLoader(reads),
  factsOn: createFactsOnLoader(reads),
}));
