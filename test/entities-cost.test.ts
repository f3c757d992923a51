/**
 * `_entities` charged per representation (src/ops/entities-cost.ts): the cost is armor's own
 * (same documents, same number as graphql-armor's cost-limit rule with the weights armor.ts gives
 * it), and each root `_entities` field is multiplied by its coerced number of representations.
 */
import { buildSchema, Kind, parse, validate, type OperationDefinitionNode } from 'graphql';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { COST_WEIGHTS, entitiesCost, entitiesCostError, fragmentsOf, operationCost } from '../src/ops/entities-cost';

const schema = buildSchema(`
  scalar _Any
  union _Entity = Borrower
  type Query {
    _entities(representations: [_Any!]!): [_Entity]!
    borrower(uscc: String!): Borrower
    borrowers(first: Int, after: String): BorrowerConnection!
  }
  type BorrowerConnection { edges: [Edge!]! }
  type Edge { node: Borrower! }
  type Borrower { uscc: String! name: String! registry: Registry tax: Tax loans: [Loan!]! }
  type Registry { status: String shareholders: [Shareholder!]! }
  type Shareholder { holderName: String shareRatio: Float }
  type Tax { invoices(first: Int): [Invoice!]! }
  type Invoice { invoiceNumber: String amount: String }
  type Loan { contractNo: String balance: String }
`);

/** What armor's rule finds for the document's (only) operation. */
function armorCost(query: string): number {
  let found = NaN;
  const errors = validate(schema, parse(query), [
    costLimitRule({
      ...COST_WEIGHTS,
      maxCost: Number.MAX_SAFE_INTEGER,
      propagateOnRejection: false,
      onAccept: [(_ctx, { n }) => (found = n)],
    }),
  ]);
  expect(errors).toEqual([]);
  return found;
}

function ours(query: string, representations?: number) {
  const doc = parse(query);
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  return operationCost(op, fragmentsOf(doc), representations === undefined ? undefined : () => representations);
}

const ENTITY =
  '... on Borrower { uscc name registry { status shareholders { holderName shareRatio } } loans { contractNo balance } }';

describe('the cost of an operation, as armor counts it', () => {
  it.each([
    ['leaves and objects', '{ borrower(uscc: "x") { uscc name registry { status } } }'],
    [
      'first multiplies',
      '{ borrowers(first: 60) { edges { node { uscc tax { invoices(first: 5) { invoiceNumber amount } } } } } }',
    ],
    ['introspection is free', '{ __schema { queryType { name } } borrower(uscc: "x") { uscc } }'],
    [
      'fragments, spread twice',
      'query { a: borrower(uscc: "a") { ...F } b: borrower(uscc: "b") { ...F } } fragment F on Borrower { uscc registry { status } }',
    ],
    ['_entities with an inline fragment', `query($r: [_Any!]!) { _entities(representations: $r) { ${ENTITY} } }`],
    [
      '_entities in a root fragment',
      `query($r: [_Any!]!) { ...Q } fragment Q on Query { _entities(representations: $r) { ${ENTITY} } }`,
    ],
    [
      '_entities in a root inline fragment, twice',
      `query($r: [_Any!]!) { ... on Query { a: _entities(representations: $r) { ${ENTITY} } } b: _entities(representations: $r) { __typename } }`,
    ],
  ])('%s', (_what, query) => {
    expect(ours(query, 1).total).toBe(armorCost(query));
  });

  it('charges each root _entities field per representation, where it stands', () => {
    const query = `query($r: [_Any!]!) { borrower(uscc: "x") { uscc } _entities(representations: $r) { ${ENTITY} } }`;
    const one = ours(query, 1);
    const per = one.entities[0].perRepresentation;
    const rest = one.total - per;
    expect(rest).toBe(armorCost('{ borrower(uscc: "x") { uscc } }'));
    const many = ours(query, 2000);
    expect(many.total).toBe(rest + 2000 * per);
    expect(many.entities).toEqual([{ key: '_entities', representations: 2000, perRepresentation: per }]);

    // In a root fragment, a representation costs what the field adds to armor's total there.
    const inFragment = `query($r: [_Any!]!) { ...Q } fragment Q on Query { _entities(representations: $r) { ${ENTITY} } }`;
    const f1 = ours(inFragment, 1);
    const f10 = ours(inFragment, 10);
    expect(f10.total - f1.total).toBeCloseTo(9 * f10.entities[0].perRepresentation, 6);
  });
});

describe('entitiesCost (coerced representations)', () => {
  const query = `query($r: [_Any!]!) { _entities(representations: $r) { ${ENTITY} } }`;
  const doc = parse(query);
  const op = doc.definitions[0] as OperationDefinitionNode;
  const reps = (n: number) => Array.from({ length: n }, (_, i) => ({ __typename: 'Borrower', uscc: String(i) }));

  it('counts representations from variables, inline lists and default values', () => {
    expect(entitiesCost(schema, doc, op, { r: reps(2000) })!.entities[0].representations).toBe(2000);
    const inline = parse(
      `{ _entities(representations: [{ __typename: "Borrower", uscc: "1" }, { __typename: "Borrower", uscc: "2" }]) { ${ENTITY} } }`,
    );
    expect(
      entitiesCost(schema, inline, inline.definitions[0] as OperationDefinitionNode, {})!.entities[0].representations,
    ).toBe(2);
    const withDefault = parse(
      `query($r: [_Any!]! = [{ __typename: "Borrower", uscc: "1" }]) { _entities(representations: $r) { __typename } }`,
    );
    expect(
      entitiesCost(schema, withDefault, withDefault.definitions[0] as OperationDefinitionNode, {})!.entities[0]
        .representations,
    ).toBe(1);
    // A single value is coerced to a list of one, as graphql-js does.
    expect(
      entitiesCost(schema, doc, op, { r: { __typename: 'Borrower', uscc: '1' } })!.entities[0].representations,
    ).toBe(1);
  });

  it('leaves an operation without _entities, and variables that do not coerce, to armor and Apollo', () => {
    const other = parse('{ borrower(uscc: "x") { uscc } }');
    expect(entitiesCost(schema, other, other.definitions[0] as OperationDefinitionNode, {})).toBeNull();
    expect(entitiesCost(schema, doc, op, { r: null })).toBeNull();
    expect(entitiesCost(schema, doc, op, {})).toBeNull();
    expect(entitiesCost(schema, doc, op, { r: [...reps(5000), null] })).toBeNull();
  });

  it('says how many representations, the cost of one, the total and the limit', () => {
    const cost = entitiesCost(schema, doc, op, { r: reps(2000) })!;
    const per = cost.entities[0].perRepresentation;
    const err = entitiesCostError(cost, 20000);
    expect(err.message).toBe(
      `Query Cost limit of 20000 exceeded: \`_entities\` is charged per representation, 2000 representations × ${per} per representation = ${2000 * per} (MAX_QUERY_COST)`,
    );
    expect(err.extensions).toMatchObject({
      code: 'QUERY_TOO_COSTLY',
      limit: 'MAX_QUERY_COST',
      maxCost: 20000,
      representations: 2000,
      costPerRepresentation: per,
      cost: 2000 * per,
      http: { status: 400 },
    });
  });
});
