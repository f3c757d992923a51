/**
 * Which firms a request touched, and where in the response: every field whose type is
 * `Borrower`, `[Borrower]`, `BorrowerConnection` (and federation's `_entities`) is wrapped once
 * when the schema is built, so the audit sees each Borrower object with its response path (an
 * error under that path is that firm's) and each look-up by USCC (a refusal of the look-up is
 * that firm's too). Only these few fields are wrapped; no other field pays for it.
 */
import {
  defaultFieldResolver,
  getNamedType,
  isObjectType,
  responsePathAsArray,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import type { Context } from '../graphql/context';
import { checkUscc } from '../lib/uscc';

const BORROWER = 'Borrower';
const CONNECTION = 'BorrowerConnection';

const pathKey = (info: GraphQLResolveInfo) => responsePathAsArray(info.path).join('.');

function usccOf(v: unknown): string | null {
  return v && typeof v === 'object' && typeof (v as { uscc?: unknown }).uscc === 'string'
    ? (v as { uscc: string }).uscc
    : null;
}

function isPromiseLike(v: unknown): v is PromiseLike<unknown> {
  return !!v && typeof (v as { then?: unknown }).then === 'function';
}

/** Records the Borrower objects in `result` (a Borrower, a list of them, or a connection) at their paths. */
function recordResult(ctx: Context, key: string, shape: 'one' | 'list' | 'connection', result: unknown): void {
  if (result == null) return;
  if (shape === 'one') {
    const uscc = usccOf(result);
    if (uscc) ctx.audit.firm(uscc, key);
  } else if (shape === 'list' && Array.isArray(result)) {
    result.forEach((r, i) => {
      const uscc = usccOf(r);
      if (uscc) ctx.audit.firm(uscc, `${key}.${i}`);
    });
  } else if (shape === 'connection') {
    const edges = (result as { edges?: unknown }).edges;
    if (Array.isArray(edges)) {
      edges.forEach((e, i) => {
        const uscc = usccOf((e as { node?: unknown })?.node);
        if (uscc) ctx.audit.firm(uscc, `${key}.edges.${i}.node`);
      });
    }
  }
}

/** Look-ups before the field resolves: `uscc` arguments and `_entities` representations of Borrower. */
function recordLookups(ctx: Context, key: string, fieldName: string, args: Record<string, unknown>): void {
  if (typeof args.uscc === 'string') ctx.audit.lookup(args.uscc, key);
  if (fieldName === '_entities' && Array.isArray(args.representations)) {
    args.representations.forEach((r: unknown, i: number) => {
      const rep = r as { __typename?: unknown; uscc?: unknown };
      if (rep?.__typename !== BORROWER) return;
      const check = checkUscc(String(rep.uscc ?? ''));
      if (check.ok) ctx.audit.lookup(check.value, `${key}.${i}`);
    });
  }
}

function wrap(
  resolve: GraphQLFieldResolver<unknown, Context>,
  fieldName: string,
  shape: 'one' | 'list' | 'connection',
): GraphQLFieldResolver<unknown, Context> {
  return (source, args, ctx, info) => {
    const key = pathKey(info);
    recordLookups(ctx, key, fieldName, args);
    let result = resolve(source, args, ctx, info);
    // `_entities` answers one promise per representation: settled here into one list whose refused
    // items are their errors, which the executor reports at the item's path (null in the list).
    if (Array.isArray(result) && result.some(isPromiseLike))
      result = Promise.all(result.map((r) => (isPromiseLike(r) ? Promise.resolve(r).catch((err: unknown) => err) : r)));
    if (isPromiseLike(result)) {
      return Promise.resolve(result).then((r) => {
        recordResult(ctx, key, shape, r);
        return r;
      });
    }
    recordResult(ctx, key, shape, result);
    return result;
  };
}

/** Wraps the schema's Borrower-returning fields in place (see the module comment); returns the schema. */
export function trackFirmAccess(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type).name;
      let shape: 'one' | 'list' | 'connection' | null = null;
      if (named === BORROWER) shape = field.type.toString().includes('[') ? 'list' : 'one';
      else if (named === CONNECTION) shape = 'connection';
      else if (field.name === '_entities' && type === schema.getQueryType()) shape = 'list';
      if (!shape) continue;
      field.resolve = wrap(
        (field.resolve ?? defaultFieldResolver) as GraphQLFieldResolver<unknown, Context>,
        field.name,
        shape,
      );
    }
  }
  return schema;
}
