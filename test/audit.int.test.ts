/**
 * Masking and audit over HTTP on the seeded test database: each sensitive field per role, the
 * audit row per firm per request (sources, sensitive fields, outcome, refusals), batched
 * writes, no row lost on a clean shutdown under load, `auditLog` for auditors only, and the
 * append-only trigger.
 *
 * Until authentication lands, requests act as a role through the server's test-only
 * `principalOf` seam (here: the JSON of an `x-test-principal` header).
 */
import { randomUUID } from 'node:crypto';
import type express from 'express';
import { Role, type Principal } from '../src/auth/principal';
import type { Database } from '../src/db/database';
import { startServer, type RunningServer, type ServerDeps } from '../src/server';
import { maskPersonName } from '../src/masking/mask';
import { BANK_TENANT, gql, openTestDatabase, TEST_NOW, testConfig } from './helpers';
import { consentDay } from '../src/consent/consent.repository';

const principalOf = (req: express.Request): Principal | null => {
  const h = req.header('x-test-principal');
  return h ? (JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as Principal) : null;
};

/** A real partner consent of the test portfolio (FULL, covering the registry), for the PARTNER cases. */
let partner = { grantee: 'partner-bank', purpose: 'CREDIT_APPROVAL' };

function as(role: Role, subject = `t-${randomUUID()}`): { subject: string; headers: Record<string, string> } {
  const p: Principal = {
    subject,
    tenant: role === Role.PARTNER ? partner.grantee : 'bank',
    role,
    purpose: role === Role.PARTNER ? partner.purpose : 'CREDIT_APPROVAL',
    tokenId: null,
  };
  // Base64url: a tenant's name is Chinese, and headers carry Latin-1 only.
  return { subject, headers: { 'x-test-principal': Buffer.from(JSON.stringify(p)).toString('base64url') } };
}

let db: Database;
let server: RunningServer;
let firm: { uscc: string; idNo: string; phone: string };
let holder: { uscc: string; idNo: string };
let party: { uscc: string; caseId: string; name: string };

// 200 concurrent profiles queue for the embedded database's one connection for longer than the
// default 2 s deadline would allow: these tests are about the audit rows, so the deadline is out of the way.
const start = (deps: ServerDeps = {}) =>
  startServer(testConfig({ requestDeadlineMs: 30_000 }), db, { principalOf, clock: () => TEST_NOW, ...deps });

async function rowsOf(subject: string) {
  await server.audit.flush();
  const { rows } = await db.query(
    `SELECT uscc, role, tenant, purpose, operation_name AS "operationName", sources, sensitive_fields AS "sensitiveFields",
            unmasked_fields AS "unmaskedFields", outcome, error_code AS "errorCode", client_ip AS "clientIp", request_id AS "requestId"
     FROM core.audit_log WHERE subject = $1 ORDER BY uscc`,
    [subject],
  );
  return rows;
}

beforeAll(async () => {
  db = await openTestDatabase();
  server = await start({ audit: { flushIntervalMs: 20 } });
  // The shareholder's firm has granted a partner a FULL consent over the registry, so the PARTNER cases read it too.
  const consented = (
    await db.query<{ uscc: string; idNo: string; grantee: string; purpose: string }>(
      `SELECT s.uscc, s.holder_id_no AS "idNo", c.grantee, c.purpose FROM registry.shareholder s
         JOIN bank.consent c ON c.uscc = s.uscc AND c.grantee <> $2 AND c.scope = 'FULL' AND 'REGISTRY' = ANY(c.sources)
                            AND c.revoked_at IS NULL AND c.valid_from <= $1::date AND c.valid_to >= $1::date
        WHERE s.holder_type = 'PERSON' AND s.holder_id_no IS NOT NULL ORDER BY s.uscc, s.id LIMIT 1`,
      [consentDay(TEST_NOW), BANK_TENANT],
    )
  ).rows[0];
  if (!consented)
    throw new Error('the test portfolio has no person shareholder of a firm with a FULL registry consent to a partner');
  holder = { uscc: consented.uscc, idNo: consented.idNo };
  partner = { grantee: consented.grantee, purpose: consented.purpose };
  // A firm with a phone on record under the same partner's FULL registry consent.
  firm = (
    await db.query<typeof firm>(
      `SELECT co.uscc, co.legal_rep_id_no AS "idNo", co.legal_rep_phone AS phone FROM registry.company co
         JOIN bank.consent c ON c.uscc = co.uscc AND c.grantee = $2 AND c.purpose = $3 AND c.scope = 'FULL' AND 'REGISTRY' = ANY(c.sources)
                            AND c.revoked_at IS NULL AND c.valid_from <= $1::date AND c.valid_to >= $1::date
        WHERE co.legal_rep_phone IS NOT NULL ORDER BY co.uscc LIMIT 1`,
      [consentDay(TEST_NOW), partner.grantee, partner.purpose],
    )
  ).rows[0];
  // A labour dispute of the consented firm's with a person as plaintiff, planted here (the portfolio may draw none).
  party = (
    await db.query<typeof party>(
      `WITH c AS (INSERT INTO judicial.court_case (case_no, court, cause, filed_on, published_on, amount, status)
                  VALUES ('(2025)测0000民初90001号', '测试人民法院', '劳动争议', '2025-03-03', '2025-03-20', 12000, 'PENDING') RETURNING id),
            p AS (INSERT INTO judicial.case_party (case_id, uscc, name, party_type, role)
                  SELECT id, NULL, '欧阳明远', 'PERSON'::judicial.party_type, 'PLAINTIFF'::judicial.party_role FROM c UNION ALL
                  SELECT id, $1, '被告公司', 'FIRM', 'DEFENDANT' FROM c RETURNING case_id)
       SELECT $1::text AS uscc, (SELECT id FROM c)::text AS "caseId", '欧阳明远' AS name`,
      [holder.uscc],
    )
  ).rows[0];
  if (!firm || !holder || !party)
    throw new Error('the test portfolio lacks a phone, a person shareholder or a person court party');
});
afterAll(async () => {
  await server.stop();
  await db.query(`DELETE FROM judicial.case_party WHERE case_id = $1`, [party.caseId]);
  await db.query(`DELETE FROM judicial.court_case WHERE id = $1`, [party.caseId]);
  await db.close();
});

