/**
 * The examples `npm start` prints work as printed: the analyst's profile query answers, and the
 * partner's first query names a firm whose consent for that partner is live today, so the
 * partner's token gets an answer, not CONSENT_REQUIRED.
 */
import { Role } from '../src/auth/principal';
import { examplePartnerConsent, exampleUscc, PARTNER_QUERY, PROFILE_QUERY } from '../src/example';
import { authHeader, BANK_TENANT, gql, startTestServer, TEST_NOW, type TestServer } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('the examples npm start prints', () => {
  it("answers the analyst's profile query", async () => {
    const uscc = (await exampleUscc(t.db))!;
    const res = await gql(t.url, PROFILE_QUERY, { uscc });
    expect(res.errors).toBeUndefined();
    expect(res.data!.borrower.uscc).toBe(uscc);
  });

  it("answers the partner's first query with the printed tenant and purpose", async () => {
    const partner = await examplePartnerConsent(t.db, BANK_TENANT, TEST_NOW);
    expect(partner).not.toBeNull();
    expect(partner!.grantee).not.toBe(BANK_TENANT);
    const res = await gql(
      t.url,
      PARTNER_QUERY,
      { uscc: partner!.uscc },
      await authHeader(Role.PARTNER, { tenant: partner!.grantee, purpose: partner!.purpose }),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.borrower.uscc).toBe(partner!.uscc);
    expect(res.data!.borrower.health.tier).toMatch(/\S/);
  });

  it('never offers a consent that is not live on the day asked', async () => {
    const partner = (await examplePartnerConsent(t.db, BANK_TENANT, TEST_NOW))!;
    const { rows } = await t.db.query<{ live: boolean }>(
      `SELECT bool_and(revoked_at IS NULL AND valid_from <= '2026-11-20' AND valid_to >= '2026-11-20') AS live
         FROM bank.consent WHERE uscc = $1 AND grantee = $2 AND purpose = $3`,
      [partner.uscc, partner.grantee, partner.purpose],
    );
    expect(rows[0].live).toBe(true);
    // A day before any consent was granted has none.
    expect(await examplePartnerConsent(t.db, BANK_TENANT, new Date('2000-01-01T00:00:00Z'))).toBeNull();
  });
});
