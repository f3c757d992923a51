/**
 * Entity resolution and reviews, end to end on a scratch database seeded with the test
 * portfolio: the job links every planted name variant to its firm and nothing else, and sends
 * the hard ones (another legal form, a branch, bare trade names) to review; a duplicate
 * firm is merged, and undoing the merge through GraphQL restores both firms exactly; uncertain
 * pairs wait in the review queue; every review is recorded with who, when and why.
 */
import 'reflect-metadata';
import type { Database } from '../src/db/database';
import { seedPortfolio, type Truth } from '../src/seed';
import { buildUscc } from '../src/lib/uscc';
import { PROFILE_QUERY } from '../src/example';
import { runResolution } from '../src/resolution/resolution.service';
import { type EffectiveLink, LINKS_FOR_EVAL_SQL, scoreResolution } from '../src/resolution/eval';
import { runQuality } from '../src/quality/quality.service';
import { authHeader, gql, openScratchDatabase, startTestServer, type TestServer } from './helpers';
import type { ScratchDatabase } from './helpers';
import { TEST_PORTFOLIO } from './portfolio';
import { Role } from '../src/auth/principal';

let REVIEWER: Record<string, string>;

const LINK_FIELDS = `id kind table recordKey recordName uscc method probability matchWeight priorWeight reviewReason status
  factors { comparison level weight m u detail } decidedBy decidedAt decisionReason reviews { action reason actor at statusBefore statusAfter }`;

