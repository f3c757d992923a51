/**
 * Entity resolution over the portfolio (`npm run resolve`, and part of `npm run quality`).
 *
 * 1. Records to resolve: those that name a firm without its USCC (court parties of type FIRM,
 *    orders' suppliers), read with their context (the court's locality, the order's core
 *    enterprise). Firms: core.firm with their former names (core.firm and the registry change
 *    log), registered region, legal representative, address, shareholders and counterparties.
 * 2. Blocking: every firm is indexed under each core of each of its names (name without region
 *    and legal form) and under each core's first two characters; a record is compared with the
 *    firms sharing a key. Prefix-only candidates must first pass the cheap core similarity or
 *    have one core extend the other (西湖电子 / 西湖电子科技).
 * 3. Scoring (compare.ts) and the decision (`decide`): the best candidate is LINKED at or above
 *    the auto-link probability unless its legal form or branch differs from the record's, the
 *    record states no legal form, context rather than the name carried it there, or another
 *    firm comes within the ambiguity margin; those go to REVIEW with every competitor and the
 *    reasons named; the rest are not linked.
 * 4. Firms against firms, blocked on shared name cores only (a person may legitimately run
 *    several firms at one address, so those alone never pair firms): the later firm is linked
 *    (merged) into the earlier one.
 * 5. Storing: links are upserted by (table, record, firm); a person's decision is never
 *    overwritten; links the run no longer produces are retired, not deleted. No source record is
 *    ever written.
 */
import type { Database } from '../db/database';
import { localityName, regionByCode, cityShortName, provinceShortName } from '../reference/regions';
import { type MatchProfile, type PairScore, nameAlone, scorePair, similarity } from './compare';
import { LinkKind, LinkMethod, LinkStatus } from './link.entity';
import { parseName } from './normalize';
import { RESOLUTION_CONFIG, type ResolutionConfig } from './resolution.config';

/** Something to resolve: a source record naming a firm, or a firm that may duplicate another. */
export interface Subject {
  kind: LinkKind;
  table: string;
  key: string;
  name: string;
  profile: MatchProfile;
}

export interface FirmCandidate {
  uscc: string;
  name: string;
  createdAt: string;
  profile: MatchProfile;
}

export interface LinkDecision {
  kind: LinkKind;
  table: string;
  key: string;
  name: string;
  uscc: string;
  method: LinkMethod;
  status: LinkStatus.LINKED | LinkStatus.REVIEW;
  score: PairScore;
  /** Why a pair went to review, when it did. */
  reviewReason: string | null;
  /** The next most likely firm of a linked record that had another plausible one. */
  runnerUp?: { uscc: string; matchWeight: number };
}

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

/** Firms by blocking key: `C:` + a name core, `P:` + a core's first two characters. */
export class BlockIndex {
  private readonly byCore = new Map<string, number[]>();
  private readonly byPrefix = new Map<string, number[]>();

  constructor(readonly firms: readonly FirmCandidate[]) {
    firms.forEach((f, i) => {
      for (const n of f.profile.names) {
        for (const c of n.cores) {
          push(this.byCore, c, i);
          push(this.byPrefix, c.slice(0, 2), i);
        }
      }
    });
  }

  /** Candidates sharing a core (strong), then those sharing only a core prefix with a similar core. */
  candidates(subject: MatchProfile, config: ResolutionConfig): number[] {
    const out = new Set<number>();
    for (const n of subject.names) for (const c of n.cores) for (const i of this.byCore.get(c) ?? []) out.add(i);
    for (const n of subject.names) {
      for (const c of n.cores) {
        for (const i of this.byPrefix.get(c.slice(0, 2)) ?? []) {
          if (out.has(i)) continue;
          const firmCores = this.firms[i].profile.names.flatMap((x) => x.cores);
          if (firmCores.some((fc) => fc.startsWith(c) || c.startsWith(fc) || similarity(fc, c) >= config.similarCore))
            out.add(i);
        }
      }
    }
    return [...out];
  }

  /** Firms sharing a name core with firm `i` (for firm-to-firm duplicates). */
  sameCore(i: number): number[] {
    const out = new Set<number>();
    for (const n of this.firms[i].profile.names)
      for (const c of n.cores) for (const j of this.byCore.get(c) ?? []) if (j !== i) out.add(j);
    return [...out];
  }
}

function push(map: Map<string, number[]>, key: string, i: number): void {
  const list = map.get(key);
  if (!list) map.set(key, [i]);
  else if (list[list.length - 1] !== i) list.push(i);
}

function methodOf(score: PairScore): LinkMethod {
  return score.parts.some((p) => p.comparison === 'IDENTIFIER' && p.level === 'SAME')
    ? LinkMethod.EXACT_ID
    : LinkMethod.SCORED;
}

/** Name levels that say the record's name could be the firm's (all but DIFFERENT). */
const ALIKE_NAMES = new Set(['EXACT', 'FORMER_NAME', 'SAME_CORE', 'PARTIAL_CORE', 'SIMILAR_CORE']);

