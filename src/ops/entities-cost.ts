/**
 * `_entities` charged per representation. graphql-armor's cost limit (armor.ts) is a validation
 * rule over the document: it counts the selection under `_entities` once, whatever the number of
 * representations, so 2,000 representations cost what one does (a 12 s, 7.7 MB answer), while the
 * same fields through `borrowers(first: 60)` are refused. Representations usually come in a
 * variable, so the number is known only with the variables: this plugin runs in
 * `didResolveOperation` (after validation, before execution) and charges
 *
 *   cost = (rest of the operation) + Σ over `_entities` fields: representations × (cost of the field)
 *
 * refusing above MAX_QUERY_COST with QUERY_TOO_COSTLY (HTTP 400), like armor's own refusal.
 *
 * The cost is armor's, computed the same way: armor exports only its validation rule, which
 * reports one number per operation, not the cost of one field. `operationCost` follows
 * graphql-armor-cost-limit 2.4 (`CostLimitVisitor.computeComplexity`): a leaf costs `scalarCost`,
 * a field with a selection `objectCost` plus `depthCostFactor` × each child, times its `first` or
 * `last` literal; a fragment spread `scalarCost` plus `depthCostFactor` × the fragment;
 * `__schema` nothing. armor.ts passes COST_WEIGHTS to armor, and test/entities-cost.test.ts checks
 * that both give the same cost for the same documents.
 *
 * Representations are counted after Apollo's own coercion of the variables (graphql-js's
 * `getVariableValues`, `getArgumentValues`): a malformed `representations` is left to Apollo,
 * which reports it as usual (BAD_USER_INPUT) before anything runs.
 */
import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import {
  getArgumentValues,
  getVariableValues,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
} from 'graphql';
import { ErrorCode, PublicError } from '../errors';

/** The weights of armor's cost limit (its defaults), given to armor by armor.ts so that both agree. */
export const COST_WEIGHTS = {
  objectCost: 2,
  scalarCost: 1,
  depthCostFactor: 1.5,
  flattenFragments: false,
  ignoreIntrospection: true,
} as const;

const ENTITIES = '_entities';

/** One `_entities` field of the operation and what it is charged. */
export interface EntitiesCharge {
  /** Its response key (alias or `_entities`). */
  key: string;
  representations: number;
  /** What one representation costs where the field stands (the field's cost as armor counts it). */
  perRepresentation: number;
}

export interface OperationCost {
  /** The operation's cost, every `_entities` field charged per representation. */
  total: number;
  entities: EntitiesCharge[];
}

type CostNode = OperationDefinitionNode | FragmentDefinitionNode | SelectionNode;

/**
 * The operation's cost as armor counts it, except that each root `_entities` field costs
 * `representations(field)` times its own cost. With `representations` always 1, armor's number.
 */
export function operationCost(
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  representations: (field: FieldNode) => number = () => 1,
): OperationCost {
  const w = COST_WEIGHTS;
  const entities: EntitiesCharge[] = [];
  const visited = new Map<string, number>();
  const isQuery = operation.operation === 'query';

  /** `scale`: while on the root selection (through fragments), what a cost there adds to the total; null below it. */
  function cost(node: CostNode, scale: number | null): number {
    if (node.kind === Kind.OPERATION_DEFINITION)
      return node.selectionSet.selections.reduce((sum, child) => sum + cost(child, 1), 0);
    if (w.ignoreIntrospection && node.kind === Kind.FIELD && node.name.value === '__schema') return 0;
    let c: number = w.scalarCost;
    if ('selectionSet' in node && node.selectionSet) {
      c = w.objectCost;
      let multiplier = 1;
      if ('arguments' in node && node.arguments) {
        for (const arg of node.arguments) {
          if (arg.name.value === 'first' || arg.name.value === 'last') {
            if (arg.value.kind === Kind.INT) multiplier = Math.max(parseInt(arg.value.value, 10), multiplier);
            break;
          }
        }
      }
      // Below a field, no longer on the root selection; an inline fragment on it stays there.
      const childScale = scale === null || node.kind === Kind.FIELD ? null : scale * w.depthCostFactor;
      for (const child of node.selectionSet.selections) c += w.depthCostFactor * cost(child, childScale);
      c *= multiplier;
      if (isQuery && scale !== null && node.kind === Kind.FIELD && node.name.value === ENTITIES) {
        const n = representations(node);
        entities.push({ key: node.alias?.value ?? ENTITIES, representations: n, perRepresentation: c * scale });
        return c * n;
      }
    } else if (node.kind === Kind.FRAGMENT_SPREAD) {
      const name = node.name.value;
      if (visited.has(name)) return c + w.depthCostFactor * (visited.get(name) ?? 0);
      visited.set(name, -1);
      const fragment = fragments.get(name);
      if (fragment) {
        const fragmentCost = cost(fragment, scale === null ? null : scale * w.depthCostFactor);
        c += w.depthCostFactor * fragmentCost;
        if (visited.get(name) === -1) visited.set(name, fragmentCost);
      }
    }
    return c;
  }

  return { total: cost(operation, 1), entities };
}