describe('entity resolution and reviews', () => {
  let scratch: ScratchDatabase;
  let db: Database;
  let truth: Truth;
  let api: TestServer;

  beforeAll(async () => {
    scratch = await openScratchDatabase();
    db = scratch.db;
    truth = (await seedPortfolio(db, TEST_PORTFOLIO)).truth.toJSON();
    api = await startTestServer({}, { databaseUrl: scratch.url });
    REVIEWER = await authHeader(Role.ANALYST, { sub: 'analyst.li' });
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await scratch?.drop();
  });

  const effectiveLinks = async () => (await db.query<EffectiveLink & { status: string }>(LINKS_FOR_EVAL_SQL)).rows;

  it('links every planted clean name variant to its firm, and nothing else; each hard variant is linked or sent to review as the truth says', async () => {
    const run = await runResolution(db);
    expect(run.records).toBeGreaterThan(0);
    const links = await effectiveLinks();
    const s = scoreResolution(
      truth,
      links.filter((l) => l.status !== 'REVIEW'),
      links.filter((l) => l.status === 'REVIEW'),
    );
    expect(s.planted).toBeGreaterThan(0);
    expect(s).toMatchObject({ precision: 1, recall: 1, wrong: [], missed: [] });
    // Hard variants: Traditional, full-width noise, another legal form, a branch, bare and shared trade names, location only.
    expect(s.hard.length).toBeGreaterThanOrEqual(6);
    expect(s.hard.map((k) => ({ kind: k.kind, wrong: k.wrong, missed: k.missed, examples: k.examples }))).toEqual(
      s.hard.map((k) => ({ kind: k.kind, wrong: 0, missed: 0, examples: [] })),
    );
    const hardLinked = s.hard.filter((k) => k.expected === 'LINK').reduce((n, k) => n + k.correct, 0);
    expect(run).toMatchObject({ linked: s.planted + hardLinked, merged: 0, inserted: links.length, retired: 0 });
  });

  it('offers both look-alike firms for the trade name they share, with both scores in the reason', async () => {
    const shared = (
      truth.problems.HARD_NAME_VARIANT as unknown as Array<{ variantKind: string; variant: string; offer: string[] }>
    ).find((p) => p.variantKind === 'SHARED_TRADE_NAME')!;
    const queue = await gql(api.url, `{ matchReviewQueue(first: 100) { edges { node { ${LINK_FIELDS} } } } }`);
    expect(queue.errors).toBeUndefined();
    const items = queue
      .data!.matchReviewQueue.edges.map((e: { node: any }) => e.node)
      .filter((n: { recordName: string }) => n.recordName === shared.variant);
    expect(items.map((n: { uscc: string }) => n.uscc).sort()).toEqual([...shared.offer].sort());
    for (const n of items) {
      expect(n.status).toBe('REVIEW');
      for (const u of shared.offer) expect(n.reviewReason).toContain(u);
      expect(n.reviewReason).toMatch(/legal form stated on one side only/);
      expect(n.reviewReason).toMatch(/ambiguous: 2 firms within 10 bits/);
    }
  });

  it('a re-run changes nothing but the last-seen time, and notes no firm as changed (the rescore has nothing to redo)', async () => {
    const changes = async () =>
      Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM core.firm_input_change')).rows[0].n);
    const before = await changes();
    const run = await runResolution(db);
    expect(run).toMatchObject({ inserted: 0, retired: 0 });
    expect(run.updated).toBe(run.linked + run.review);
    expect(run.updated).toBeGreaterThan(0);
    expect(await changes()).toBe(before);
    // A link the facts read that goes (rejected here by hand) notes its firm; one they never read (in review) does not.
    const { rows } = await db.query<{ id: string; uscc: string; status: string }>(
      `SELECT DISTINCT ON (status) id::text, uscc, status::text FROM core.entity_link WHERE status IN ('LINKED', 'REVIEW') ORDER BY status, id`,
    );
    const linked = rows.find((r) => r.status === 'LINKED')!;
    const review = rows.find((r) => r.status === 'REVIEW')!;
    const noted = async (uscc: string) =>
      Number(
        (await db.query<{ n: string }>('SELECT count(*) AS n FROM core.firm_input_change WHERE uscc = $1', [uscc]))
          .rows[0].n,
      );
    const [linkedBefore, reviewBefore] = [await noted(linked.uscc), await noted(review.uscc)];
    await db.query(`UPDATE core.entity_link SET status = 'REJECTED' WHERE id = ANY($1::bigint[])`, [
      [linked.id, review.id],
    ]);
    expect(await noted(linked.uscc)).toBe(linkedBefore + 1);
    expect(await noted(review.uscc)).toBe(reviewBefore + (review.uscc === linked.uscc ? 1 : 0));
    await db.query(`UPDATE core.entity_link SET status = $2::text::core.entity_link_status WHERE id = $1`, [
      linked.id,
      'LINKED',
    ]);
    await db.query(`UPDATE core.entity_link SET status = $2::text::core.entity_link_status WHERE id = $1`, [
      review.id,
      'REVIEW',
    ]);
  });

  it('shows a borrower the records linked to it, with the reasons, and never rewrites the record', async () => {
    const planted = (truth.problems.NAME_VARIANT as Array<{ uscc: string; table: string; variant: string }>).find(
      (p) => p.table === 'judicial.case_party',
    )!;
    const res = await gql(api.url, `query($u: USCC!) { borrower(uscc: $u) { entityLinks { ${LINK_FIELDS} } } }`, {
      u: planted.uscc,
    });
    expect(res.errors).toBeUndefined();
    const [link] = res.data!.borrower.entityLinks;
    expect(link).toMatchObject({
      kind: 'RECORD',
      table: 'judicial.case_party',
      recordName: planted.variant,
      uscc: planted.uscc,
      status: 'LINKED',
      method: 'SCORED',
    });
    expect(link.probability).toBeGreaterThanOrEqual(0.99);
    expect(link.factors.map((f: { comparison: string }) => f.comparison)).toEqual([
      'IDENTIFIER',
      'NAME',
      'LEGAL_FORM',
      'REGION',
      'CONTEXT',
      'LEGAL_REP',
      'ADDRESS',
      'SHAREHOLDERS',
    ]);
    expect(link.factors.find((f: { comparison: string }) => f.comparison === 'NAME').level).not.toBe('DIFFERENT');
    const sum = link.priorWeight + link.factors.reduce((t: number, f: { weight: number }) => t + f.weight, 0);
    expect(link.matchWeight).toBeCloseTo(sum, 1);
    // The court party still carries the variant and no USCC.
    const { rows } = await db.query<{ uscc: string | null; name: string }>(
      'SELECT uscc, name FROM judicial.case_party WHERE id = $1',
      [link.recordKey],
    );
    expect(rows[0]).toEqual({ uscc: null, name: planted.variant });
  });

  describe('a duplicate firm', () => {
    let original: string;
    let duplicate: string;
    let before: { a: unknown; b: unknown; rows: unknown };
    const profile = async (uscc: string) => (await gql(api.url, PROFILE_QUERY, { uscc })).data!.borrower;
    const rawRows = async () =>
      (
        await db.query(
          `SELECT f.*, c.* FROM core.firm f LEFT JOIN registry.company c USING (uscc) WHERE f.uscc = ANY($1) ORDER BY f.uscc`,
          [[original, duplicate]],
        )
      ).rows;

    beforeAll(async () => {
      // A company registered twice: same legal representative, address and shareholders, the other spelling of its legal form.
      const { rows } = await db.query<{ uscc: string; name: string; regionCode: string }>(
        `SELECT f.uscc, f.name, f.region_code AS "regionCode" FROM core.firm f JOIN registry.company c USING (uscc)
          WHERE f.name LIKE '%有限公司' AND f.name NOT LIKE '%股份有限公司' AND EXISTS (SELECT 1 FROM registry.shareholder s WHERE s.uscc = f.uscc)
          ORDER BY f.uscc LIMIT 1`,
      );
      original = rows[0].uscc;
      duplicate = buildUscc('9', '1', rows[0].regionCode, 'DUP00001');
      const name = rows[0].name.replace(/有限公司$/, '有限责任公司');
      await db.query(
        `INSERT INTO core.firm (uscc, name, former_names, industry_code, region_code, claimed_staff, registration_no, created_at)
         SELECT $2, $3, '{}', industry_code, region_code, claimed_staff, NULL, created_at + interval '1 day' FROM core.firm WHERE uscc = $1`,
        [original, duplicate, name],
      );
      await db.query(
        `INSERT INTO registry.company SELECT $2, $3, status, entity_type, founded_on, registered_capital, paid_in_capital, legal_rep_name,
                legal_rep_id_no, legal_rep_phone, address, business_scope, authority, status_changed_on FROM registry.company WHERE uscc = $1`,
        [original, duplicate, name],
      );
      await db.query(
        `INSERT INTO registry.shareholder (uscc, holder_type, holder_name, holder_uscc, holder_id_no, share_ratio, subscribed_capital, paid_capital)
         SELECT $2, holder_type, holder_name, holder_uscc, holder_id_no, share_ratio, subscribed_capital, paid_capital FROM registry.shareholder WHERE uscc = $1`,
        [original, duplicate],
      );
      before = { a: await profile(original), b: await profile(duplicate), rows: await rawRows() };
    });

    let mergeId: string;

    it('is merged into the earlier firm, with the evidence', async () => {
      const run = await runResolution(db);
      expect(run.merged).toBe(1);
      const res = await gql(
        api.url,
        `query($a: USCC!, $b: USCC!) {
        a: borrower(uscc: $a) { mergedInto { id } entityLinks(status: [LINKED]) { ${LINK_FIELDS} } }
        b: borrower(uscc: $b) { mergedInto { ${LINK_FIELDS} } } }`,
        { a: original, b: duplicate },
      );
      expect(res.errors).toBeUndefined();
      const merge = res.data!.b.mergedInto;
      expect(merge).toMatchObject({
        kind: 'FIRM',
        table: 'core.firm',
        recordKey: duplicate,
        uscc: original,
        status: 'LINKED',
      });
      const levels = Object.fromEntries(
        merge.factors.map((f: { comparison: string; level: string }) => [f.comparison, f.level]),
      );
      expect(levels).toMatchObject({
        NAME: 'EXACT',
        LEGAL_REP: 'SAME_ID',
        ADDRESS: 'SAME',
        SHAREHOLDERS: 'MOSTLY_SAME',
      });
      expect(res.data!.a.mergedInto).toBeNull();
      expect(res.data!.a.entityLinks.map((l: { id: string }) => l.id)).toContain(merge.id);
      mergeId = merge.id;
    });

    it('refuses a review without a reviewer, an undo without a reason, and an action the status does not allow', async () => {
      const mutation = `mutation($id: ID!, $a: LinkAction!, $r: String) { reviewEntityLink(id: $id, action: $a, reason: $r) { id status } }`;
      const anonymous = await gql(api.url, mutation, { id: mergeId, a: 'UNDO', r: 'wrong' }, { authorization: '' });
      expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(anonymous.status).toBe(401);
      const partner = await gql(
        api.url,
        mutation,
        { id: mergeId, a: 'UNDO', r: 'wrong' },
        await authHeader(Role.PARTNER, { tenant: '普惠金融服务平台' }),
      );
      expect(partner.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/needs role ANALYST or RISK_OFFICER; this token's role is PARTNER/),
        extensions: { code: 'FORBIDDEN' },
      });
      const noReason = await gql(api.url, mutation, { id: mergeId, a: 'UNDO' }, REVIEWER);
      expect(noReason.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/UNDO needs a reason/),
        extensions: { code: 'BAD_USER_INPUT' },
      });
      const reject = await gql(api.url, mutation, { id: mergeId, a: 'REJECT', r: 'x' }, REVIEWER);
      expect(reject.errors?.[0]).toMatchObject({
        message: `cannot REJECT entity link ${mergeId}: it is LINKED; allowed: CONFIRM, UNDO`,
        extensions: { code: 'CONFLICT' },
      });
      const unknown = await gql(api.url, mutation, { id: '999999999', a: 'CONFIRM' }, REVIEWER);
      expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      const notAnId = await gql(api.url, mutation, { id: 'abc', a: 'CONFIRM' }, REVIEWER);
      expect(notAnId.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/numeric id of a entity link, got "abc"/),
        extensions: { code: 'BAD_USER_INPUT' },
      });
      // Nothing was recorded for refused actions.
      const { rows } = await db.query('SELECT * FROM core.review_event WHERE subject_id = $1', [mergeId]);
      expect(rows).toEqual([]);
    });

    it('undoing the merge restores both firms exactly, is recorded, and survives re-runs', async () => {
      const res = await gql(
        api.url,
        `mutation($id: ID!) { reviewEntityLink(id: $id, action: UNDO, reason: "different branches of one group, not one firm") { ${LINK_FIELDS} } }`,
        { id: mergeId },
        REVIEWER,
      );
      expect(res.errors).toBeUndefined();
      const link = res.data!.reviewEntityLink;
      expect(link).toMatchObject({
        status: 'UNDONE',
        decidedBy: 'analyst.li',
        decisionReason: 'different branches of one group, not one firm',
      });
      expect(link.reviews).toEqual([
        {
          action: 'UNDO',
          reason: 'different branches of one group, not one firm',
          actor: 'analyst.li',
          at: link.decidedAt,
          statusBefore: 'LINKED',
          statusAfter: 'UNDONE',
        },
      ]);
      expect(await profile(original)).toEqual(before.a);
      expect(await profile(duplicate)).toEqual(before.b);
      expect(await rawRows()).toEqual(before.rows);
      const merged = await gql(api.url, `query($b: USCC!) { borrower(uscc: $b) { mergedInto { id } } }`, {
        b: duplicate,
      });
      expect(merged.data!.borrower.mergedInto).toBeNull();
      // The job does not overturn a person's decision.
      await runResolution(db);
      const { rows } = await db.query<{ status: string }>('SELECT status FROM core.entity_link WHERE id = $1', [
        mergeId,
      ]);
      expect(rows[0].status).toBe('UNDONE');
    });
  });

  describe('uncertain pairs', () => {
    let linkId: string;

    beforeAll(async () => {
      // An order naming a portfolio firm without its region, placed by a core enterprise the firm has never dealt with.
      const { rows } = await db.query<{ uscc: string; name: string; core: string }>(
        `SELECT f.uscc, f.name, (SELECT min(uscc) FROM supply_chain.core_enterprise) AS core FROM core.firm f
          WHERE f.name ~ '^[^（(]+有限公司$' AND f.uscc NOT IN (SELECT record_key FROM core.entity_link UNION SELECT uscc FROM core.entity_link)
            AND NOT EXISTS (SELECT 1 FROM supply_chain.purchase_order o WHERE o.supplier_uscc = f.uscc)
            AND NOT EXISTS (SELECT 1 FROM supply_chain.receivable r WHERE r.creditor_uscc = f.uscc)
          ORDER BY f.uscc LIMIT 1`,
      );
      const stripped = rows[0].name.replace(/^(.{2})/, '');
      await db.query(
        `INSERT INTO supply_chain.purchase_order (order_no, supplier_uscc, supplier_name, core_uscc, order_date, amount, status)
         VALUES ('PO-REVIEW-1', NULL, $1, $2, '2026-09-01', '120000.00', 'DELIVERED')`,
        [stripped, rows[0].core],
      );
      await runResolution(db);
    });

    it('wait in the review queue with the reason, and a person confirms one', async () => {
      const queue = await gql(
        api.url,
        `{ matchReviewQueue(first: 10) { edges { cursor node { ${LINK_FIELDS} } } pageInfo { hasNextPage endCursor } } }`,
      );
      expect(queue.errors).toBeUndefined();
      const node = queue
        .data!.matchReviewQueue.edges.map((e: { node: any }) => e.node)
        .find((n: { table: string }) => n.table === 'supply_chain.purchase_order');
      expect(node).toMatchObject({ status: 'REVIEW', reviewReason: expect.stringMatching(/^uncertain: probability/) });
      expect(node.probability).toBeGreaterThanOrEqual(0.5);
      expect(node.probability).toBeLessThan(0.99);
      expect(node.factors.find((f: { comparison: string }) => f.comparison === 'CONTEXT').level).toBe('UNRELATED');
      linkId = node.id;

      const confirmed = await gql(
        api.url,
        `mutation($id: ID!) { reviewEntityLink(id: $id, action: CONFIRM) { status decidedBy reviews { action actor statusBefore statusAfter } } }`,
        { id: linkId },
        REVIEWER,
      );
      expect(confirmed.errors).toBeUndefined();
      expect(confirmed.data!.reviewEntityLink).toEqual({
        status: 'CONFIRMED',
        decidedBy: 'analyst.li',
        reviews: [{ action: 'CONFIRM', actor: 'analyst.li', statusBefore: 'REVIEW', statusAfter: 'CONFIRMED' }],
      });
      const after = await gql(api.url, `{ matchReviewQueue(first: 100) { edges { node { id } } } }`);
      expect(after.data!.matchReviewQueue.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(linkId);
    });

    it('rejects a cursor it did not issue', async () => {
      const res = await gql(api.url, `{ matchReviewQueue(first: 1, after: "bm9wZQ") { edges { cursor } } }`);
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('reviewing a data-quality finding', () => {
    let findingId: string;

    beforeAll(async () => {
      await runQuality(db);
      const { rows } = await db.query<{ id: string }>(
        `SELECT id FROM core.quality_finding WHERE code = 'DUPLICATE_INVOICE' ORDER BY id LIMIT 1`,
      );
      findingId = rows[0].id;
    });

    const review = (action: string, reason?: string) =>
      gql(
        api.url,
        `mutation($id: ID!, $a: FindingAction!, $r: String) { reviewQualityIssue(id: $id, action: $a, reason: $r) { code status reviews { action reason actor statusBefore statusAfter } } }`,
        { id: findingId, a: action, r: reason },
        REVIEWER,
      );

    it('dismissing needs a reason; dismiss and reopen are recorded in order', async () => {
      expect((await review('DISMISS')).errors?.[0]).toMatchObject({
        message: expect.stringMatching(/DISMISS needs a reason/),
        extensions: { code: 'BAD_USER_INPUT' },
      });
      const dismissed = await review(
        'DISMISS',
        'the second row is the red-letter reversal, booked under the same number',
      );
      expect(dismissed.errors).toBeUndefined();
      expect(dismissed.data!.reviewQualityIssue).toMatchObject({ code: 'DUPLICATE_INVOICE', status: 'DISMISSED' });
      expect((await review('DISMISS', 'again')).errors?.[0].extensions?.code).toBe('CONFLICT');
      const reopened = await review('REOPEN');
      expect(reopened.data!.reviewQualityIssue.status).toBe('OPEN');
      expect(reopened.data!.reviewQualityIssue.reviews).toEqual([
        {
          action: 'DISMISS',
          reason: 'the second row is the red-letter reversal, booked under the same number',
          actor: 'analyst.li',
          statusBefore: 'OPEN',
          statusAfter: 'DISMISSED',
        },
        { action: 'REOPEN', reason: null, actor: 'analyst.li', statusBefore: 'DISMISSED', statusAfter: 'OPEN' },
      ]);
    });
  });
});
