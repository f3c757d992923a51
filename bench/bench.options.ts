/** The command line of `npm run bench` (bench/bench.ts): its flags, checked, with their defaults. */
import { parseArgs } from 'node:util';
import { UsageError, wholeNumberFlag } from '../src/lib/cli';
import type { Name } from './contender';

export const USAGE =
  'usage: npm run bench -- [--firms N] [--seconds S] [--rounds R] [--only Q1,Q2,Q3,Q4,Q5,E1] [--skip naive,floor,peer]';

export type ScenarioId = 'Q1' | 'Q2' | 'Q3' | 'Q4' | 'Q5' | 'E1';

export interface Options {
  firms: number;
  seconds: number;
  rounds: number;
  only: Set<ScenarioId>;
  skip: Set<Name>;
}

export function parseOptions(argv: string[]): Options {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        firms: { type: 'string' },
        seconds: { type: 'string' },
        rounds: { type: 'string' },
        only: { type: 'string' },
        skip: { type: 'string' },
      },
    }) as { values: Record<string, string | undefined> });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const list = <T extends string>(flag: string, allowed: readonly T[], fallback: readonly T[]): Set<T> => {
    const raw = values[flag];
    if (raw === undefined) return new Set(fallback);
    const items = raw.split(',').map((s) => s.trim().toUpperCase());
    const wrong = items.filter((s) => !allowed.includes(s as T));
    if (wrong.length)
      throw new UsageError(`--${flag} ${wrong.join(',')}: expected a comma-separated list of ${allowed.join(', ')}`);
    return new Set(items as T[]);
  };
  const scenarios = ['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'E1'] as const;
  return {
    firms: wholeNumberFlag('firms', values.firms, 10_000, 100, 1_000_000),
    seconds: wholeNumberFlag('seconds', values.seconds, 10, 1, 600),
    rounds: wholeNumberFlag('rounds', values.rounds, 3, 1, 20),
    only: list('only', scenarios, scenarios),
    skip: list('skip', ['NAIVE', 'FLOOR', 'PEER'] as const, []),
  };
}
