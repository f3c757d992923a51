/**
 * NETWORK_CONTAGION's facts (src/health/network-facts.repository.ts) on a scratch database of
 * hand-built guarantees (test/network.fixture.ts: the chain A -> B -> C -> D, the star S -> T1..T5,
 * the mutual pair M1 <-> M2, the circle K1..K4, R's released guarantee to A) with distress planted
 * on members: an open enforcement, a closed one, a dishonest-debtor listing in force and one
 * removed, a written-off loan, a RED snapshot that is the newest and one a newer GREEN replaced;
 * then the rule on the loaded facts (loadFacts, as the rescore and the warnings job read them).
 */
import type { Database } from '../src/db/database';
import { loadFacts } from '../src/health/facts.repository';
import {
  CONTAGION,
  DISTRESS_SQL,
  distressKeys,
  loadDistress,
  loadNetworkFacts,
  NON_PERFORMING,
  ownDistressKeys,
} from '../src/health/network-facts.repository';
import { scoreHealth } from '../src/health/health.service';
import { shippedModel } from '../src/model/model.repository';
import type { AsOf } from '../src/quality/check';
import { Severity } from '../src/quality/finding.entity';
import { evaluateRules } from '../src/warnings/rules.service';
import { openScratchDatabase, type ScratchDatabase } from './helpers';
import { U, label, seedNetworkFixture, type Name } from './network.fixture';

const AS_OF: AsOf = { month: '2026-10', date: '2026-10-31' };
let scratch: ScratchDatabase;
let db: Database;

async function snapshot(firm: Name, asOf: string, tier: string, score: number): Promise<void> {
  await db.query(
    `INSERT INTO core.health_snapshot (uscc, as_of, computed_at, model_version, probability_of_default, score, tier, confidence, missing_sources,
       caps, reasons, profile, in_default, factors, inputs, bins, fingerprint, inputs_seq, in_population)
     VALUES ($1, $2, now(), 'test', 0.3, $3, $4, 1, '{}', '[]', '{}', 'test', NULL, '\\x00', '{}', '{}', repeat('0', 40), NULL, true)`,
    [U[firm], asOf, score, tier],
  );
}

beforeAll(async () => {
  scratch = await openScratchDatabase();
  db = scratch.db;
  await seedNetworkFixture(db);
  const enforcement = `INSERT INTO judicial.enforcement (uscc, case_no, court, filed_on, published_on, amount, status, closed_on)
                       VALUES ($1, $2, '杭州市西湖区人民法院', $3, $3, 120000.00, $4, $5)`;
  await db.query(enforcement, [U.C, '(2026)浙0106执1号', '2026-08-03', 'ACTIVE', null]);
  await db.query(enforcement, [U.D, '(2025)浙0106执2号', '2025-03-01', 'CLOSED', '2025-09-01']);
  await db.query(enforcement, [U.R, '(2026)浙0106执3号', '2026-07-01', 'ACTIVE', null]); // R's guarantee was released
  await db.query(enforcement, [U.T5, '(2026)浙0106执4号', '2026-12-01', 'ACTIVE', null]); // after the as-of day
  const listing = `INSERT INTO judicial.dishonest_listing (uscc, case_no, court, listed_on, obligation, removed_on)
                   VALUES ($1, $2, '杭州市西湖区人民法院', $3, '支付货款', $4)`;
  await db.query(listing, [U.T4, '(2026)浙0106执5号', '2026-05-10', null]);
  await db.query(listing, [U.T3, '(2025)浙0106执6号', '2025-05-10', '2025-12-01']);
  await db.query(
    `INSERT INTO bank.loan (uscc, contract_no, product, principal, balance, annual_rate, term_months, repayment_method,
       start_date, maturity_date, classification, status, written_off_on)
     VALUES ($1, 'NET-WO', 'WORKING_CAPITAL', 80000, 80000, 0.05, 12, 'BULLET', '2025-01-01', '2026-01-01', 'LOSS', 'WRITTEN_OFF', '2026-06-30')`,
    [U.M2],
  );
  await snapshot('K3', '2026-09-30', 'RED', 38);
  await snapshot('K2', '2026-06-30', 'RED', 40);
  await snapshot('K2', '2026-09-30', 'GREEN', 88);
}, 120_000);

afterAll(async () => {
  await scratch?.drop();
});

const of = async (firm: Name) => (await loadNetworkFacts(db, [U[firm]], AS_OF, CONTAGION))[0].network;
const signs = (n: Awaited<ReturnType<typeof of>>) =>
  Object.fromEntries(n.distressed.map((d) => [label([d.uscc])[0], d.signs.map((s) => s.kind)]));

