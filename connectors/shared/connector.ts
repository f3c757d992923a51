/**
 * The contract every source connector meets (see ../../docs and DESIGN.md):
 * - `createXConnector(config, deps)` builds it; `deps` brings the database (no globals);
 * - `createLoaders()` runs once per GraphQL request; its batch functions return one value,
 *   `null` or an `Error` per key, in key order;
 * - `health()` reports whether the source can be read; `dispose()` releases what it holds.
 */
import DataLoader from 'dataloader';
import type { Database } from '../../src/db/database';

export type SourceName = 'BANK' | 'TAX' | 'REGISTRY' | 'SUPPLY_CHAIN' | 'JUDICIAL' | 'ALT_DATA';

export interface ConnectorDeps {
  db: Database;
}

export interface SourceHealth {
  source: SourceName;
  ok: boolean;
  detail?: string;
}

export interface SourceConnector<L> {
  readonly source: SourceName;
  createLoaders(): L;
  health(): Promise<SourceHealth>;
  dispose(): Promise<void>;
}

/** Health of a postgres-mirror source: one trivial read of one of its tables. */
export async function mirrorHealth(db: Database, source: SourceName, table: string): Promise<SourceHealth> {
  try {
    await db.query(`SELECT 1 FROM ${table} LIMIT 1`);
    return { source, ok: true };
  } catch (err) {
    return { source, ok: false, detail: (err as Error).message };
  }
}

/**
 * A loader whose keys carry arguments beside the firm (`{ uscc, first }`): keys are cached by
 * value and each batch runs `load` once per distinct argument set (normally one), so the number
 * of statements does not grow with the number of firms.
 */
export function argsLoader<A extends object, V>(
  load: (usccs: string[], args: A) => Promise<V[]>,
): DataLoader<{ uscc: string } & A, V, string> {
  return new DataLoader<{ uscc: string } & A, V, string>(
    async (keys) => {
      const groups = new Map<string, number[]>();
      keys.forEach(({ uscc: _uscc, ...args }, i) => {
        const sig = JSON.stringify(args);
        const list = groups.get(sig);
        if (list) list.push(i);
        else groups.set(sig, [i]);
      });
      const out = new Array<V>(keys.length);
      await Promise.all(
        [...groups.entries()].map(async ([sig, idx]) => {
          const values = await load(
            idx.map((i) => keys[i].uscc),
            JSON.parse(sig) as A,
          );
          idx.forEach((i, j) => (out[i] = values[j]));
        }),
      );
      return out;
    },
    { cacheKeyFn: (k) => JSON.stringify(k) },
  );
}
