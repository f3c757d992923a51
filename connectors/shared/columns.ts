/** Column helpers shared by the source schemas' entities, so every money and date column is typed alike. */
import { Column, getMetadataArgsStorage, type ColumnOptions } from 'typeorm';

/** Money: numeric(18,2), read as a decimal string; never a float. */
export const MoneyColumn = (opts: ColumnOptions = {}) => Column({ type: 'numeric', precision: 18, scale: 2, ...opts });
/** A calendar date `YYYY-MM-DD` (read as a string, no time zone). */
export const DateColumn = (opts: ColumnOptions = {}) => Column({ type: 'date', ...opts });
/** A USCC (18 characters). */
export const UsccColumn = (opts: ColumnOptions = {}) => Column({ type: 'char', length: 18, ...opts });

/**
 * An entity's data columns as TypeORM declares them: its own and those it inherits from an
 * abstract base (src/lifecycle/lifecycle.entity.ts), less bookkeeping columns declared
 * `select: false` (the import key, src/import/import-keyed.ts). The connectors' select lists and
 * write-through take these, so bookkeeping stays out of GraphQL objects and upstream payloads.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function dataColumns(entity: Function): ReturnType<typeof getMetadataArgsStorage>['columns'] {
  return getMetadataArgsStorage().columns.filter(
    (c) =>
      (c.target === entity || (typeof c.target === 'function' && entity.prototype instanceof c.target)) &&
      c.options.select !== false,
  );
}
