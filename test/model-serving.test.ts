/**
 * Serving the default model (src/model/model.ts, model.repository.ts): tier bands chosen from the
 * development PDs, the 0-100 index as a monotone transform of the PD (90/70/50/30 at the tier
 * edges), tier tables, the shipped model file, and which model serves (the active version, else
 * the shipped one, read once a minute per database).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../src/db/database';
import { Tier, tierOf } from '../src/health/tier';
import { MODEL_INPUTS } from '../src/model/inputs';
import {
  TIER_SHARES,
  chooseTiers,
  indexOfPd,
  strictlyIncreasing,
  tierOfPd,
  tierTable,
  type TierBand,
} from '../src/model/model';
import {
  activeModel,
  ModelError,
  readModelFile,
  SHIPPED_MODEL_FILE,
  shippedModel,
} from '../src/model/model.repository';
import { tinyModel, TINY_TIERS } from './facts.fixture';

const logit = (p: number) => Math.log(p / (1 - p));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
/** A PD a fraction `t` of the way (in log-odds) from PD `a` to PD `b`. */
const between = (a: number, b: number, t: number) => sigmoid(logit(a) + t * (logit(b) - logit(a)));
/** PDs from 1e-6 to 1 - 1e-6, evenly in log-odds, with every band edge and its neighbours. */
function pdGrid(bands: readonly TierBand[]): number[] {
  const grid = Array.from({ length: 2001 }, (_, i) => sigmoid(-14 + (28 * i) / 2000));
  for (const b of bands.slice(0, -1)) grid.push(b.maxPd, b.maxPd * (1 + 1e-9), b.maxPd * (1 - 1e-9));
  return grid.sort((a, b) => a - b);
}

describe('the 0-100 index of a PD', () => {
  for (const [name, bands] of [
    ['hand-made bands', TINY_TIERS],
    ["the shipped model's bands", shippedModel().tiers],
  ] as const) {
    describe(name, () => {
      it('maps the tier edges to 90, 70, 50 and 30', () => {
        expect(bands.slice(0, 4).map((b) => indexOfPd(bands, b.maxPd))).toEqual([90, 70, 50, 30]);
      });

      it("never gives a higher PD a higher index, stays a whole number in 0-100, and its tier is the PD's band", () => {
        const grid = pdGrid(bands);
        let previous = Infinity;
        for (const pd of grid) {
          const index = indexOfPd(bands, pd);
          expect(Number.isInteger(index) && index >= 0 && index <= 100).toBe(true);
          expect(index).toBeLessThanOrEqual(previous);
          previous = index;
          if (tierOf(index) !== tierOfPd(bands, pd))
            throw new Error(`PD ${pd}: index ${index} is ${tierOf(index)}, the PD's band ${tierOfPd(bands, pd)}`);
        }
        expect(indexOfPd(bands, 0)).toBe(100);
        expect(indexOfPd(bands, 1)).toBe(0);
      });
    });
  }

  it('is linear in the log-odds between the edges, and beyond them with the neighbouring slope', () => {
    const [green, blue, yellow, orange] = TINY_TIERS.map((b) => b.maxPd);
    // 31% of the way from the GREEN/BLUE edge (90) to the BLUE/YELLOW edge (70): 83.8.
    expect(indexOfPd(TINY_TIERS, between(green, blue, 0.31))).toBe(83);
    expect(indexOfPd(TINY_TIERS, between(yellow, orange, 0.5))).toBe(40);
    // Below the GREEN edge with the GREEN-BLUE slope: 26% of that segment further is 95.2.
    expect(indexOfPd(TINY_TIERS, between(green, blue, -0.26))).toBe(95);
    // Above the ORANGE/RED edge with the YELLOW-ORANGE slope: 1.26 segments beyond is 4.8.
    expect(indexOfPd(TINY_TIERS, between(yellow, orange, 2.26))).toBe(4);
  });
});