function sameIdentifier(score: PairScore): boolean {
  return score.parts.some((p) => p.comparison === 'IDENTIFIER' && p.level === 'SAME');
}

/** Why the record's name cannot be this firm's registered name as written: another legal form, or a branch against its parent. */
export function contradiction(score: PairScore): string | null {
  if (sameIdentifier(score)) return null;
  const p = score.parts.find((x) => x.comparison === 'LEGAL_FORM');
  if (p?.level === 'DIFFERENT') return `different legal form (${p.detail})`;
  if (p?.level === 'BRANCH') return `branch and firm differ (${p.detail})`;
  return null;
}

/** Why a pair may not be auto-linked on its name, even when its score is high; null when nothing stands in the way. */
export function nameIssue(score: PairScore): string | null {
  const c = contradiction(score);
  if (c || sameIdentifier(score)) return c;
  const p = score.parts.find((x) => x.comparison === 'LEGAL_FORM');
  return p?.level === 'UNSTATED'
    ? `legal form stated on one side only (${p.detail}): a trade name, not a registered name`
    : null;
}

const describe = (c: { uscc: string; score: PairScore }) =>
  `${c.uscc} probability ${c.score.probability.toFixed(4)}, weight ${c.score.matchWeight.toFixed(2)}`;

/**
 * The decision for one subject given its scored candidates. The best candidate is LINKED when
 * all of these hold, else it goes to REVIEW with every competitor and the reasons:
 *
 * - its probability reaches the auto-link threshold;
 * - its name does not contradict the record's (another legal form, a branch against its
 *   parent) and states a legal form when the firm's does (nameIssue);
 * - context did not carry it there: the identifier and name alone reach contextLiftFloor
 *   (a court in the firm's county or a known counterparty can raise a match, never make one);
 * - no competitor: another candidate within ambiguityMarginBits of it, on the whole score or on
 *   the name alone, that reaches the review threshold or whose name is alike (same, extended or
 *   similar core). A candidate whose legal form or branch contradicts the record never competes
 *   with one that does not.
 *
 * Nothing is linked when the best is below the review threshold.
 */
export function decide(
  subject: Subject,
  scored: ReadonlyArray<{ uscc: string; score: PairScore }>,
  config: ResolutionConfig = RESOLUTION_CONFIG,
): LinkDecision[] {
  const ranked = [...scored].sort((a, b) => b.score.matchWeight - a.score.matchWeight);
  const [best] = ranked;
  if (!best || best.score.probability < config.review) return [];
  const base = { kind: subject.kind, table: subject.table, key: subject.key, name: subject.name };
  const bestContradicts = contradiction(best.score) !== null;
  const bestAlone = nameAlone(best.score).matchWeight;
  const competitors = ranked.slice(1).filter((c) => {
    // Within the margin on the whole score, or on the name alone: context cannot settle which of two look-alikes a name means.
    const gap = Math.min(best.score.matchWeight - c.score.matchWeight, bestAlone - nameAlone(c.score).matchWeight);
    if (gap >= config.ambiguityMarginBits) return false;
    if (!bestContradicts && contradiction(c.score) !== null) return false;
    const name = c.score.parts.find((p) => p.comparison === 'NAME');
    return c.score.probability >= config.review || !name || ALIKE_NAMES.has(name.level);
  });
  const reasons: string[] = [];
  const issue = nameIssue(best.score);
  if (issue) reasons.push(`${best.uscc}: ${issue}`);
  if (competitors.length) {
    reasons.push(
      `ambiguous: ${competitors.length + 1} firms within ${config.ambiguityMarginBits} bits of each other (${[best, ...competitors].map(describe).join('; ')})`,
    );
  }
  if (best.score.probability < config.autoLink) {
    reasons.push(
      `uncertain: probability ${best.score.probability.toFixed(4)} is below the auto-link threshold ${config.autoLink}`,
    );
  } else if (!sameIdentifier(best.score)) {
    const alone = nameAlone(best.score);
    if (alone.contextWeight > 0 && alone.probability < config.contextLiftFloor) {
      reasons.push(
        `context only: the name alone gives ${alone.probability.toFixed(4)} (below ${config.contextLiftFloor}); ` +
          `context (+${alone.contextWeight} bits) can raise a match, not make one`,
      );
    }
  }
  if (reasons.length === 0) {
    const runnerUp = ranked.slice(1).find((c) => c.score.probability >= config.review);
    return [
      {
        ...base,
        uscc: best.uscc,
        method: methodOf(best.score),
        status: LinkStatus.LINKED,
        score: best.score,
        reviewReason: null,
        runnerUp: runnerUp && { uscc: runnerUp.uscc, matchWeight: runnerUp.score.matchWeight },
      },
    ];
  }
  const reason = reasons.join('; ');
  return [best, ...competitors].map((p) => ({
    ...base,
    uscc: p.uscc,
    method: methodOf(p.score),
    status: LinkStatus.REVIEW,
    score: p.score,
    reviewReason: reason,
  }));
}

