/**
 * Persisted-query allowlist for partner tenants. With PARTNER_PERSISTED_ONLY=true, a request
 * whose principal has role PARTNER may only run an operation listed in PERSISTED_QUERIES_FILE,
 * an Apollo persisted-query manifest:
 *
 *   { "format": "apollo-persisted-query-manifest", "version": 1,
 *     "operations": [{ "id": "<sha256 hex of body>", "name": "PartnerTier", "type": "query", "body": "query PartnerTier ..." }] }
 *
 * The partner names the operation by its hash, as Apollo's automatic-persisted-query protocol
 * does (`extensions.persistedQuery.sha256Hash`) or as `id` in the body, with or without the
 * query text (the server fills it in from the manifest; a text sent along must hash to the
 * named id). Anything else (an unlisted hash, ad-hoc text, a GET, a batch) is refused with HTTP
 * 403 and code PERSISTED_QUERY_REQUIRED before GraphQL runs. Internal roles are not affected.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { RequestHandler, Response } from 'express';
import { z } from 'zod';
import { Role } from '../auth/principal';
import { ConfigError } from '../config';
import { ErrorCode } from '../errors';
import { principalFor, type PrincipalResolver } from './principal';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const manifestSchema = z.object({
  format: z.literal('apollo-persisted-query-manifest', {
    error: 'expected "format": "apollo-persisted-query-manifest"',
  }),
  version: z.literal(1, { error: 'expected "version": 1' }),
  operations: z.array(
    z.object({
      id: z.string().regex(/^[0-9a-f]{64}$/, 'expected a lower-case sha256 hex digest'),
      name: z.string().min(1).optional(),
      type: z.enum(['query', 'mutation', 'subscription']).optional(),
      body: z.string().min(1),
    }),
  ),
});

export type PersistedQueries = ReadonlyMap<string, { name?: string; body: string }>;

/** Parses a manifest; every problem names the setting and the operation. */
export function parsePersistedQueries(text: string, where: string): PersistedQueries {
  const problem = (msg: string) =>
    new ConfigError(`invalid configuration:\n  PERSISTED_QUERIES_FILE=${JSON.stringify(where)}: ${msg}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw problem(`not JSON (${(err as Error).message})`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success)
    throw problem(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '));
  const map = new Map<string, { name?: string; body: string }>();
  for (const [i, op] of parsed.data.operations.entries()) {
    const actual = sha256(op.body);
    if (actual !== op.id)
      throw problem(`operations.${i} (${op.name ?? 'unnamed'}): id ${op.id} is not the sha256 of its body (${actual})`);
    map.set(op.id, { name: op.name, body: op.body });
  }
  return map;
}

export function loadPersistedQueries(file: string): PersistedQueries {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(
      `invalid configuration:\n  PERSISTED_QUERIES_FILE=${JSON.stringify(file)}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
  return parsePersistedQueries(text, file);
}

function refuse(res: Response, message: string): void {
  res.status(403).json({ errors: [{ message, extensions: { code: ErrorCode.PERSISTED_QUERY_REQUIRED } }] });
}

export function persistedOnlyMiddleware(
  allowed: PersistedQueries,
  principalOf: PrincipalResolver,
  onRefused: (code: string) => void = () => {},
): RequestHandler {
  return async (req, res, next) => {
    const principal = await principalFor(req, res, principalOf);
    if (principal?.role !== Role.PARTNER) return next();
    const no = (message: string) => {
      onRefused(ErrorCode.PERSISTED_QUERY_REQUIRED);
      refuse(
        res,
        `${message}; partners may only run the persisted operations of the allowlist (send extensions.persistedQuery.sha256Hash or id by POST)`,
      );
    };
    if (req.method !== 'POST') return no(`${req.method} is not accepted`);
    const body = req.body as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object' || Array.isArray(body)) return no('the body is not one GraphQL request');
    const apq = (body.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery
      ?.sha256Hash;
    const named = typeof apq === 'string' ? apq : typeof body.id === 'string' ? body.id : undefined;
    const text = typeof body.query === 'string' ? body.query : undefined;
    if (named && text && sha256(text) !== named) return no(`the query text does not hash to ${named}`);
    const hash = named ?? (text ? sha256(text) : undefined);
    if (!hash) return no('the request names no operation');
    const op = allowed.get(hash);
    if (!op) return no(`operation ${hash} is not in the allowlist`);
    body.query = op.body;
    delete body.id;
    next();
  };
}