describe('network facts', () => {
  it("finds an open enforcement two guarantees out with the path, not a closed one, nor a released guarantor's", async () => {
    const a = await of('A');
    expect(signs(a)).toEqual({ C: ['ENFORCEMENT'] });
    expect(label(a.distressed[0].path)).toEqual(['A', 'B', 'C']);
    expect(a.distressed[0].hops).toBe(2);
    expect(a.distressed[0].edges.map((e) => e.amount)).toEqual(['100000.00', '200000.00']);
    expect(a.members).toBe(2); // B and C at depth 2: R's guarantee was released
  });

  it('finds a dishonest-debtor listing in force (not one removed, nor an enforcement published after the as-of day)', async () => {
    expect(signs(await of('S'))).toEqual({ T4: ['DISHONEST_LISTING'] });
    expect(signs(await of('T1'))).toEqual({ T4: ['DISHONEST_LISTING'] }); // T1 - S - T4
  });

  it('finds a written-off loan as a default, as the loan stood on the as-of day', async () => {
    const m1 = await of('M1');
    expect(signs(m1)).toEqual({ M2: ['DEFAULT'] });
    expect(m1.distressed[0].signs[0].detail).toMatch(/written off/);
    expect(
      (await loadNetworkFacts(db, [U.M1], { month: '2026-05', date: '2026-05-31' }, CONTAGION))[0].network.distressed,
    ).toEqual([]);
  });

  it('reads a distressed tier from the newest snapshot by the as-of day only', async () => {
    const k1 = await of('K1');
    expect(signs(k1)).toEqual({ K3: ['TIER'] }); // K2's RED was replaced by a GREEN one
    expect(k1.distressed[0].signs[0].detail).toMatch(/RED tier \(score 38/);
    const july = (await loadNetworkFacts(db, [U.K1], { month: '2026-07', date: '2026-07-31' }, CONTAGION))[0].network;
    expect(signs(july)).toEqual({ K2: ['TIER'] });
  });

  it('loads a batch together, each firm its own network', async () => {
    const batch = await loadNetworkFacts(db, [U.A, U.S, U.M1, U.G], AS_OF, CONTAGION);
    expect(batch.map((b) => signs(b.network))).toEqual([
      { C: ['ENFORCEMENT'] },
      { T4: ['DISHONEST_LISTING'] },
      { M2: ['DEFAULT'] },
      {},
    ]);
  });

  it("a firm's own facts give the signs its neighbours read of it (what the rescore compares to note a network)", async () => {
    const names = Object.keys(U) as Name[];
    const usccs = names.map((n) => U[n]);
    const [facts, distress, tiers] = await Promise.all([
      loadFacts(db, usccs, AS_OF),
      loadDistress(db, usccs, AS_OF, CONTAGION),
      db.query<{ uscc: string; tier: string }>(
        `SELECT DISTINCT ON (uscc) uscc, tier::text FROM core.health_snapshot WHERE as_of <= $1::date ORDER BY uscc, as_of DESC, computed_at DESC`,
        [AS_OF.date],
      ),
    ]);
    const tierOf = new Map(tiers.rows.map((r) => [r.uscc, r.tier]));
    const own = Object.fromEntries(
      names.map((n, k) => [n, ownDistressKeys(facts[k]!, tierOf.get(U[n]) ?? 'GREEN', CONTAGION)]),
    );
    const read = Object.fromEntries(names.map((n) => [n, distressKeys(distress.get(U[n]) ?? [])]));
    expect(own).toEqual(read);
    const kinds = (keys: string[]) => keys.map((k) => k.split(':')[0]);
    expect(
      Object.fromEntries(
        Object.entries(own)
          .filter(([, keys]) => keys.length)
          .map(([n, keys]) => [n, kinds(keys)]),
      ),
    ).toEqual({ C: ['ENFORCEMENT'], R: ['ENFORCEMENT'], T4: ['DISHONEST_LISTING'], M2: ['DEFAULT'], K3: ['TIER'] });
  });

  it("gives the guarantee circles through each firm as paths from it back to it (the health facts' guaranteeCycles), whatever the depth", async () => {
    const [k1, m1, a] = await loadNetworkFacts(db, [U.K1, U.M1, U.A], AS_OF, { ...CONTAGION, depth: 1 });
    expect(k1.cycles.map(label)).toEqual([['K1', 'K2', 'K3', 'K4', 'K1']]);
    expect(m1.cycles.map(label)).toEqual([['M1', 'M2', 'M1']]);
    expect(a.cycles).toEqual([]);
  });
});

describe('NETWORK_CONTAGION on loaded facts', () => {
  it('warns B HIGH (C one guarantee away) and A MEDIUM (two away), naming the member and the path', async () => {
    const [a, b] = await loadFacts(db, [U.A, U.B], AS_OF);
    const warn = (f: NonNullable<typeof a>) =>
      evaluateRules(f, scoreHealth(f, shippedModel()), []).find((w) => w.code === 'NETWORK_CONTAGION');
    expect(warn(b!)).toMatchObject({ severity: Severity.HIGH });
    expect(warn(a!)).toMatchObject({ severity: Severity.MEDIUM });
    expect(warn(a!)!.message).toContain(`${U.A} - ${U.B} - ${U.C}`);
  });
});

describe("the members' distress read", () => {
  interface PlanNode {
    'Relation Name'?: string;
    'Actual Loops': number;
    Plans?: PlanNode[];
  }
  const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

  it('reads the loans once for all the firms, not once per firm (EXPLAIN ANALYZE: one loop over bank.loan)', async () => {
    // A per-firm read of the loans matched the whole list of firms again for each firm: time growing with the square of the firms.
    const firms = Object.values(U);
    const { rows } = await db.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${DISTRESS_SQL}`,
      [firms, AS_OF.date, CONTAGION.tiers, CONTAGION.defaultDays, NON_PERFORMING],
    );
    const loanReads = nodes(rows[0]['QUERY PLAN'][0].Plan).filter((n) => n['Relation Name'] === 'loan');
    expect(loanReads.length).toBeGreaterThan(0);
    expect(loanReads.map((n) => n['Actual Loops'])).toEqual(loanReads.map(() => 1));
    expect(firms.length).toBeGreaterThan(10);
  });
});
