/**
 * The SQL the three guarantee-structure checks share (GUARANTEE_CIRCLE, GUARANTEE_CHAIN,
 * GUARANTEE_STAR): the guarantees live on the as-of day as one edge per (guarantor, borrower)
 * pair, the circles among them, and the evidence of a set of firms. Everything runs in
 * PostgreSQL; the graph never comes to Node.
 *
 * - Edges: bank.guarantee rows started on or before the as-of day and not yet ended (a released
 *   guarantee does not count), several guarantees of one pair summed (their ids kept).
 * - Scoped to some firms (on read, incremental runs), the edges are those of the firms' weakly
 *   connected components: a walk over bank.guarantee's guarantor and borrower indexes from the
 *   firms, in either direction, `UNION` (not `UNION ALL`) so each firm is visited once and the
 *   walk ends on any graph. A circle or chain through a firm lies inside its component, and so
 *   do the firms that decide whether its members are on a circle, so the scoped statement
 *   returns the same findings as the portfolio one for those firms.
 * - Circles: every simple directed cycle of at most `maxFirms` firms, found once, from its
 *   smallest USCC (each step goes only to a larger USCC than the start, except the step that
 *   closes it), among the firms that both give and receive a guarantee (no other firm can be on
 *   one).
 */

/** Parameters: $1 the as-of date, $2 the longest circle (firms); a scoped statement's firms come last. */
export const LIVE = `g.start_date <= $1::date AND g.end_date >= $1::date AND g.guarantor_uscc <> g.borrower_uscc`;

/** `edge(a, b, amount, ids)`: live guarantees, one row per guarantor `a` and borrower `b`; scoped to the components of the firms in `$<scopeParam>`. */
export function edgesCte(scopeParam?: number): string {
  const group = `GROUP BY g.guarantor_uscc, g.borrower_uscc`;
  const columns = `g.guarantor_uscc AS a, g.borrower_uscc AS b, sum(g.amount) AS amount, array_agg(g.id ORDER BY g.id) AS ids`;
  if (scopeParam === undefined) return `edge AS (SELECT ${columns} FROM bank.guarantee g WHERE ${LIVE} ${group})`;
  return `
  component(n) AS (
    SELECT unnest($${scopeParam}::bpchar[])
    UNION
    SELECT s.n FROM component c CROSS JOIN LATERAL (
      SELECT g.borrower_uscc AS n FROM bank.guarantee g WHERE g.guarantor_uscc = c.n AND ${LIVE}
      UNION ALL
      SELECT g.guarantor_uscc FROM bank.guarantee g WHERE g.borrower_uscc = c.n AND ${LIVE}) s
  ),
  edge AS (SELECT ${columns} FROM component c JOIN bank.guarantee g ON g.guarantor_uscc = c.n WHERE ${LIVE} ${group})`;
}

/** `edge(a, b, amount, ids)` of the guarantors in `$<param>` only (a star's evidence needs no other). */
export function guarantorEdgesCte(param: number): string {
  return `edge AS (
    SELECT g.guarantor_uscc AS a, g.borrower_uscc AS b, sum(g.amount) AS amount, array_agg(g.id ORDER BY g.id) AS ids
      FROM bank.guarantee g WHERE g.guarantor_uscc = ANY($${param}::bpchar[]) AND ${LIVE}
     GROUP BY g.guarantor_uscc, g.borrower_uscc)`;
}

/**
 * `circle(members)`: each directed guarantee cycle of 2..$2 firms once, as its firms in guarantee
 * order from the smallest USCC (members[k] guarantees members[k + 1], the last the first). Needs
 * `edge` before it in a `WITH RECURSIVE`.
 */
export const CIRCLES_CTE = `
  cnode AS (SELECT a AS n FROM edge INTERSECT SELECT b FROM edge),
  cedge AS (SELECT e.a, e.b FROM edge e JOIN cnode x ON x.n = e.a JOIN cnode y ON y.n = e.b),
  walk(start, node, path, closed) AS (
    SELECT n, n, ARRAY[n::text], false FROM cnode
    UNION ALL
    SELECT w.start, e.b, w.path || e.b::text, e.b = w.start
      FROM walk w JOIN cedge e ON e.a = w.node
     WHERE NOT w.closed
       AND ((e.b = w.start AND cardinality(w.path) <= $2::int)
         OR (e.b > w.start AND cardinality(w.path) < $2::int AND NOT (e.b::text = ANY(w.path))))
  ),
  circle AS (SELECT path[1:cardinality(path) - 1] AS members FROM walk WHERE closed)`;

/** How a structure's members are linked: each to the next and the last to the first, each to the next, or the first to each other. */
export type StructureShape = 'CIRCLE' | 'CHAIN' | 'STAR';

const LINK: Record<StructureShape, [from: string, to: string]> = {
  CIRCLE: ['m.members[m.k]', 'm.members[CASE WHEN m.k = cardinality(m.members) THEN 1 ELSE m.k + 1 END]'],
  CHAIN: ['m.members[m.k]', 'm.members[m.k + 1]'],
  STAR: ['m.members[1]', 'm.members[m.k + 1]'],
};

/**
 * A JSON evidence fragment for the firms of `membersExpr` (a text[] in order): each with its
 * name and the bank's exposure (outstanding principal of its ACTIVE loans), the live guarantees
 * that link them (by `shape`), and the totals. Money as decimal strings. The members are read as
 * bpchar, the type of the USCC columns: compared as text, no index on them would be used; each
 * link's guarantees are read through the guarantor index (the same live ones as `edge`).
 */
export function structureEvidence(membersExpr: string, shape: StructureShape): string {
  const [from, to] = LINK[shape];
  return `
    (SELECT jsonb_build_object(
              'members', jsonb_agg(jsonb_build_object('uscc', x.uscc, 'name', x.name, 'exposure', x.exposure::text) ORDER BY x.k),
              'totalExposure', sum(x.exposure)::numeric(18,2)::text)
       FROM (SELECT t.k, t.u::text AS uscc, f.name, l.exposure
               FROM unnest((${membersExpr})::bpchar[]) WITH ORDINALITY AS t(u, k)
               LEFT JOIN core.firm f ON f.uscc = t.u
               CROSS JOIN LATERAL (SELECT coalesce(sum(l.balance), 0)::numeric(18,2) AS exposure
                                     FROM bank.loan l WHERE l.uscc = t.u AND l.status = 'ACTIVE') l) x)
    || (SELECT jsonb_build_object(
              'guarantees', coalesce(jsonb_agg(jsonb_build_object(
                 'guarantorUscc', e.a, 'borrowerUscc', e.b, 'amount', e.amount::text, 'guaranteeIds', to_jsonb(e.ids::text[])) ORDER BY m.k), '[]'),
              'totalGuaranteed', coalesce(sum(e.amount), 0)::numeric(18,2)::text)
          FROM (SELECT ${membersExpr} AS members, k FROM generate_subscripts(${membersExpr}, 1) AS k) m
          CROSS JOIN LATERAL (
            SELECT g.guarantor_uscc AS a, g.borrower_uscc AS b, sum(g.amount) AS amount, array_agg(g.id ORDER BY g.id) AS ids
              FROM bank.guarantee g
             WHERE g.guarantor_uscc = (${from})::bpchar AND g.borrower_uscc = (${to})::bpchar AND ${LIVE}
             GROUP BY g.guarantor_uscc, g.borrower_uscc) e)`;
}
