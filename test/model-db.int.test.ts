/**
 * The default model's database side, in process:
 *
 * - default days and observation points on the shared seeded portfolio (read only), against the
 *   truth of that portfolio regenerated in memory;
 * - model versions (save, list, activate, the serving model and its cache) and the health index
 *   served over GraphQL after an activation, on a scratch database of this file's own with a
 *   small portfolio: the shared database's active flag is never touched (other files read health
 *   from it in parallel);
 * - what `trainOnDatabase` refuses before it reads any facts, and the model file's checks.
 *
 * `npm run train` and `npm run model` as a user runs them: test/model-cli.e2e.test.ts.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../src/db/database';
import { migrate } from '../src/db/data-source';
import { generatePortfolio, seedPortfolio, type Truth } from '../src/seed';
import {
  defaultDays,
  exposedBorrowers,
  observationDates,
  observationPoints,
  type ObservationPoint,
} from '../src/model/observations';
import { portfolioAsOf } from '../src/quality/as-of';
import type { AsOf } from '../src/quality/check';
import { addMonths, lastDayOfMonth } from '../src/quality/months';
import type { ModelDocument } from '../src/model/model';
import {
  activateModel,
  activeModel,
  listModels,
  ModelError,
  readModelFile,
  saveModel,
  shippedModel,
  SHIPPED_MODEL_FILE,
} from '../src/model/model.repository';
import { trainOnDatabase, writeModelFile, type DbTrainingOptions } from '../src/model/train-db';
import { MODEL_INPUTS } from '../src/model/inputs';
import { createScratchDatabase, gql, openTestDatabase, startTestServer, type TestServer } from './helpers';
import { TEST_PORTFOLIO } from './portfolio';

const monthEnd = (month: string): AsOf => ({ month, date: lastDayOfMonth(month) });
const logit = (p: number) => Math.log(p / (1 - p));

/** The shipped model under another version, its logit moved by `shift` (so its PDs are known from the shipped ones). */
function variant(version: string, shift = 0): ModelDocument {
  const doc = structuredClone(shippedModel());
  doc.version = version;
  doc.createdAt = new Date().toISOString();
  doc.sample = {
    ...doc.sample,
    source: `test variant of ${shippedModel().version}, intercept ${shift >= 0 ? '+' : ''}${shift}`,
  };
  doc.scorecard.intercept += shift;
  return doc;
}

