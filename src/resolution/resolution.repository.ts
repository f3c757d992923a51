/**
 * What entity resolution reads and writes (resolution.service.ts decides): the records naming a
 * firm without its USCC and the firms with their former names, region, people, address and
 * counterparties; and the links, upserted by (table, record, firm), never over a person's
 * decision, the job's links no longer produced retired, not deleted.
 */
import type { Database } from '../db/database';
import { localityName, regionByCode, cityShortName, provinceShortName } from '../reference/regions';
import { LinkKind } from './link.entity';
import { parseName } from './normalize';
import type { FirmCandidate, LinkDecision, Subject } from './resolution.types';

const RECORDS_SQL = `
  SELECT 'judicial.case_party' AS "table", p.id::text AS key, p.name, c.court, NULL::text AS counterparty
    FROM judicial.case_party p JOIN judicial.court_case c ON c.id = p.case_id
   WHERE p.uscc IS NULL AND p.party_type = 'FIRM'
  UNION ALL
  SELECT 'supply_chain.purchase_order', o.id::text, o.supplier_name, NULL, o.core_uscc
    FROM supply_chain.purchase_order o
   WHERE o.supplier_uscc IS NULL`;

const FIRMS_SQL = `
  SELECT f.uscc, f.name, f.region_code AS "regionCode", f.registration_no AS "registrationNo", f.created_at::text AS "createdAt",
         array(SELECT DISTINCT n FROM unnest(f.former_names || coalesce(ch.names, '{}')) n WHERE n <> f.name) AS "formerNames",
         c.legal_rep_name AS "legalRepName", c.legal_rep_id_no AS "legalRepIdNo", c.address,
         coalesce(sh.holders, '{}') AS shareholders, coalesce(cp.cores, '{}') AS counterparties
    FROM core.firm f
    LEFT JOIN registry.company c ON c.uscc = f.uscc
    LEFT JOIN (SELECT uscc, array_agg(before_value) AS names FROM registry.change_log WHERE item = 'NAME' GROUP BY uscc) ch ON ch.uscc = f.uscc
    LEFT JOIN (SELECT uscc, array_agg(coalesce(holder_uscc, holder_id_no, holder_name)) AS holders FROM registry.shareholder GROUP BY uscc) sh ON sh.uscc = f.uscc
    LEFT JOIN (SELECT supplier, array_agg(DISTINCT core) AS cores FROM (
                 SELECT supplier_uscc AS supplier, core_uscc AS core FROM supply_chain.purchase_order WHERE supplier_uscc IS NOT NULL
                 UNION ALL SELECT creditor_uscc, debtor_uscc FROM supply_chain.receivable) t GROUP BY supplier) cp ON cp.supplier = f.uscc`;

/** The court's county from its name (杭州市西湖区人民法院 -> 杭州市西湖区); null for higher courts. */
export function courtLocality(court: string | null): string | null {
  if (!court) return null;
  const m = /^(.+?)人民法院$/.exec(court);
  if (!m || /(中级|高级|最高)$/.test(m[1])) return null;
  return m[1];
}

export async function loadSubjects(db: Database): Promise<Subject[]> {
  const { rows } = await db.query<{
    table: string;
    key: string;
    name: string;
    court: string | null;
    counterparty: string | null;
  }>(RECORDS_SQL);
  return rows.map((r) => {
    const parsed = parseName(r.name);
    return {
      kind: LinkKind.RECORD,
      table: r.table,
      key: r.key,
      name: r.name,
      profile: {
        names: [parsed],
        regionWords: parsed.regions,
        identifiers: [],
        counterparties: r.counterparty ? [r.counterparty] : undefined,
        locality: courtLocality(r.court),
      },
    };
  });
}

