/**
 * Personal data inside evidence over HTTP: an ANALYST gets the persons' names and ID numbers in a
 * data-quality finding's evidence and message, in an early warning's evidence and message, and in
 * a firm merge's legal-representative comparison masked as the profile masks them; so does a
 * RISK_OFFICER by default, who gets them in full with `unmasked: true` (an ANALYST asking so gets
 * FORBIDDEN). Each read is audited as a sensitive field.
 *
 * The records are the test portfolio's (src/seed, TEST_PORTFOLIO), read from the shared database:
 * a planted FREQUENT_LEGAL_REP_CHANGE and a DUPLICATE_RECORD of a person shareholder (checked on
 * read, `issues(live: true)`), and a MAJOR_CUSTOMER_LOSS of a customer who is a person (raised on
 * read, `Borrower.warnings`). The merge waiting for review goes to a scratch database of its own,
 * scored from two of the portfolio's firms, so the shared one is left as it is.
 */
import { Role } from '../src/auth/principal';
import { openDatabase } from '../src/db/database';
import { migrate } from '../src/db/data-source';
import { loadFacts } from '../src/health/facts.repository';
import { scoreHealth } from '../src/health/health.service';
import { isValidUscc } from '../src/lib/uscc';
import { maskIdNumber, maskPersonName } from '../src/masking/mask';
import { activeModel } from '../src/model/model.repository';
import { portfolioAsOf } from '../src/quality/as-of';
import { profileOf, scorePair } from '../src/resolution/compare';
import { evaluateRules } from '../src/warnings/rules.service';
import {
  auditedFields,
  authHeader,
  createScratchDatabase,
  gql,
  startTestServer,
  type GraphQLResponse,
  type TestServer,
} from './helpers';

let t: TestServer;

/** A firm with a FREQUENT_LEGAL_REP_CHANGE, and the names of its legal-representative changes. */
let legalRep: { uscc: string; names: string[] };
/** A person shareholder on two rows (DUPLICATE_RECORD): firm, name, ID number. */
let holder: { uscc: string; name: string; idNo: string };
/** A major customer lost who is a person (MAJOR_CUSTOMER_LOSS): the seller and the buyer's name. */
let customer: { uscc: string; name: string };

const sub = (role: Role, what: string) => `masking-evidence.${role.toLowerCase()}.${what}.${process.pid}`;
const as = (role: Role, what: string) => authHeader(role, { sub: sub(role, what) });

const masked = (name: string) => {
  const m = maskPersonName(name);
  expect(m).not.toBe(name);
  return m;
};