describe('tier bands', () => {
  it("are the development PDs' quantiles at the tier shares, best first, the last running to 1", () => {
    expect(TIER_SHARES.map(([t]) => t)).toEqual([Tier.GREEN, Tier.BLUE, Tier.YELLOW, Tier.ORANGE, Tier.RED]);
    expect(TIER_SHARES.reduce((a, [, s]) => a + s, 0)).toBeCloseTo(1, 12);
    // 0.01, 0.02, ..., 0.20 in any order: 30% are at most 0.06, 70% at most 0.14, 85% at most 0.17, 95% at most 0.19.
    const pds = Array.from({ length: 20 }, (_, i) => Math.round((20 - i) * 0.01 * 100) / 100);
    const bands = chooseTiers(pds);
    expect(bands).toEqual([
      { tier: Tier.GREEN, maxPd: 0.06 },
      { tier: Tier.BLUE, maxPd: 0.14 },
      { tier: Tier.YELLOW, maxPd: 0.17 },
      { tier: Tier.ORANGE, maxPd: 0.19 },
      { tier: Tier.RED, maxPd: 1 },
    ]);
    // Each tier then holds its share of the sample.
    expect(
      tierTable(
        bands,
        pds,
        pds.map(() => 0),
      ).map((r) => r.rows),
    ).toEqual([6, 8, 3, 2, 1]);
  });

  it('place a PD in the first band whose edge it does not exceed (edges inclusive)', () => {
    expect([0, 0.01, 0.0100001, 0.03, 0.06, 0.2, 0.2000001, 1].map((pd) => tierOfPd(TINY_TIERS, pd))).toEqual([
      'GREEN',
      'GREEN',
      'BLUE',
      'BLUE',
      'YELLOW',
      'ORANGE',
      'RED',
      'RED',
    ]);
  });

  it('report the observed default rate and mean PD per tier, and whether the rate rises strictly from GREEN to RED', () => {
    // GREEN 3 rows, BLUE 4, YELLOW 2, ORANGE 3, RED 2 (TINY_TIERS: edges 1%, 3%, 6%, 20%).
    const pds = [0.005, 0.008, 0.009, 0.02, 0.025, 0.028, 0.029, 0.04, 0.05, 0.1, 0.15, 0.19, 0.5, 0.9];
    const labels = [0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0, 1, 1];
    const rows = tierTable(TINY_TIERS, pds, labels);
    expect(rows.map((r) => [r.tier, r.rows, r.events])).toEqual([
      ['GREEN', 3, 0],
      ['BLUE', 4, 1],
      ['YELLOW', 2, 1],
      ['ORANGE', 3, 2],
      ['RED', 2, 2],
    ]);
    expect(rows.map((r) => r.defaultRate)).toEqual([0, 0.25, 0.5, 2 / 3, 1]);
    expect(rows[0].meanPd).toBeCloseTo(0.022 / 3, 12);
    expect(rows[4].meanPd).toBeCloseTo(0.7, 12);
    expect(strictlyIncreasing(rows)).toBe(true);
    // A tier no better than the one before, or an empty tier, breaks it.
    const flat = [...labels];
    flat[4] = 1; // BLUE 2 of 4: as bad as YELLOW
    expect(strictlyIncreasing(tierTable(TINY_TIERS, pds, flat))).toBe(false);
    const empty = tierTable(
      TINY_TIERS,
      pds.filter((p) => p < 0.03 || p > 0.06),
      labels.filter((_, i) => pds[i] < 0.03 || pds[i] > 0.06),
    );
    expect(empty[2]).toMatchObject({ tier: 'YELLOW', rows: 0, defaultRate: 0, meanPd: 0 });
    expect(strictlyIncreasing(empty)).toBe(false);
  });
});

