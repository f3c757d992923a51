/**
 * What the per-source generators share: the portfolio-wide context (options, plan, id
 * counters, truth) and the context of the one firm being generated.
 */
import { type Month } from './calendar';
import { type CoreEnterprise, type FirmIdentity, IdentityCache } from './identity';
import { type PortfolioPlan, type ProblemCode } from './plan';
import type { FirmProfile } from './profile';
import { type ChunkRows, ID_TABLES, type TableName } from './tables';
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
}

export interface FirmContext {
  readonly g: GeneratorContext;
  readonly i: number;
  readonly id: FirmIdentity;
  readonly p: FirmProfile;
  readonly out: ChunkRows;
  /** Records evidence of a planted problem for the truth file. */
  evidence(code: ProblemCode, data: Record<string, unknown>): void;
}
