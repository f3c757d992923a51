/**
 * Fault injection of the upstream simulator (docs/upstream-protocol.md, "The simulator"):
 * the settings of one source, the seeded dice that decide which request or key is hit, and
 * the broken answers themselves (bodies that are not the envelope, profiles that break the
 * source's schema).
 *
 * Repeatability: each source draws from its own stream (seed, source), so one source's traffic
 * does not shift another's faults, and every request (and every key of a batch) consumes the
 * same number of draws whatever the settings, so changing one rate does not reshuffle when the
 * others fire. Sequential requests therefore meet the same faults run after run.
 */
import { z } from 'zod';
import { type RandomGenerator, xoroshiro128plus } from 'pure-rand';

const rate = z.number().min(0).max(1);
const millis = z.number().int().min(0).max(600_000);

/** One source's faults. Rates are probabilities from 0 (never) to 1 (always). */
export const faultSettingsSchema = z.strictObject({
  /** Added before every answer of the source (except a timeout, which never answers). */
  latencyMs: millis,
  /** Plus a uniform random 0..jitterMs. */
  jitterMs: millis,
  /** Per request: HTTP 500 INTERNAL. */
  errorRate: rate,
  /** Per request: HTTP 429 RESOURCE_EXHAUSTED with `Retry-After: retryAfterSeconds`. */
  rateLimitRate: rate,
  retryAfterSeconds: z.number().int().min(0).max(3600),
  /** Per request: the request is accepted and never answered. */
  timeoutRate: rate,
  /** Per request: HTTP 200 whose body is not JSON, or JSON that is not the envelope. */
  malformedRate: rate,
  /** Per key of a batchGet: the profile's data breaks the source's schema. */
  invalidProfileRate: rate,
  /** Per key of a batchGet: the key is left out of both `profiles` and `notFound`. */
  omitRate: rate,
  /** Every request of the source: HTTP 503 UNAVAILABLE. */
  outage: z.boolean(),
});

export type FaultSettings = z.infer<typeof faultSettingsSchema>;

export const NO_FAULTS: Readonly<FaultSettings> = Object.freeze({
  latencyMs: 0,
  jitterMs: 0,
  errorRate: 0,
  rateLimitRate: 0,
  retryAfterSeconds: 1,
  timeoutRate: 0,
  malformedRate: 0,
  invalidProfileRate: 0,
  omitRate: 0,
  outage: false,
});

export const FAULT_NAMES = Object.keys(NO_FAULTS) as Array<keyof FaultSettings>;

export class FaultSettingsError extends Error {
  override name = 'FaultSettingsError';
}

/** Settings given in part (a JSON body, `setFaults`), completed with "no fault"; unknown names are an error, so a typo cannot silently do nothing. */
export function completeFaults(input: unknown): FaultSettings {
  const parsed = faultSettingsSchema.partial().safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
    throw new FaultSettingsError(`invalid fault settings: ${issues.join('; ')} (known: ${FAULT_NAMES.join(', ')})`);
  }
  const given = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
  return { ...NO_FAULTS, ...given };
}

/** Only the settings that differ from "no fault", e.g. for a start-up banner. */
export function activeFaults(f: FaultSettings): Partial<FaultSettings> {
  return Object.fromEntries(
    FAULT_NAMES.filter((k) => f[k] !== NO_FAULTS[k]).map((k) => [k, f[k]]),
  ) as Partial<FaultSettings>;
}

/** A seeded stream of uniform draws. */
export class Dice {
  private readonly gen: RandomGenerator;
  constructor(seed: number, stream: number) {
    // Spread the stream number over the 32 bits so neighbouring streams share no prefix.
    this.gen = xoroshiro128plus((seed ^ Math.imul(stream + 1, 0x9e3779b9)) | 0);
  }
  /** Uniform in [0, 1). */
  float(): number {
    return (this.gen.unsafeNext() >>> 0) / 4294967296;
  }
  /** True with probability p: never for 0, always for 1 (a draw is always below 1). */
  chance(p: number): boolean {
    return this.float() < p;
  }
}

const pick = <T>(items: readonly T[], u: number): T => items[Math.min(items.length - 1, Math.floor(u * items.length))];

export type RequestFault = 'TIMEOUT' | 'RATE_LIMIT' | 'ERROR' | 'MALFORMED' | null;

export const MALFORMED_KINDS = ['TRUNCATED_JSON', 'HTML_PAGE', 'EMPTY_BODY', 'WRONG_ENVELOPE'] as const;
export type MalformedKind = (typeof MALFORMED_KINDS)[number];