describe('the shipped model', () => {
  it('is a default model trained on every input, with wrong-sign-free coefficients and PD bands rising to 1', () => {
    const m = shippedModel();
    expect(m).toMatchObject({ format: 'sme-default-model', target: { horizonMonths: 12 } });
    expect(m.version).toMatch(/^pd-\d{8}-[0-9a-f]{8}$/);
    expect(m.inputs.map((x) => x.name)).toEqual(MODEL_INPUTS.map((x) => x.name));
    expect(m.scorecard.features.map((x) => x.feature)).toEqual(MODEL_INPUTS.map((x) => x.name));
    const selected = m.scorecard.features.filter((x) => x.selected);
    expect(selected.length).toBeGreaterThan(5);
    for (const x of selected)
      expect([x.feature, x.coefficient !== null && x.coefficient <= 0]).toEqual([x.feature, true]);
    for (const x of m.scorecard.features.filter((f) => !f.selected))
      expect([x.feature, x.dropReason]).toEqual([x.feature, expect.stringMatching(/^(LOW_IV|WRONG_SIGN)$/)]);
    expect(m.tiers.map((b) => b.tier)).toEqual(TIER_SHARES.map(([t]) => t));
    for (let k = 1; k < m.tiers.length; k++) expect(m.tiers[k].maxPd).toBeGreaterThan(m.tiers[k - 1].maxPd);
    expect(m.tiers.at(-1)!.maxPd).toBe(1);
    expect(shippedModel()).toBe(m);
  });

  it('is read from its file; anything else is refused with the reason', () => {
    expect(readModelFile(SHIPPED_MODEL_FILE).version).toBe(shippedModel().version);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'model-serving-'));
    try {
      const other = path.join(dir, 'other.json');
      fs.writeFileSync(other, JSON.stringify({ format: 'woe-logistic-scorecard', version: 1 }));
      expect(() => readModelFile(other)).toThrow(ModelError);
      expect(() => readModelFile(other)).toThrow(/is not a default model written by npm run train/);
      const broken = path.join(dir, 'broken.json');
      fs.writeFileSync(broken, '{ "format": ');
      expect(() => readModelFile(broken)).toThrow(/cannot read the model file/);
      expect(() => readModelFile(path.join(dir, 'absent.json'))).toThrow(/cannot read the model file/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the serving model', () => {
  /** A stand-in database answering the active-model query with `rows`, counting the queries. */
  function fakeDb(answer: () => Promise<{ rows: unknown[] }>) {
    const db = {
      queries: 0,
      query: (sql: string) => {
        db.queries++;
        expect(sql).toMatch(/FROM core\.model_version WHERE active/);
        return answer();
      },
    };
    return db as typeof db & Database;
  }

  it('is the shipped model while no version is active, else the active version', async () => {
    expect((await activeModel(fakeDb(async () => ({ rows: [] })))).version).toBe(shippedModel().version);
    const tiny = tinyModel();
    expect(await activeModel(fakeDb(async () => ({ rows: [{ model: tiny }] })))).toBe(tiny);
  });

  it('is read once a minute per database, and a failed read is not kept', async () => {
    const tiny = tinyModel();
    const db = fakeDb(async () => ({ rows: [{ model: tiny }] }));
    const t0 = 1_000_000;
    await activeModel(db, t0);
    await activeModel(db, t0 + 59_000);
    expect(db.queries).toBe(1);
    await activeModel(db, t0 + 60_000);
    expect(db.queries).toBe(2);
    // Another database has its own.
    const other = fakeDb(async () => ({ rows: [] }));
    expect((await activeModel(other, t0 + 60_000)).version).toBe(shippedModel().version);

    let fail = true;
    const flaky = fakeDb(async () => {
      if (fail) throw new Error('connection reset');
      return { rows: [{ model: tiny }] };
    });
    await expect(activeModel(flaky, t0)).rejects.toThrow('connection reset');
    fail = false;
    await expect(activeModel(flaky, t0 + 1)).resolves.toBe(tiny);
    expect(flaky.queries).toBe(2);
  });
});
