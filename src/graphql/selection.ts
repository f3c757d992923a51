/**
 * Whether a query asks, below the field being resolved, for a field path (`edges`, `node`,
 * `health`): through inline fragments and named fragments alike, whatever the aliases. Lets a
 * list resolver read in its own statement what its nodes will ask for (store what is expensive
 * and read it back with the page), instead of a second round trip.
 */
import type { FragmentDefinitionNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';

function asks(
  set: SelectionSetNode | undefined,
  path: readonly string[],
  fragments: Record<string, FragmentDefinitionNode>,
): boolean {
  if (!set) return false;
  if (path.length === 0) return true;
  return set.selections.some((s) => {
    if (s.kind === 'Field')
      return s.name.value === path[0] && (path.length === 1 || asks(s.selectionSet, path.slice(1), fragments));
    if (s.kind === 'InlineFragment') return asks(s.selectionSet, path, fragments);
    const fragment = fragments[s.name.value];
    return fragment !== undefined && asks(fragment.selectionSet, path, fragments);
  });
}

export function selects(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, path: readonly string[]): boolean {
  return info.fieldNodes.some((node) => asks(node.selectionSet, path, info.fragments));
}