describe('default days and observation points on the shared test portfolio', () => {
  let db: Database;
  let truth: Truth;
  let dataAsOf: AsOf;
  /** The truth's default day of every firm that has one (also those after the data's as-of day). */
  let truthDays: Map<string, string>;

  beforeAll(async () => {
    db = await openTestDatabase();
    truth = generatePortfolio(TEST_PORTFOLIO).generator.truth.toJSON();
    truthDays = new Map(
      Object.entries(truth.firms)
        .filter(([, f]) => f.defaultedOn !== null)
        .map(([u, f]) => [u, f.defaultedOn!]),
    );
    dataAsOf = await portfolioAsOf(db);
  });
  afterAll(() => db?.close());

  const truthBy = (date: string) =>
    [...truthDays]
      .filter(([, d]) => d <= date)
      .map(([u, d]) => `${u} ${d}`)
      .sort();
  const shown = (days: Map<string, string>) => [...days].map(([u, d]) => `${u} ${d}`).sort();

  it("the records run to the portfolio's as-of month", () => {
    expect(dataAsOf).toEqual(monthEnd(TEST_PORTFOLIO.asOf));
  });

  it("defaultDays: every default day the truth dates by the data's as-of day, on that day, and no other", async () => {
    const days = await defaultDays(db, dataAsOf);
    expect(shown(days)).toEqual(truthBy(dataAsOf.date));
    expect(days.size).toBeGreaterThan(5);
    // The generator also dates defaults in the hidden months after asOf: the records do not show them yet.
    const later = [...truthDays].filter(([, d]) => d > dataAsOf.date);
    expect(later.length).toBeGreaterThan(0);
    for (const [u] of later) expect(days.has(u)).toBe(false);
  });

  it.each(['2024-06', '2025-10'])(
    'defaultDays as of %s: only the defaults the records showed by then (no look-ahead)',
    async (month) => {
      const asOf = monthEnd(month);
      const days = await defaultDays(db, asOf);
      expect(shown(days)).toEqual(truthBy(asOf.date));
      expect(days.size).toBeGreaterThan(0);
      expect(days.size).toBeLessThan(truthBy(dataAsOf.date).length);
    },
  );

  it('defaultDays for a list of firms: those of them with a default, and no other firm', async () => {
    const defaulted = truthBy(dataAsOf.date).map((x) => x.split(' ')[0]);
    const healthy = Object.keys(truth.firms).filter((u) => !truthDays.has(u));
    const asked = [...defaulted.slice(0, 3), ...healthy.slice(0, 3)];
    const days = await defaultDays(db, dataAsOf, asked);
    expect([...days.keys()].sort()).toEqual(defaulted.slice(0, 3).sort());
    for (const u of defaulted.slice(0, 3)) expect(days.get(u)).toBe(truthDays.get(u));
  });

  describe('observationPoints over two years of month ends', () => {
    const dates = observationDates('2023-11', '2025-10');
    let points: ObservationPoint[];
    /** Firms with a loan running at each date (started, not written off, not repaid), by their own query. */
    let exposed: Map<string, Set<string>>;

    beforeAll(async () => {
      points = await observationPoints(db, dates, dataAsOf);
      const { rows } = await db.query<{ t: string; uscc: string }>(
        `SELECT d.t::text AS t, l.uscc
           FROM unnest($1::date[]) AS d(t), bank.loan l
          WHERE l.start_date <= d.t AND coalesce(l.written_off_on, 'infinity') > d.t
            AND (SELECT max(coalesce(i.paid_on, 'infinity')) FROM bank.loan_installment i WHERE i.loan_id = l.id) > d.t`,
        [dates.map((d) => d.date)],
      );
      exposed = new Map(dates.map((d) => [d.date, new Set<string>()]));
      for (const r of rows) exposed.get(r.t)!.add(r.uscc);
    });

    it('one point per borrower and month end, at every month end asked for', () => {
      expect(dates).toHaveLength(24);
      const keys = points.map((p) => `${p.uscc}@${p.asOf.month}`);
      expect(new Set(keys).size).toBe(keys.length);
      expect(new Set(points.map((p) => p.asOf.month))).toEqual(new Set(dates.map((d) => d.month)));
      for (const p of points) expect(p.asOf).toEqual(monthEnd(p.asOf.month));
    });

    it('the borrowers exposed at the date, less those already in default then (some of them are)', () => {
      let excluded = 0;
      for (const d of dates) {
        const at = new Set(points.filter((p) => p.asOf.date === d.date).map((p) => p.uscc));
        const inDefault = [...exposed.get(d.date)!].filter((u) => (truthDays.get(u) ?? '9999') <= d.date);
        excluded += inDefault.length;
        expect([...at].sort()).toEqual([...exposed.get(d.date)!].filter((u) => !inDefault.includes(u)).sort());
        for (const u of at) expect((truthDays.get(u) ?? '9999') > d.date).toBe(true);
      }
      expect(excluded).toBeGreaterThan(0);
    });

    it('labels: 1 exactly when the truth dates the default within the 12 months after the date; defaultedOn as the records show it', () => {
      for (const p of points) {
        const day = truthDays.get(p.uscc) ?? null;
        const horizonEnd = lastDayOfMonth(addMonths(p.asOf.month, 12));
        expect({ at: `${p.uscc}@${p.asOf.month}`, label: p.label }).toEqual({
          at: `${p.uscc}@${p.asOf.month}`,
          label: day !== null && day <= horizonEnd ? 1 : 0,
        });
        expect(p.defaultedOn).toBe(day !== null && day <= dataAsOf.date ? day : null);
      }
      const events = points.filter((p) => p.label === 1);
      expect(events.length).toBeGreaterThan(10);
      expect(points.length - events.length).toBeGreaterThan(events.length);
      // Defaults after the horizon count as 0 at that date, and 1 at a later one.
      expect(points.some((p) => p.label === 0 && p.defaultedOn !== null)).toBe(true);
    });

    it('refuses dates whose 12-month horizon runs past the data, naming the first such month and the as-of month', async () => {
      const late = observationDates('2025-09', '2025-12');
      await expect(observationPoints(db, late, dataAsOf)).rejects.toThrow(RangeError);
      await expect(observationPoints(db, late, dataAsOf)).rejects.toThrow(
        "observation dates must end 12 months before the data's as-of month 2026-10; 2025-11 does not",
      );
      // The last date whose outcomes are all known is accepted; a shorter horizon moves the limit.
      await expect(observationPoints(db, [monthEnd('2025-10')], dataAsOf)).resolves.toEqual(
        points.filter((p) => p.asOf.month === '2025-10'),
      );
      await expect(observationPoints(db, [monthEnd('2026-05')], dataAsOf, 6)).rejects.toThrow(
        /months before the data's as-of month 2026-10; 2026-05 does not/,
      );
      await expect(observationPoints(db, [monthEnd('2026-04')], dataAsOf, 6)).resolves.toEqual(expect.any(Array));
    });

    it('exposedBorrowers (eval:score) takes late dates, labelling them as far as the records go', async () => {
      const at = await exposedBorrowers(db, [monthEnd('2026-03')], dataAsOf);
      expect(at.length).toBeGreaterThan(0);
      for (const p of at) expect(p.label).toBe(p.defaultedOn !== null && p.defaultedOn <= dataAsOf.date ? 1 : 0);
      // Firms the truth has defaulting after the data's as-of day (within the horizon) stay 0.
      const hidden = at.filter((p) => (truthDays.get(p.uscc) ?? '') > dataAsOf.date);
      for (const p of hidden) expect(p.label).toBe(0);
    });
  });

  describe('trainOnDatabase refuses, before reading any facts', () => {
    const options = (o: Partial<DbTrainingOptions>): DbTrainingOptions => ({
      step: 1,
      validationMonths: 6,
      scorecard: {},
      chunk: 500,
      today: '2026-11-20',
      ...o,
    });

    it('an input --exclude does not know, listing the inputs', async () => {
      const err = trainOnDatabase(db, options({ exclude: ['NOPE', 'SECTOR'] }));
      await expect(err).rejects.toThrow(RangeError);
      await expect(err).rejects.toThrow(
        `--exclude names no input: NOPE (inputs: ${MODEL_INPUTS.map((i) => i.name).join(', ')})`,
      );
    });

    it('--from after --to, with the span of the records', async () => {
      await expect(trainOnDatabase(db, options({ from: '2025-06', to: '2025-01' }))).rejects.toThrow(
        'no observation dates: --from 2025-06 is after --to 2025-01 (the records run 2022-11 to 2026-10; outcomes need 12 months after a date)',
      );
    });

    it('a validation window that leaves no development dates', async () => {
      await expect(
        trainOnDatabase(db, options({ from: '2025-05', to: '2025-10', validationMonths: 6 })),
      ).rejects.toThrow('the validation window (6 months to 2025-10) leaves no development dates after 2025-05');
    });

    it('--to so late that outcomes are not known yet, naming the month', async () => {
      await expect(trainOnDatabase(db, options({ to: '2026-01' }))).rejects.toThrow(
        /as-of month 2026-10; 2025-11 does not/,
      );
    });
  });

  it('on the shared database no version serves: the shipped model does', async () => {
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM core.model_version WHERE active');
    expect(rows[0].n).toBe(0);
    expect((await activeModel(db)).version).toBe(shippedModel().version);
  });
});

