/** Graph helpers the seed's tests share: they check generated rows without a database. */

/**
 * The cycles of the guarantee graph given as rows (guarantor_uscc -> borrower_uscc), each as its
 * sorted members joined, up to 8 firms.
 */
export function findCycles(edges: ReadonlyArray<Record<string, unknown>>): string[] {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    const from = String(e.guarantor_uscc);
    next.set(from, [...(next.get(from) ?? []), String(e.borrower_uscc)]);
  }
  const found = new Set<string>();
  const walk = (start: string, node: string, path: string[]) => {
    for (const n of next.get(node) ?? []) {
      if (n === start) found.add([...path].sort().join());
      else if (!path.includes(n) && path.length < 8) walk(start, n, [...path, n]);
    }
  };
  for (const start of next.keys()) walk(start, start, [start]);
  return [...found];
}
