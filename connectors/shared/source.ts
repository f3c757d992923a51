/**
 * A source's descriptor: everything the platform needs to know about one upstream source, kept in
 * the source's own folder (connectors/<source>/index.ts) and listed once in connectors/sources.ts.
 *
 * Its `name` (e.g. `SUPPLY_CHAIN`) is the only spelling written by hand. The others derive from
 * it (`spellingsOf`): the GraphQL field (`supplyChain`), the import and file id (`supply-chain`),
 * the mirror schema (`supply_chain`) and the environment variables' prefix (`SUPPLY_CHAIN_`).
 * The descriptor gives the mirror schema's entities, the loaders over it, the upstream resource
 * (if the source has an API), the import kinds, what completeness counts, and the GraphQL field.
 */
import type DataLoader from 'dataloader';
import type { KindSpec } from '../../src/import/kind-spec';
import type { SourceStatus } from './connector';
import type { z } from 'zod';
import type { Database } from '../../src/db/database';
import type { WriteThrough } from './source-status';
import type { SourceName, SourceNames } from './source-name';

export type { SourceName, SourceNames } from './source-name';

/** Every source's loaders in one request, by source name, each with the source's per-firm status. */
export type SourceLoaderMap = {
  [K in SourceName]: SourceNames[K] & { status: DataLoader<string, SourceStatus> };
};

export interface SourceSpellings {
  /** `SUPPLY_CHAIN`: core.source_sync, the GraphQL `Source` enum, consents, environment variables. */
  name: string;
  /** `supplyChain`: the `Borrower` field. */
  field: string;
  /** `supply-chain`: import `--source`, file names (`supply-chain.receivable.csv`), upstream resource by default. */
  id: string;
  /** `supply_chain`: the mirror schema. */
  schema: string;
}

/** Every spelling of a source, from its name. */
export function spellingsOf(name: string): SourceSpellings {
  if (!/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/.test(name))
    throw new Error(`source name ${JSON.stringify(name)}: expected upper-case words joined by _, e.g. SUPPLY_CHAIN`);
  const words = name.toLowerCase().split('_');
  return {
    name,
    field:
      words[0] +
      words
        .slice(1)
        .map((w) => w[0].toUpperCase() + w.slice(1))
        .join(''),
    id: words.join('-'),
    schema: words.join('_'),
  };
}

/** How the connector reads and fetches the source (src/connectors.ts builds it with `defineConnector`). */
export interface ConnectorSpec<L, P> {
  /** A table of the mirror schema, read by `health()`. */
  healthTable: string;
  mirrorLoaders(db: Database): L;
  /** For sources with an upstream API (docs/upstream-protocol.md). */
  upstream?: { resource: string; schema: z.ZodType<P>; writeThrough: WriteThrough<P> };
}

/** What completeness counts for a source per firm: SQL expressions over `f.uscc` (a core.firm row). */
export interface SourceCompletenessSql {
  /** Every borrower should have records from this source. */
  expected: boolean;
  /** The number of the firm's records. */
  records: string;
  /** The date of the firm's newest record (a month-level series: the month's first day). */
  newest: string;
}

/**
 * `Borrower.<field>`: its GraphQL type and the value once the source's status is known. `found`
 * is false when the live upstream does not know the firm.
 */
export interface SourceField<L> {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  type: () => Function;
  description: string;
  resolve(uscc: string, found: boolean, loaders: L): unknown;
  /** The resolver classes of the source's own GraphQL types (its sub-objects' list fields). */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: Function[];
}

export interface SourceDescriptor<L = unknown, P = unknown> extends ConnectorSpec<L, P>, SourceSpellings {
  name: SourceName;
  /** One sentence for the docs and messages. */
  description: string;
  /** The mirror schema's TypeORM entities (its tables come from a migration). */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Function[];
  /** What its files can carry (`npm run import -- --source <id> --kind <kind>`), parents before children. */
  kinds: KindSpec[];
  completeness: SourceCompletenessSql;
  graphql: SourceField<L>;
}

/** A source's descriptor with its derived spellings. */
export function defineSource<K extends SourceName, P = unknown>(
  d: Omit<SourceDescriptor<SourceNames[K], P>, keyof SourceSpellings> & { name: K },
): SourceDescriptor<SourceNames[K], P> {
  return { ...d, ...spellingsOf(d.name), name: d.name };
}