beforeAll(async () => {
  t = await startTestServer();
  const db = t.db;
  const one = async <T>(sql: string, what: string): Promise<T> => {
    const row = (await db.query<T & object>(sql)).rows[0];
    if (!row) throw new Error(`the test portfolio has no ${what}`);
    return row;
  };
  // Three or more changes of the legal representative within a year (the check's defaults).
  const lr = await one<{ uscc: string }>(
    `SELECT a.uscc FROM registry.change_log a JOIN registry.change_log b ON b.uscc = a.uscc AND b.item = a.item
              AND b.changed_on >= a.changed_on AND b.changed_on < a.changed_on + interval '12 months'
      WHERE a.item = 'LEGAL_REPRESENTATIVE' GROUP BY a.uscc, a.id HAVING count(*) >= 3 ORDER BY a.uscc LIMIT 1`,
    'firm whose legal representative changed three times in a year',
  );
  const { rows: names } = await db.query<{ name: string }>(
    `SELECT DISTINCT v AS name FROM registry.change_log, unnest(ARRAY[before_value, after_value]) v WHERE uscc = $1 AND item = 'LEGAL_REPRESENTATIVE'`,
    [lr.uscc],
  );
  legalRep = { uscc: lr.uscc, names: names.map((r) => r.name) };
  holder = await one(
    `SELECT uscc, min(holder_name) AS name, holder_id_no AS "idNo" FROM registry.shareholder
      WHERE holder_type = 'PERSON' AND holder_uscc IS NULL AND holder_id_no IS NOT NULL
      GROUP BY uscc, holder_id_no HAVING count(*) > 1 ORDER BY uscc LIMIT 1`,
    'person shareholder on two rows',
  );
  // Sellers who invoiced a buyer without a USCC: the rules say which lost one as a major customer.
  const { rows: sellers } = await db.query<{ uscc: string }>(
    `SELECT DISTINCT seller_uscc AS uscc FROM tax.invoice WHERE buyer_uscc IS NULL ORDER BY 1`,
  );
  const asOf = await portfolioAsOf(db);
  const model = await activeModel(db);
  for (const facts of await loadFacts(
    db,
    sellers.map((s) => s.uscc),
    asOf,
  )) {
    if (!facts) continue;
    const w = evaluateRules(facts, scoreHealth(facts, model)).find((x) => x.code === 'MAJOR_CUSTOMER_LOSS');
    const lost = (w?.evidence.lostCustomers as Array<{ buyer: string; name: string }> | undefined)?.find(
      (c) => !isValidUscc(c.buyer),
    );
    if (lost) {
      customer = { uscc: facts.uscc, name: lost.name };
      break;
    }
  }
  if (!customer) throw new Error('the test portfolio has no major customer lost who is a person');
}, 120_000);

afterAll(async () => {
  await t?.close();
});

const ISSUES = `query Issues($u: USCC!, $full: Boolean! = false) { borrower(uscc: $u) { dataQuality { issues(live: true) {
  code message(unmasked: $full) evidence(unmasked: $full) } } } }`;
const WARNINGS = `query Warnings($u: USCC!, $full: Boolean! = false) { borrower(uscc: $u) { warnings { code message(unmasked: $full) evidence(unmasked: $full) } } }`;

type Item = { code: string; message: string | null; evidence: Record<string, unknown> | null };

async function issue(uscc: string, code: string, headers: Record<string, string>, full = false): Promise<Item> {
  const res = await gql(t.url, ISSUES, { u: uscc, full }, headers);
  expect(res.errors).toBeUndefined();
  const found = (res.data!.borrower.dataQuality.issues as Item[]).find((i) => i.code === code);
  if (!found) throw new Error(`${uscc} has no ${code} issue`);
  return found;
}

async function warning(uscc: string, code: string, headers: Record<string, string>, full = false): Promise<Item> {
  const res = await gql(t.url, WARNINGS, { u: uscc, full }, headers);
  expect(res.errors).toBeUndefined();
  const found = (res.data!.borrower.warnings as Item[]).find((i) => i.code === code);
  if (!found) throw new Error(`${uscc} has no ${code} warning`);
  return found;
}

const auditOf = (subject: string) => auditedFields(t, subject);

