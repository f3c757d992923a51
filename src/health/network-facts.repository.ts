/**
 * The guarantee-network facts a firm's contagion warning reads (关联风险传染): the firms tied to it
 * by guarantees live on the as-of day, either direction, up to the contagion depth (the network
 * walk of src/network/guarantee.repository.ts, one statement per batch), and which of them are in
 * distress on that day, each sign with its record (one more statement for the batch's members):
 * - TIER: the member's newest stored health snapshot as of the day is in a distressed tier
 *   (RED / ORANGE: a snapshot of the last rescore, so a member's own fall shows once it is rescored);
 * - ENFORCEMENT: a court enforcement against it published by the day and still open on it;
 * - DISHONEST_LISTING: it is listed as a dishonest debtor (失信被执行人) on the day;
 * - DEFAULT: a loan of it, as it stood on the day, written off, classified non-performing
 *   (SUBSTANDARD / DOUBTFUL / LOSS) or at least the default days past due.
 */
import type { Database } from '../db/database';
import { guaranteeNetworks } from '../network/guarantee.repository';
import type { AsOf } from '../quality/check';
import type { Decimal, DistressSign, FirmFacts, NetworkFacts } from './facts';
import { LOANS_AS_OF } from './loans-as-of.sql';
import { WARNINGS_CONFIG } from '../warnings/warnings.config';

export interface NetworkFactsOptions {
  /** Guarantees out from the firm (1 = its own guarantors and the firms it guarantees). */
  depth: number;
  /** Stored tiers that count as distress. */
  tiers: readonly string[];
  /** Days past due that make a loan a default. */
  defaultDays: number;
}

/** The contagion warning's network and distress rules (warnings.config.ts), as the facts, the rescore and the benchmarks read them. */
export const CONTAGION: NetworkFactsOptions = {
  depth: WARNINGS_CONFIG.contagionDepth,
  tiers: WARNINGS_CONFIG.contagionTiers,
  defaultDays: WARNINGS_CONFIG.contagionDefaultDays,
};

/** The firms of some guarantee networks, each once. */
export function memberUsccs(networks: ReadonlyArray<{ members: ReadonlyArray<{ uscc: string }> }>): string[] {
  return [...new Set(networks.flatMap((n) => n.members.map((m) => m.uscc)))];
}

/**
 * The newest snapshot of the firm in column `firm` as of the day in `day` (the latest day, then the
 * latest computed, then the latest stored), as a subquery with `columns`: the snapshot a member's
 * TIER sign reads, and the one the rescore compares a firm's new signs with (rescore.service.ts).
 */
export function newestSnapshotAsOf(firm: string, day: string, columns: string): string {
  return `SELECT ${columns} FROM core.health_snapshot s WHERE s.uscc = ${firm} AND s.as_of <= ${day}
           ORDER BY s.as_of DESC, s.computed_at DESC, s.id DESC LIMIT 1`;
}

/** Loan classifications that are non-performing (a default, whatever the days past due). */
export const NON_PERFORMING = ['SUBSTANDARD', 'DOUBTFUL', 'LOSS'];

/**
 * Per firm, its distress signs as of $2. The loans as of $2 are derived once for all the firms and
 * grouped by firm: a correlated read of the LOANS_AS_OF CTE would inline it per firm, each time
 * matching the whole list of firms again (time growing with the square of the firms).
 */
export const DISTRESS_SQL = `
  WITH m AS (SELECT DISTINCT unnest($1::bpchar[]) AS uscc),
  loans AS (${LOANS_AS_OF}),
  defaults AS (
    SELECT l.uscc, json_agg(json_build_object('id', l.id::text, 'contractNo', l.contract_no, 'status', l.status, 'classification', l.classification,
                                              'overdueDays', l.overdue_days, 'balance', l.balance::text) ORDER BY l.id) AS list
      FROM loans l
     WHERE l.status = 'WRITTEN_OFF' OR (l.status = 'ACTIVE' AND (l.overdue_days >= $4::int OR l.classification = ANY($5::text[])))
     GROUP BY l.uscc)
  SELECT m.uscc,
         (SELECT json_build_object('snapshotId', s.id::text, 'tier', s.tier, 'score', s.score, 'asOf', s.as_of::text)
            FROM (${newestSnapshotAsOf('m.uscc', '$2::date', 's.id, s.tier, s.score, s.as_of')}) s
           WHERE s.tier::text = ANY($3::text[])) AS snapshot,
         coalesce((SELECT json_agg(json_build_object('id', e.id::text, 'caseNo', e.case_no, 'date', e.filed_on::text, 'amount', e.amount::text) ORDER BY e.filed_on DESC)
                     FROM judicial.enforcement e WHERE e.uscc = m.uscc AND e.published_on <= $2::date
                      AND (CASE WHEN e.closed_on IS NULL THEN e.status::text WHEN e.closed_on <= $2::date THEN 'CLOSED' ELSE 'ACTIVE' END) = 'ACTIVE'), '[]') AS enforcements,
         coalesce((SELECT json_agg(json_build_object('id', d.id::text, 'caseNo', d.case_no, 'date', d.listed_on::text) ORDER BY d.listed_on DESC)
                     FROM judicial.dishonest_listing d WHERE d.uscc = m.uscc AND d.listed_on <= $2::date
                      AND (d.removed_on IS NULL OR d.removed_on > $2::date)), '[]') AS listings,
         coalesce(defaults.list, '[]') AS loans
    FROM m LEFT JOIN defaults ON defaults.uscc = m.uscc`;

