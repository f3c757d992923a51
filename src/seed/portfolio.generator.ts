/**
 * The synthetic portfolio generator: pure (no I/O, no clock, no Math.random). Given
 * (firms, seed, asOf) it produces the rows of every source table, firm by firm, and the truth
 * (planted problems, each firm's hidden course: its slide, failure, dated default and the
 * generator's own probability of default month by month).
 *
 * Use it in chunks: `staticRows()` once (the core enterprises), then `generateFirms(n)` until
 * `done === firms`. A chunk holds only its own firms' rows, so memory stays bounded whatever
 * the portfolio size; ids are allocated in firm order, so the output is the same for any chunk
 * size. `generatePortfolio` does it all in one go (for tests and small portfolios).
 */
import { type Month, formatDay, formatMonth, lastDay, monthOfDay, parseMonth } from './calendar';
import { type GeneratorContext, IdAllocator } from './context';
import { type FirmContext } from './firm.context';
import { CORE_ENTERPRISES, IdentityCache, MAX_PORTFOLIO, coreEnterprise } from './identity';
import { EvidenceLedger } from './network.ledger';
import { PortfolioPlan } from './plan';
import { type FirmProfile, drawProfile } from './profile';
import { drawSeries } from './series';
import { generateAltData } from './sources/alt-data';
import { generateBank } from './sources/bank';
import { generateConsentsAndFirm } from './sources/consent';
import { plantDuplicateRecord, rowMarks } from './sources/duplicate-record';
import { generateInvoices } from './sources/invoices';
import { generateJudicial } from './sources/judicial';
import { type LoanBook, generateLoans } from './sources/loans';
import { generateRegistry } from './sources/registry';
import { generateSupplyChain } from './sources/supply-chain';
import { type CashFlowStatements, generateStatements } from './sources/statements';
import { generateTax } from './sources/tax';
import { type ChunkRows, emptyChunk } from './tables';
import { TruthRecorder } from './truth';
import { oraclePd } from './timeline';

/** Length of the monthly series (ending at asOf): two years of outcomes after two years of history. */
export const DEFAULT_MONTHS = 48;
export const MIN_MONTHS = 30;

export interface PortfolioOptions {
  firms: number;
  seed: number;
  /** Last month of the series, `YYYY-MM`. */
  asOf: string;
  /** Months of series (default 48, at least 30). */
  months?: number;
}

export class PortfolioGenerator {
  readonly context: GeneratorContext;
  private next = 0;

  constructor(readonly options: PortfolioOptions) {
    const { firms, seed } = options;
    if (!Number.isInteger(firms) || firms < 1 || firms > MAX_PORTFOLIO) {
      throw new RangeError(`firms must be an integer from 1 to ${MAX_PORTFOLIO}, got ${firms}`);
    }
    if (!Number.isSafeInteger(seed) || seed < 0)
      throw new RangeError(`seed must be a non-negative integer, got ${seed}`);
    const months = options.months ?? DEFAULT_MONTHS;
    if (!Number.isInteger(months) || months < MIN_MONTHS || months > 120) {
      throw new RangeError(`months must be an integer from ${MIN_MONTHS} to 120, got ${months}`);
    }
    const asOf: Month = parseMonth(options.asOf);
    const windowStart = asOf - months + 1;
    const plan = new PortfolioPlan(seed, firms, asOf, windowStart);
    this.context = {
      seed,
      firms,
      asOf,
      windowStart,
      plan,
      identities: new IdentityCache(seed, asOf, undefined, (id) => plan.adjustIdentity(id)),
      cores: Array.from({ length: CORE_ENTERPRISES }, (_, k) => coreEnterprise(seed, k)),
      ids: new IdAllocator(),
      truth: new TruthRecorder(seed, firms, formatMonth(asOf), formatMonth(windowStart), lastDay(asOf)),
      ledger: new EvidenceLedger(),
    };
  }

  get firms(): number {
    return this.context.firms;
  }

  /** Firms generated so far. */
  get done(): number {
    return this.next;
  }

  get truth(): TruthRecorder {
    return this.context.truth;
  }

  /** Rows that belong to no firm: the supply chain's core enterprises. */
  staticRows(into: ChunkRows = emptyChunk()): ChunkRows {
    for (const c of this.context.cores)
      into['supply_chain.core_enterprise'].add(c.uscc, c.name, c.industryCode, c.rating);
    return into;
  }

  /** Generates the next `count` firms (fewer at the end) into `into`. */
  generateFirms(count: number, into: ChunkRows = emptyChunk()): ChunkRows {
    const end = Math.min(this.context.firms, this.next + count);
    for (; this.next < end; this.next++) this.generateFirm(this.next, into);
    return into;
  }

