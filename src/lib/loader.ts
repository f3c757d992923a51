/**
 * Every DataLoader the platform makes comes from `loader()`, so one switch can turn batching and
 * per-request caching off: `DATALOADER_BATCHING=false` (src/config.ts) makes each `load` its own
 * statement, the NAIVE build `npm run bench` compares against. Never for production use.
 */
import DataLoader from 'dataloader';

let batching = true;

/** Called by the server at start from its configuration (process-wide: one server per process). */
export function setLoaderBatching(on: boolean): void {
  batching = on;
}

export function loader<K, V, C = K>(
  batch: DataLoader.BatchLoadFn<K, V>,
  options?: DataLoader.Options<K, V, C>,
): DataLoader<K, V, C> {
  return new DataLoader<K, V, C>(batch, batching ? options : { ...options, batch: false, cache: false });
}
