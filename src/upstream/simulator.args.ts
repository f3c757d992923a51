/**
 * The command line of `npm run upstream` (simulator.cli.ts), parsed apart from the start-up so
 * it can be tested: server flags, and fault flags per source (`--tax-latency-ms 100`,
 * `--judicial-outage`) or for every source at once (`--error-rate 0.1`; a source's own flag
 * wins). Every mistake is a UsageError naming the flag, what it got and what it expects.
 */
import { parseArgs } from 'node:util';
import { FAULT_NAMES, type FaultSettings, faultSettingsSchema } from './faults';
import { SOURCES, type Source } from './profiles';
import { UsageError, wholeNumberFlag } from '../lib/cli';

export { UsageError };

export interface SimulatorArgs {
  port: number;
  host: string;
  token: string | undefined;
  pageSize: number;
  maxBatch: number;
  seed: number;
  faults: Record<Source, Partial<FaultSettings>>;
  help: boolean;
}

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** What each fault flag expects (for the messages) and does (for the usage text). */
const FAULT_FLAGS: Record<keyof FaultSettings, { arg: string; expects: string; does: string }> = {
  latencyMs: {
    arg: 'MS',
    expects: 'a whole number of milliseconds from 0 to 600000',
    does: 'delay before every answer',
  },
  jitterMs: { arg: 'MS', expects: 'a whole number of milliseconds from 0 to 600000', does: 'plus a random 0..MS' },
  errorRate: { arg: 'P', expects: 'a probability from 0 to 1', does: 'HTTP 500 INTERNAL' },
  rateLimitRate: {
    arg: 'P',
    expects: 'a probability from 0 to 1',
    does: 'HTTP 429 RESOURCE_EXHAUSTED with Retry-After',
  },
  retryAfterSeconds: {
    arg: 'S',
    expects: 'a whole number of seconds from 0 to 3600',
    does: "the 429s' Retry-After (default 1)",
  },
  timeoutRate: { arg: 'P', expects: 'a probability from 0 to 1', does: 'never answer' },
  malformedRate: {
    arg: 'P',
    expects: 'a probability from 0 to 1',
    does: 'HTTP 200 with a body that is not the envelope',
  },
  invalidProfileRate: {
    arg: 'P',
    expects: 'a probability from 0 to 1',
    does: 'per key: a profile that breaks the schema',
  },
  omitRate: { arg: 'P', expects: 'a probability from 0 to 1', does: 'per key: left out of profiles and notFound' },
  outage: { arg: '', expects: 'no value', does: 'HTTP 503 UNAVAILABLE for everything' },
};

export const USAGE = `usage: npm run upstream -- [options]

  --port N                 port to listen on (default 4100; 0 picks a free one)
  --host H                 address to bind (default 127.0.0.1)
  --token T                bearer token clients must send (default $UPSTREAM_TOKEN, else dev-upstream-token)
  --page-size N            items per list in a profile and per page (default 200)
  --max-batch N            keys per batchGet (default 100)
  --seed N                 seed of the fault dice (default 1)
  --help                   this text

faults, for one source (--<source>-<fault>, source one of ${SOURCES.join(', ')}) or for all (--<fault>):
${FAULT_NAMES.map((k) => `  --${`${kebab(k)} ${FAULT_FLAGS[k].arg}`.padEnd(23)}${FAULT_FLAGS[k].does}`).join('\n')}

e.g. npm run upstream -- --tax-latency-ms 100 --tax-jitter-ms 50 --judicial-outage --error-rate 0.05`;

function faultValue(
  flag: string,
  key: keyof FaultSettings,
  text: string | boolean,
): FaultSettings[keyof FaultSettings] {
  if (key === 'outage') return true;
  const value = typeof text === 'string' && /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!faultSettingsSchema.shape[key].safeParse(value).success)
    throw new UsageError(`--${flag} expects ${FAULT_FLAGS[key].expects}, got "${String(text)}"`);
  return value;
}

export function parseSimulatorArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): SimulatorArgs {
  const faultFlags = new Map<string, { source: Source | null; key: keyof FaultSettings }>();
  for (const key of FAULT_NAMES) {
    faultFlags.set(kebab(key), { source: null, key });
    for (const source of SOURCES) faultFlags.set(`${source}-${kebab(key)}`, { source, key });
  }
  const options: Record<string, { type: 'string' | 'boolean' }> = {
    port: { type: 'string' },
    host: { type: 'string' },
    token: { type: 'string' },
    'page-size': { type: 'string' },
    'max-batch': { type: 'string' },
    seed: { type: 'string' },
    help: { type: 'boolean' },
  };
  for (const [flag, { key }] of faultFlags) options[flag] = { type: key === 'outage' ? 'boolean' : 'string' };

  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false }));
  } catch (err) {
    const message = (err as Error).message;
    const unknown = /Unknown option '--([^']+)'/.exec(message)?.[1];
    if (unknown) {
      const near = [...Object.keys(options)].find(
        (o) => o.replace(/-/g, '') === unknown.replace(/[-_]/g, '').toLowerCase(),
      );
      throw new UsageError(`unknown flag --${unknown}${near ? ` (did you mean --${near}?)` : ''}`);
    }
    const ambiguous = /Option '--([^']+)' argument is ambiguous/.exec(message)?.[1];
    if (ambiguous)
      throw new UsageError(`--${ambiguous} got a value starting with "-"; none of the flags takes a negative number`);
    throw new UsageError(message.split('\n')[0]);
  }

  const text = (flag: string) => {
    const v = values[flag];
    if (v === '') throw new UsageError(`--${flag} needs a value`);
    return v as string | undefined;
  };
  const faults = Object.fromEntries(SOURCES.map((s) => [s, {}])) as Record<Source, Partial<FaultSettings>>;
  // For every source first, so a source's own flag wins whatever the order on the line.
  for (const pass of ['all', 'one'] as const) {
    for (const [flag, { source, key }] of faultFlags) {
      if ((source === null) !== (pass === 'all') || values[flag] === undefined) continue;
      const value = faultValue(flag, key, values[flag]!);
      for (const s of source ? [source] : SOURCES) (faults[s] as Record<string, unknown>)[key] = value;
    }
  }
  const host = text('host') ?? '127.0.0.1';
  return {
    port: wholeNumberFlag('port', text('port'), 4100, 0, 65535),
    host,
    token: text('token') ?? (env.UPSTREAM_TOKEN || undefined),
    pageSize: wholeNumberFlag('page-size', text('page-size'), 200, 1, 100_000),
    maxBatch: wholeNumberFlag('max-batch', text('max-batch'), 100, 1, 10_000),
    seed: wholeNumberFlag('seed', text('seed'), 1, 0, 2 ** 31 - 1),
    faults,
    help: values.help === true,
  };
}
