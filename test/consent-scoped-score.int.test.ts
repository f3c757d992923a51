/**
 * A partner's score uses only the sources its consent names, over HTTP, on a scratch database of
 * its own (a small seeded portfolio, the firm's score stored as a snapshot, partners' consents
 * written for the test):
 * - a SCORE_ONLY consent naming only TAX gets a score computed from tax alone (not the stored
 *   all-source snapshot the analyst gets): the other sources missing and excluded, a lower
 *   confidence, a different score; for `health`, `health(asOf:)` and through `_entities`,
 *   batched like any live score; its `healthHistory` (stored all-source scores) is refused;
 * - consents naming every source (SCORE_ONLY, FULL, or the two together) get the analyst's score.
 * The pure restriction: test/consent-scoped-score.test.ts.
 */
import 'reflect-metadata';
import type { Database } from '../src/db/database';
import { seedPortfolio } from '../src/seed';
import { loadFacts } from '../src/health/facts.repository';
import { restrictToSources, type FirmFacts } from '../src/health/facts';
import { scoreHealth, type Health } from '../src/health/health.service';
import { activeModel } from '../src/model/model.repository';
import { portfolioAsOf } from '../src/quality/as-of';
import type { AsOf } from '../src/quality/check';
import { inputsFingerprint, insertSnapshots } from '../src/rescore/snapshot.repository';
import { HEALTH_SOURCES } from '../src/auth/authorize.service';
import { Role } from '../src/auth/principal';
import { authHeader, gql, openScratchDatabase, startTestServer, type TestServer } from './helpers';
import type { ScratchDatabase } from './helpers';
import { TEST_PORTFOLIO } from './portfolio';

jest.setTimeout(180_000);