export interface RequestPlan {
  delayMs: number;
  /** At most one per request, in this precedence: timeout, rate limit, error, malformed. */
  fault: RequestFault;
  malformedKind: MalformedKind;
}

/** What happens to one request (outage aside, which is not drawn). Always five draws. */
export function planRequest(f: FaultSettings, dice: Dice): RequestPlan {
  const timeout = dice.chance(f.timeoutRate);
  const rateLimit = dice.chance(f.rateLimitRate);
  const error = dice.chance(f.errorRate);
  const malformed = dice.chance(f.malformedRate);
  const u = dice.float();
  const fault: RequestFault = timeout
    ? 'TIMEOUT'
    : rateLimit
      ? 'RATE_LIMIT'
      : error
        ? 'ERROR'
        : malformed
          ? 'MALFORMED'
          : null;
  return { delayMs: f.latencyMs + Math.floor(u * f.jitterMs), fault, malformedKind: pick(MALFORMED_KINDS, u) };
}

export const CORRUPTION_KINDS = ['MONEY_AS_NUMBER', 'DATE_FORMAT', 'MISSING_FIELD'] as const;
export type CorruptionKind = (typeof CORRUPTION_KINDS)[number];

export interface KeyPlan {
  omit: boolean;
  /** Set when the key's profile (if found) is to break the schema. */
  corruption: CorruptionKind | null;
}

/** What happens to one key of a batchGet. Always three draws. */
export function planKey(f: FaultSettings, dice: Dice): KeyPlan {
  const omit = dice.chance(f.omitRate);
  const invalid = dice.chance(f.invalidProfileRate);
  const u = dice.float();
  return { omit, corruption: invalid ? pick(CORRUPTION_KINDS, u) : null };
}

/** A 200 body that the client cannot read as the envelope: the kinds real gateways and bugs produce. */
export function malformedBody(kind: MalformedKind, body: unknown): { contentType: string; text: string } {
  switch (kind) {
    case 'TRUNCATED_JSON': {
      // A strict prefix of a JSON object is never valid JSON: its closing brace is the last character.
      const json = JSON.stringify(body);
      return { contentType: 'application/json', text: json.slice(0, Math.max(1, Math.floor(json.length / 2))) };
    }
    case 'HTML_PAGE':
      return {
        contentType: 'text/html; charset=utf-8',
        text: '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>',
      };
    case 'EMPTY_BODY':
      return { contentType: 'application/json', text: '' };
    case 'WRONG_ENVELOPE':
      // Valid JSON, but the payload sits one level down: neither `profiles` nor `items` at the top.
      return { contentType: 'application/json', text: JSON.stringify({ status: 'OK', result: body }) };
  }
}

type Container = Record<string, unknown> | unknown[];
type Slot = { parent: Container; key: string | number; value: string };

/** The first string (depth first, in field order) that `test` accepts. */
function findString(node: unknown, test: (s: string) => boolean): Slot | null {
  if (node === null || typeof node !== 'object') return null;
  const entries: Array<[string | number, unknown]> = Array.isArray(node)
    ? node.map((v, i) => [i, v])
    : Object.entries(node);
  for (const [key, value] of entries) {
    if (typeof value === 'string' && test(value)) return { parent: node as Container, key, value };
    const inner = findString(value, test);
    if (inner) return inner;
  }
  return null;
}

const set = (slot: Slot, value: unknown) => ((slot.parent as Record<string | number, unknown>)[slot.key] = value);
const MONEY = /^-?\d{1,16}\.\d{2}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A copy of a profile's data that breaks the source's schema in the way asked for. Every kind
 * is guaranteed to break it: when the profile has no money (or no date) to spoil, a required
 * top-level field is dropped instead.
 */
export function corruptProfile(data: Record<string, unknown>, kind: CorruptionKind): Record<string, unknown> {
  const copy = structuredClone(data);
  if (kind === 'MONEY_AS_NUMBER') {
    const slot = findString(copy, (s) => MONEY.test(s));
    if (slot) {
      set(slot, Number(slot.value) + 0.001);
      return copy;
    }
  }
  if (kind === 'DATE_FORMAT') {
    const slot = findString(copy, (s) => DATE.test(s));
    if (slot) {
      set(slot, slot.value.replaceAll('-', '/'));
      return copy;
    }
  }
  delete copy[Object.keys(copy)[0]];
  return copy;
}
