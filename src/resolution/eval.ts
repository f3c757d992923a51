/**
 * Scores entity resolution against the generator's truth: every NAME_VARIANT plant is a record
 * (a court party, an order's supplier) that names a firm by a variant of its name and should be
 * linked to that firm. Precision: effective links that point at the right firm, over all
 * effective links (any link to a record the truth does not list is wrong: the generator names
 * every other firm by its USCC or is not in the portfolio); recall: plants linked to the right
 * firm. Links in review count as neither. Pure functions.
 */
import type { Truth } from '../seed/truth';

/** A link as the evaluation sees it: the record's natural key and the firm it points at. */
export interface EffectiveLink {
  table: string;
  /** `caseNo/role` for court parties, the order number for orders, the USCC for firms. */
  naturalKey: string;
  uscc: string;
}

export interface ResolutionScore {
  planted: number;
  linked: number;
  correct: number;
  inReview: number;
  precision: number;
  recall: number;
  wrong: EffectiveLink[];
  missed: string[];
}

interface VariantEvidence {
  uscc: string;
  table: string;
  key: { caseNo?: string; role?: string; orderNo?: string };
}

export function naturalKeyOf(e: VariantEvidence): string {
  return e.table === 'judicial.case_party' ? `${e.key.caseNo}/${e.key.role}` : String(e.key.orderNo);
}

export function scoreResolution(
  truth: Pick<Truth, 'problems'>,
  links: readonly EffectiveLink[],
  reviewKeys: ReadonlySet<string>,
  examples = 5,
): ResolutionScore {
  const planted = new Map<string, string>();
  for (const e of (truth.problems.NAME_VARIANT ?? []) as unknown as VariantEvidence[]) planted.set(`${e.table}:${naturalKeyOf(e)}`, e.uscc);
  const wrong: EffectiveLink[] = [];
  const hit = new Set<string>();
  for (const l of links) {
    const id = `${l.table}:${l.naturalKey}`;
    if (planted.get(id) === l.uscc) hit.add(id);
    else wrong.push(l);
  }
  const missed = [...planted.keys()].filter((k) => !hit.has(k));
  return {
    planted: planted.size,
    linked: links.length,
    correct: hit.size,
    inReview: missed.filter((k) => reviewKeys.has(k)).length,
    precision: links.length === 0 ? (planted.size === 0 ? 1 : 0) : hit.size / links.length,
    recall: planted.size === 0 ? 1 : hit.size / planted.size,
    wrong: wrong.slice(0, examples),
    missed: missed.slice(0, examples),
  };
}

export function formatResolutionScore(s: ResolutionScore): string {
  return (
    `entity resolution: planted ${s.planted}, linked ${s.linked}, correct ${s.correct}, planted still in review ${s.inReview}: ` +
    `precision ${s.precision.toFixed(3)}, recall ${s.recall.toFixed(3)}`
  );
}

/** The effective links and the records in review, with their natural keys (one statement). */
export const LINKS_FOR_EVAL_SQL = `
  SELECT l.source_table AS "table", l.uscc, l.status,
         CASE l.source_table
           WHEN 'judicial.case_party' THEN (SELECT c.case_no || '/' || p.role FROM judicial.case_party p JOIN judicial.court_case c ON c.id = p.case_id WHERE p.id = l.record_key::bigint)
           WHEN 'supply_chain.purchase_order' THEN (SELECT o.order_no FROM supply_chain.purchase_order o WHERE o.id = l.record_key::bigint)
           ELSE l.record_key END AS "naturalKey"
    FROM core.entity_link l
   WHERE l.retired_at IS NULL AND l.status IN ('LINKED', 'CONFIRMED', 'REVIEW')`;
