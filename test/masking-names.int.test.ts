/**
 * Persons' names over HTTP: the legal representative, person shareholders, the persons named
 * in registry changes and invoice buyers that are persons come masked to an ANALYST and to a
 * PARTNER (by `borrower` and by `_entities`), in full to the role that sees ID numbers in full
 * (RISK_OFFICER, `unmasked: true`); firms' names and other change values are left as they are.
 *
 * The names are the test portfolio's own (src/seed, TEST_PORTFOLIO), read from the database. The
 * partner needs a FULL consent over firms that hold such records, which the shared portfolio may
 * not grant: the portfolio is seeded again into a database of this file's own, where the consent
 * is added without touching what other test files read.
 */
import { Role } from '../src/auth/principal';
import { openDatabase } from '../src/db/database';
import { migrate } from '../src/db/data-source';
import { maskPersonName } from '../src/masking/mask';
import { seedPortfolio } from '../src/seed';
import { consentDay } from '../src/consent/consent.repository';
import { authHeader, createScratchDatabase, gql, startTestServer, TEST_NOW, type TestServer } from './helpers';
import { TEST_PORTFOLIO } from './portfolio';

const PARTNER = { tenant: '测试合作银行', purpose: 'CREDIT_APPROVAL' };

let scratch: { url: string; drop(): Promise<void> };
let t: TestServer;

interface Change {
  id: string;
  uscc: string;
  before: string;
  after: string;
}
interface Holder {
  name: string;
  type: 'PERSON' | 'FIRM';
}
/** A SHAREHOLDER change and its firm's holders; a LEGAL_REPRESENTATIVE change; a firm holder; a person buyer's invoice; a NAME or ADDRESS change. */
let shChange: Change;
let holders: Holder[];
let lrChange: Change;
let firmHolder: { uscc: string; name: string };
let invoice: { id: string; uscc: string; buyer: string; seller: string };
let otherChange: Change;
const legalRep = new Map<string, string>();

beforeAll(async () => {
  scratch = await createScratchDatabase();
  await migrate(scratch.url);
  const seeding = await openDatabase({ databaseUrl: scratch.url, poolMax: 2 });
  try {
    await seedPortfolio(seeding, TEST_PORTFOLIO);
  } finally {
    await seeding.close();
  }
  t = await startTestServer({}, { databaseUrl: scratch.url });
  const one = async <T>(sql: string, what: string): Promise<T> => {
    const row = (await t.db.query<T & object>(sql)).rows[0];
    if (!row) throw new Error(`the test portfolio has no ${what}`);
    return row;
  };
  const change = (item: string) =>
    one<Change>(
      `SELECT id::text, uscc, before_value AS before, after_value AS after FROM registry.change_log WHERE item = '${item}' ORDER BY uscc, id LIMIT 1`,
      `${item} change`,
    );
  shChange = await change('SHAREHOLDER');
  lrChange = await change('LEGAL_REPRESENTATIVE');
  otherChange = await one<Change>(
    `SELECT id::text, uscc, before_value AS before, after_value AS after FROM registry.change_log WHERE item IN ('NAME', 'ADDRESS') ORDER BY uscc, id LIMIT 1`,
    'NAME or ADDRESS change',
  );
  holders = (
    await t.db.query<Holder>(
      `SELECT holder_name AS name, holder_type::text AS type FROM registry.shareholder WHERE uscc = $1`,
      [shChange.uscc],
    )
  ).rows;
  firmHolder = await one(
    `SELECT uscc, holder_name AS name FROM registry.shareholder WHERE holder_type = 'FIRM' ORDER BY uscc, id LIMIT 1`,
    'firm shareholder',
  );
  // A person buyer's invoice among the seller's 100 newest issued (one page).
  invoice = await one(
    `SELECT id::text, seller_uscc AS uscc, buyer_name AS buyer, seller_name AS seller FROM (
       SELECT i.*, row_number() OVER (PARTITION BY seller_uscc ORDER BY issue_date DESC, id DESC) AS k FROM tax.invoice i) x
      WHERE buyer_uscc IS NULL AND k <= 100 ORDER BY seller_uscc, k LIMIT 1`,
    'invoice to a person',
  );
  const firms = [shChange.uscc, lrChange.uscc, firmHolder.uscc, invoice.uscc];
  const { rows } = await t.db.query<{ uscc: string; name: string }>(
    `SELECT uscc, legal_rep_name AS name FROM registry.company WHERE uscc = ANY($1)`,
    [firms],
  );
  for (const r of rows) legalRep.set(r.uscc, r.name);
  const day = consentDay(TEST_NOW);
  await t.db.query(
    `INSERT INTO bank.consent (uscc, grantee, purpose, sources, scope, valid_from, valid_to, granted_at)
     SELECT DISTINCT u, $2, $3, ARRAY['REGISTRY', 'TAX'], 'FULL'::bank.consent_scope, $4::date - 30, $4::date + 30, $4::date - 30 FROM unnest($1::text[]) AS u`,
    [firms, PARTNER.tenant, PARTNER.purpose, day],
  );
}, 180_000);

