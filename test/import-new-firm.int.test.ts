/**
 * A firm that arrives only by file becomes a borrower (issue 15 item 10), on a scratch database
 * seeded with a small portfolio, whichever database the suite runs on:
 * - a registry.company file naming a USCC the platform does not know creates the firm in
 *   core.firm (name from the registry, region from the USCC, industry unclassified, no claimed
 *   staff): `borrower(uscc)` and `borrowers` return it, with a health computed live (no
 *   snapshot yet); importing the file again creates nothing;
 * - it is a candidate for entity resolution: a court party naming it without its USCC links to it;
 * - the rescore selects it (NO_SNAPSHOT) and stores its snapshot, which `health` then serves;
 * - a file of another kind naming an unknown USCC does not make a borrower (its rows wait in the
 *   mirror and are reported as unknown firms); the firm's registry record later makes it one, with
 *   those rows;
 * - a registry record imported before this held gets its firm from the migration;
 * - a live fetch of a registry record of a firm the platform does not hold makes it a borrower too.
 */
import 'reflect-metadata';
import type { QueryRunner } from 'typeorm';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../src/db/database';
import { seedPortfolio } from '../src/seed';
import { importFile } from '../src/import/import.service';
import { buildUscc } from '../src/lib/uscc';
import { runResolution } from '../src/resolution/resolution.service';
import { portfolioAsOf } from '../src/quality/as-of';
import { activeModel } from '../src/model/model.repository';
import { scoreBatch, selectFirms } from '../src/rescore/rescore.service';
import { registrySource } from '../connectors/registry';
import { connectSource } from '../src/connectors';
import type { RequestScope } from '../connectors/shared/connector';
import { gql, openScratchDatabase, type ScratchDatabase, startTestServer, TEST_NOW, type TestServer } from './helpers';
import { startLiveRig, SIM_TOKEN, type LiveRig } from './upstream.helpers';
import { TEST_PORTFOLIO } from './portfolio';
import { FirmWithoutApplication1795443000000 } from '../migrations/1795443000000-FirmWithoutApplication';

jest.setTimeout(120_000);

/** Registered in 杭州市西湖区 (330106): the region is the USCC's characters 3-8. */
const NEW = buildUscc('9', '1', '330106', 'MA7HX2Q1');
const NAME = '杭州禾新智能装备有限公司';
/** Known first from a court file, then from its registry record. */
const LATER = buildUscc('9', '1', '330102', 'MA7HX2Q2');
const LATER_NAME = '杭州澜庭供应链管理有限公司';

const COMPANY_HEADER =
  'uscc,name,status,entity_type,founded_on,registered_capital,paid_in_capital,legal_rep_name,legal_rep_id_no,legal_rep_phone,address,business_scope,authority,status_changed_on';
const company = (uscc: string, name: string, address: string) =>
  `${uscc},${name},ACTIVE,COMPANY,2025-03-18,1000000.00,200000.00,周立新,330106198503071238,13905710001,${address},智能装备研发、制造、销售,杭州市西湖区市场监督管理局,`;

const BORROWER = `query($u: USCC!) { borrower(uscc: $u) {
  uscc name formerNames industry { code name } region { code name } claimedStaff
  registry { name status provenance { origin originRef } }
  health { score tier live } sources { source status } } }`;

