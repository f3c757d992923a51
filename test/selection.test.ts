/** `selects`: whether a query asks for a field path below the field being resolved, through fragments and aliases. */
import { parse, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { selects } from '../src/graphql/selection';

function infoOf(query: string) {
  const doc = parse(query);
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
  const fragments = Object.fromEntries(
    doc.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === 'FragmentDefinition')
      .map((d) => [d.name.value, d]),
  );
  return { fieldNodes: [op.selectionSet.selections[0] as FieldNode], fragments };
}

const PATH = ['edges', 'node', 'health'];

describe('selects', () => {
  it('finds the path asked directly, under an alias, in an inline fragment and in a named fragment', () => {
    expect(selects(infoOf('{ borrowers { edges { node { uscc health { score } } } } }'), PATH)).toBe(true);
    expect(selects(infoOf('{ borrowers { edges { node { h: health { score } } } } }'), PATH)).toBe(true);
    expect(selects(infoOf('{ borrowers { edges { node { ... on Borrower { health { tier } } } } } }'), PATH)).toBe(
      true,
    );
    expect(
      selects(
        infoOf(
          '{ borrowers { edges { ...E } } } fragment E on BorrowerEdge { node { ...N } } fragment N on Borrower { health { score } }',
        ),
        PATH,
      ),
    ).toBe(true);
  });

  it('does not find it when the nodes do not ask for it, or ask for it elsewhere', () => {
    expect(selects(infoOf('{ borrowers { edges { node { uscc name } } } }'), PATH)).toBe(false);
    expect(selects(infoOf('{ borrowers { edges { cursor } health } }'), PATH)).toBe(false);
    expect(
      selects(infoOf('{ borrowers { edges { node { uscc } } } } fragment N on Borrower { health { score } }'), PATH),
    ).toBe(false);
  });
});
