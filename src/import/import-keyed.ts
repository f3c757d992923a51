/**
 * The import key of a mirror row that has no natural unique key of its own (an invoice, a
 * shareholder, a court party...): the row's natural key in its import file plus its occurrence
 * there, e.g. `031012413411|00011157#2` for the second line of a file carrying that invoice code
 * and number. Re-importing a file finds each line's row again by it, so a changed record is
 * updated in place while two lines with the same natural key stay two rows (the data-quality
 * layer must see duplicates). Rows written by the generator or by a live fetch leave it null.
 *
 * It is declared once, on a base class, with `select: false`: the connectors' select lists and
 * write-through (`selectColumns`, `replaceRows`: connectors/shared/columns.ts `dataColumns`)
 * leave it out, so this bookkeeping column stays out of GraphQL objects and upstream payloads,
 * and a live fetch that upserts a row by id leaves its import key alone. TypeORM still maps it
 * and the migrations create it with a unique index per table.
 */
import { Column } from 'typeorm';

export abstract class ImportKeyed {
  @Column({ type: 'text', nullable: true, select: false })
  importKey: string | null;
}