describe('a firm that arrives only by file', () => {
  let scratch: ScratchDatabase;
  let db: Database;
  let api: TestServer;
  let dir: string;
  const write = (name: string, lines: string[], sub = '') => {
    const folder = path.join(dir, sub);
    fs.mkdirSync(folder, { recursive: true });
    const file = path.join(folder, name);
    fs.writeFileSync(file, lines.join('\n') + '\n');
    return file;
  };
  const borrower = async (uscc: string, query = BORROWER) => {
    const res = await gql(api.url, query, { u: uscc });
    expect(res.errors).toBeUndefined();
    return res.data!.borrower;
  };

  beforeAll(async () => {
    // Connections for this file's pool and the server's (the embedded database's socket has a fixed number).
    scratch = await openScratchDatabase({ embeddedConnections: 8, poolMax: 3 });
    db = scratch.db;
    await seedPortfolio(db, { firms: 12, seed: 31, asOf: TEST_PORTFOLIO.asOf });
    api = await startTestServer({}, { databaseUrl: scratch.url });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-new-firm-'));
    const { rows } = await db.query('SELECT uscc FROM core.firm WHERE uscc = ANY($1)', [[NEW, LATER]]);
    expect(rows).toEqual([]);
  });
  afterAll(async () => {
    await api?.close();
    await scratch?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  let liveScore: number;

  it('a registry record of a USCC the platform does not know makes it a borrower, queryable with a health computed live', async () => {
    const file = write('registry.company.csv', [
      COMPANY_HEADER,
      company(NEW, NAME, '浙江省杭州市西湖区三墩镇振华路298号'),
    ]);
    const r = await importFile(db, { file });
    expect(r).toMatchObject({
      kind: 'registry.company',
      rowsRead: 1,
      inserted: 1,
      quarantined: 0,
      firms: 1,
      newBorrowers: 1,
      unknownFirms: 0,
    });

    const b = await borrower(NEW);
    expect(b).toMatchObject({
      uscc: NEW,
      name: NAME,
      formerNames: [],
      industry: { code: 'Z', name: null },
      region: { code: '330106', name: '西湖区' },
      claimedStaff: null,
      registry: {
        name: NAME,
        status: 'ACTIVE',
        provenance: { origin: 'IMPORT', originRef: 'registry.company.csv line 2' },
      },
      health: { score: expect.any(Number), tier: expect.any(String), live: true },
    });
    expect(b.sources.map((s: { status: string }) => s.status)).toEqual(b.sources.map(() => 'OK'));
    liveScore = b.health.score;

    const page = await gql(
      api.url,
      `{ borrowers(first: 100, filter: { name: "禾新智能" }) { totalCount edges { node { uscc name health { score live } } } } }`,
    );
    expect(page.errors).toBeUndefined();
    expect(page.data!.borrowers).toEqual({
      totalCount: 1,
      edges: [{ node: { uscc: NEW, name: NAME, health: { score: liveScore, live: true } } }],
    });
    const all = await gql(api.url, `{ borrowers(first: 100) { totalCount edges { node { uscc } } } }`);
    expect(all.data!.borrowers.totalCount).toBe(13);
    expect(all.data!.borrowers.edges.map((e: { node: { uscc: string } }) => e.node.uscc)).toContain(NEW);
  });

  it('importing the file again creates nothing, and leaves the firm as it is', async () => {
    const before = (await db.query('SELECT * FROM core.firm WHERE uscc = $1', [NEW])).rows;
    const again = await importFile(db, { file: path.join(dir, 'registry.company.csv') });
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 1, newBorrowers: 0, unknownFirms: 0 });
    expect((await db.query('SELECT * FROM core.firm WHERE uscc = $1', [NEW])).rows).toEqual(before);
    expect(before[0]).toMatchObject({
      name: NAME,
      industry_code: 'Z',
      region_code: '330106',
      claimed_staff: null,
      registration_no: null,
    });
  });

  it('is a candidate for entity resolution: a court party naming it without its USCC links to it', async () => {
    const caseNo = '(2026)浙0106民初9001号';
    await importFile(db, {
      file: write('judicial.court_case.csv', [
        'case_no,court,cause,filed_on,published_on,closed_on,amount,status',
        `${caseNo},杭州市西湖区人民法院,买卖合同纠纷,2026-06-02,2026-06-20,,80000.00,PENDING`,
      ]),
    });
    const parties = await importFile(db, {
      file: write('judicial.case_party.csv', [
        'case_no,uscc,name,party_type,role',
        `${caseNo},,${NAME},FIRM,DEFENDANT`,
        `${caseNo},,王建军,PERSON,PLAINTIFF`,
      ]),
    });
    expect(parties).toMatchObject({ inserted: 2, quarantined: 0 });

    await runResolution(db);
    const { entityLinks } = await borrower(
      NEW,
      `query($u: USCC!) { borrower(uscc: $u) { entityLinks { kind table recordName uscc status } } }`,
    );
    expect(entityLinks).toEqual([
      { kind: 'RECORD', table: 'judicial.case_party', recordName: NAME, uscc: NEW, status: 'LINKED' },
    ]);
  });

  it('the rescore selects it for want of a snapshot and stores one, which health then serves', async () => {
    const asOf = await portfolioAsOf(db);
    const model = await activeModel(db);
    const selection = await selectFirms(db, asOf, model.version, { all: false, now: TEST_NOW });
    expect(selection.usccs).toContain(NEW);
    expect(selection.reasons).toEqual({ NO_SNAPSHOT: 13 });
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO core.rescore_run (started_at, as_of, mode, model_version, firms_selected, selection, batches) VALUES ($1, $2, 'incremental', $3, 1, '{}', 1) RETURNING id::text`,
      [TEST_NOW, asOf.date, model.version],
    );
    const batch = await scoreBatch(db, { runId: rows[0].id, batchNo: 1, asOf, usccs: [NEW] }, model, TEST_NOW);
    expect(batch).toMatchObject({ stored: true, firms: 1, snapshotsWritten: 1 });
    const { health } = await borrower(NEW, `query($u: USCC!) { borrower(uscc: $u) { health { score live } } }`);
    expect(health.live).toBe(false);
    expect(typeof health.score).toBe('number');
  });

  it('another kind naming an unknown USCC makes no borrower; its registry record later does, with the rows that waited', async () => {
    const enforcements = await importFile(db, {
      file: write('judicial.enforcement.csv', [
        'uscc,case_no,court,filed_on,published_on,closed_on,amount,status',
        `${LATER},(2026)浙0102执301号,杭州市上城区人民法院,2026-05-11,2026-05-20,,45000.00,ACTIVE`,
        `${NEW},(2026)浙0106执302号,杭州市西湖区人民法院,2026-05-12,2026-05-21,,12000.00,ACTIVE`,
      ]),
    });
    expect(enforcements).toMatchObject({ inserted: 2, firms: 2, newBorrowers: 0, unknownFirms: 1 });
    const none = await gql(api.url, `query($u: USCC!) { borrower(uscc: $u) { uscc } }`, { u: LATER });
    expect(none.data!.borrower).toBeNull();

    const registry = await importFile(db, {
      file: write(
        'registry.company.csv',
        [COMPANY_HEADER, company(LATER, LATER_NAME, '浙江省杭州市上城区钱江路1366号')],
        'later',
      ),
    });
    expect(registry).toMatchObject({ inserted: 1, newBorrowers: 1, unknownFirms: 0 });
    const b = await borrower(
      LATER,
      `query($u: USCC!) { borrower(uscc: $u) { name region { code } judicial { enforcements { caseNo status } } health { live } } }`,
    );
    expect(b).toEqual({
      name: LATER_NAME,
      region: { code: '330102' },
      judicial: { enforcements: [{ caseNo: '(2026)浙0102执301号', status: 'ACTIVE' }] },
      health: { live: true },
    });
  });
});

describe('registry records imported before firms were made from them', () => {
  it('get their firms from the migration', async () => {
    const scratch = await openScratchDatabase({ embeddedConnections: 2, poolMax: 1 });
    const { db } = scratch;
    try {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'import-new-firm-')), 'registry.company.csv');
      fs.writeFileSync(
        file,
        [COMPANY_HEADER, company(NEW, NAME, '浙江省杭州市西湖区三墩镇振华路298号')].join('\n') + '\n',
      );
      await importFile(db, { file });
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
      // As an import before the fix left it: the registry record without its firm.
      await db.query('DELETE FROM core.firm WHERE uscc = $1', [NEW]);
      const queryRunner = { query: (sql: string) => db.query(sql) } as unknown as QueryRunner;
      await new FirmWithoutApplication1795443000000().up(queryRunner);
      const { rows } = await db.query('SELECT uscc, name, industry_code, region_code, claimed_staff FROM core.firm');
      expect(rows).toEqual([{ uscc: NEW, name: NAME, industry_code: 'Z', region_code: '330106', claimed_staff: null }]);
    } finally {
      await scratch.drop();
    }
  });
});

describe('a firm that arrives by a live fetch', () => {
  let rig: LiveRig;
  let mirror: Database;

  beforeAll(async () => {
    rig = await startLiveRig();
    mirror = await openDatabase({ databaseUrl: rig.mirrorUrl, poolMax: 2 });
  });
  afterAll(async () => {
    await mirror?.close();
    await rig?.close();
  });

  it('a registry record fetched for a USCC the platform does not hold makes it a borrower', async () => {
    const { rows } = await rig.origin.query<{ uscc: string; name: string; region_code: string }>(
      `SELECT f.uscc, c.name, f.region_code FROM core.firm f JOIN registry.company c ON c.uscc = f.uscc ORDER BY f.uscc DESC LIMIT 1`,
    );
    const firm = rows[0];
    await mirror.query('DELETE FROM core.firm WHERE uscc = $1', [firm.uscc]);
    const connector = connectSource(
      registrySource,
      {
        adapter: 'http',
        freshnessMs: 0,
        upstream: {
          baseUrl: rig.sim.url,
          token: SIM_TOKEN,
          timeoutMs: 4000,
          retries: 1,
          maxBatch: 100,
          concurrency: 4,
          breakerThreshold: 5,
          breakerHalfOpenMs: 1000,
        },
      },
      { db: mirror },
    );
    const scope: RequestScope = { deadline: { at: Date.now() + 8000, signal: AbortSignal.timeout(8000) } };
    expect(await connector.createLoaders(scope).status.load(firm.uscc)).toMatchObject({ status: 'OK', found: true });
    const { rows: created } = await mirror.query(
      'SELECT uscc, name, industry_code, region_code, claimed_staff FROM core.firm WHERE uscc = $1',
      [firm.uscc],
    );
    expect(created).toEqual([
      { uscc: firm.uscc, name: firm.name, industry_code: 'Z', region_code: firm.uscc.slice(2, 8), claimed_staff: null },
    ]);
    expect(firm.region_code).toBe(firm.uscc.slice(2, 8));
  });
});