afterAll(async () => {
  await t?.close();
  await scratch?.drop();
});

const REGISTRY = `query Reg($u: USCC!, $full: Boolean! = false) { borrower(uscc: $u) { registry {
  legalRepName(unmasked: $full) shareholders { holderType holderName(unmasked: $full) }
  changes(first: 100) { id item beforeValue(unmasked: $full) afterValue(unmasked: $full) } } } }`;
const INVOICES = `query Inv($u: USCC!, $full: Boolean! = false) { borrower(uscc: $u) { tax { invoices(first: 100) { edges { node {
  id buyerUscc buyerName(unmasked: $full) sellerName(unmasked: $full) } } } } } }`;

type Registry = {
  legalRepName: string | null;
  shareholders: Array<{ holderType: string; holderName: string | null }>;
  changes: Array<{ id: string; item: string; beforeValue: string | null; afterValue: string | null }>;
};

async function registryOf(uscc: string, headers: Record<string, string>, full = false): Promise<Registry> {
  const res = await gql(t.url, REGISTRY, { u: uscc, full }, headers);
  expect(res.errors).toBeUndefined();
  return res.data!.borrower.registry;
}

/** `text` with each person holder's name (followed by its share) masked: the expected masked shareholder change, computed apart from the code under test. */
function maskHolders(text: string): string {
  const persons = holders.filter((h) => h.type === 'PERSON').sort((a, b) => b.name.length - a.name.length);
  return persons.reduce((s, h) => s.split(`${h.name}(`).join(`${maskPersonName(h.name)}(`), text);
}

const masked = (name: string) => {
  const m = maskPersonName(name);
  expect(m).not.toBe(name);
  return m;
};

const roles: Array<[string, () => Promise<Record<string, string>>]> = [
  ['ANALYST', () => authHeader(Role.ANALYST)],
  ['PARTNER', () => authHeader(Role.PARTNER, PARTNER)],
];

describe.each(roles)('%s', (_role, headersOf) => {
  it('gets the legal representative and person shareholders masked, firm shareholders in full', async () => {
    const headers = await headersOf();
    const r = await registryOf(shChange.uscc, headers);
    expect(r.legalRepName).toBe(masked(legalRep.get(shChange.uscc)!));
    const persons = holders.filter((h) => h.type === 'PERSON');
    expect(persons.length).toBeGreaterThan(0);
    expect(
      r.shareholders
        .filter((s) => s.holderType === 'PERSON')
        .map((s) => s.holderName)
        .sort(),
    ).toEqual(persons.map((h) => masked(h.name)).sort());
    const f = await registryOf(firmHolder.uscc, headers);
    expect(f.shareholders.filter((s) => s.holderType === 'FIRM').map((s) => s.holderName)).toContain(firmHolder.name);
  });

  it('gets each person named in a shareholder or legal-representative change masked, shares and punctuation kept', async () => {
    const headers = await headersOf();
    const sh = (await registryOf(shChange.uscc, headers)).changes.find((c) => c.id === shChange.id)!;
    expect(sh).toMatchObject({
      item: 'SHAREHOLDER',
      beforeValue: maskHolders(shChange.before),
      afterValue: maskHolders(shChange.after),
    });
    expect(sh.afterValue).not.toBe(shChange.after);
    expect(sh.afterValue!.match(/\(\d+\.\d{2}%\)/g)).toEqual(shChange.after.match(/\(\d+\.\d{2}%\)/g));
    for (const h of holders.filter((x) => x.type === 'PERSON'))
      expect(`${sh.beforeValue} ${sh.afterValue}`).not.toContain(`${h.name}(`);
    const lr = (await registryOf(lrChange.uscc, headers)).changes.find((c) => c.id === lrChange.id)!;
    expect(lr).toMatchObject({
      item: 'LEGAL_REPRESENTATIVE',
      beforeValue: masked(lrChange.before),
      afterValue: masked(lrChange.after),
    });
  });

  it("gets a person buyer's name masked on an invoice, firms' names in full", async () => {
    const res = await gql(t.url, INVOICES, { u: invoice.uscc }, await headersOf());
    expect(res.errors).toBeUndefined();
    const nodes: Array<{ id: string; buyerUscc: string | null; buyerName: string; sellerName: string }> =
      res.data!.borrower.tax.invoices.edges.map((e: { node: unknown }) => e.node);
    expect(nodes.find((n) => n.id === invoice.id)).toMatchObject({
      buyerUscc: null,
      buyerName: masked(invoice.buyer),
      sellerName: invoice.seller,
    });
    const firms = nodes.filter((n) => n.buyerUscc !== null);
    const names = new Map(
      (
        await t.db.query<{ id: string; name: string }>(
          `SELECT id::text, buyer_name AS name FROM tax.invoice WHERE id = ANY($1::bigint[])`,
          [firms.map((n) => n.id)],
        )
      ).rows.map((r) => [r.id, r.name]),
    );
    for (const n of firms) expect(n.buyerName).toBe(names.get(n.id));
  });
});