describe('model versions and the serving model, on a scratch database', () => {
  let scratch: { url: string; drop(): Promise<void> };
  let db: Database;
  const A = variant('pd-20990101-test000a');
  const B = variant('pd-20990102-test000b', 1);

  beforeAll(async () => {
    scratch = await createScratchDatabase(12);
    await migrate(scratch.url);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    await scratch?.drop();
  });

  it('an empty database: nothing to train on, no versions, the shipped model serves', async () => {
    // A handle of its own: the as-of month of an empty database is cached for a minute.
    const empty = await openDatabase({ databaseUrl: scratch.url, poolMax: 1 });
    try {
      await expect(
        trainOnDatabase(empty, { step: 1, validationMonths: 6, scorecard: {}, chunk: 500, today: '2026-11-20' }),
      ).rejects.toThrow('the database holds no bank records: nothing to train on (seed or import a portfolio first)');
      expect(await listModels(empty)).toEqual([]);
      expect(await activeModel(empty)).toBe(shippedModel());
    } finally {
      await empty.close();
    }
  });

  describe('with a small portfolio', () => {
    beforeAll(async () => {
      db = await openDatabase({ databaseUrl: scratch.url, poolMax: 2 });
      await seedPortfolio(db, { firms: 40, seed: 11, asOf: TEST_PORTFOLIO.asOf });
    }, 120_000);

    it('saveModel stores a version inactive, with its headline metrics and the whole document', async () => {
      await saveModel(db, A);
      const rows = await listModels(db);
      expect(rows).toEqual([
        {
          version: A.version,
          createdAt: expect.any(Date),
          source: A.sample.source,
          active: false,
          activatedAt: null,
          activatedBy: null,
          metrics: {
            development: A.report.development,
            validation: A.report.validation,
            psi: A.report.psi.psi,
            tiersStrictlyIncreasing: A.report.tiers!.strictlyIncreasingOnValidation,
          },
        },
      ]);
      const { rows: stored } = await db.query<{ model: ModelDocument }>(
        'SELECT model FROM core.model_version WHERE version = $1',
        [A.version],
      );
      expect(stored[0].model).toEqual(A);
      expect(await activeModel(db)).toBe(shippedModel());
    });

    it('saving a version that exists keeps the stored one', async () => {
      await saveModel(db, { ...A, sample: { ...A.sample, source: 'another source' } });
      const rows = await listModels(db);
      expect(rows.map((r) => [r.version, r.source])).toEqual([[A.version, A.sample.source]]);
    });

    it('lists the newest first', async () => {
      await saveModel(db, B);
      expect((await listModels(db)).map((r) => r.version)).toEqual([B.version, A.version]);
    });

    it('activateModel makes it the only active one, records who and when, and returns the version it replaced', async () => {
      const before = Date.now();
      expect(await activateModel(db, A.version, 'alice')).toBeNull();
      const after = Date.now();
      let rows = await listModels(db);
      const a = rows.find((r) => r.version === A.version)!;
      expect(a).toMatchObject({ active: true, activatedBy: 'alice' });
      expect(a.activatedAt!.getTime()).toBeGreaterThanOrEqual(before - 5_000);
      expect(a.activatedAt!.getTime()).toBeLessThanOrEqual(after + 5_000);
      expect(rows.filter((r) => r.active).map((r) => r.version)).toEqual([A.version]);
      expect((await activeModel(db)).version).toBe(A.version);

      expect(await activateModel(db, B.version, 'bob')).toBe(A.version);
      rows = await listModels(db);
      expect(rows.filter((r) => r.active).map((r) => [r.version, r.activatedBy])).toEqual([[B.version, 'bob']]);
      // The activated document is what serves, in this process at once.
      expect(await activeModel(db)).toEqual(B);
    });

    it('activating an unknown version fails with a ModelError naming it and npm run model -- list, and changes nothing', async () => {
      const err = activateModel(db, 'pd-19990101-nothere', 'mallory');
      await expect(err).rejects.toThrow(ModelError);
      await expect(err).rejects.toThrow('no model version "pd-19990101-nothere" (npm run model -- list shows them)');
      expect((await listModels(db)).filter((r) => r.active).map((r) => [r.version, r.activatedBy])).toEqual([
        [B.version, 'bob'],
      ]);
      expect((await activeModel(db)).version).toBe(B.version);
    });

    it('the database itself allows at most one active version', async () => {
      await expect(db.query('UPDATE core.model_version SET active = true')).rejects.toThrow(
        /model_version_active|duplicate key/,
      );
      expect((await listModels(db)).filter((r) => r.active)).toHaveLength(1);
    });

    it('another handle on the database (another process) sees an activation within the minute, not before', async () => {
      const other = await openDatabase({ databaseUrl: scratch.url, poolMax: 1 });
      try {
        expect((await activeModel(other)).version).toBe(B.version);
        expect(await activateModel(db, A.version, 'carol')).toBe(B.version);
        expect((await activeModel(db)).version).toBe(A.version);
        expect((await activeModel(other)).version).toBe(B.version); // cached
        expect((await activeModel(other, Date.now() + 60_001)).version).toBe(A.version);
      } finally {
        await other.close();
      }
    });

    it('GraphQL: a server on the database serves the activated version right after activation', async () => {
      const t: TestServer = await startTestServer({}, { databaseUrl: scratch.url });
      try {
        const page = await gql(
          t.url,
          '{ borrowers(first: 40) { edges { node { uscc health { modelVersion probabilityOfDefault } } } } }',
        );
        expect(page.errors).toBeUndefined();
        const nodes = page.data!.borrowers.edges.map((e: any) => e.node);
        expect(nodes.length).toBeGreaterThan(10);
        for (const n of nodes) expect(n.health.modelVersion).toBe(A.version);
        // A firm not in default (its PD comes from the model, not fixed at 1).
        const firm = nodes.find(
          (n: any) => n.health.probabilityOfDefault > 0.001 && n.health.probabilityOfDefault < 0.9,
        );
        expect(firm).toBeDefined();

        const query = 'query($u: USCC!) { borrower(uscc: $u) { health { modelVersion probabilityOfDefault } } }';
        const before = await gql(t.url, query, { u: firm.uscc });
        expect(before.errors).toBeUndefined();
        expect(before.data!.borrower.health.modelVersion).toBe(A.version);

        expect(await activateModel(t.db, B.version, 'dave')).toBe(A.version);
        const after = await gql(t.url, query, { u: firm.uscc });
        expect(after.errors).toBeUndefined();
        expect(after.data!.borrower.health.modelVersion).toBe(B.version);
        // B is A with its intercept moved by +1: the firm's log-odds of default move by 1.
        expect(
          logit(after.data!.borrower.health.probabilityOfDefault) -
            logit(before.data!.borrower.health.probabilityOfDefault),
        ).toBeCloseTo(1, 2);
      } finally {
        await t.close();
      }
    });
  });
});

