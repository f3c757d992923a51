/**
 * The truth file: what was planted where, and each firm's hidden outcome, so that later checks
 * and models can be scored against it. Per-firm facts are kept compactly (a USCC string and a few
 * bytes per firm); the evidence lists hold planted firms only.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import { PROBLEM_CODES, type ProblemCode } from './plan';

export interface ProblemEvidence {
  uscc: string;
  [key: string]: unknown;
}

export interface FirmTruth {
  defaulted: boolean;
  sliding: boolean;
  problems: ProblemCode[];
}

/** The truth file's shape (`firmCount` is the portfolio size; `firms` has an entry per firm). */
export interface Truth {
  seed: number;
  firmCount: number;
  asOf: string;
  defaultRate: number;
  problems: Record<ProblemCode, ProblemEvidence[]>;
  firms: Record<string, FirmTruth>;
}

export class TruthRecorder {
  readonly problems = Object.fromEntries(PROBLEM_CODES.map((c) => [c, [] as ProblemEvidence[]])) as Record<
    ProblemCode,
    ProblemEvidence[]
  >;
  private readonly usccs: string[] = [];
  private readonly flags: number[] = [];
  private readonly firmProblems = new Map<number, ProblemCode[]>();

  constructor(readonly seed: number, readonly firms: number, readonly asOf: string) {}

  /** Records firm i (firms are recorded in index order). */
  recordFirm(i: number, uscc: string, defaulted: boolean, sliding: boolean): void {
    if (i !== this.usccs.length) throw new Error(`truth: firm ${i} recorded out of order`);
    this.usccs.push(uscc);
    this.flags.push((defaulted ? 1 : 0) | (sliding ? 2 : 0));
  }

  addEvidence(i: number, code: ProblemCode, evidence: ProblemEvidence): void {
    this.problems[code].push(evidence);
    const list = this.firmProblems.get(i) ?? [];
    if (!list.includes(code)) list.push(code);
    this.firmProblems.set(i, list);
  }

  get recorded(): number {
    return this.usccs.length;
  }

  defaultRate(): number {
    let d = 0;
    for (const f of this.flags) d += f & 1;
    return this.flags.length ? d / this.flags.length : 0;
  }

  firm(i: number): FirmTruth & { uscc: string } {
    const f = this.flags[i];
    return { uscc: this.usccs[i], defaulted: (f & 1) === 1, sliding: (f & 2) === 2, problems: this.firmProblems.get(i) ?? [] };
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
    return { seed: this.seed, firmCount: this.firms, asOf: this.asOf, defaultRate: round4(this.defaultRate()) };
  }

  /**
   * Writes `{ seed, firmCount, asOf, defaultRate, problems, firms: { <uscc>: {...} } }`,
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
