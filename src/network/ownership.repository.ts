/**
 * Equity penetration (股权穿透) in SQL: one recursive CTE per batch of borrowers walks
 * registry.shareholder up from each borrower through firm holders (holder_uscc), multiplying the
 * share ratios along a path (numeric, exact). A path stops at a natural person, at a firm with no
 * recorded shareholders (a root), or at the depth bound; a path that would come back to a firm
 * already on it is cut (its share is circular and counts for no one). A controller's share is the
 * sum over its paths, rounded to 4 decimal places. Each step is an index look-up
 * (shareholder_uscc).
 */
import type { Database } from '../db/database';
import type { ControllerKind, OwnershipPath, UltimateController } from './network.types';
import type { HolderType } from '../../connectors/registry/registry.records';

/** The most layers of holdings walked above a borrower. */
export const OWNERSHIP_MAX_LAYERS = 10;

export const CONTROLLERS_SQL = `
WITH RECURSIVE up(root, holder_type, holder_name, holder_uscc, holder_id_no, share, firms, ratios, layer) AS (
  SELECT r.root, s.holder_type, s.holder_name, s.holder_uscc, s.holder_id_no, s.share_ratio::numeric,
         ARRAY[r.root::text], ARRAY[s.share_ratio::text], 1
  FROM (SELECT DISTINCT unnest($1::text[])::char(18) AS root) r
  JOIN registry.shareholder s ON s.uscc = r.root
  UNION ALL
  SELECT u.root, s.holder_type, s.holder_name, s.holder_uscc, s.holder_id_no, u.share * s.share_ratio,
         u.firms || u.holder_uscc::text, u.ratios || s.share_ratio::text, u.layer + 1
  FROM up u JOIN registry.shareholder s ON s.uscc = u.holder_uscc
  WHERE u.holder_type = 'FIRM' AND u.layer < $2::int AND NOT (u.holder_uscc::text = ANY(u.firms))
),
ends AS (
  SELECT u.*,
         CASE
           WHEN u.holder_type = 'PERSON' THEN 'NATURAL_PERSON'
           WHEN u.holder_uscc IS NULL
             OR NOT EXISTS (SELECT 1 FROM registry.shareholder h WHERE h.uscc = u.holder_uscc) THEN 'UNHELD_FIRM'
           WHEN u.holder_uscc::text = ANY(u.firms) THEN NULL
           WHEN u.layer >= $2::int THEN 'DEPTH_LIMIT'
         END AS kind
  FROM up u
)
SELECT root, kind, holder_type AS "holderType", min(holder_name) AS "holderName", holder_uscc AS "holderUscc",
       min(holder_id_no) AS "holderIdNo", round(sum(share), 4)::text AS share,
       jsonb_agg(jsonb_build_object('firms', firms, 'ratios', ratios, 'share', round(share, 4)::text)
                 ORDER BY share DESC, firms) AS paths
FROM ends WHERE kind IS NOT NULL
GROUP BY root, kind, holder_type, holder_uscc,
         CASE WHEN holder_type = 'PERSON' THEN COALESCE(holder_id_no::text, holder_name) ELSE holder_name END
ORDER BY root, sum(share) DESC, min(holder_name)`;

/** Each firm's ultimate controllers, largest share first, in one statement. */
export async function ultimateControllersOf(
  db: Database,
  usccs: readonly string[],
  maxLayers = OWNERSHIP_MAX_LAYERS,
): Promise<UltimateController[][]> {
  const { rows } = await db.query<{
    root: string;
    kind: ControllerKind;
    holderType: HolderType;
    holderName: string;
    holderUscc: string | null;
    holderIdNo: string | null;
    share: string;
    paths: OwnershipPath[];
  }>(CONTROLLERS_SQL, [usccs, maxLayers], 'ultimate-controllers');
  const byFirm = new Map<string, UltimateController[]>(usccs.map((u) => [u, []]));
  for (const { root, ...c } of rows) byFirm.get(root)?.push({ uscc: root, ...c });
  return usccs.map((u) => byFirm.get(u)!);
}

/** The legal representative the registry names for each firm (null when it has no registry record). */
export async function legalRepresentativesOf(
  db: Database,
  usccs: readonly string[],
): Promise<Array<{ name: string; idNo: string | null } | null>> {
  const { rows } = await db.query<{ uscc: string; name: string; idNo: string | null }>(
    `SELECT uscc, legal_rep_name AS name, NULLIF(legal_rep_id_no, '') AS "idNo" FROM registry.company WHERE uscc = ANY($1::text[])`,
    [usccs],
    'legal-representatives',
  );
  const byFirm = new Map(rows.map((r) => [r.uscc, { name: r.name, idNo: r.idNo }]));
  return usccs.map((u) => byFirm.get(u) ?? null);
}