export async function loadFirms(db: Database): Promise<FirmCandidate[]> {
  const { rows } = await db.query<{
    uscc: string;
    name: string;
    regionCode: string;
    registrationNo: string | null;
    createdAt: string;
    formerNames: string[];
    legalRepName: string | null;
    legalRepIdNo: string | null;
    address: string | null;
    shareholders: string[];
    counterparties: string[];
  }>(FIRMS_SQL);
  return rows.map((r) => {
    const region = regionByCode(r.regionCode);
    const regionWords = region
      ? [
          ...new Set(
            [
              localityName(region),
              region.name,
              region.city,
              cityShortName(region),
              region.province,
              provinceShortName(region.province),
            ].filter((w) => w.length > 1 && !/辖/.test(w)),
          ),
        ]
      : [];
    return {
      uscc: r.uscc,
      name: r.name,
      createdAt: r.createdAt,
      profile: {
        names: [r.name, ...r.formerNames].map(parseName),
        regionWords,
        identifiers: [r.uscc, ...(r.registrationNo ? [r.registrationNo] : [])],
        legalRepName: r.legalRepName,
        legalRepIdNo: r.legalRepIdNo,
        address: r.address,
        shareholders: r.shareholders,
        counterparties: r.counterparties,
        locality: region ? localityName(region) : null,
      },
    };
  });
}

export interface StoreLinksResult {
  inserted: number;
  updated: number;
  retired: number;
}

/** Upserts the run's links (never over a person's decision) and retires the job's links it no longer produced. */
export async function storeLinks(
  db: Database,
  decisions: readonly LinkDecision[],
  runAt: Date,
  batchSize = 5000,
): Promise<StoreLinksResult> {
  return db.transaction(async (client) => {
    let inserted = 0;
    let updated = 0;
    for (let start = 0; start < decisions.length; start += batchSize) {
      const batch = decisions.slice(start, start + batchSize);
      const { rows } = await client.query<{ inserted: boolean }>(
        `INSERT INTO core.entity_link (kind, source_table, record_key, record_name, uscc, method, match_weight, probability, explanation, status, detected_at, last_seen_at)
         SELECT t.kind::core.entity_link_kind, t.tbl, t.key, t.name, t.uscc, t.method::core.entity_link_method, t.weight::numeric, t.probability::numeric,
                t.explanation::jsonb, t.status::core.entity_link_status, $1, $1
           FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
                AS t(kind, tbl, key, name, uscc, method, weight, probability, explanation, status)
         ON CONFLICT (source_table, record_key, uscc) DO UPDATE
            SET record_name = EXCLUDED.record_name, method = EXCLUDED.method, match_weight = EXCLUDED.match_weight,
                probability = EXCLUDED.probability, explanation = EXCLUDED.explanation, last_seen_at = EXCLUDED.last_seen_at, retired_at = NULL,
                status = CASE WHEN core.entity_link.status IN ('LINKED', 'REVIEW') THEN EXCLUDED.status ELSE core.entity_link.status END
         RETURNING (xmax = 0) AS inserted`,
        [
          runAt,
          batch.map((d) => d.kind),
          batch.map((d) => d.table),
          batch.map((d) => d.key),
          batch.map((d) => d.name),
          batch.map((d) => d.uscc),
          batch.map((d) => d.method),
          batch.map((d) => d.score.matchWeight.toFixed(2)),
          batch.map((d) => d.score.probability.toFixed(8)),
          batch.map((d) =>
            JSON.stringify({
              priorWeight: d.score.priorWeight,
              parts: d.score.parts,
              reviewReason: d.reviewReason,
              runnerUp: d.runnerUp ?? null,
            }),
          ),
          batch.map((d) => d.status),
        ],
      );
      for (const r of rows)
        if (r.inserted) inserted++;
        else updated++;
    }
    const retired = await client.query(
      `UPDATE core.entity_link SET retired_at = $1 WHERE retired_at IS NULL AND last_seen_at < $1 AND status IN ('LINKED', 'REVIEW')`,
      [runAt],
    );
    return { inserted, updated, retired: retired.rowCount ?? 0 };
  });
}
