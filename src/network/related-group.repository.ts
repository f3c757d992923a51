/**
 * The SQL of related groups (关联集团): the firms each controller controls, walking
 * registry.shareholder DOWN from the controller (a person by resident ID number, a firm by USCC)
 * in one recursive CTE per batch of controllers, along **control**: each step a holding of at
 * least the control share (a person controlling H, H controlling X: the person controls X, though
 * the product of the ratios may be below the control share). Each firm reached carries the
 * controller's share of it (ratios multiplied along the control paths, summed, rounded to 4
 * decimals as the upward walk rounds them). A path that would come back to a firm already on it
 * (or to the controlling firm) is cut; at most OWNERSHIP_MAX_LAYERS layers. Each step is an index
 * look-up (shareholder_holder_id_no for a person's direct holdings, shareholder_holder_uscc
 * below). Control pooled from several holdings each below the control share is not followed. And
 * the bank's exposure to firms: the balances of their ACTIVE loans (numeric).
 */
import type { Database } from '../db/database';
import { exposureOf } from './guarantee.repository';
import { OWNERSHIP_MAX_LAYERS } from './ownership.repository';

/** A controller as the walk down starts from it: a person by ID number, a firm by USCC. */
export interface ControllerKey {
  kind: 'PERSON' | 'FIRM';
  /** The person's resident ID number, or the firm's USCC. */
  key: string;
}

/** A firm a controller controls (a chain of holdings of at least the control share each). */
export interface ControlledFirmRow {
  uscc: string;
  name: string | null;
  /** The controller's share of it, summed over the paths (0-1, 4 decimals). */
  share: string;
  /** The bank's outstanding principal to it (ACTIVE loans' balances), a decimal string. */
  exposure: string;
}

export const CONTROLLED_SQL = `
WITH RECURSIVE ctl AS (
  SELECT DISTINCT c.kind, c.key::char(18) AS key FROM unnest($1::text[], $2::text[]) AS c(kind, key)
),
starts AS (
  SELECT c.kind, c.key, s.uscc, s.share_ratio::numeric AS share, ARRAY[s.uscc::text] AS firms
  FROM ctl c JOIN registry.shareholder s ON s.holder_id_no = c.key AND s.holder_type = 'PERSON'
  WHERE c.kind = 'PERSON' AND s.share_ratio >= $4::numeric
  UNION ALL
  SELECT c.kind, c.key, s.uscc, s.share_ratio::numeric, ARRAY[c.key::text, s.uscc::text]
  FROM ctl c JOIN registry.shareholder s ON s.holder_uscc = c.key
  WHERE c.kind = 'FIRM' AND s.uscc <> c.key AND s.share_ratio >= $4::numeric
),
down(kind, key, firm, share, firms, layer) AS (
  SELECT kind, key, uscc, share, firms, 1 FROM starts
  UNION ALL
  SELECT d.kind, d.key, s.uscc, d.share * s.share_ratio, d.firms || s.uscc::text, d.layer + 1
  FROM down d JOIN registry.shareholder s ON s.holder_uscc = d.firm
  WHERE d.layer < $3::int AND s.share_ratio >= $4::numeric AND NOT (s.uscc::text = ANY(d.firms))
),
held AS (
  SELECT kind, key, firm, round(sum(share), 4) AS share FROM down GROUP BY kind, key, firm
)
SELECT h.kind, h.key::text AS key, h.firm AS uscc, f.name, h.share::text AS share, ${exposureOf('h.firm')}::text AS exposure
FROM held h LEFT JOIN core.firm f ON f.uscc = h.firm
ORDER BY 1, 2, 3`;

/** The firms each controller controls through holdings of at least `controlShare` each, in one statement. */
export async function controlledFirmsOf(
  db: Database,
  controllers: readonly ControllerKey[],
  controlShare: string,
  maxLayers = OWNERSHIP_MAX_LAYERS,
): Promise<ControlledFirmRow[][]> {
  const { rows } = await db.query<ControlledFirmRow & ControllerKey>(
    CONTROLLED_SQL,
    [controllers.map((c) => c.kind), controllers.map((c) => c.key), maxLayers, controlShare],
    'controlled-firms',
  );
  const byController = new Map<string, ControlledFirmRow[]>();
  for (const { kind, key, ...firm } of rows) {
    const k = `${kind}:${key}`;
    byController.set(k, [...(byController.get(k) ?? []), firm]);
  }
  return controllers.map((c) => byController.get(`${c.kind}:${c.key}`) ?? []);
}

/** The bank's exposure to each firm (0.00 when it has no ACTIVE loan), in one statement. */
export async function exposuresOf(db: Database, usccs: readonly string[]): Promise<string[]> {
  const { rows } = await db.query<{ uscc: string; exposure: string }>(
    `SELECT u.uscc::text AS uscc, ${exposureOf('u.uscc')}::text AS exposure
     FROM (SELECT DISTINCT unnest($1::text[])::char(18) AS uscc) u`,
    [usccs],
    'firm-exposures',
  );
  const byFirm = new Map(rows.map((r) => [r.uscc, r.exposure]));
  return usccs.map((u) => byFirm.get(u) ?? '0.00');
}