const PURPOSE = 'CREDIT_APPLICATION';
const NOT_TAX = HEALTH_SOURCES.filter((s) => s !== 'TAX');
/** Partners (tenants) and what their consents of the test firms name. */
const PARTNERS: Record<string, Array<{ scope: 'FULL' | 'SCORE_ONLY'; sources: readonly string[] }>> = {
  'scope-test-tax': [{ scope: 'SCORE_ONLY', sources: ['TAX'] }],
  'scope-test-all': [{ scope: 'SCORE_ONLY', sources: HEALTH_SOURCES }],
  'scope-test-full': [{ scope: 'FULL', sources: HEALTH_SOURCES }],
  'scope-test-mixed': [
    { scope: 'FULL', sources: ['TAX', 'REGISTRY'] },
    { scope: 'SCORE_ONLY', sources: ['BANK', 'SUPPLY_CHAIN', 'JUDICIAL', 'ALT_DATA'] },
  ],
};
const partner = (tenant: string) => authHeader(Role.PARTNER, { tenant, purpose: PURPOSE, sub: 'partner.user' });
const SCORE = `query($u: USCC!) { borrower(uscc: $u) { health { score probabilityOfDefault tier modelVersion asOf live computedAt } } }`;
const SCORE_ON = `query($u: USCC!, $d: LocalDate!) { borrower(uscc: $u) { health(asOf: $d) { score probabilityOfDefault tier live } } }`;
const HISTORY = `query($u: USCC!, $from: LocalDate!, $to: LocalDate!) { borrower(uscc: $u) { uscc health { score } healthHistory(from: $from, to: $to) { score probabilityOfDefault asOf live } } }`;
const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Borrower { uscc health { score probabilityOfDefault live } } } }`;

let scratch: ScratchDatabase;
let db: Database;
let t: TestServer;
let asOf: AsOf;
/** The firm whose score is stored, and three more the partners hold consents of. */
let firm: FirmFacts;
let others: string[];
/** Its score from every source (stored), and from tax alone. */
let all: Health;
let taxOnly: Health;

beforeAll(async () => {
  scratch = await openScratchDatabase({ embeddedConnections: 8 });
  db = scratch.db;
  await seedPortfolio(db, { firms: 20, seed: TEST_PORTFOLIO.seed, asOf: TEST_PORTFOLIO.asOf });
  asOf = await portfolioAsOf(db);
  const model = await activeModel(db);
  const { rows } = await db.query<{ uscc: string }>('SELECT uscc FROM core.firm ORDER BY uscc');
  const facts = (
    await loadFacts(
      db,
      rows.map((r) => r.uscc),
      asOf,
    )
  ).filter((f): f is FirmFacts => f !== null && f.tax !== null);
  // A firm the bank's books move: with tax and bank records, its score from tax alone another.
  firm = facts.find(
    (f) =>
      f.bank !== null &&
      f.bank.loans.length > 0 &&
      scoreHealth(restrictToSources(f, ['TAX']), model).score !== scoreHealth(f, model).score,
  )!;
  if (!firm) throw new Error('the scratch portfolio has no firm whose tax-only score differs from its score');
  others = facts
    .filter((f) => f.uscc !== firm.uscc)
    .slice(0, 3)
    .map((f) => f.uscc);
  all = scoreHealth(firm, model);
  taxOnly = scoreHealth(restrictToSources(firm, ['TAX']), model);

  for (const [grantee, consents] of Object.entries(PARTNERS)) {
    for (const c of consents) {
      await db.query(
        `INSERT INTO bank.consent (uscc, grantee, purpose, sources, scope, valid_from, valid_to, granted_at, revoked_at)
         SELECT u, $2, $3, $4::text[], $5, '2026-01-01', '2027-12-31', now(), NULL FROM unnest($1::bpchar[]) AS u`,
        [[firm.uscc, ...others], grantee, PURPOSE, c.sources, c.scope],
      );
    }
  }
  // The firm's score stored as a snapshot of the as-of day, current (its inputs unchanged since).
  const seq = await db.query<{ seq: string | null }>(
    'SELECT max(seq)::text AS seq FROM core.firm_input_change WHERE uscc = $1',
    [firm.uscc],
  );
  await db.transaction((client) =>
    insertSnapshots(
      client,
      [
        {
          health: all,
          asOfDate: asOf.date,
          fingerprint: inputsFingerprint(all, asOf.date),
          inputsSeq: seq.rows[0].seq,
          inPopulation: false,
          distress: [],
        },
      ],
      new Date(),
      null,
    ),
  );
  t = await startTestServer({}, { databaseUrl: scratch.url });
});

afterAll(async () => {
  await t?.close();
  await scratch?.drop();
});

describe('a partner whose SCORE_ONLY consent names only TAX', () => {
  it("gets the score from tax alone, not the analyst's stored one: the other sources missing and excluded, lower confidence, another score", async () => {
    const analyst = await gql(
      t.url,
      `query($u: USCC!) { borrower(uscc: $u) { health { score probabilityOfDefault live confidence missingSources } } }`,
      { u: firm.uscc },
    );
    expect(analyst.errors).toBeUndefined();
    expect(analyst.data!.borrower.health).toEqual({
      score: all.score,
      probabilityOfDefault: all.probabilityOfDefault,
      live: false,
      confidence: all.confidence,
      missingSources: all.missingSources,
    });

    const res = await gql(t.url, SCORE, { u: firm.uscc }, await partner('scope-test-tax'));
    expect(res.errors).toBeUndefined();
    const h = res.data!.borrower.health;
    // Computed in the request from the facts restricted to TAX, by the one scoring function.
    expect(h).toMatchObject({
      score: taxOnly.score,
      probabilityOfDefault: taxOnly.probabilityOfDefault,
      tier: taxOnly.tier,
      live: true,
    });
    expect(h.score).not.toBe(analyst.data!.borrower.health.score);
    expect(h.probabilityOfDefault).not.toBe(analyst.data!.borrower.health.probabilityOfDefault);
    // That score's evidence: BANK and every other source not named are missing, excluded by the consent.
    expect(taxOnly.missingSources).toEqual(expect.arrayContaining(NOT_TAX));
    expect(taxOnly.excludedSources).toEqual(NOT_TAX);
    expect(taxOnly.reasons).toContain(
      `not covered by the consent, so not used: ${NOT_TAX.join(', ')}; the probability rests on the other sources`,
    );
    expect(taxOnly.confidence).toBeLessThan(analyst.data!.borrower.health.confidence);
  });

  it('still sees nothing of the explanation (SCORE_ONLY: score and tier)', async () => {
    const res = await gql(
      t.url,
      `query($u: USCC!) { borrower(uscc: $u) { health { score confidence missingSources } } }`,
      { u: firm.uscc },
      await partner('scope-test-tax'),
    );
    expect(res.data!.borrower.health).toEqual({ score: taxOnly.score, confidence: null, missingSources: null });
    expect((res.errors ?? []).map((e) => e.extensions!.code)).toEqual(['CONSENT_REQUIRED', 'CONSENT_REQUIRED']);
  });

  it('health(asOf:) of a day with a stored snapshot is computed from tax alone too', async () => {
    const analyst = await gql(t.url, SCORE_ON, { u: firm.uscc, d: asOf.date });
    expect(analyst.data!.borrower.health).toEqual({
      score: all.score,
      probabilityOfDefault: all.probabilityOfDefault,
      tier: all.tier,
      live: false,
    });
    const res = await gql(t.url, SCORE_ON, { u: firm.uscc, d: asOf.date }, await partner('scope-test-tax'));
    expect(res.errors).toBeUndefined();
    expect(res.data!.borrower.health).toEqual({
      score: taxOnly.score,
      probabilityOfDefault: taxOnly.probabilityOfDefault,
      tier: taxOnly.tier,
      live: true,
    });

    // A day before the firm was founded: refused, the founding day named only to a reader of the registry.
    const founded = firm.registry!.foundedOn;
    const before = `${Number(founded.slice(0, 4)) - 1}${founded.slice(4, 7)}-01`;
    const refusal = `\`asOf\` (${before}) is before firm ${firm.uscc} was founded`;
    const toAnalyst = await gql(t.url, SCORE_ON, { u: firm.uscc, d: before });
    expect(toAnalyst.errors?.[0]).toMatchObject({
      message: `${refusal} (${founded}): there is no score for a day it did not exist`,
      extensions: { code: 'BAD_USER_INPUT', argument: 'asOf' },
    });
    const toPartner = await gql(t.url, SCORE_ON, { u: firm.uscc, d: before }, await partner('scope-test-tax'));
    expect(toPartner.errors?.[0]).toMatchObject({
      message: `${refusal}: there is no score for a day it did not exist`,
      extensions: { code: 'BAD_USER_INPUT', argument: 'asOf' },
    });
  });

  it('is refused the history of stored scores (computed from every source) with CONSENT_REQUIRED naming the sources not covered', async () => {
    const vars = { u: firm.uscc, from: '2026-01-01', to: asOf.date };
    const analyst = await gql(t.url, HISTORY, vars);
    expect(analyst.data!.borrower.healthHistory).toEqual([
      { score: all.score, probabilityOfDefault: all.probabilityOfDefault, asOf: asOf.month, live: false },
    ]);
    const res = await gql(t.url, HISTORY, vars, await partner('scope-test-tax'));
    // Only the field is refused: the borrower and its score stay.
    expect(res.data!.borrower).toEqual({ uscc: firm.uscc, health: { score: expect.any(Number) }, healthHistory: null });
    expect(res.errors).toEqual([
      expect.objectContaining({
        path: ['borrower', 'healthHistory'],
        message: expect.stringContaining(
          'they are computed from every source, and the active consents cover TAX, not BANK, REGISTRY, SUPPLY_CHAIN, JUDICIAL, ALT_DATA',
        ),
        extensions: expect.objectContaining({
          code: 'CONSENT_REQUIRED',
          uscc: firm.uscc,
          grantee: 'scope-test-tax',
          sources: NOT_TAX,
        }),
      }),
    ]);
  });

  it('gets the same tax-only score through _entities (the federation path), batched: as many statements for 4 firms as for 2', async () => {
    const h = await partner('scope-test-tax');
    const rep = (u: string) => ({ __typename: 'Borrower', uscc: u });
    const one = await gql(t.url, ENTITIES, { r: [rep(firm.uscc)] }, h);
    expect(one.errors).toBeUndefined();
    expect(one.data!._entities).toEqual([
      {
        uscc: firm.uscc,
        health: { score: taxOnly.score, probabilityOfDefault: taxOnly.probabilityOfDefault, live: true },
      },
    ]);

    const statements = async (usccs: string[]) => {
      t.db.resetStatementCount();
      const res = await gql(t.url, ENTITIES, { r: usccs.map(rep) }, h);
      expect(res.errors).toBeUndefined();
      expect(res.data!._entities.map((e: { health: { live: boolean } }) => e.health.live)).toEqual(
        usccs.map(() => true),
      );
      return t.db.statementCount();
    };
    expect(await statements([firm.uscc, ...others])).toBe(await statements([firm.uscc, others[0]]));
  });
});

