/**
 * The truth file: what was planted where, and each firm's hidden course (seed/timeline.ts), so
 * that later checks and models can be scored against it. Per firm: its default day (the day it
 * first reached 90 days past due; also when that lies after asOf, in the hidden 12 months the
 * generator simulates beyond it), its failure month, its slide, its health and the generator's
 * own probability of default in the 12 months after each month end of the window (`oraclePd`,
 * borrowers only). Per-firm facts are kept compactly; the evidence lists hold planted firms only.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import { type Day, type Month, formatDay, formatMonth } from './calendar';
import { PROBLEM_CODES, type ProblemCode } from './problems';
import type { Episode } from './timeline';

export interface ProblemEvidence {
  uscc: string;
  [key: string]: unknown;
}

export interface FirmTruth {
  /** The day the firm first reached 90 days past due (`YYYY-MM-DD`), also after asOf; null if it never did. */
  defaultedOn: string | null;
  /** The first month it paid nobody (`YYYY-MM`), null if it never failed in the span. */
  failedIn: string | null;
  /** Its slide: first and last month, and whether it ended in failure. */
  slide: { from: string; to: string; fails: boolean } | null;
  /** Its latent health (N(0,1); higher is healthier). */
  health: number;
  /**
   * The generator's probability of default in the 12 months after the end of each month of the
   * window, from `Truth.oracleFrom` on (borrowers only, null otherwise): the best any model could
   * rank, knowing the hidden state.
   */
  oraclePd: number[] | null;
  problems: ProblemCode[];
}

/** The truth file's shape (`firmCount` is the portfolio size; `firms` has an entry per firm). */
export interface Truth {
  seed: number;
  firmCount: number;
  asOf: string;
  /** The month of each firm's first `oraclePd` value (the window's first month). */
  oracleFrom: string;
  /** Share of firms that defaulted in the window (up to asOf). */
  defaultRate: number;
  problems: Record<ProblemCode, ProblemEvidence[]>;
  firms: Record<string, FirmTruth>;
}

export interface FirmOutcome {
  defaultDay: Day | null;
  failure: Month | null;
  episode: Episode | null;
  health: number;
  oraclePd: Float32Array | null;
}

export class TruthRecorder {
  readonly problems = Object.fromEntries(PROBLEM_CODES.map((c) => [c, [] as ProblemEvidence[]])) as Record<
    ProblemCode,
    ProblemEvidence[]
  >;
  private readonly usccs: string[] = [];
  private readonly outcomes: FirmOutcome[] = [];
  private readonly firmProblems = new Map<number, ProblemCode[]>();

  /** `asOfEnd`: the last day of asOf (defaults up to it are in the records). */
  constructor(
    readonly seed: number,
    readonly firms: number,
    readonly asOf: string,
    readonly oracleFrom: string,
    private readonly asOfEnd: Day,
  ) {}

  /** Records firm i (firms are recorded in index order). */
  recordFirm(i: number, uscc: string, outcome: FirmOutcome): void {
    if (i !== this.usccs.length) throw new Error(`truth: firm ${i} recorded out of order`);
    this.usccs.push(uscc);
    this.outcomes.push(outcome);
  }

  /** Records evidence of firm i's planted problem; returns it as stored (a few fields are filled in later: network.ledger.ts). */
  addEvidence(i: number, code: ProblemCode, evidence: ProblemEvidence): ProblemEvidence {
    this.problems[code].push(evidence);
    const list = this.firmProblems.get(i) ?? [];
    if (!list.includes(code)) list.push(code);
    this.firmProblems.set(i, list);
    return evidence;
  }

  get recorded(): number {
    return this.usccs.length;
  }

  /** Share of firms that defaulted by asOf (in the records). */
  defaultRate(): number {
    let d = 0;
    for (const o of this.outcomes) if (o.defaultDay !== null && o.defaultDay <= this.asOfEnd) d++;
    return this.outcomes.length ? d / this.outcomes.length : 0;
  }

  firm(i: number): FirmTruth & { uscc: string } {
    const o = this.outcomes[i];
    return {
      uscc: this.usccs[i],
      defaultedOn: o.defaultDay === null ? null : formatDay(o.defaultDay),
      failedIn: o.failure === null ? null : formatMonth(o.failure),
      slide: o.episode && {
        from: formatMonth(o.episode.start),
        to: formatMonth(o.episode.end),
        fails: o.episode.fails,
      },
      health: round4(o.health),
      oraclePd: o.oraclePd && Array.from(o.oraclePd, round4),
      problems: this.firmProblems.get(i) ?? [],
    };
  }

  /** The whole truth as one object (fine for tests and small portfolios). */
  toJSON(): Truth {
    const firms: Record<string, FirmTruth> = {};
    for (let i = 0; i < this.usccs.length; i++) {
      const { uscc, ...rest } = this.firm(i);
      firms[uscc] = rest;
    }
    return { ...this.head(), problems: this.problems, firms };
  }

  private head() {
    return {
      seed: this.seed,
      firmCount: this.firms,
      asOf: this.asOf,
      oracleFrom: this.oracleFrom,
      defaultRate: round4(this.defaultRate()),
    };
  }

  /**
   * Writes `{ seed, firmCount, asOf, oracleFrom, defaultRate, problems, firms: { <uscc>: {...} } }`,
   * streaming the per-firm part so that a large portfolio never builds the whole document in
   * memory.
   */
  async writeFile(file: string): Promise<void> {
    const out = fs.createWriteStream(file, { encoding: 'utf8' });
    const write = async (text: string) => {
      if (!out.write(text)) await once(out, 'drain');
    };
    const head = { ...this.head(), problems: this.problems };
    const headText = JSON.stringify(head, null, 1);
    await write(headText.slice(0, -2) + ',\n "firms": {');
    for (let i = 0; i < this.usccs.length; i++) {
      const { uscc, ...rest } = this.firm(i);
      await write(`${i ? ',' : ''}\n  ${JSON.stringify(uscc)}: ${JSON.stringify(rest)}`);
    }
    await write('\n }\n}\n');
    out.end();
    await once(out, 'finish');
  }
}

function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}