describe('other readers and values', () => {
  it('a PARTNER reading through federation (_entities) gets the same masked names', async () => {
    const res = await gql(
      t.url,
      `query Fed($r: [_Any!]!) { _entities(representations: $r) { ... on Borrower { uscc registry { legalRepName shareholders { holderType holderName } } } } }`,
      { r: [{ __typename: 'Borrower', uscc: shChange.uscc }] },
      await authHeader(Role.PARTNER, PARTNER),
    );
    expect(res.errors).toBeUndefined();
    const r = res.data!._entities[0].registry;
    expect(r.legalRepName).toBe(masked(legalRep.get(shChange.uscc)!));
    expect(JSON.stringify(r)).not.toContain(legalRep.get(shChange.uscc));
    for (const h of holders.filter((x) => x.type === 'PERSON'))
      expect(r.shareholders.map((s: { holderName: string }) => s.holderName)).toContain(masked(h.name));
  });

  it('leaves a change of the name or address as it is', async () => {
    const c = (await registryOf(otherChange.uscc, await authHeader(Role.ANALYST))).changes.find(
      (x) => x.id === otherChange.id,
    )!;
    expect(c).toMatchObject({ beforeValue: otherChange.before, afterValue: otherChange.after });
  });

  it('RISK_OFFICER, who sees ID numbers in full, sees every one of these names in full with unmasked: true', async () => {
    const headers = await authHeader(Role.RISK_OFFICER);
    const byDefault = await registryOf(shChange.uscc, headers);
    expect(byDefault.legalRepName).toBe(masked(legalRep.get(shChange.uscc)!));
    const r = await registryOf(shChange.uscc, headers, true);
    expect(r.legalRepName).toBe(legalRep.get(shChange.uscc));
    expect(r.shareholders.map((s) => s.holderName).sort()).toEqual(holders.map((h) => h.name).sort());
    expect(r.changes.find((c) => c.id === shChange.id)).toMatchObject({
      beforeValue: shChange.before,
      afterValue: shChange.after,
    });
    const lr = (await registryOf(lrChange.uscc, headers, true)).changes.find((c) => c.id === lrChange.id);
    expect(lr).toMatchObject({ beforeValue: lrChange.before, afterValue: lrChange.after });
    const inv = await gql(t.url, INVOICES, { u: invoice.uscc, full: true }, headers);
    expect(inv.errors).toBeUndefined();
    expect(
      inv.data!.borrower.tax.invoices.edges.find((e: { node: { id: string } }) => e.node.id === invoice.id).node
        .buyerName,
    ).toBe(invoice.buyer);
  });

  it.each([Role.ANALYST, Role.PARTNER])(
    '%s asking for the names unmasked gets FORBIDDEN on each, nothing leaks',
    async (role) => {
      const headers = role === Role.PARTNER ? await authHeader(role, PARTNER) : await authHeader(role);
      const res = await gql(t.url, REGISTRY, { u: shChange.uscc, full: true }, headers);
      const paths = (res.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.path!.join('.'));
      expect(paths).toContain('borrower.registry.legalRepName');
      expect(paths.some((p) => /^borrower\.registry\.shareholders\.\d+\.holderName$/.test(p))).toBe(true);
      expect(paths.some((p) => /^borrower\.registry\.changes\.\d+\.afterValue$/.test(p))).toBe(true);
      expect(res.data!.borrower.registry.legalRepName).toBeNull();
      const body = JSON.stringify(res.data);
      for (const name of [
        legalRep.get(shChange.uscc)!,
        ...holders.filter((h) => h.type === 'PERSON').map((h) => h.name),
      ])
        expect(body).not.toContain(name);
    },
  );

  it('audits the names read against the firm whose profile showed them', async () => {
    const sub = `names.audit.${Date.now()}`;
    await gql(t.url, INVOICES, { u: invoice.uscc }, await authHeader(Role.ANALYST, { sub }));
    await gql(t.url, REGISTRY, { u: shChange.uscc }, await authHeader(Role.ANALYST, { sub }));
    // A request's rows reach the writer's buffer once its response is written whole: wait for both.
    let rows: Array<{ uscc: string; fields: string[] }> = [];
    for (let tries = 0; rows.length < 2 && tries < 50; tries++) {
      if (tries) await new Promise((r) => setTimeout(r, 50));
      await t.server.audit.flush();
      ({ rows } = await t.db.query<{ uscc: string; fields: string[] }>(
        `SELECT uscc, sensitive_fields AS fields FROM core.audit_log WHERE subject = $1`,
        [sub],
      ));
    }
    const fields = new Map(rows.map((r) => [r.uscc, r.fields]));
    expect(fields.get(invoice.uscc)).toEqual(expect.arrayContaining(['Invoice.buyerName']));
    expect(fields.get(shChange.uscc)).toEqual(
      expect.arrayContaining([
        'RegistryProfile.legalRepName',
        'Shareholder.holderName',
        'RegistryChange.beforeValue',
        'RegistryChange.afterValue',
      ]),
    );
    // Only firms whose profile was read: never a buyer or holder named in it.
    expect([...fields.keys()].sort()).toEqual([invoice.uscc, shChange.uscc].sort());
  });
});