describe("a data-quality finding's evidence", () => {
  it('ANALYST: the legal representatives of FREQUENT_LEGAL_REP_CHANGE are masked, dates and ids kept', async () => {
    const i = await issue(legalRep.uscc, 'FREQUENT_LEGAL_REP_CHANGE', await as(Role.ANALYST, 'lr'));
    const changes = i.evidence!.changes as Array<{ id: number; changedOn: string; before: string; after: string }>;
    expect(changes.length).toBeGreaterThanOrEqual(3);
    const maskedNames = legalRep.names.map(masked);
    for (const c of changes) {
      expect(maskedNames).toContain(c.before);
      expect(maskedNames).toContain(c.after);
      expect(c.changedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    const text = JSON.stringify(i);
    for (const n of legalRep.names) expect(text).not.toContain(n);
    expect((await auditOf(sub(Role.ANALYST, 'lr'))).sensitive).toContain('DataQualityIssue.evidence');
  });

  it("ANALYST: a person shareholder's ID number and name in DUPLICATE_RECORD are masked, in the evidence and the message", async () => {
    const i = await issue(holder.uscc, 'DUPLICATE_RECORD', await as(Role.ANALYST, 'holder'));
    expect(i.evidence!.table).toBe('registry.shareholder');
    const rows = i.evidence!.rows as Array<{ holder_name: string; holder_id_no: string }>;
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const r of rows)
      expect(r).toMatchObject({ holder_name: masked(holder.name), holder_id_no: maskIdNumber(holder.idNo) });
    expect((i.evidence!.key as { holder: string }).holder).toBe(maskIdNumber(holder.idNo));
    expect(i.message).toContain(`holder=${maskIdNumber(holder.idNo)}`);
    expect(JSON.stringify(i)).not.toContain(holder.idNo);
    expect(JSON.stringify(i)).not.toContain(holder.name);
  });

  it('RISK_OFFICER: masked by default, in full with unmasked: true (audited as shown in full)', async () => {
    const byDefault = await issue(holder.uscc, 'DUPLICATE_RECORD', await as(Role.RISK_OFFICER, 'holder'));
    expect(JSON.stringify(byDefault)).not.toContain(holder.idNo);
    const full = await issue(holder.uscc, 'DUPLICATE_RECORD', await as(Role.RISK_OFFICER, 'holder-full'), true);
    const rows = full.evidence!.rows as Array<{ holder_name: string; holder_id_no: string }>;
    for (const r of rows) expect(r).toMatchObject({ holder_name: holder.name, holder_id_no: holder.idNo });
    expect(full.message).toContain(`holder=${holder.idNo}`);
    const lr = await issue(
      legalRep.uscc,
      'FREQUENT_LEGAL_REP_CHANGE',
      await as(Role.RISK_OFFICER, 'holder-full'),
      true,
    );
    const changes = lr.evidence!.changes as Array<{ before: string; after: string }>;
    for (const c of changes) expect(legalRep.names).toEqual(expect.arrayContaining([c.before, c.after]));
    const audit = await auditOf(sub(Role.RISK_OFFICER, 'holder-full'));
    expect(audit.unmasked).toEqual(expect.arrayContaining(['DataQualityIssue.evidence', 'DataQualityIssue.message']));
  });

  it('ANALYST asking for it unmasked gets FORBIDDEN on those fields, nothing leaks', async () => {
    const res: GraphQLResponse = await gql(
      t.url,
      ISSUES,
      { u: holder.uscc, full: true },
      await as(Role.ANALYST, 'forbidden'),
    );
    const refused = (res.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.path!.at(-1));
    expect(refused).toEqual(expect.arrayContaining(['evidence', 'message']));
    const text = JSON.stringify(res);
    expect(text).not.toContain(holder.idNo);
    expect(text).not.toContain(holder.name);
  });
});

describe("an early warning's evidence and message", () => {
  it("ANALYST: a lost customer who is a person is masked in MAJOR_CUSTOMER_LOSS's message and evidence", async () => {
    const w = await warning(customer.uscc, 'MAJOR_CUSTOMER_LOSS', await as(Role.ANALYST, 'customer'));
    expect(w.message).toContain(`(${masked(customer.name)}`);
    const lost = w.evidence!.lostCustomers as Array<{ name: string; buyer: string }>;
    expect(lost).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: masked(customer.name), buyer: masked(customer.name) })]),
    );
    expect(JSON.stringify(w)).not.toContain(customer.name);
    const audit = await auditOf(sub(Role.ANALYST, 'customer'));
    expect(audit.sensitive).toEqual(expect.arrayContaining(['Warning.evidence', 'Warning.message']));
    expect(audit.unmasked).toEqual([]);
  });

  it('ANALYST: FREQUENT_LEGAL_REP_CHANGE raised as a warning carries the legal representatives masked', async () => {
    const w = await warning(legalRep.uscc, 'FREQUENT_LEGAL_REP_CHANGE', await as(Role.ANALYST, 'lr-warning'));
    const text = JSON.stringify(w);
    for (const n of legalRep.names) expect(text).not.toContain(n);
    const changes = w.evidence!.changes as Array<{ before: string }>;
    expect(legalRep.names.map(masked)).toContain(changes[0].before);
  });

  it('RISK_OFFICER with unmasked: true sees the customer in full; an ANALYST asking so is refused', async () => {
    const w = await warning(customer.uscc, 'MAJOR_CUSTOMER_LOSS', await as(Role.RISK_OFFICER, 'customer-full'), true);
    expect(w.message).toContain(customer.name);
    expect(w.evidence!.lostCustomers).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: customer.name })]),
    );
    const res = await gql(
      t.url,
      WARNINGS,
      { u: customer.uscc, full: true },
      await as(Role.ANALYST, 'customer-forbidden'),
    );
    expect((res.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.path!.at(-1))).toEqual(
      expect.arrayContaining(['evidence', 'message']),
    );
    expect(JSON.stringify(res)).not.toContain(customer.name);
  });
});