/** The fragments of a document by name. */
export function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const out = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) out.set(d.name.value, d);
  return out;
}

/** Whether the operation asks for `_entities` on its root selection (through fragments): the cheap test before costing. */
function asksForEntities(
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): boolean {
  if (operation.operation !== 'query') return false;
  const seen = new Set<string>();
  const walk = (selections: readonly SelectionNode[]): boolean =>
    selections.some((s) => {
      if (s.kind === Kind.FIELD) return s.name.value === ENTITIES;
      if (s.kind === Kind.INLINE_FRAGMENT) return walk(s.selectionSet.selections);
      if (seen.has(s.name.value)) return false;
      seen.add(s.name.value);
      const f = fragments.get(s.name.value);
      return !!f && walk(f.selectionSet.selections);
    });
  return walk(operation.selectionSet.selections);
}

/**
 * The operation's cost with `_entities` charged per representation, or null when it asks for no
 * `_entities`, or when its variables do not coerce (Apollo reports that itself, as usual).
 */
export function entitiesCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): OperationCost | null {
  const fragments = fragmentsOf(document);
  if (!asksForEntities(operation, fragments)) return null;
  const fieldDef = schema.getQueryType()?.getFields()[ENTITIES];
  if (!fieldDef) return null;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 1 });
  if (coerced.errors) return null;
  let malformed = false;
  const result = operationCost(operation, fragments, (field) => {
    try {
      const reps = getArgumentValues(fieldDef, field, coerced.coerced).representations;
      return Array.isArray(reps) ? reps.length : 0;
    } catch {
      malformed = true;
      return 0;
    }
  });
  return malformed ? null : result;
}

/** The refusal: how many representations, at what cost each, the total and the limit. */
export function entitiesCostError(cost: OperationCost, maxCost: number): PublicError {
  const charged = cost.entities.map(
    (e) =>
      `${e.representations} representations × ${round(e.perRepresentation)} per representation${cost.entities.length > 1 ? ` (${e.key})` : ''}`,
  );
  const entitiesTotal = cost.entities.reduce((sum, e) => sum + e.representations * e.perRepresentation, 0);
  const rest = cost.total - entitiesTotal;
  return new PublicError(
    ErrorCode.QUERY_TOO_COSTLY,
    `Query Cost limit of ${maxCost} exceeded: \`_entities\` is charged per representation, ${charged.join(' + ')}` +
      `${rest > 0 ? ` + ${round(rest)} for the rest of the operation` : ''} = ${round(cost.total)} (MAX_QUERY_COST)`,
    {
      extensions: {
        limit: 'MAX_QUERY_COST',
        maxCost,
        cost: round(cost.total),
        representations: cost.entities.reduce((sum, e) => sum + e.representations, 0),
        costPerRepresentation:
          cost.entities.length === 1
            ? round(cost.entities[0].perRepresentation)
            : cost.entities.map((e) => round(e.perRepresentation)),
        http: { status: 400 },
      },
    },
  );
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** The Apollo plugin: refuses, before execution, an operation whose `_entities` put its cost above `maxCost`. */
export function entitiesCostPlugin(maxCost: number): ApolloServerPlugin {
  const listener: GraphQLRequestListener<Record<string, unknown>> = {
    async didResolveOperation({ schema, document, operation, request }) {
      if (!operation) return;
      const cost = entitiesCost(schema, document, operation, request.variables);
      if (cost && cost.total > maxCost) throw entitiesCostError(cost, maxCost);
    },
  };
  return { requestDidStart: async () => listener };
}
