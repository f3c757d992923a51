/** Column helpers shared by the source schemas' entities, so every money and date column is typed alike. */
import { Column, type ColumnOptions } from 'typeorm';

/** Money: numeric(18,2), read as a decimal string; never a float. */
export const MoneyColumn = (opts: ColumnOptions = {}) => Column({ type: 'numeric', precision: 18, scale: 2, ...opts });
/** A calendar date `YYYY-MM-DD` (read as a string, no time zone). */
export const DateColumn = (opts: ColumnOptions = {}) => Column({ type: 'date', ...opts });
/** A USCC (18 characters). */
export const UsccColumn = (opts: ColumnOptions = {}) => Column({ type: 'char', length: 18, ...opts });