describe('model files and the serving cache', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'model-files-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the shipped model is a model document that reads back whole, and writeModelFile round-trips it', () => {
    const shipped = readModelFile(SHIPPED_MODEL_FILE);
    expect(shipped).toEqual(shippedModel());
    expect(shipped).toMatchObject({
      format: 'sme-default-model',
      version: expect.stringMatching(/^pd-\d{8}-[0-9a-f]{8}$/),
    });
    expect(shipped.tiers.map((t) => t.tier)).toEqual(['GREEN', 'BLUE', 'YELLOW', 'ORANGE', 'RED']);
    const file = path.join(dir, 'copy.json');
    writeModelFile(file, shipped);
    expect(readModelFile(file)).toEqual(shipped);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^\{\n "format": "sme-default-model",\n/);
  });

  it('readModelFile refuses a missing file, a file that is not JSON and JSON that is not a model, saying why', () => {
    const missing = path.join(dir, 'missing.json');
    expect(() => readModelFile(missing)).toThrow(ModelError);
    expect(() => readModelFile(missing)).toThrow(`cannot read the model file ${missing}: ENOENT`);
    const broken = path.join(dir, 'broken.json');
    fs.writeFileSync(broken, '{"format": ');
    expect(() => readModelFile(broken)).toThrow(`cannot read the model file ${broken}: `);
    const other = path.join(dir, 'other.json');
    fs.writeFileSync(other, JSON.stringify({ format: 'sme-default-model', version: 'pd-x', tiers: [] }));
    expect(() => readModelFile(other)).toThrow(
      `${other} is not a default model written by npm run train (expected format "sme-default-model" with version, scorecard and tiers)`,
    );
  });

  it('activeModel does not keep a failed read: the next call asks the database again', async () => {
    let calls = 0;
    const flaky = {
      query: async () => {
        calls++;
        if (calls === 1) throw new Error('connection reset');
        return { rows: [] };
      },
    } as unknown as Database;
    await expect(activeModel(flaky)).rejects.toThrow('connection reset');
    await expect(activeModel(flaky)).resolves.toBe(shippedModel());
    await activeModel(flaky);
    expect(calls).toBe(2); // the good read is cached
  });
});