const REGISTRY = `query Reg($uscc: USCC!, $unmasked: Boolean! = false) { borrower(uscc: $uscc) { uscc registry {
  legalRepIdNo(unmasked: $unmasked) legalRepPhone(unmasked: $unmasked) shareholders { holderType holderIdNo(unmasked: $unmasked) } } } }`;
const PARTIES = `query Parties($uscc: USCC!, $unmasked: Boolean! = false) { borrower(uscc: $uscc) { judicial { cases(first: 100) { id parties { partyType name(unmasked: $unmasked) } } } } }`;

const maskedId = (s: string) => `${s.slice(0, 4)}**********${s.slice(-4)}`;

describe('masking', () => {
  it.each([Role.ANALYST, Role.PARTNER, null])(
    "%s gets the legal representative's ID number and phone and shareholders' IDs masked",
    async (role) => {
      const res = await gql(server.url, REGISTRY, { uscc: holder.uscc }, role ? as(role).headers : {});
      expect(res.errors).toBeUndefined();
      const r = res.data!.borrower.registry;
      expect(r.legalRepIdNo).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
      const persons = r.shareholders.filter((s: any) => s.holderType === 'PERSON');
      expect(persons.length).toBeGreaterThan(0);
      expect(persons.map((s: any) => s.holderIdNo)).toContain(maskedId(holder.idNo));
      for (const s of r.shareholders.filter((x: any) => x.holderType === 'FIRM')) expect(s.holderIdNo).toBeNull();
      const phone = await gql(server.url, REGISTRY, { uscc: firm.uscc }, role ? as(role).headers : {});
      expect(phone.data!.borrower.registry.legalRepIdNo).toBe(maskedId(firm.idNo));
      expect(phone.data!.borrower.registry.legalRepPhone).toBe(`${firm.phone.slice(0, 3)}****${firm.phone.slice(-4)}`);
    },
  );

  it('RISK_OFFICER gets them masked by default and in full with unmasked: true', async () => {
    const masked = await gql(server.url, REGISTRY, { uscc: firm.uscc }, as(Role.RISK_OFFICER).headers);
    expect(masked.data!.borrower.registry.legalRepIdNo).toBe(maskedId(firm.idNo));
    const full = await gql(server.url, REGISTRY, { uscc: firm.uscc, unmasked: true }, as(Role.RISK_OFFICER).headers);
    expect(full.errors).toBeUndefined();
    expect(full.data!.borrower.registry.legalRepIdNo).toBe(firm.idNo);
    expect(full.data!.borrower.registry.legalRepPhone).toBe(firm.phone);
    const h = await gql(server.url, REGISTRY, { uscc: holder.uscc, unmasked: true }, as(Role.RISK_OFFICER).headers);
    expect(h.data!.borrower.registry.shareholders.map((s: any) => s.holderIdNo)).toContain(holder.idNo);
  });

  it.each([Role.ANALYST, Role.PARTNER, null])(
    '%s asking for unmasked ID numbers gets FORBIDDEN on each such field, nothing leaks',
    async (role) => {
      const res = await gql(server.url, REGISTRY, { uscc: firm.uscc, unmasked: true }, role ? as(role).headers : {});
      expect(res.data!.borrower.registry.legalRepIdNo).toBeNull();
      expect(res.data!.borrower.registry.legalRepPhone).toBeNull();
      const codes = res.errors!.map((e) => [e.path!.join('.'), e.extensions!.code]);
      expect(codes).toEqual(
        expect.arrayContaining([
          ['borrower.registry.legalRepIdNo', 'FORBIDDEN'],
          ['borrower.registry.legalRepPhone', 'FORBIDDEN'],
        ]),
      );
      expect(JSON.stringify(res)).not.toContain(firm.idNo);
      expect(JSON.stringify(res)).not.toContain(firm.phone);
    },
  );

  it("masks persons' names in court records, not firms' names; RISK_OFFICER may unmask", async () => {
    const res = await gql(server.url, PARTIES, { uscc: party.uscc }, as(Role.ANALYST).headers);
    expect(res.errors).toBeUndefined();
    const c = res.data!.borrower.judicial.cases.find((x: any) => x.id === party.caseId);
    const person = c.parties.filter((p: any) => p.partyType === 'PERSON').map((p: any) => p.name);
    expect(person).toContain(maskPersonName(party.name));
    for (const p of c.parties.filter((x: any) => x.partyType === 'FIRM')) expect(p.name).not.toContain('*');
    const full = await gql(server.url, PARTIES, { uscc: party.uscc, unmasked: true }, as(Role.RISK_OFFICER).headers);
    expect(
      full.data!.borrower.judicial.cases.find((x: any) => x.id === party.caseId).parties.map((p: any) => p.name),
    ).toContain(party.name);
  });
});

