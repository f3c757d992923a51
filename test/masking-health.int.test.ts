/**
 * Personal data in the health index's factors and in approval routing's reasons, over HTTP: an
 * ANALYST gets a customer who is a person (CUSTOMER_CONCENTRATION, MAJOR_CUSTOMER_LOSS) masked in
 * the factor's evidence and explanation, the legal representatives of LEGAL_REP_CHANGES masked in
 * its evidence, and the person shareholder a DUPLICATE_RECORD finding names masked where an
 * approval reason quotes the finding; a RISK_OFFICER gets them in full with `unmasked: true` (an
 * ANALYST asking so gets FORBIDDEN). Each read is audited as a sensitive field.
 *
 * The firms are the test portfolio's (src/seed, TEST_PORTFOLIO), found in the shared database
 * (read-only): the factors are computed from the firms' facts as the API computes them, and the
 * names are read from the records.
 */
import { Role } from '../src/auth/principal';
import type { FirmFacts } from '../src/health/facts';
import { loadFacts } from '../src/health/facts.repository';
import { INDICATORS, lostMajorCustomers } from '../src/health/indicators';
import { isValidUscc } from '../src/lib/uscc';
import { maskIdNumber, maskPersonName } from '../src/masking/mask';
import { isPersonParty } from '../src/masking/person-name';
import { portfolioAsOf } from '../src/quality/as-of';
import { auditedFields, authHeader, gql, startTestServer, type GraphQLResponse, type TestServer } from './helpers';

let t: TestServer;

/** A firm whose largest customer (CUSTOMER_CONCENTRATION) is a person without a USCC. */
let largest: { uscc: string; name: string };
/** A firm that lost a regular major customer (MAJOR_CUSTOMER_LOSS) who is a person. */
let lost: { uscc: string; name: string };
/** A firm whose legal representative changed in the last 12 months, and the names before and after. */
let legalRep: { uscc: string; names: string[] };
/** A person shareholder on two rows (a HIGH DUPLICATE_RECORD finding, which sends an application to the committee). */
let holder: { uscc: string; name: string; idNo: string };

const sub = (role: Role, what: string) => `masking-health.${role.toLowerCase()}.${what}.${process.pid}`;
const as = (role: Role, what: string) => authHeader(role, { sub: sub(role, what) });

const masked = (name: string) => {
  const m = maskPersonName(name);
  expect(m).not.toBe(name);
  return m;
};
const isPerson = (b: { buyer: string; buyerName: string }) =>
  !isValidUscc(b.buyer) && isPersonParty(b.buyerName, { uscc: null });

beforeAll(async () => {
  t = await startTestServer();
  const db = t.db;
  const asOf = await portfolioAsOf(db);
  // Sellers who invoiced a buyer without a USCC, and firms whose legal representative changed: their facts as the API reads them.
  const { rows: candidates } = await db.query<{ uscc: string }>(
    `SELECT seller_uscc AS uscc FROM tax.invoice WHERE buyer_uscc IS NULL
     UNION SELECT uscc FROM registry.change_log WHERE item = 'LEGAL_REPRESENTATIVE' ORDER BY 1`,
  );
  const facts = (
    await loadFacts(
      db,
      candidates.map((c) => c.uscc),
      asOf,
    )
  ).filter((f): f is FirmFacts => f !== null);
  for (const f of facts) {
    const top = f.tax?.buyers[0];
    if (!largest && top && isPerson(top)) largest = { uscc: f.uscc, name: top.buyerName };
    const person = lostMajorCustomers(f)?.lost.find(isPerson);
    if (!lost && person) lost = { uscc: f.uscc, name: person.buyerName };
    const changes = INDICATORS.find((i) => i.code === 'LEGAL_REP_CHANGES')!.compute(f).evidence.changes as
      Array<{ before: string; after: string }> | undefined;
    if (!legalRep && changes?.length)
      legalRep = { uscc: f.uscc, names: [...new Set(changes.flatMap((c) => [c.before, c.after]))] };
  }
  if (!largest || !lost || !legalRep)
    throw new Error(
      'the test portfolio lacks a firm whose largest or lost customer is a person, or one with a legal-representative change',
    );
  const { rows } = await db.query<{ uscc: string; name: string; idNo: string }>(
    `SELECT uscc, min(holder_name) AS name, holder_id_no AS "idNo" FROM registry.shareholder
      WHERE holder_type = 'PERSON' AND holder_uscc IS NULL AND holder_id_no IS NOT NULL
      GROUP BY uscc, holder_id_no HAVING count(*) > 1 ORDER BY uscc LIMIT 1`,
  );
  if (!rows[0]) throw new Error('the test portfolio has no person shareholder on two rows');
  holder = rows[0];
}, 120_000);

