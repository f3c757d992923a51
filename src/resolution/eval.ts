/**
 * Scores entity resolution against the generator's truth, clean and hard variants apart. Pure
 * functions.
 *
 * Clean (NAME_VARIANT): a record (a court party, an order's supplier) naming a firm by an
 * everyday variant of its name, to be linked to that firm. Precision: effective links that point
 * at the right firm, over all effective links outside the hard plants (any link to a record the
 * truth does not list is wrong: the generator names every other firm by its USCC or is not in
 * the portfolio); recall: plants linked to the right firm. Links in review count as neither.
 *
 * Hard (HARD_NAME_VARIANT): a court party named by a hard variant, labelled with what should
 * happen. LINK (Traditional characters, full-width noise, a look-alike's own name): correct when
 * linked to the firm, wrong when linked to another, missed otherwise. REVIEW (another legal form,
 * a branch, a bare or shared trade name, a weak name with only the location agreeing): wrong
 * when auto-linked to any firm, correct when in review with every firm the truth lists offered,
 * missed otherwise (no link, or a firm it lists not offered). Counted per kind, with and without
 * the court's location.
 */
import type { Truth } from '../seed/truth';

/** A link as the evaluation sees it: the record's natural key and the firm it points at. */
export interface EffectiveLink {
  table: string;
  /** `caseNo/role` for court parties, the order number for orders, the USCC for firms. */
  naturalKey: string;
  uscc: string;
}

export interface Tally {
  planted: number;
  correct: number;
  wrong: number;
  missed: number;
}

export interface HardKindScore extends Tally {
  kind: string;
  expected: 'LINK' | 'REVIEW';
  /** Records in a court of the firm's county (location evidence), and the rest. */
  withLocation: Tally;
  withoutLocation: Tally;
  /** A few wrong or missed records: `variant -> what happened`. */
  examples: string[];
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
  /** Hard variants per kind (empty when the truth has none). */
  hard: HardKindScore[];
  /** All hard variants together. */
  hardTotal: Tally;
}

interface VariantEvidence {
  uscc: string;
  table: string;
  key: { caseNo?: string; role?: string; orderNo?: string };
}

interface HardEvidence extends VariantEvidence {
  variant: string;
  variantKind: string;
  location: boolean;
  expected: 'LINK' | 'REVIEW';
  linkTo?: string;
  offer?: string[];
}

export function naturalKeyOf(e: VariantEvidence): string {
  return e.table === 'judicial.case_party' ? `${e.key.caseNo}/${e.key.role}` : String(e.key.orderNo);
}

const tally = (): Tally => ({ planted: 0, correct: 0, wrong: 0, missed: 0 });

/** `links`: effective links (LINKED, CONFIRMED); `review`: links waiting in review. */
export function scoreResolution(
  truth: Pick<Truth, 'problems'>,
  links: readonly EffectiveLink[],
  review: readonly EffectiveLink[],
  examples = 5,
): ResolutionScore {
  const id = (l: { table: string; naturalKey: string }) => `${l.table}:${l.naturalKey}`;
  const group = (ls: readonly EffectiveLink[]) => {
    const m = new Map<string, string[]>();
    for (const l of ls) m.set(id(l), [...(m.get(id(l)) ?? []), l.uscc]);
    return m;
  };
  const linkedTo = group(links);
  const offered = group(review);

  const hardPlants = ((truth.problems as Record<string, unknown>).HARD_NAME_VARIANT ?? []) as HardEvidence[];
  const hardIds = new Set(hardPlants.map((e) => `${e.table}:${naturalKeyOf(e)}`));
  const planted = new Map<string, string>();
  for (const e of (truth.problems.NAME_VARIANT ?? []) as unknown as VariantEvidence[])
    planted.set(`${e.table}:${naturalKeyOf(e)}`, e.uscc);
  const wrong: EffectiveLink[] = [];
  const hit = new Set<string>();
  let linked = 0;
  for (const l of links) {
    if (hardIds.has(id(l))) continue;
    linked++;
    if (planted.get(id(l)) === l.uscc) hit.add(id(l));
    else wrong.push(l);
  }
  const missed = [...planted.keys()].filter((k) => !hit.has(k));

  const byKind = new Map<string, HardKindScore>();
  const hardTotal = tally();
  for (const e of hardPlants) {
    const key = `${e.table}:${naturalKeyOf(e)}`;
    const to = linkedTo.get(key) ?? [];
    const inReview = offered.get(key) ?? [];
    let outcome: 'correct' | 'wrong' | 'missed';
    let what: string;
    if (e.expected === 'LINK') {
      outcome = to.includes(e.linkTo ?? e.uscc) ? 'correct' : to.length ? 'wrong' : 'missed';
      what = to.length
        ? `linked to ${to.join('/')}`
        : inReview.length
          ? `in review (${inReview.join('/')})`
          : 'not linked';
    } else {
      const want = e.offer ?? [e.uscc];
      outcome = to.length ? 'wrong' : want.every((u) => inReview.includes(u)) ? 'correct' : 'missed';
      what = to.length
        ? `auto-linked to ${to.join('/')}`
        : inReview.length
          ? `in review offering ${inReview.join('/')} of ${want.join('/')}`
          : 'not linked';
    }
    let s = byKind.get(e.variantKind);
    if (!s)
      byKind.set(
        e.variantKind,
        (s = {
          kind: e.variantKind,
          expected: e.expected,
          ...tally(),
          withLocation: tally(),
          withoutLocation: tally(),
          examples: [],
        }),
      );
    for (const t of [s, e.location ? s.withLocation : s.withoutLocation, hardTotal]) {
      t.planted++;
      t[outcome]++;
    }
    if (outcome !== 'correct' && s.examples.length < examples) s.examples.push(`${e.variant} -> ${what}`);
  }
  return {
    planted: planted.size,
    linked,
    correct: hit.size,
    inReview: missed.filter((k) => offered.has(k)).length,
    precision: linked === 0 ? (planted.size === 0 ? 1 : 0) : hit.size / linked,
    recall: planted.size === 0 ? 1 : hit.size / planted.size,
    wrong: wrong.slice(0, examples),
    missed: missed.slice(0, examples),
    hard: [...byKind.values()].sort((a, b) => a.kind.localeCompare(b.kind)),
    hardTotal,
  };
}

const counts = (t: Tally) => `${t.correct} correct, ${t.wrong} wrong, ${t.missed} missed of ${t.planted}`;

export function formatResolutionScore(s: ResolutionScore): string {
  const lines = [
    `entity resolution, clean variants: planted ${s.planted}, linked ${s.linked}, correct ${s.correct}, planted still in review ${s.inReview}: ` +
      `precision ${s.precision.toFixed(3)}, recall ${s.recall.toFixed(3)}`,
  ];
  if (s.hard.length) {
    lines.push(
      `entity resolution, hard variants: ${counts(s.hardTotal)} (LINK: correct = linked to the firm; REVIEW: correct = in review with every listed firm offered, wrong = auto-linked)`,
    );
    for (const k of s.hard) {
      lines.push(
        `  ${k.kind} (${k.expected}): ${counts(k)}; with court location ${counts(k.withLocation)}; without ${counts(k.withoutLocation)}`,
      );
    }
  }
  return lines.join('\n');
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