/**
 * Resolves source records to firms. A candidate merged into another firm (`canonicalOf`) counts
 * as that firm, so a firm registered twice does not make its records ambiguous.
 */
export function resolveSubjects(
  subjects: readonly Subject[],
  index: BlockIndex,
  config: ResolutionConfig = RESOLUTION_CONFIG,
  canonicalOf: ReadonlyMap<string, string> = new Map(),
): LinkDecision[] {
  const out: LinkDecision[] = [];
  for (const s of subjects) {
    const best = new Map<string, PairScore>();
    for (const i of index.candidates(s.profile, config)) {
      const firm = index.firms[i];
      const uscc = canonicalOf.get(firm.uscc) ?? firm.uscc;
      const score = scorePair(s.profile, firm.profile, config);
      const seen = best.get(uscc);
      if (!seen || score.matchWeight > seen.matchWeight) best.set(uscc, score);
    }
    out.push(
      ...decide(
        s,
        [...best].map(([uscc, score]) => ({ uscc, score })),
        config,
      ),
    );
  }
  return out;
}

/**
 * Firms that are the same firm as an earlier one (same name core, then scored on everything
 * else). The later firm (by creation, then USCC) is the subject, merged into the earlier one.
 * Counterparties are left out: two firms supplying one core enterprise says nothing.
 */
export function findDuplicateFirms(index: BlockIndex, config: ResolutionConfig = RESOLUTION_CONFIG): LinkDecision[] {
  const out: LinkDecision[] = [];
  const earlier = (a: FirmCandidate, b: FirmCandidate) =>
    a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.uscc < b.uscc);
  index.firms.forEach((firm, i) => {
    const others = index.sameCore(i).filter((j) => earlier(index.firms[j], firm));
    if (others.length === 0) return;
    const subject: Subject = {
      kind: LinkKind.FIRM,
      table: 'core.firm',
      key: firm.uscc,
      name: firm.name,
      profile: { ...firm.profile, counterparties: undefined },
    };
    const scored = others.map((j) => ({
      uscc: index.firms[j].uscc,
      score: scorePair(subject.profile, { ...index.firms[j].profile, counterparties: undefined }, config),
    }));
    out.push(...decide(subject, scored, config));
  });
  return out;
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

export interface ResolutionRun extends StoreLinksResult {
  records: number;
  firms: number;
  linked: number;
  review: number;
  merged: number;
  elapsedMs: number;
}

/** Resolves every unidentified record and duplicate firm in the database and stores the links. */
export async function runResolution(
  db: Database,
  config: ResolutionConfig = RESOLUTION_CONFIG,
): Promise<ResolutionRun> {
  const started = Date.now();
  const runAt = new Date();
  const [subjects, firms] = await Promise.all([loadSubjects(db), loadFirms(db)]);
  const index = new BlockIndex(firms);
  const merges = findDuplicateFirms(index, config);
  // Merges in effect: this run's automatic ones that no person rejected or undid, and those people confirmed.
  const { rows: decided } = await db.query<{ recordKey: string; uscc: string; status: LinkStatus }>(
    `SELECT record_key AS "recordKey", uscc, status FROM core.entity_link WHERE kind = 'FIRM' AND status IN ('CONFIRMED', 'REJECTED', 'UNDONE')`,
  );
  const overruled = new Set(
    decided.filter((d) => d.status !== LinkStatus.CONFIRMED).map((d) => `${d.recordKey}>${d.uscc}`),
  );
  const canonicalOf = new Map<string, string>([
    ...merges
      .filter((m) => m.status === LinkStatus.LINKED && !overruled.has(`${m.key}>${m.uscc}`))
      .map((m): [string, string] => [m.key, m.uscc]),
    ...decided.filter((d) => d.status === LinkStatus.CONFIRMED).map((d): [string, string] => [d.recordKey, d.uscc]),
  ]);
  const decisions = [...resolveSubjects(subjects, index, config, canonicalOf), ...merges];
  const stored = await storeLinks(db, decisions, runAt);
  const count = (pred: (d: LinkDecision) => boolean) => decisions.filter(pred).length;
  return {
    records: subjects.length,
    firms: firms.length,
    linked: count((d) => d.kind === LinkKind.RECORD && d.status === LinkStatus.LINKED),
    review: count((d) => d.status === LinkStatus.REVIEW),
    merged: count((d) => d.kind === LinkKind.FIRM && d.status === LinkStatus.LINKED),
    ...stored,
    elapsedMs: Date.now() - started,
  };
}

export function formatResolutionRun(r: ResolutionRun): string {
  return (
    `entity resolution: ${r.records} records without a USCC and ${r.firms} firms compared in ${(r.elapsedMs / 1000).toFixed(1)} s; ` +
    `${r.linked} records linked, ${r.merged} firms merged, ${r.review} pairs sent to review ` +
    `(links: ${r.inserted} new, ${r.updated} updated, ${r.retired} retired)`
  );
}