afterAll(async () => {
  await t?.close();
});

const FACTORS = `query Factors($u: USCC!, $full: Boolean! = false) { borrower(uscc: $u) { health {
  reasons(unmasked: $full) factors { code value explanation(unmasked: $full) evidence(unmasked: $full) } } } }`;

type Factor = { code: string; value: number | null; explanation: string | null; evidence: Record<string, any> | null };

async function factorsOf(
  uscc: string,
  headers: Record<string, string>,
  full = false,
): Promise<{ res: GraphQLResponse; factors: Factor[] }> {
  const res = await gql(t.url, FACTORS, { u: uscc, full }, headers);
  return { res, factors: res.data?.borrower.health.factors ?? [] };
}

async function factor(uscc: string, code: string, headers: Record<string, string>, full = false): Promise<Factor> {
  const { res, factors } = await factorsOf(uscc, headers, full);
  expect(res.errors).toBeUndefined();
  const found = factors.find((f) => f.code === code);
  if (!found) throw new Error(`${uscc} has no ${code} factor`);
  return found;
}

const auditOf = (subject: string) => auditedFields(t, subject);

describe("a health factor's evidence and explanation", () => {
  it('ANALYST: the largest customer who is a person is masked in CUSTOMER_CONCENTRATION', async () => {
    const f = await factor(largest.uscc, 'CUSTOMER_CONCENTRATION', await as(Role.ANALYST, 'largest'));
    expect(f.evidence).toMatchObject({ buyer: masked(largest.name), buyerName: masked(largest.name) });
    expect(f.explanation).toContain(`(${masked(largest.name)})`);
    expect(JSON.stringify(f)).not.toContain(largest.name);
    const audit = await auditOf(sub(Role.ANALYST, 'largest'));
    expect(audit.sensitive).toEqual(expect.arrayContaining(['HealthFactor.evidence', 'HealthFactor.explanation']));
    expect(audit.unmasked).toEqual([]);
  });

  it('ANALYST: a lost major customer who is a person is masked in MAJOR_CUSTOMER_LOSS, nowhere in the health in full', async () => {
    const { res, factors } = await factorsOf(lost.uscc, await as(Role.ANALYST, 'lost'));
    expect(res.errors).toBeUndefined();
    const f = factors.find((x) => x.code === 'MAJOR_CUSTOMER_LOSS')!;
    expect(f.value).toBeGreaterThan(0);
    expect(f.explanation).toContain(masked(lost.name));
    expect(f.evidence!.majorCustomers).toEqual(
      expect.arrayContaining([expect.objectContaining({ buyer: masked(lost.name), name: masked(lost.name) })]),
    );
    expect(JSON.stringify(res.data)).not.toContain(lost.name);
  });

  it('ANALYST: the legal representatives of LEGAL_REP_CHANGES are masked, dates and ids kept', async () => {
    const f = await factor(legalRep.uscc, 'LEGAL_REP_CHANGES', await as(Role.ANALYST, 'lr'));
    const changes = f.evidence!.changes as Array<{ id: string; changedOn: string; before: string; after: string }>;
    expect(changes.length).toBe(f.value);
    const maskedNames = legalRep.names.map(masked);
    for (const c of changes) {
      expect(maskedNames).toEqual(expect.arrayContaining([c.before, c.after]));
      expect(c.changedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    for (const n of legalRep.names) expect(JSON.stringify(f)).not.toContain(n);
  });

  it('RISK_OFFICER: masked by default, in full with unmasked: true (audited as shown in full)', async () => {
    const byDefault = await factor(lost.uscc, 'MAJOR_CUSTOMER_LOSS', await as(Role.RISK_OFFICER, 'lost'));
    expect(JSON.stringify(byDefault)).not.toContain(lost.name);
    const full = await factor(lost.uscc, 'MAJOR_CUSTOMER_LOSS', await as(Role.RISK_OFFICER, 'lost-full'), true);
    expect(full.explanation).toContain(lost.name);
    expect(full.evidence!.majorCustomers).toEqual(
      expect.arrayContaining([expect.objectContaining({ buyer: lost.name, name: lost.name })]),
    );
    const concentration = await factor(
      largest.uscc,
      'CUSTOMER_CONCENTRATION',
      await as(Role.RISK_OFFICER, 'lost-full'),
      true,
    );
    expect(concentration.evidence).toMatchObject({ buyerName: largest.name });
    expect(concentration.explanation).toContain(`(${largest.name})`);
    const lr = await factor(legalRep.uscc, 'LEGAL_REP_CHANGES', await as(Role.RISK_OFFICER, 'lost-full'), true);
    for (const c of lr.evidence!.changes as Array<{ before: string; after: string }>)
      expect(legalRep.names).toEqual(expect.arrayContaining([c.before, c.after]));
    const audit = await auditOf(sub(Role.RISK_OFFICER, 'lost-full'));
    expect(audit.unmasked).toEqual(expect.arrayContaining(['HealthFactor.evidence', 'HealthFactor.explanation']));
  });

  it('ANALYST asking for them unmasked gets FORBIDDEN on those fields only, nothing leaks', async () => {
    const { res, factors } = await factorsOf(lost.uscc, await as(Role.ANALYST, 'forbidden'), true);
    const refused = (res.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.path!.at(-1));
    expect(refused).toEqual(expect.arrayContaining(['evidence', 'explanation']));
    expect(factors.find((f) => f.code === 'MAJOR_CUSTOMER_LOSS')).toMatchObject({ evidence: null, explanation: null });
    // Factors naming no one come back whole.
    expect(factors.find((f) => f.code === 'DEBT_RATIO')!.evidence).not.toBeNull();
    expect(JSON.stringify(res)).not.toContain(lost.name);
  });
});

describe("an approval reason's evidence", () => {
  const APPROVAL = `query Approval($u: USCC!, $full: Boolean! = false) { borrower(uscc: $u) { approval(amount: "100000.00") {
    route reasons { code message evidence(unmasked: $full) } } } }`;
  type Reason = { code: string; message: string; evidence: Record<string, any> | null };

  async function findingReason(
    headers: Record<string, string>,
    full = false,
  ): Promise<{ res: GraphQLResponse; reason: Reason | undefined }> {
    const res = await gql(t.url, APPROVAL, { u: holder.uscc, full }, headers);
    const reasons = (res.data?.borrower.approval.reasons ?? []) as Reason[];
    return { res, reason: reasons.find((r) => r.code === 'SERIOUS_FINDING') };
  }
  const duplicateOf = (r: Reason) =>
    (r.evidence!.findings as Array<{ code: string; message: string; evidence: Record<string, any> }>).find(
      (f) => f.code === 'DUPLICATE_RECORD',
    )!;

  it('ANALYST: the shareholder a quoted DUPLICATE_RECORD names is masked, in its message and its evidence', async () => {
    const { res, reason } = await findingReason(await as(Role.ANALYST, 'approval'));
    expect(res.errors).toBeUndefined();
    expect(res.data!.borrower.approval.route).toBe('COMMITTEE');
    const d = duplicateOf(reason!);
    expect(d.message).toContain(`holder=${maskIdNumber(holder.idNo)}`);
    expect(d.evidence.key.holder).toBe(maskIdNumber(holder.idNo));
    for (const row of d.evidence.rows as Array<{ holder_name: string; holder_id_no: string }>)
      expect(row).toMatchObject({ holder_name: masked(holder.name), holder_id_no: maskIdNumber(holder.idNo) });
    const text = JSON.stringify(res.data);
    expect(text).not.toContain(holder.idNo);
    expect(text).not.toContain(holder.name);
    expect((await auditOf(sub(Role.ANALYST, 'approval'))).sensitive).toContain('ApprovalReason.evidence');
  });

  it('RISK_OFFICER with unmasked: true sees them in full; an ANALYST asking so is refused', async () => {
    const { res, reason } = await findingReason(await as(Role.RISK_OFFICER, 'approval-full'), true);
    expect(res.errors).toBeUndefined();
    const d = duplicateOf(reason!);
    expect(d.message).toContain(`holder=${holder.idNo}`);
    for (const row of d.evidence.rows as Array<{ holder_name: string; holder_id_no: string }>)
      expect(row).toMatchObject({ holder_name: holder.name, holder_id_no: holder.idNo });
    expect((await auditOf(sub(Role.RISK_OFFICER, 'approval-full'))).unmasked).toContain('ApprovalReason.evidence');

    const refused = await findingReason(await as(Role.ANALYST, 'approval-forbidden'), true);
    expect(
      (refused.res.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.path!.at(-1)),
    ).toContain('evidence');
    expect(refused.reason!.message).toContain('DUPLICATE_RECORD');
    expect(JSON.stringify(refused.res)).not.toContain(holder.idNo);
  });
});
