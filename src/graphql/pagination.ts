/** Relay-style cursor pagination: opaque cursors, `first` bounded, `pageInfo`. */
import { Field, ObjectType } from 'type-graphql';
import { badInput } from '../errors';

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

export function encodeCursor(parts: Array<string | number>): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/** Decodes a cursor made by `encodeCursor` with `arity` parts, or says clearly that it is not one. */
export function decodeCursor(cursor: string, arity: number, argument = 'after'): string[] {
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parts) && parts.length === arity && parts.every((p) => typeof p === 'string' || typeof p === 'number')) {
      return parts.map(String);
    }
  } catch {
    // fall through to the error below
  }
  throw badInput(`\`${argument}\` is not a cursor this API issued: pass the endCursor of a previous page`, { argument });
}

/** Checks `first` against its bounds with a message naming the argument and the allowed range. */
export function checkFirst(first: number, max: number, argument = 'first'): number {
  if (!Number.isInteger(first) || first < 0 || first > max) {
    throw badInput(`\`${argument}\` must be an integer from 0 to ${max}, got ${first}`, { argument });
  }
  return first;
}

/** Splits `limit + 1` fetched rows into a page and whether another page follows. */
export function toPage<T>(rows: T[], limit: number): Page<T> {
  return { rows: rows.slice(0, limit), hasNextPage: rows.length > limit };
}
