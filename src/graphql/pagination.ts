/**
 * Relay-style cursor pagination: opaque, signed cursors, `first` bounded, `pageInfo`.
 *
 * A cursor is base64url of `tag ‖ JSON of the sort key of the last row served`, where `tag` is
 * HMAC-SHA256 (node:crypto), truncated to its first 16 bytes (128 bits, as RFC 2104 §5 allows),
 * over `v1`, the cursor's kind (the list it belongs to: `borrowers`, `warnings`, ...) and the JSON.
 * A cursor made up by a client (`["' OR 1=1 --"]`), altered, cut short, of another list or of
 * another key is refused with BAD_USER_INPUT before any SQL runs; the tag is compared in constant
 * time (`timingSafeEqual`). The key is the configuration's `cursorSecret` (CURSOR_SECRET, docs/operations.md,
 * "Configuration"), the same on every replica so that any replica takes any replica's cursors;
 * `startServer` sets it with `useCursorSecret` (one key per process).
 *
 * Cost: one HMAC (~4 µs) per cursor made or read. `connection()` makes an edge's cursor, and
 * `pageInfo.endCursor`, only when the response asks for it (a getter), so a page whose client
 * reads only `pageInfo.endCursor` signs once.
 */
import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { Field, ObjectType } from 'type-graphql';
import { badInput } from '../errors';
import { DEV_CURSOR_SECRET } from '../lib/dev-secrets';

@ObjectType({ simpleResolvers: true })
export class PageInfo {
  @Field()
  hasNextPage: boolean;
  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

export interface Page<T> {
  rows: T[];
  hasNextPage: boolean;
}

/** The lists that hand out cursors; a cursor of one is refused by every other. */
export type CursorKind = 'borrowers' | 'warnings' | 'invoices' | 'auditLog' | 'matchReviewQueue';
export type CursorParts = Array<string | number>;

const TAG_BYTES = 16;
const MAX_CURSOR_CHARS = 1024;
/** Outside a server (unit tests, scripts): a fixed development key. `startServer` replaces it with the configuration's. */
let key: KeyObject = createSecretKey(Buffer.from(DEV_CURSOR_SECRET, 'utf8'));

/** Sets the key cursors are signed with (the configuration's `cursorSecret`); cursors signed with another key are refused from then on. */
export function useCursorSecret(secret: string): void {
  key = createSecretKey(Buffer.from(secret, 'utf8'));
}

function tag(kind: CursorKind, body: Buffer): Buffer {
  return createHmac('sha256', key).update(`v1\u0000${kind}\u0000`).update(body).digest().subarray(0, TAG_BYTES);
}

/** A signed cursor of `kind` for the sort key `parts` of a row. */
export function encodeCursor(kind: CursorKind, parts: CursorParts): string {
  const body = Buffer.from(JSON.stringify(parts), 'utf8');
  return Buffer.concat([tag(kind, body), body]).toString('base64url');
}

/**
 * The sort key of a cursor `encodeCursor(kind, ...)` made with `arity` parts (as strings), or
 * BAD_USER_INPUT naming `argument` when it is not one: forged, altered, cut short, of another
 * list or signed with another key.
 */
export function decodeCursor(cursor: string, kind: CursorKind, arity: number, argument = 'after'): string[] {
  // Ours are well under 1 KiB; a longer one is not looked at.
  const raw = Buffer.from(cursor.length <= MAX_CURSOR_CHARS ? cursor : '', 'base64url');
  // Node's base64url decoder skips characters outside the alphabet: only the canonical spelling is taken.
  if (raw.length > TAG_BYTES && raw.toString('base64url') === cursor) {
    const body = raw.subarray(TAG_BYTES);
    if (timingSafeEqual(raw.subarray(0, TAG_BYTES), tag(kind, body))) {
      try {
        const parts: unknown = JSON.parse(body.toString('utf8'));
        if (
          Array.isArray(parts) &&
          parts.length === arity &&
          parts.every((p) => typeof p === 'string' || typeof p === 'number')
        ) {
          return parts.map(String);
        }
      } catch {
        // fall through to the error below (a body we signed always parses)
      }
    }
  }
  throw badInput(
    `\`${argument}\` is not a cursor this API issued for \`${kind}\` (forged, altered, cut short or of another list): pass the endCursor of a previous page`,
    { argument },
  );
}

/**
 * A connection's `edges` and `pageInfo` for the `rows` of a page: each edge's node (`toNode` of
 * its row), its cursor (`keyOf` its row) and the end cursor, signed only when the response reads it.
 */
export function connection<R, N = R>(
  kind: CursorKind,
  rows: R[],
  keyOf: (row: R) => CursorParts,
  hasNextPage: boolean,
  toNode: (row: R) => N = (row) => row as unknown as N,
): { edges: Array<{ cursor: string; node: N }>; pageInfo: PageInfo } {
  const edges = rows.map((row) => ({
    node: toNode(row),
    get cursor(): string {
      return encodeCursor(kind, keyOf(row));
    },
  }));
  const last = rows.at(-1);
  return {
    edges,
    pageInfo: {
      hasNextPage,
      get endCursor(): string | null {
        return last === undefined ? null : encodeCursor(kind, keyOf(last));
      },
    },
  };
}

/** Checks `first` against its bounds with a message naming the argument and the allowed range. */
export function checkFirst(first: number, max: number, argument = 'first'): number {
  return checkIntArg(first, 0, max, argument);
}

/** An integer argument within [min, max]; BAD_USER_INPUT naming it (with its bounds) otherwise. */
export function checkIntArg(value: number, min: number, max: number, argument: string): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw badInput(`\`${argument}\` must be an integer from ${min} to ${max}, got ${value}`, { argument, min, max });
  }
  return value;
}

/** Splits `limit + 1` fetched rows into a page and whether another page follows. */
export function toPage<T>(rows: T[], limit: number): Page<T> {
  return { rows: rows.slice(0, limit), hasNextPage: rows.length > limit };
}