describe('a partner whose consents name every source', () => {
  it.each(['scope-test-all', 'scope-test-full', 'scope-test-mixed'])(
    "%s gets the analyst's score (the stored snapshot), today and for the day",
    async (tenant) => {
      const h = await partner(tenant);
      const analyst = await gql(t.url, SCORE, { u: firm.uscc });
      const res = await gql(t.url, SCORE, { u: firm.uscc }, h);
      expect(res.errors).toBeUndefined();
      expect(res.data!.borrower.health).toEqual(analyst.data!.borrower.health);
      expect(res.data!.borrower.health).toMatchObject({ score: all.score, live: false });
      const on = await gql(t.url, SCORE_ON, { u: firm.uscc, d: asOf.date }, h);
      expect(on.data!.borrower.health).toEqual({
        score: all.score,
        probabilityOfDefault: all.probabilityOfDefault,
        tier: all.tier,
        live: false,
      });
      const history = await gql(t.url, HISTORY, { u: firm.uscc, from: '2026-01-01', to: asOf.date }, h);
      expect(history.errors).toBeUndefined();
      expect(history.data!.borrower.healthHistory).toHaveLength(1);
    },
  );

  it("with FULL on every source, the explanation is the analyst's too", async () => {
    const q = `query($u: USCC!) { borrower(uscc: $u) { health { score confidence missingSources reasons } } }`;
    const analyst = await gql(t.url, q, { u: firm.uscc });
    const res = await gql(t.url, q, { u: firm.uscc }, await partner('scope-test-full'));
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual(analyst.data);
  });
});