  private generateFirm(i: number, out: ChunkRows): void {
    const g = this.context;
    const id = g.identities.get(i);
    const p = drawProfile(g, i, id);
    const f: FirmContext = {
      g,
      i,
      id,
      p,
      out,
      evidence: (code, data) => g.truth.addEvidence(i, code, { uscc: id.uscc, ...data }),
    };
    const marks = rowMarks(out);
    const series = drawSeries(f);
    const deliveries = generateSupplyChain(f, series);
    const totals = generateInvoices(f, series, deliveries);
    generateTax(f, series, totals);
    const loans = generateLoans(f, series.taxWithoutFlow);
    generateBank(f, series, totals, loans);
    const statements = generateStatements(f, series, loans);
    generateRegistry(f, loans);
    generateJudicial(f, loans);
    generateAltData(f, series);
    generateConsentsAndFirm(f);
    plantDuplicateRecord(f, marks);
    const e = p.timeline.episode;
    if (e && e.start <= g.asOf) f.evidence('SLIDE', slideEvidence(g, p, loans, statements));
    g.truth.recordFirm(i, id.uscc, {
      defaultDay: loans.defaultDay,
      failure: p.timeline.failure,
      episode: e,
      health: p.health,
      oraclePd: p.hasLoan ? oracleSeries(g, p, loans) : null,
    });
  }
}

/** The generator's probability of default in the 12 months after each month end of the window. */
function oracleSeries(g: GeneratorContext, p: FirmProfile, loans: LoanBook): Float32Array {
  const memo = new Map<Month, Month | null>();
  const defaultMonthIf = (failure: Month) => {
    let d = memo.get(failure);
    if (d === undefined) {
      const day = loans.defaultDayIf(failure);
      memo.set(failure, (d = day === null ? null : monthOfDay(day)));
    }
    return d;
  };
  const out = new Float32Array(g.asOf - g.windowStart + 1);
  for (let T = g.windowStart; T <= g.asOf; T++) out[T - g.windowStart] = oraclePd(p.timeline, T, defaultMonthIf);
  return out;
}

/**
 * What a firm's slide (started by asOf) should show (each signal was drawn with some
 * probability), when, and how it ended. Signals about loans only for borrowers; the borrowing
 * spree names its loans, the cash squeeze the statement that shows it (a borrower with no annual
 * statement yet cannot show one).
 */
function slideEvidence(
  g: GeneratorContext,
  p: FirmProfile,
  loans: LoanBook,
  statements: CashFlowStatements,
): Record<string, unknown> {
  const shown: Record<string, boolean> = {
    instalments: p.hasLoan,
    borrowing: loans.spree.length > 0,
    cashFlow: statements.squeeze !== null,
  };
  const signals = Object.entries(p.signals)
    .filter(([name, on]) => on && (shown[name] ?? true))
    .map(([name]) => name);
  const loss = p.signals.customerLoss ? p.events.customerLoss : null;
  const e = p.timeline.episode!;
  const failure = p.timeline.failure;
  return {
    fromMonth: formatMonth(e.start),
    toMonth: formatMonth(e.end),
    // RUNNING: still sliding at asOf (its outcome lies ahead); else FAILED or RECOVERED.
    outcome: e.end >= g.asOf ? 'RUNNING' : e.fails ? 'FAILED' : 'RECOVERED',
    ...(e.fails && failure !== null && failure <= g.asOf ? { failedIn: formatMonth(failure) } : {}),
    ...(loans.defaultDay !== null && loans.defaultDay <= lastDay(g.asOf)
      ? { defaultedOn: formatDay(loans.defaultDay) }
      : {}),
    signals,
    ...(signals.includes('borrowing') ? { borrowingLoans: loans.spree } : {}),
    ...(signals.includes('cashFlow') ? { cashSqueeze: statements.squeeze } : {}),
    // The buyers lost (their USCCs), from which month, and their expected share of invoiced sales.
    ...(loss
      ? {
          customerLoss: {
            fromMonth: formatMonth(loss.month),
            customers: loss.lost.map((k) => g.identities.get(p.customers.customers[k]).uscc),
            share: round2(loss.share),
          },
        }
      : {}),
    // The core enterprise's orders fall over the slide, by `depth` at its end.
    ...(p.events.orderCut
      ? { orderCut: { fromMonth: formatMonth(e.start), depth: round2(p.events.orderCut.depth) } }
      : {}),
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** The whole portfolio in one chunk (tests, small portfolios). */
export function generatePortfolio(options: PortfolioOptions): { rows: ChunkRows; generator: PortfolioGenerator } {
  const generator = new PortfolioGenerator(options);
  const rows = generator.staticRows();
  generator.generateFirms(options.firms, rows);
  return { rows, generator };
}
