/**
 * Query limits by graphql-armor (its Apollo integration: validation rules plus plugins), from
 * the configuration's `queryLimits`: depth, aliases, tokens, cost and directives. Each refusal
 * is a `PublicError` with its own code (QUERY_TOO_DEEP, TOO_MANY_ALIASES, ...) and a message
 * naming the limit, reported before any resolver runs (HTTP 400). Field suggestions ("Did you
 * mean ...?") are removed from error messages in production, where they would map the schema
 * for someone who cannot introspect it.
 *
 * The token limit is the one exception to "all in Apollo": armor's Apollo plugin for it throws
 * from `parsingDidStart`, which Apollo turns into HTTP 500. So the request's query text goes
 * through armor's own token-counting parser (`MaxTokensParserWLexer`) in an Express middleware
 * before Apollo parses it, and a document over the limit gets HTTP 400 TOO_MANY_TOKENS.
 *
 * The cost limit also charges `_entities` once per representation (entities-cost.ts): armor's
 * rule sees the document only, and counts the selection under `_entities` once.
 */
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { MaxTokensParserWLexer } from '@escape.tech/graphql-armor-max-tokens';
import type { RequestHandler } from 'express';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import type { ApolloServerPlugin } from '@apollo/server';
import type { ValidationRule } from 'graphql';
import type { QueryLimits } from '../config';
import { ErrorCode, PublicError } from '../errors';
import { COST_WEIGHTS, entitiesCostPlugin } from './entities-cost';

/** Reports armor's refusal as our own error code; armor's message names the limit and what was found. */
function refuse(code: ErrorCode, setting: string): GraphQLArmorRejectCallback[] {
  return [
    (ctx, error) => {
      const err = new PublicError(code, `${error.message.replace(/^Syntax Error: /, '')} (${setting})`, {
        extensions: { limit: setting },
      });
      // Validation rules report through the context; the token limit runs in the parser (no context) and throws.
      if (ctx) ctx.reportError(err);
      else throw err;
    },
  ];
}

export function armorProtection(
  limits: QueryLimits,
  production: boolean,
): { plugins: ApolloServerPlugin[]; validationRules: ValidationRule[] } {
  const common = { exposeLimits: true, propagateOnRejection: false } as const;
  const { plugins, validationRules } = new ApolloArmor({
    maxDepth: {
      ...common,
      n: limits.depth,
      flattenFragments: true,
      onReject: refuse(ErrorCode.QUERY_TOO_DEEP, 'MAX_QUERY_DEPTH'),
    },
    maxAliases: { ...common, n: limits.aliases, onReject: refuse(ErrorCode.TOO_MANY_ALIASES, 'MAX_QUERY_ALIASES') },
    // The token limit runs in tokenLimitMiddleware below: armor's Apollo plugin for it throws from a
    // parsing hook, which Apollo answers as an unexpected error (HTTP 500).
    maxTokens: { enabled: false },
    costLimit: {
      ...common,
      ...COST_WEIGHTS,
      maxCost: limits.cost,
      onReject: refuse(ErrorCode.QUERY_TOO_COSTLY, 'MAX_QUERY_COST'),
    },
    maxDirectives: {
      ...common,
      n: limits.directives,
      onReject: refuse(ErrorCode.TOO_MANY_DIRECTIVES, 'MAX_QUERY_DIRECTIVES'),
    },
    blockFieldSuggestion: { enabled: production },
  }).protect();
  return { plugins: [...plugins, entitiesCostPlugin(limits.cost)], validationRules };
}

/** Refuses a query text over `maxTokens` tokens (counted by armor's parser) with HTTP 400 TOO_MANY_TOKENS. */
export function tokenLimitMiddleware(maxTokens: number, onRefused: (code: string) => void = () => {}): RequestHandler {
  return (req, res, next) => {
    const text = req.method === 'POST' ? (req.body as { query?: unknown } | undefined)?.query : req.query.query;
    if (typeof text !== 'string' || text.length === 0) return next();
    let exceeded: string | undefined;
    try {
      new MaxTokensParserWLexer(text, {
        n: maxTokens,
        exposeLimits: true,
        propagateOnRejection: true,
        onAccept: [],
        onReject: [(_ctx, err) => (exceeded = err.message)],
      }).parseDocument();
    } catch {
      // Other syntax errors are Apollo's to report (GRAPHQL_PARSE_FAILED).
    }
    if (!exceeded) return next();
    onRefused(ErrorCode.TOO_MANY_TOKENS);
    res.status(400).json({
      errors: [
        {
          message: `${exceeded.replace(/^Syntax Error: /, '')} (MAX_QUERY_TOKENS)`,
          extensions: { code: ErrorCode.TOO_MANY_TOKENS, limit: 'MAX_QUERY_TOKENS' },
        },
      ],
    });
  };
}