describe('a firm merge waiting for review', () => {
  let scratch: { url: string; drop(): Promise<void> };
  let review: TestServer;
  let reps: [string, string];

  beforeAll(async () => {
    // Two of the portfolio's firms with different legal representatives, scored as a merge would be.
    const { rows } = await t.db.query<{ uscc: string; name: string; rep: string }>(
      `SELECT DISTINCT ON (legal_rep_name) uscc, name, legal_rep_name AS rep FROM registry.company ORDER BY legal_rep_name, uscc LIMIT 2`,
    );
    const [a, b] = rows;
    reps = [a.rep, b.rep];
    const score = scorePair(profileOf([b.name], { legalRepName: b.rep }), profileOf([a.name], { legalRepName: a.rep }));
    scratch = await createScratchDatabase();
    await migrate(scratch.url);
    const db = await openDatabase({ databaseUrl: scratch.url, poolMax: 1 });
    try {
      await db.query(
        `INSERT INTO core.entity_link (kind, source_table, record_key, record_name, uscc, method, match_weight, probability, explanation, status, detected_at, last_seen_at)
         VALUES ('FIRM', 'core.firm', $1, $2, $3, 'SCORED', 5, 0.9, $4::jsonb, 'REVIEW', now(), now())`,
        [
          b.uscc,
          b.name,
          a.uscc,
          JSON.stringify({ priorWeight: score.priorWeight, parts: score.parts, reviewReason: 'uncertain' }),
        ],
      );
    } finally {
      await db.close();
    }
    review = await startTestServer({}, { databaseUrl: scratch.url });
  }, 120_000);

  afterAll(async () => {
    await review?.close();
    await scratch?.drop();
  });

  const QUEUE = `query($full: Boolean! = false) { matchReviewQueue(first: 5) { edges { node { kind factors { comparison level detail(unmasked: $full) } } } } }`;
  const legalRepDetail = (res: GraphQLResponse) => {
    expect(res.errors).toBeUndefined();
    const factors = res.data!.matchReviewQueue.edges[0].node.factors as Array<{
      comparison: string;
      level: string;
      detail: string;
    }>;
    return factors.find((f) => f.comparison === 'LEGAL_REP')!;
  };

  it('ANALYST gets the legal representatives masked; RISK_OFFICER with unmasked: true in full', async () => {
    const analyst = legalRepDetail(await gql(review.url, QUEUE, {}, await authHeader(Role.ANALYST)));
    expect(analyst).toEqual({
      comparison: 'LEGAL_REP',
      level: 'DIFFERENT',
      detail: `${masked(reps[1])} vs ${masked(reps[0])}`,
    });
    const officer = legalRepDetail(await gql(review.url, QUEUE, { full: true }, await authHeader(Role.RISK_OFFICER)));
    expect(officer.detail).toBe(`${reps[1]} vs ${reps[0]}`);
  });
});