describe('audit rows', () => {
  it('one row per firm per profile read, with the sources and the sensitive fields read (masked or in full)', async () => {
    const me = as(Role.RISK_OFFICER);
    const res = await gql(
      server.url,
      `query Page { borrowers(first: 4) { edges { node { uscc registry { legalRepIdNo legalRepPhone(unmasked: true) } tax { creditRating } } } } }`,
      {},
      me.headers,
    );
    expect(res.errors).toBeUndefined();
    const rows = await rowsOf(me.subject);
    const usccs = res.data!.borrowers.edges.map((e: any) => e.node.uscc).sort();
    expect(rows.map((r) => r.uscc)).toEqual(usccs);
    expect(new Set(rows.map((r) => r.requestId)).size).toBe(1);
    for (const r of rows) {
      expect(r).toMatchObject({
        role: 'RISK_OFFICER',
        tenant: 'bank',
        purpose: 'CREDIT_APPROVAL',
        operationName: 'Page',
        outcome: 'OK',
        errorCode: null,
        sources: ['REGISTRY', 'TAX'],
      });
      expect(r.sensitiveFields).toEqual(expect.arrayContaining(['RegistryProfile.legalRepIdNo']));
      expect(r.unmaskedFields).not.toContain('RegistryProfile.legalRepIdNo');
      expect(r.clientIp).toMatch(/127\.0\.0\.1/);
    }
  });

  it('records the court-party names and shareholder IDs read', async () => {
    const me = as(Role.ANALYST);
    await gql(server.url, PARTIES, { uscc: party.uscc }, me.headers);
    await gql(server.url, REGISTRY, { uscc: holder.uscc }, me.headers);
    const rows = await rowsOf(me.subject);
    const fields = rows.flatMap((r) => r.sensitiveFields);
    expect(fields).toEqual(
      expect.arrayContaining(['CaseParty.name', 'Shareholder.holderIdNo', 'RegistryProfile.legalRepIdNo']),
    );
    expect(rows.flatMap((r) => r.unmaskedFields)).toEqual([]);
  });

  it('audits a refusal as DENIED with its code (and does not record the refused field as read)', async () => {
    const me = as(Role.ANALYST);
    await gql(server.url, REGISTRY, { uscc: firm.uscc, unmasked: true }, me.headers);
    const [row] = await rowsOf(me.subject);
    expect(row).toMatchObject({ uscc: firm.uscc, outcome: 'DENIED', errorCode: 'FORBIDDEN', sources: ['REGISTRY'] });
    expect(row.sensitiveFields).not.toContain('RegistryProfile.legalRepIdNo');
  });

  it('audits firms read through federation (_entities), a refused representation included', async () => {
    const me = as(Role.ANALYST);
    const other = (
      await db.query<{ uscc: string }>(`SELECT uscc FROM core.firm WHERE uscc <> $1 ORDER BY uscc LIMIT 1`, [firm.uscc])
    ).rows[0].uscc;
    const res = await gql(
      server.url,
      `query Fed($r: [_Any!]!) { _entities(representations: $r) { ... on Borrower { uscc registry { legalRepIdNo(unmasked: true) } } } }`,
      {
        r: [
          { __typename: 'Borrower', uscc: firm.uscc },
          { __typename: 'Borrower', uscc: other },
        ],
      },
      me.headers,
    );
    expect(res.errors!.map((e) => e.extensions!.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    const rows = await rowsOf(me.subject);
    expect(rows.map((r) => [r.uscc, r.outcome, r.errorCode, r.operationName])).toEqual(
      [firm.uscc, other].sort().map((u) => [u, 'DENIED', 'FORBIDDEN', 'Fed']),
    );
  });

  it('keeps odd characters of a subject intact (quotes, backslashes)', async () => {
    const me = as(Role.ANALYST, `o'brien\\"${randomUUID()}`);
    await gql(server.url, REGISTRY, { uscc: firm.uscc }, me.headers);
    expect((await rowsOf(me.subject)).map((r) => r.uscc)).toEqual([firm.uscc]);
  });

  it('writes nothing for a request that touches no firm', async () => {
    const me = as(Role.ANALYST);
    await gql(server.url, `{ borrower(uscc: "91110101000000001F") { uscc } }`, {}, me.headers).catch(() => null);
    await gql(server.url, `{ qualityReport { findings { code } } }`, {}, me.headers);
    expect(await rowsOf(me.subject)).toEqual([]);
  });
});

describe('audit writes', () => {
  it('are batched: many requests within the flush window take one INSERT', async () => {
    const s = await start({ audit: { flushIntervalMs: 1500, maxBatchRows: 10_000 } });
    try {
      const me = as(Role.ANALYST);
      const page = await gql(s.url, `{ borrowers(first: 10) { edges { node { uscc } } } }`);
      const usccs: string[] = page.data!.borrowers.edges.map((e: any) => e.node.uscc);
      await s.audit.flush();
      const before = s.audit.stats().inserts;
      const written = s.audit.stats().rowsWritten;
      const t0 = Date.now();
      await Promise.all(
        usccs.map((u) =>
          gql(s.url, `query($u: USCC!) { borrower(uscc: $u) { registry { status } } }`, { u }, me.headers),
        ),
      );
      expect(Date.now() - t0).toBeLessThan(1500);
      expect(s.audit.stats()).toMatchObject({ inserts: before, buffered: usccs.length });
      // Until the timed flush's INSERT has completed (the batch leaves the buffer when it is sent).
      const deadline = Date.now() + 5000;
      while (s.audit.stats().rowsWritten < written + usccs.length && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      expect(s.audit.stats().inserts).toBe(before + 1);
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM core.audit_log WHERE subject = $1`, [me.subject]);
      expect(rows[0].n).toBe(usccs.length);
    } finally {
      await s.stop();
    }
  });

  const TWO = `query Two($a: USCC!, $b: USCC!) { a: borrower(uscc: $a) { registry { legalRepIdNo } tax { creditRating } } b: borrower(uscc: $b) { bank { accounts { accountNo } } } }`;
  const countOf = async (subject: string) =>
    (
      await db.query(
        `SELECT count(*)::int AS n, count(DISTINCT request_id)::int AS requests FROM core.audit_log WHERE subject = $1`,
        [subject],
      )
    ).rows[0];

  it('are never lost on a clean shutdown: 200 concurrent profile reads of 2 firms each = 400 rows, all written by stop()', async () => {
    // No timed flush and no size flush: every row is still buffered when stop() begins.
    const s = await start({ audit: { flushIntervalMs: 600_000, maxBatchRows: 10_000 } });
    const me = as(Role.ANALYST);
    const { rows: firms } = await db.query<{ uscc: string }>(`SELECT uscc FROM core.firm ORDER BY uscc LIMIT 2`);
    const results = await Promise.all(
      Array.from({ length: 200 }, () => gql(s.url, TWO, { a: firms[0].uscc, b: firms[1].uscc }, me.headers)),
    );
    expect(results.every((r) => !r.errors)).toBe(true);
    expect(s.audit.stats()).toMatchObject({ inserts: 0, buffered: 400 });
    await s.stop();
    expect(await countOf(me.subject)).toEqual({ n: 400, requests: 200 });
    expect(s.audit.stats()).toMatchObject({ inserts: 1, buffered: 0, rowsWritten: 400 });
  }, 60_000);

  it('are never lost when stop() comes while requests are in flight: every answered request has its 2 rows', async () => {
    const s = await start({ audit: { flushIntervalMs: 600_000, maxBatchRows: 10_000 } });
    const me = as(Role.ANALYST);
    const { rows: firms } = await db.query<{ uscc: string }>(`SELECT uscc FROM core.firm ORDER BY uscc LIMIT 2`);
    let answered = 0;
    let stopping: Promise<void> | null = null;
    const results = await Promise.all(
      Array.from({ length: 200 }, () =>
        gql(s.url, TWO, { a: firms[0].uscc, b: firms[1].uscc }, me.headers)
          .then((r) => {
            // Stop while most requests are still in flight.
            if (++answered === 20) stopping = s.stop();
            return r;
          })
          .catch(() => null),
      ),
    );
    await (stopping ?? s.stop());
    const ok = results.filter((r) => r && !r.errors).length;
    const { n, requests } = await countOf(me.subject);
    expect(ok).toBeGreaterThanOrEqual(20);
    // A request the server served is audited even if the client lost the answer as the
    // connection closed (the drain can race the client's keep-alive), so >=, never fewer.
    expect(requests).toBeGreaterThanOrEqual(ok);
    expect(requests).toBeLessThanOrEqual(200);
    expect(n).toBe(requests * 2);
    expect(s.audit.stats().buffered).toBe(0);
  }, 60_000);
});

describe('auditLog', () => {
  const Q = `query($filter: AuditLogFilter, $first: Int!, $after: String) { auditLog(filter: $filter, first: $first, after: $after) {
    edges { cursor node { uscc subject role outcome errorCode sources sensitiveFields at } } pageInfo { hasNextPage endCursor } } }`;

  it('is refused to every role but AUDITOR (and to anonymous requests)', async () => {
    for (const h of [as(Role.ANALYST).headers, as(Role.RISK_OFFICER).headers, as(Role.PARTNER).headers, {}]) {
      const res = await gql(server.url, Q, { first: 5 }, h);
      expect(res.data).toEqual({ auditLog: null });
      expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
    }
  });

  it('filters and pages for an AUDITOR', async () => {
    const me = as(Role.ANALYST);
    const page = await gql(
      server.url,
      `{ borrowers(first: 5) { edges { node { uscc registry { status } } } } }`,
      {},
      me.headers,
    );
    const usccs: string[] = page.data!.borrowers.edges.map((e: any) => e.node.uscc);
    await gql(server.url, REGISTRY, { uscc: usccs[0], unmasked: true }, me.headers); // one DENIED row
    await server.audit.flush();
    const auditor = as(Role.AUDITOR).headers;
    const seen: any[] = [];
    let after: string | null = null;
    for (;;) {
      const res: any = await gql(server.url, Q, { filter: { subject: me.subject }, first: 2, after }, auditor);
      expect(res.errors).toBeUndefined();
      seen.push(...res.data.auditLog.edges.map((e: any) => e.node));
      if (!res.data.auditLog.pageInfo.hasNextPage) break;
      after = res.data.auditLog.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(6);
    expect(new Set(seen.map((n) => `${n.uscc}/${n.outcome}`)).size).toBe(6);
    const times = seen.map((n) => Date.parse(n.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const denied = await gql(server.url, Q, { filter: { subject: me.subject, outcome: 'DENIED' }, first: 10 }, auditor);
    expect(denied.data!.auditLog.edges.map((e: any) => [e.node.uscc, e.node.errorCode])).toEqual([
      [usccs[0], 'FORBIDDEN'],
    ]);
    const byFirm = await gql(server.url, Q, { filter: { subject: me.subject, uscc: usccs[1] }, first: 10 }, auditor);
    expect(byFirm.data!.auditLog.edges.map((e: any) => e.node.uscc)).toEqual([usccs[1]]);
    const future = await gql(
      server.url,
      Q,
      { filter: { subject: me.subject, from: new Date(Date.now() + 60_000).toISOString() }, first: 10 },
      auditor,
    );
    expect(future.data!.auditLog.edges).toEqual([]);
    const bad = await gql(server.url, Q, { first: 10, after: 'nope' }, auditor);
    expect(bad.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  });
});

describe('append-only', () => {
  it.each(["UPDATE core.audit_log SET outcome = 'OK'", 'DELETE FROM core.audit_log', 'TRUNCATE core.audit_log'])(
    '%s is refused by the trigger',
    async (sql) => {
      await expect(db.query(sql)).rejects.toMatchObject({
        code: '42501',
        message: expect.stringMatching(/append-only/),
      });
    },
  );
});
