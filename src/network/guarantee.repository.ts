/**
 * Guarantee networks (关联互保) in SQL: one recursive CTE per batch of borrowers walks the
 * guarantees live on the as-of day (started on or before it, not yet ended: a guarantee whose
 * end_date has passed is released) in either direction, up to each borrower's own depth, with
 * the path (the firms, and per edge who guarantees whom and the amount) carried in the row.
 * Cycles are cut (a path never visits a firm twice); a firm is reported once, by its shortest
 * path (ties: the lexicographically smallest path). A path that follows guarantees forward only
 * and comes back to the borrower closes a circle (a directed guarantee cycle through it); such
 * forward-only paths go on past the depth, up to CIRCLE_MAX_FIRMS hops, to find circles only.
 * Each step is an index look-up on bank.guarantee (guarantee_guarantor, guarantee_borrower);
 * the whole graph never comes to Node.
 */
import type { Database } from '../db/database';
import { QUALITY_CONFIG } from '../quality/quality.config';
import type { GuaranteeEdge, NetworkKey } from './network.types';

/** One firm of a borrower's network, as the statement returns it. */
export interface NetworkMemberRow {
  uscc: string;
  name: string | null;
  hops: number;
  path: string[];
  edges: GuaranteeEdge[];
  /** The bank's outstanding principal to the firm (ACTIVE loans' balances), a decimal string. */
  exposure: string;
}

export interface NetworkRows {
  members: NetworkMemberRow[];
  /** The firms of every guarantee circle through the borrower (up to CIRCLE_MAX_FIRMS firms, whatever the depth), once each, the borrower included, sorted. */
  circle: string[];
  /** Each of those circles as the USCCs around it, from the borrower back to it (the health facts' `guaranteeCycles`). */
  cycles: string[][];
}

/**
 * The bank's exposure to the firm in column `firm` (a bpchar): the outstanding principal of its
 * ACTIVE loans, 0 without any (numeric). One definition for the network's members and related
 * groups; the guarantee-structure findings aggregate the same rows in a LATERAL join (as a
 * scalar subquery there, their statements ran 1.5-2x slower).
 */
export const exposureOf = (firm: string) =>
  `COALESCE((SELECT sum(l.balance) FROM bank.loan l WHERE l.uscc = ${firm} AND l.status = 'ACTIVE'), 0)::numeric(18,2)`;

export const NETWORK_SQL = `
WITH RECURSIVE roots AS (
  SELECT DISTINCT r.uscc::char(18) AS root, r.depth FROM unnest($1::text[], $2::int[]) AS r(uscc, depth)
),
walk(root, depth, node, hops, path, edges, forward, closed) AS (
  SELECT root, depth, root, 0, ARRAY[root]::text[], '[]'::jsonb, true, false FROM roots
  UNION ALL
  SELECT w.root, w.depth, s.next, w.hops + 1, w.path || s.next::text,
         w.edges || jsonb_build_array(jsonb_build_object(
           'guarantorUscc', s.guarantor_uscc, 'borrowerUscc', s.borrower_uscc, 'amount', s.amount::text)),
         w.forward AND s.forward, s.next = w.root
  FROM walk w
  CROSS JOIN LATERAL (
    SELECT g.borrower_uscc AS next, g.guarantor_uscc, g.borrower_uscc, g.amount, true AS forward
    FROM bank.guarantee g
    WHERE g.guarantor_uscc = w.node AND g.start_date <= $3::date AND g.end_date >= $3::date
    UNION ALL
    SELECT g.guarantor_uscc, g.guarantor_uscc, g.borrower_uscc, g.amount, false
    FROM bank.guarantee g
    WHERE g.borrower_uscc = w.node AND g.start_date <= $3::date AND g.end_date >= $3::date
  ) s
  WHERE NOT w.closed AND (w.hops < w.depth OR (w.forward AND s.forward AND w.hops < $4::int))
    AND (NOT (s.next::text = ANY(w.path)) OR (s.next = w.root AND w.forward AND s.forward AND w.hops >= 1))
),
members AS (
  SELECT DISTINCT ON (root, depth, node) root, depth, node, hops, path, edges
  FROM walk WHERE node <> root AND hops <= depth
  ORDER BY root, depth, node, hops, path
),
circles AS (
  SELECT root, depth, array_agg(DISTINCT m ORDER BY m) AS circle, array_agg(DISTINCT path::text) AS cycles
  FROM walk, unnest(path) AS m WHERE closed GROUP BY root, depth
)
SELECT m.root, m.depth, m.node AS uscc, f.name, m.hops, m.path, m.edges,
       ${exposureOf('m.node')}::text AS exposure,
       NULL::text[] AS circle, NULL::text[] AS cycles
FROM members m LEFT JOIN core.firm f ON f.uscc = m.node
UNION ALL
SELECT root, depth, NULL, NULL, NULL, NULL, NULL, NULL, circle, cycles FROM circles
ORDER BY 1, 2, 5, 3`;

/** The longest guarantee circle looked for, whatever the depth asked (a circle is reported even past it): the quality checks' bound. */
export const CIRCLE_MAX_FIRMS = QUALITY_CONFIG.guaranteeStructures.maxCircleFirms;

/** The live-on-`asOfDate` guarantee network of each key's firm, up to the key's depth, in one statement. */
export async function guaranteeNetworks(
  db: Database,
  keys: readonly NetworkKey[],
  asOfDate: string,
): Promise<NetworkRows[]> {
  const { rows } = await db.query<{
    root: string;
    depth: number;
    uscc: string | null;
    name: string | null;
    hops: number | null;
    path: string[] | null;
    edges: GuaranteeEdge[] | null;
    exposure: string | null;
    circle: string[] | null;
    cycles: string[] | null;
  }>(
    NETWORK_SQL,
    [keys.map((k) => k.uscc), keys.map((k) => k.depth), asOfDate, CIRCLE_MAX_FIRMS],
    'guarantee-networks',
  );
  const out = new Map<string, NetworkRows>(keys.map((k) => [keyOf(k), { members: [], circle: [], cycles: [] }]));
  for (const r of rows) {
    const network = out.get(keyOf({ uscc: r.root, depth: r.depth }));
    if (!network) continue;
    if (r.circle) {
      network.circle = r.circle;
      network.cycles = r.cycles!.map(parsePgArray);
    } else
      network.members.push({
        uscc: r.uscc!,
        name: r.name,
        hops: r.hops!,
        path: r.path!,
        edges: r.edges!,
        exposure: r.exposure!,
      });
  }
  return keys.map((k) => out.get(keyOf(k))!);
}

/** `{a,b,c}` (a text[] printed as text) -> ['a', 'b', 'c']. */
function parsePgArray(text: string): string[] {
  return text
    .replace(/^\{|\}$/g, '')
    .split(',')
    .map((s) => s.replace(/^"|"$/g, '').trim());
}

/** A DataLoader's cache key for a network: the firm and the depth. */
export function keyOf(k: NetworkKey): string {
  return `${k.uscc}:${k.depth}`;
}
