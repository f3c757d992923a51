/**
 * Text PostgreSQL cannot store is refused before anything runs. PostgreSQL's text has no NUL
 * character (U+0000) and its UTF-8 has no lone UTF-16 surrogate (U+D800-U+DFFF): a string with
 * either, sent as a query parameter, fails in the driver or the server (22021 "invalid byte
 * sequence") and would come back as INTERNAL_SERVER_ERROR. GraphQL lets both through: JSON
 * variables may carry "\u0000" and "\ud800", a string literal "\u0000".
 *
 * So once per request, in `didResolveOperation` (after validation, before execution, and so for
 * either executor: graphql-jit is only Apollo's executor, src/graphql/jit-executor.ts), this
 * plugin walks the arguments of the fields and directives the operation selects (through its
 * fragments): string literals, lists and input objects, and each variable's value (or its
 * default) where it is used, its nested objects and lists included. Every string is checked, of
 * whatever type (String, ID, USCC and the other custom scalars, `_Any` representations), and
 * so are the keys of objects in JSON-like values. The first bad one is a BAD_USER_INPUT (HTTP
 * 400) naming the argument's path (`filter.name`, `representations[3].uscc`), its field, and the
 * variable it came from. No per-field work: a walk over the document's arguments, each variable
 * value looked at once however often it is used.
 */
import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import {
  Kind,
  type DirectiveNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { badInput, type PublicError } from '../errors';

/** A surrogate not part of a pair: with the `u` flag a pair is one code point, so only a lone surrogate matches the class. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

export const TEXT_EXPECTED = 'text without NUL characters or unpaired surrogates';

/** Where a bad string was found, and what was in it. */
export interface BadText {
  /** The argument's path: its name, then `.field` of input objects and `[i]` of lists. */
  argument: string;
  /** The field (or `@directive`) the argument belongs to. */
  field: string;
  /** The variable the value came from, when it did. */
  variable: string | null;
  /** The offending character's UTF-16 index in the string, and its code point. */
  index: number;
  codePoint: number;
}

type Found = { suffix: string; index: number; codePoint: number };

function badIn(s: string): { index: number; codePoint: number } | null {
  const nul = s.indexOf('\u0000');
  const surrogate = LONE_SURROGATE.exec(s)?.index ?? -1;
  if (nul < 0 && surrogate < 0) return null;
  const index = nul < 0 ? surrogate : surrogate < 0 ? nul : Math.min(nul, surrogate);
  return { index, codePoint: s.charCodeAt(index) };
}

/** The first bad string in a variable's JSON value, and its path below the variable (iterative: a deeply nested value cannot overflow the stack). */
function findInValue(value: unknown): Found | null {
  const stack: Array<[unknown, string]> = [[value, '']];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      const bad = badIn(v);
      if (bad) return { suffix: path, ...bad };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}[${i}]`]);
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, child] = entries[i];
        const bad = badIn(k);
        if (bad) return { suffix: `${path}[${JSON.stringify(k)}]`, ...bad };
        stack.push([child, `${path}.${k}`]);
      }
    }
  }
  return null;
}

/**
 * The first string PostgreSQL could not take among the arguments `operation` runs with
 * (`variables` as the request sent them), or null.
 */
export function findBadText(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): BadText | null {
  const given = variables ?? {};
  const defaults = new Map<string, ValueNode>();
  for (const d of operation.variableDefinitions ?? [])
    if (d.defaultValue) defaults.set(d.variable.name.value, d.defaultValue);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const checkedVariables = new Map<string, Found | null>();
  const seenFragments = new Set<string>();

  function inVariable(name: string): Found | null {
    if (!checkedVariables.has(name)) {
      let found: Found | null = null;
      if (Object.prototype.hasOwnProperty.call(given, name)) found = findInValue(given[name]);
      else {
        const d = defaults.get(name);
        if (d) {
          const inDefault = inLiteral(d, '');
          found = inDefault && { suffix: inDefault.argument, index: inDefault.index, codePoint: inDefault.codePoint };
        }
      }
      checkedVariables.set(name, found);
    }
    return checkedVariables.get(name)!;
  }

  function inLiteral(node: ValueNode, path: string): Omit<BadText, 'field'> | null {
    switch (node.kind) {
      case Kind.STRING: {
        const bad = badIn(node.value);
        return bad && { argument: path, variable: null, ...bad };
      }
      case Kind.LIST:
        for (let i = 0; i < node.values.length; i++) {
          const bad = inLiteral(node.values[i], `${path}[${i}]`);
          if (bad) return bad;
        }
        return null;
      case Kind.OBJECT:
        for (const f of node.fields) {
          const bad = inLiteral(f.value, `${path}.${f.name.value}`);
          if (bad) return bad;
        }
        return null;
      case Kind.VARIABLE: {
        const found = inVariable(node.name.value);
        return (
          found && {
            argument: `${path}${found.suffix}`,
            variable: node.name.value,
            index: found.index,
            codePoint: found.codePoint,
          }
        );
      }
      default:
        // Int, Float, Boolean, null and enum values: their spelling is the lexer's, no text.
        return null;
    }
  }

  function inDirectives(directives: readonly DirectiveNode[] | undefined): BadText | null {
    for (const d of directives ?? []) {
      for (const a of d.arguments ?? []) {
        const bad = inLiteral(a.value, a.name.value);
        if (bad) return { ...bad, field: `@${d.name.value}` };
      }
    }
    return null;
  }

  function inSelections(set: SelectionSetNode): BadText | null {
    for (const s of set.selections) {
      let bad = inDirectives(s.directives);
      if (bad) return bad;
      if (s.kind === Kind.FIELD) {
        for (const a of s.arguments ?? []) {
          const inArg = inLiteral(a.value, a.name.value);
          if (inArg) return { ...inArg, field: s.name.value };
        }
        bad = s.selectionSet ? inSelections(s.selectionSet) : null;
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        bad = inSelections(s.selectionSet);
      } else if (!seenFragments.has(s.name.value)) {
        seenFragments.add(s.name.value);
        const f = fragments.get(s.name.value);
        bad = f ? (inDirectives(f.directives) ?? inSelections(f.selectionSet)) : null;
      }
      if (bad) return bad;
    }
    return null;
  }

  return inDirectives(operation.directives) ?? inSelections(operation.selectionSet);
}

/** The refusal: BAD_USER_INPUT naming the argument, its field and variable, and what is expected. */
export function badTextError(bad: BadText): PublicError {
  const what =
    bad.codePoint === 0
      ? 'a NUL character (U+0000)'
      : `an unpaired surrogate (U+${bad.codePoint.toString(16).toUpperCase()})`;
  const from = bad.variable === null ? '' : ` (variable \`$${bad.variable}\`)`;
  return badInput(
    `\`${bad.argument}\` of \`${bad.field}\`${from} must be ${TEXT_EXPECTED}: found ${what} at index ${bad.index}`,
    {
      argument: bad.argument,
      field: bad.field,
      ...(bad.variable === null ? {} : { variable: bad.variable }),
      http: { status: 400 },
    },
  );
}

/** The Apollo plugin: refuses, before execution, an operation with text PostgreSQL cannot take in an argument. */
export function textArgumentsPlugin(): ApolloServerPlugin {
  const listener: GraphQLRequestListener<Record<string, unknown>> = {
    async didResolveOperation({ document, operation, request }) {
      if (!operation) return;
      const bad = findBadText(document, operation, request.variables);
      if (bad) throw badTextError(bad);
    },
  };
  return { requestDidStart: async () => listener };
}
