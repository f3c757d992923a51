/**
 * What the generators share across the portfolio: options, plan, id counters, truth. The context
 * of the one firm being generated is in firm.context.ts (it holds the firm's profile, which is
 * drawn with this context).
 */
import { type Month } from './calendar';
import { type CoreEnterprise, IdentityCache } from './identity';
import type { EvidenceLedger } from './network.ledger';
import { type PortfolioPlan } from './plan';
import { ID_TABLES, type TableName } from './tables';
import type { TruthRecorder } from './truth';

/**
 * Bigint ids, allocated in generation order (firm by firm, table by table), so they are the same
 * whatever the chunk size and however many chunks are written at once. The loader moves each
 * table's sequence past the last id when it is done.
 */
export class IdAllocator {
  private readonly next = new Map<TableName, number>(ID_TABLES.map((t) => [t, 1]));
  take(table: TableName): number {
    const id = this.next.get(table);
    if (id === undefined) throw new Error(`${table} has no generated id`);
    this.next.set(table, id + 1);
    return id;
  }
  /** The last id handed out per table (0 when none). */
  last(): Partial<Record<TableName, number>> {
    return Object.fromEntries([...this.next].map(([t, n]) => [t, n - 1]));
  }
}

export interface GeneratorContext {
  readonly seed: number;
  readonly firms: number;
  readonly asOf: Month;
  /** First month of the monthly series (asOf - months + 1). */
  readonly windowStart: Month;
  readonly plan: PortfolioPlan;
  readonly identities: IdentityCache;
  readonly cores: readonly CoreEnterprise[];
  readonly ids: IdAllocator;
  readonly truth: TruthRecorder;
  /** Evidence fields several firms' rows decide (a chain's earliest guarantee end, ...). */
  readonly ledger: EvidenceLedger;
}
