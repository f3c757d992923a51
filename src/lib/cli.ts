/**
 * The one way the project's commands end: a usage error prints the message and the usage and
 * exits 2; an expected error (bad configuration, a refused input) prints its message alone and
 * exits 1; anything else prints in full and exits 1.
 */
import { ConfigError } from '../config';

export class UsageError extends Error {
  override name = 'UsageError';
}

/** A whole-number flag from `min` to `max` (`fallback` when absent); a UsageError naming it otherwise. */
export function wholeNumberFlag(
  flag: string,
  text: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`--${flag} expects a whole number from ${min} to ${max}, got "${text}"`);
  }
  return Number(text);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ErrorClass = new (...args: any[]) => Error;

export function runCli(main: () => Promise<void>, usage: string, expected: ErrorClass[] = []): void {
  main().catch((err: unknown) => {
    if (err instanceof UsageError) {
      console.error(`${err.message}\n${usage}`);
      process.exit(2);
    }
    const known = err instanceof ConfigError || expected.some((cls) => err instanceof cls);
    console.error(known ? (err as Error).message : err);
    process.exit(1);
  });
}