interface DistressRow {
  uscc: string;
  snapshot: { snapshotId: string; tier: string; score: number; asOf: string } | null;
  enforcements: Array<{ id: string; caseNo: string; date: string; amount: Decimal }>;
  listings: Array<{ id: string; caseNo: string; date: string }>;
  loans: Array<{
    id: string;
    contractNo: string;
    status: string;
    classification: string;
    overdueDays: number;
    balance: Decimal;
  }>;
}

function signsOf(r: DistressRow, defaultDays: number): DistressSign[] {
  const signs: DistressSign[] = [];
  if (r.snapshot)
    signs.push({
      kind: 'TIER',
      recordId: r.snapshot.snapshotId,
      date: r.snapshot.asOf,
      detail: `${r.snapshot.tier} tier (score ${r.snapshot.score}, snapshot as of ${r.snapshot.asOf})`,
    });
  for (const e of r.enforcements)
    signs.push({
      kind: 'ENFORCEMENT',
      recordId: e.id,
      date: e.date,
      detail: `enforcement ${e.caseNo} (${e.amount} CNY), open`,
    });
  for (const d of r.listings)
    signs.push({
      kind: 'DISHONEST_LISTING',
      recordId: d.id,
      date: d.date,
      detail: `dishonest-debtor listing ${d.caseNo}`,
    });
  for (const l of r.loans)
    signs.push({
      kind: 'DEFAULT',
      recordId: l.id,
      date: null,
      detail:
        l.status === 'WRITTEN_OFF'
          ? `loan ${l.contractNo} written off`
          : `loan ${l.contractNo} ${l.classification}, ${l.overdueDays} days past due (default from ${defaultDays}), balance ${l.balance} CNY`,
    });
  return signs;
}

/**
 * The distress signs a firm shows its guarantee network on its facts' day, read from its own facts
 * and the tier it is being scored into (the rescore compares them with those of its previous
 * snapshot to know whether its neighbours' contagion facts moved): `TIER`, `ENFORCEMENT:<id>`,
 * `DISHONEST_LISTING:<id>`, `DEFAULT:<loan id>`, sorted. The same rules DISTRESS_SQL applies to a
 * neighbour (test/network-contagion.int.test.ts holds the two to the same answer), by identity only:
 * a defaulted loan's growing days past due is not a new sign.
 */
export function ownDistressKeys(facts: FirmFacts, tier: string, options: Omit<NetworkFactsOptions, 'depth'>): string[] {
  const keys: string[] = [];
  if (options.tiers.includes(tier)) keys.push('TIER');
  for (const e of facts.judicial.enforcements) if (e.status === 'ACTIVE') keys.push(`ENFORCEMENT:${e.id}`);
  for (const d of facts.judicial.dishonestListings) if (d.removedOn === null) keys.push(`DISHONEST_LISTING:${d.id}`);
  for (const l of facts.bank?.loans ?? [])
    if (
      l.status === 'WRITTEN_OFF' ||
      (l.status === 'ACTIVE' && (l.overdueDays >= options.defaultDays || NON_PERFORMING.includes(l.classification)))
    )
      keys.push(`DEFAULT:${l.id}`);
  return keys.sort();
}

/** The keys of a neighbour's signs as loadNetworkFacts reads them (`ownDistressKeys`' counterpart). */
export function distressKeys(signs: readonly DistressSign[]): string[] {
  return signs.map((s) => (s.kind === 'TIER' ? 'TIER' : `${s.kind}:${s.recordId}`)).sort();
}

/** The distress signs of firms as of a day, as a neighbour's contagion facts read them (firms with none left out): one statement. */
export async function loadDistress(
  db: Database,
  usccs: readonly string[],
  asOf: AsOf,
  options: Omit<NetworkFactsOptions, 'depth'>,
): Promise<Map<string, DistressSign[]>> {
  const distress = new Map<string, DistressSign[]>();
  if (!usccs.length) return distress;
  const { rows } = await db.query<DistressRow>(
    DISTRESS_SQL,
    [usccs, asOf.date, options.tiers, options.defaultDays, NON_PERFORMING],
    'network-distress',
  );
  for (const r of rows) {
    const signs = signsOf(r, options.defaultDays);
    if (signs.length) distress.set(r.uscc, signs);
  }
  return distress;
}

/**
 * Per firm of `usccs` (in order), its guarantee network's size and distressed members as of
 * `asOf`, and the guarantee circles through it (as USCC paths from it back to it, whatever the
 * depth: the network walk finds them too): two statements for the batch.
 */
export async function loadNetworkFacts(
  db: Database,
  usccs: readonly string[],
  asOf: AsOf,
  options: NetworkFactsOptions,
): Promise<Array<{ network: NetworkFacts; cycles: string[][] }>> {
  const networks = await guaranteeNetworks(
    db,
    usccs.map((uscc) => ({ uscc, depth: options.depth })),
    asOf.date,
  );
  const distress = await loadDistress(db, memberUsccs(networks), asOf, options);
  return networks.map((n) => ({
    cycles: n.cycles,
    network: {
      depth: options.depth,
      members: n.members.length,
      distressed: n.members
        .filter((m) => distress.has(m.uscc))
        .map((m) => ({
          uscc: m.uscc,
          name: m.name,
          hops: m.hops,
          path: m.path,
          edges: m.edges,
          signs: distress.get(m.uscc)!,
        })),
    },
  }));
}
