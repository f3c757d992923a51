/**
 * "What moves this firm up a tier" (src/health/next-tier.ts) on the shipped model: input rows built
 * from the model's own bins (a seeded random bin per input, a value inside it), scored, and for
 * many rows of each tier BLUE..RED the plan is checked against an independent rescoring: the
 * changes reach the target, touch only actionable inputs with a value, each gains what its bins
 * say, no plan with fewer changes exists (the best bins of the k−1 most valuable inputs fall
 * short) and, by brute force, none of the same size gains less; plus hand-made firms with exact
 * sentences, GREEN, default, caps and a non-monotone binning.
 */
import { INDICATORS } from '../src/health/indicators';
import { MAX_CHANGES, planNextTier, type NextTierPlan, type ScoredFirm } from '../src/health/next-tier';
import { Tier, TIERS, tierOf } from '../src/health/tier';
import { compileBinning, type Bin } from '../src/model/binning';
import { POINTS_FACTOR, indexOfPd, type ModelDocument } from '../src/model/model';
import { shippedModel } from '../src/model/model.repository';
import { scoreRow, type ScorecardFeature } from '../src/model/scorecard';

type Row = Record<string, number | string>;
type RangeBin = Extract<Bin, { kind: 'range' }>;

const model = shippedModel();
const round2 = (x: number) => Math.round(x * 100) / 100;
const logit = (p: number) => Math.log(p / (1 - p));
const rank = (t: Tier) => TIERS.findIndex((r) => r.tier === t);
const indicator = (code: string) => INDICATORS.find((i) => i.code === code)!;
const ACTIONABLE = new Set(INDICATORS.filter((i) => i.actionable).map((i) => i.code));
const selected = model.scorecard.features.filter((f) => f.selected && f.coefficient !== null);
const featureOf = (code: string) => model.scorecard.features.find((f) => f.feature === code)!;
const pointsOf = (f: ScorecardFeature, bin: number) =>
  POINTS_FACTOR * -(f.coefficient as number) * f.binning.bins[bin].woe;
const binOf = (f: ScorecardFeature, v: number | string) => compileBinning(f.binning)(v);

/** Seeded uniform numbers in [0, 1) (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The values an indicator can take in a range bin: whole counts, the tax grades, else 4-decimal values (null: anything on that grid). */
function discreteValues(code: string): number[] | null {
  if (code === 'TAX_CREDIT_RATING') return [0, 1, 2.5, 3, 4];
  if (code === 'REPAYMENT_RECORD' || code === 'LEGAL_REP_CHANGES') return [0, 1, 2, 3, 4, 5];
  return null;
}

/** A value inside range bin `b` (4 decimals, as the indicators keep them). */
function valueIn(code: string, b: RangeBin, u: number): number {
  const lo = b.lower ?? -Infinity;
  const hi = b.upper ?? Infinity;
  const discrete = discreteValues(code);
  if (discrete) {
    const inside = discrete.filter((v) => v >= lo && v < hi);
    return inside[Math.floor(u * inside.length)];
  }
  const floor =
    code.endsWith('_TREND') || code === 'REVENUE_GROWTH'
      ? -1
      : code === 'UTILITY_REGULARITY' || code.endsWith('_RATIO')
        ? 0
        : -Infinity;
  const from = Math.max(Number.isFinite(lo) ? lo : hi - 0.5, floor);
  const to = Number.isFinite(hi) ? hi : lo + 0.5;
  const v = Math.floor((from + u * (to - from)) * 1e4) / 1e4;
  return v >= lo && v < hi ? v : Number.isFinite(lo) ? lo : Math.round((hi - 1e-4) * 1e4) / 1e4;
}

/**
 * A firm's row: per indicator a bin of the model (the training counts tilted by `tilt` × WoE, so
 * negative tilts give riskier firms), a value inside it or its status; the sector.
 */
function randomRow(next: () => number, tilt: number): Row {
  const row: Row = {};
  for (const ind of INDICATORS) {
    const bins = featureOf(ind.code).binning.bins;
    const weights = bins.map((b) => b.count * Math.exp(tilt * b.woe));
    let u = next() * weights.reduce((a, b) => a + b, 0);
    let k = 0;
    while (k < bins.length - 1 && (u -= weights[k]) > 0) k++;
    const b = bins[k];
    row[ind.code] = b.kind === 'range' ? valueIn(ind.code, b, next()) : b.kind === 'special' ? b.code : 'MISSING';
  }
  row.SECTOR = ['MANUFACTURING', 'WHOLESALE_RETAIL', 'CONSTRUCTION', 'SERVICES'][Math.floor(next() * 4)];
  return row;
}

function scored(row: Row, caps: ScoredFirm['caps'] = [], inDefault: string | null = null): ScoredFirm {
  const pd = inDefault ? 1 : scoreRow(model.scorecard, row).pd;
  const score = Math.min(indexOfPd(model.tiers, pd), ...caps.map((c) => c.max));
  return { inputs: row, score, probabilityOfDefault: pd, caps, inDefault };
}

/** The index tier of a row, rescored from scratch (caps applied). */
function tierOfRow(row: Row, caps: ScoredFirm['caps'] = []): Tier {
  return tierOf(Math.min(indexOfPd(model.tiers, scoreRow(model.scorecard, row).pd), ...caps.map((c) => c.max)));
}

const reaches = (row: Row, target: Tier, caps: ScoredFirm['caps'] = []) => rank(tierOfRow(row, caps)) <= rank(target);
const applied = (row: Row, plan: NextTierPlan, skip = -1): Row => {
  const out = { ...row };
  plan.changes.forEach((c, k) => {
    if (k !== skip) out[c.code] = c.targetValue;
  });
  return out;
};

/** Every move an actionable model input with a value has to a range bin with more points (the tax grade M is given, not earned). */
function moves(row: Row): Array<Array<{ code: string; bin: number; gain: number; value: number }>> {
  const out: Array<Array<{ code: string; bin: number; gain: number; value: number }>> = [];
  for (const f of selected) {
    const v = row[f.feature];
    if (!ACTIONABLE.has(f.feature) || typeof v !== 'number') continue;
    const from = binOf(f, v);
    const list: Array<{ code: string; bin: number; gain: number; value: number }> = [];
    f.binning.bins.forEach((b, k) => {
      if (b.kind !== 'range' || pointsOf(f, k) <= pointsOf(f, from) + 1e-9) return;
      const value = valueIn(f.feature, b, 0.5);
      if (f.feature === 'TAX_CREDIT_RATING' && value === 2.5) return;
      list.push({ code: f.feature, bin: k, gain: pointsOf(f, k) - pointsOf(f, from), value });
    });
    if (list.length) out.push(list);
  }
  return out;
}

// The portfolio: rows until each tier BLUE..RED has PER_TIER of them.
const PER_TIER = 40;
const byTier = new Map<Tier, Row[]>([Tier.GREEN, Tier.BLUE, Tier.YELLOW, Tier.ORANGE, Tier.RED].map((t) => [t, []]));
{
  const next = random(20261206);
  const tilts = [-2, -1, -0.5, 0, 0.5];
  for (let i = 0; i < 20000 && [...byTier.values()].some((rows) => rows.length < PER_TIER); i++) {
    const row = randomRow(next, tilts[i % tilts.length]);
    const rows = byTier.get(tierOfRow(row))!;
    if (rows.length < PER_TIER) rows.push(row);
  }
}
const plans = new Map<Row, NextTierPlan>();
const planOf = (row: Row) => plans.get(row) ?? plans.set(row, planNextTier(scored(row), model)).get(row)!;

describe('indicators: actionable or not', () => {
  it("every indicator says whether the borrower can move it and how; history, our data and the bank's price are not actionable", () => {
    for (const i of INDICATORS) expect(i.action.length).toBeGreaterThan(5);
    expect(
      INDICATORS.filter((i) => !i.actionable)
        .map((i) => i.code)
        .sort(),
    ).toEqual([
      'DATA_COMPLETENESS',
      'FIRM_AGE',
      'HEADCOUNT_TREND',
      'LEGAL_REP_CHANGES',
      'LOAN_PRICING',
      'TAX_PAID_TREND',
    ]);
    expect(indicator('CASH_BUFFER').action).toBe('raise the cash buffer');
    expect(indicator('REPAYMENT_RECORD').action).toBe('clear late instalments and keep repayments on time');
  });
});

describe('planNextTier on the shipped model', () => {
  it('the synthetic portfolio has rows in every tier, and plans of every size and out of reach to check', () => {
    for (const [tier, rows] of byTier) expect([tier, rows.length]).toEqual([tier, PER_TIER]);
    const sizes = new Set(
      [Tier.BLUE, Tier.YELLOW, Tier.ORANGE, Tier.RED].flatMap((t) =>
        byTier.get(t)!.map((row) => (planOf(row).reachable ? planOf(row).changes.length : 0)),
      ),
    );
    expect([...sizes].sort()).toEqual([0, 1, 2, 3, 4]);
  });

  describe.each([Tier.BLUE, Tier.YELLOW, Tier.ORANGE, Tier.RED])('%s firms', (tier) => {
    const target = TIERS[rank(tier) - 1].tier;
    const band = model.tiers.find((b) => b.tier === target)!;

    it(`target ${target}; the points short of its PD edge; the changes, applied and rescored, reach it`, () => {
      let reachable = 0;
      for (const row of byTier.get(tier)!) {
        const plan = planOf(row);
        expect(plan.currentTier).toBe(tier);
        expect(plan.targetTier).toBe(target);
        expect(plan.blockedBy).toEqual([]);
        const short = POINTS_FACTOR * (logit(scoreRow(model.scorecard, row).pd) - logit(band.maxPd));
        expect(short).toBeGreaterThan(0);
        expect(plan.pointsNeeded).toBe(round2(short));
        if (!plan.reachable) {
          // Only when even the best bins of the MAX_CHANGES most valuable inputs fall short.
          expect(plan.changes).toEqual([]);
          const best = moves(row)
            .map((m) => m[m.length - 1])
            .sort((a, b) => b.gain - a.gain)
            .slice(0, MAX_CHANGES);
          const top = { ...row };
          for (const m of best) top[m.code] = m.value;
          expect(reaches(top, target)).toBe(false);
          continue;
        }
        reachable++;
        expect(plan.changes.length).toBeGreaterThanOrEqual(1);
        expect(plan.changes.length).toBeLessThanOrEqual(MAX_CHANGES);
        expect(rank(tierOfRow(applied(row, plan)))).toBeLessThanOrEqual(rank(target));
        const gained = plan.changes.reduce((a, c) => a + c.points, 0);
        expect(gained).toBeGreaterThanOrEqual(plan.pointsNeeded - 0.01 * plan.changes.length);
        expect(plan.explanation).toContain(`from ${tier} to ${target}`);
      }
      expect(reachable).toBeGreaterThanOrEqual(PER_TIER / 2);
    });

    it('each change is an actionable input with a value, moved to a bin with more points, worth what the bins say, in a sentence without float artefacts', () => {
      for (const row of byTier.get(tier)!) {
        const plan = planOf(row);
        expect(new Set(plan.changes.map((c) => c.code)).size).toBe(plan.changes.length);
        for (const c of plan.changes) {
          expect(ACTIONABLE.has(c.code)).toBe(true);
          expect(c.code).not.toBe('SECTOR');
          const f = featureOf(c.code);
          expect(f.selected).toBe(true);
          expect(typeof row[c.code]).toBe('number');
          expect(c.fromValue).toBe(row[c.code]);
          const from = binOf(f, row[c.code]);
          const to = binOf(f, c.targetValue);
          expect(f.binning.bins[from].kind).toBe('range');
          expect(f.binning.bins[to].kind).toBe('range');
          expect(c.fromBin).toBe(f.binning.bins[from].label);
          expect(c.toBin).toBe(f.binning.bins[to].label);
          expect(c.points).toBeGreaterThan(0);
          expect(c.points).toBe(round2(pointsOf(f, to) - pointsOf(f, from)));
          expect([c.label, c.unit]).toEqual([indicator(c.code).label, indicator(c.code).unit]);
          // The target is the target bin's value nearest the current one: its lower edge when raising, just below its upper when lowering.
          const b = f.binning.bins[to] as RangeBin;
          if (c.targetValue > (row[c.code] as number))
            expect(c.targetValue).toBe(c.code === 'TAX_CREDIT_RATING' ? Math.max(3, b.lower!) : b.lower);
          else expect(b.upper! - c.targetValue).toBeCloseTo(c.code === 'REPAYMENT_RECORD' ? 1 : 1e-4, 9);
          expect(c.action.startsWith(indicator(c.code).action)).toBe(true);
          expect(c.action.endsWith(`: +${c.points} points`)).toBe(true);
          expect(c.action).not.toMatch(/\d\.\d{5,}|e-\d|NaN|undefined/);
        }
      }
    });

    it('no plan with fewer changes exists, and removing any change of a plan misses the target', () => {
      for (const row of byTier.get(tier)!) {
        const plan = planOf(row);
        if (!plan.reachable) continue;
        const k = plan.changes.length;
        // The best k−1 changes: the best bin of each of the k−1 most valuable inputs (the logit is additive).
        const best = moves(row)
          .map((m) => m[m.length - 1])
          .sort((a, b) => b.gain - a.gain)
          .slice(0, k - 1);
        const top = { ...row };
        for (const m of best) top[m.code] = m.value;
        expect(reaches(top, target)).toBe(false);
        if (k > 1) for (let skip = 0; skip < k; skip++) expect(reaches(applied(row, plan, skip), target)).toBe(false);
      }
    });

    it('by brute force, no plan of the same size gains fewer points (the least overshoot)', () => {
      const short = (row: Row) => POINTS_FACTOR * (logit(scoreRow(model.scorecard, row).pd) - logit(band.maxPd));
      let near = 0;
      for (const row of byTier.get(tier)!.slice(0, 20)) {
        const plan = planOf(row);
        if (!plan.reachable) continue;
        const options = moves(row);
        const needed = short(row);
        const planned = plan.changes.reduce(
          (a, c) =>
            a +
            pointsOf(featureOf(c.code), binOf(featureOf(c.code), c.targetValue)) -
            pointsOf(featureOf(c.code), binOf(featureOf(c.code), row[c.code])),
          0,
        );
        // Every set of as many changes that gains less than the plan: rescored exactly when its points come
        // within a point of the shortfall (further below, the additive logit keeps it out of reach).
        const walk = (start: number, left: number, gain: number, picked: Array<{ code: string; value: number }>) => {
          if (left === 0) {
            if (gain < planned - 1e-9 && gain > needed - 1) {
              near++;
              const changed = { ...row };
              for (const m of picked) changed[m.code] = m.value;
              expect(reaches(changed, target)).toBe(false);
            }
            return;
          }
          for (let i = start; i < options.length; i++)
            for (const m of options[i])
              if (gain + m.gain < planned) walk(i + 1, left - 1, gain + m.gain, [...picked, m]);
        };
        walk(0, plan.changes.length, 0, []);
      }
      expect(near).toBeGreaterThan(0);
    });
  });

  it('GREEN firms have no tier to move up to', () => {
    for (const row of byTier.get(Tier.GREEN)!.slice(0, 10)) {
      const plan = planOf(row);
      expect(plan).toEqual({
        currentTier: Tier.GREEN,
        targetTier: null,
        reachable: false,
        changes: [],
        pointsNeeded: 0,
        blockedBy: [],
        explanation: 'the firm is already in GREEN, the best tier: there is no tier to move up to',
      });
    }
  });

  it('is fast: a few milliseconds at most per firm', () => {
    const rows = [...byTier.values()].flat();
    const started = performance.now();
    for (const row of rows) planNextTier(scored(row), model);
    const perFirm = (performance.now() - started) / rows.length;
    expect(perFirm).toBeLessThan(3);
  });
});

describe('planNextTier: hand-made firms', () => {
  /** Every actionable input at its best bin but the cash buffer (0.8); staff down 25%, priced at 5%, tax paid down 10%: BLUE, just short of GREEN. */
  const base: Row = {
    CASH_FLOW_COVERAGE: 15,
    DEBT_RATIO: 0.2,
    NET_MARGIN: 0.1,
    CASH_BUFFER: 0.8,
    REVENUE_GROWTH: 0.05,
    SALES_TREND: 0.35,
    REVENUE_VOLATILITY: 0.1,
    TAX_PAID_TREND: -0.1,
    CUSTOMER_CONCENTRATION: 0.3,
    MAJOR_CUSTOMER_LOSS: 0,
    ORDER_TREND: 'NOT_APPLICABLE',
    RECEIVABLE_TURNOVER: 6,
    INVENTORY_TURNOVER: 5,
    HEADCOUNT_TREND: -0.25,
    UTILITY_REGULARITY: 1,
    FIRM_AGE: 6,
    LEGAL_REP_CHANGES: 0,
    JUDICIAL_EXPOSURE: 0,
    GUARANTEE_EXPOSURE: 0,
    BALANCE_TREND: 0.6,
    REPAYMENT_RECORD: 0,
    LOAN_PRICING: 0.05,
    TAX_CREDIT_RATING: 4,
    DATA_COMPLETENESS: 1,
    SECTOR: 'MANUFACTURING',
  };
  /** Staff down 40%, priced at 6%, tax paid down 50%; every actionable input one bin short of its best, rated B: ORANGE. */
  const second: Row = {
    ...base,
    HEADCOUNT_TREND: -0.4,
    LOAN_PRICING: 0.06,
    TAX_PAID_TREND: -0.5,
    CASH_FLOW_COVERAGE: 10,
    DEBT_RATIO: 0.3,
    NET_MARGIN: 0.08,
    CASH_BUFFER: 1.4,
    SALES_TREND: 0.2,
    REVENUE_VOLATILITY: 0.15,
    ORDER_TREND: 0.1,
    RECEIVABLE_TURNOVER: 3,
    UTILITY_REGULARITY: 0.92,
    BALANCE_TREND: 0.3,
    TAX_CREDIT_RATING: 3,
  };
  const cashPoints = (from: number, to: number) =>
    round2(
      POINTS_FACTOR *
        -(featureOf('CASH_BUFFER').coefficient as number) *
        (featureOf('CASH_BUFFER').binning.bins[to].woe - featureOf('CASH_BUFFER').binning.bins[from].woe),
    );

  it('one change: the cash buffer must reach the top bin, as the next one down falls short', () => {
    const firm = scored(base);
    expect(firm.score).toBe(86);
    const plan = planNextTier(firm, model);
    // CASH_BUFFER bins: 6 = [0.7958, 0.8481), 10 = [1.3276, 1.6107) (+4.65: short of 4.99), 11 = [1.6107, +inf).
    expect(cashPoints(6, 10)).toBe(4.65);
    expect(plan).toEqual({
      currentTier: Tier.BLUE,
      targetTier: Tier.GREEN,
      reachable: true,
      pointsNeeded: 4.99,
      blockedBy: [],
      changes: [
        {
          code: 'CASH_BUFFER',
          label: 'Cash buffer',
          unit: 'months of sales',
          fromValue: 0.8,
          fromBin: '[0.7958, 0.8481)',
          toBin: '[1.6107, +inf)',
          targetValue: 1.6107,
          points: cashPoints(6, 11),
          action: 'raise the cash buffer from 0.8 to at least 1.62 months of sales: +6.11 points',
        },
      ],
      explanation:
        'one change lifts the firm from BLUE to GREEN, gaining 6.11 of the 4.99 points it is short: cash buffer',
    });
    expect(tierOfRow({ ...base, CASH_BUFFER: 1.6107 })).toBe(Tier.GREEN);
    expect(tierOfRow({ ...base, CASH_BUFFER: 1.6106 })).toBe(Tier.BLUE);
  });

  it("lowering: a count goes to 0, a ratio just below the bin's exclusive upper edge; a grade reads as a letter", () => {
    const late = planNextTier(
      scored({
        ...base,
        CASH_BUFFER: 2,
        REPAYMENT_RECORD: 2,
        DEBT_RATIO: 0.72,
        TAX_CREDIT_RATING: 1,
        HEADCOUNT_TREND: 0.02,
        LOAN_PRICING: 0.045,
        TAX_PAID_TREND: 0.05,
      }),
      model,
    );
    expect([late.currentTier, late.pointsNeeded]).toEqual([Tier.BLUE, 16.06]);
    expect(late.changes.map((c) => [c.code, c.fromBin, c.toBin, c.targetValue, c.action])).toEqual([
      [
        'REPAYMENT_RECORD',
        '[1, +inf)',
        '(-inf, 1)',
        0,
        'clear late instalments and keep repayments on time from 2 to 0 instalments late or unpaid: +29.99 points',
      ],
    ]);

    // The debt ratio from 72%: the next bins down gain too little (the one below 35.47% gains 5.34 of the 5.36 needed), so below 22.47%.
    const indebted = { ...base, CASH_BUFFER: 2, DEBT_RATIO: 0.72 };
    const debt = featureOf('DEBT_RATIO');
    expect(round2(pointsOf(debt, 1) - pointsOf(debt, 6))).toBe(5.34);
    const plan = planNextTier(scored(indebted), model);
    expect([plan.currentTier, plan.pointsNeeded]).toEqual([Tier.BLUE, 5.36]);
    expect(plan.changes.map((c) => [c.code, c.fromBin, c.toBin, c.targetValue, c.points, c.action])).toEqual([
      [
        'DEBT_RATIO',
        '[0.6992, +inf)',
        '(-inf, 0.2247)',
        0.2246,
        round2(pointsOf(debt, 0) - pointsOf(debt, 6)),
        'reduce the debt ratio from 72% to at most 22.46% of total assets: +6.47 points',
      ],
    ]);
    expect(tierOfRow({ ...indebted, DEBT_RATIO: 0.2246 })).toBe(Tier.GREEN);
    expect(tierOfRow({ ...indebted, DEBT_RATIO: 0.3546 })).toBe(Tier.BLUE);

    // Rated C as well: two changes, the least overshoot of all pairs.
    const rated = planNextTier(scored({ ...indebted, TAX_CREDIT_RATING: 1 }), model);
    expect(rated.pointsNeeded).toBe(18.79);
    expect(rated.changes.map((c) => c.action)).toEqual([
      'reduce the debt ratio from 72% to at most 22.46% of total assets: +6.47 points',
      'earn a better tax credit rating by filing and paying taxes on time from C to A: +13.43 points',
    ]);
    expect(rated.explanation).toBe(
      '2 changes lift the firm from BLUE to GREEN, gaining 19.9 of the 18.79 points it is short: debt ratio, tax credit rating',
    );

    // Rated B with slow collections, an ORANGE firm: B to A (no grade above), receivables to the lower edge of the top bin, shown rounded up.
    const slow = planNextTier(scored(second), model);
    expect([slow.currentTier, slow.targetTier, slow.pointsNeeded]).toEqual([Tier.ORANGE, Tier.YELLOW, 12.03]);
    expect(slow.changes.map((c) => [c.code, c.targetValue, c.action])).toEqual([
      [
        'RECEIVABLE_TURNOVER',
        5.7462,
        'collect receivables faster, turning them over from 3 to at least 5.75 times a year: +4.47 points',
      ],
      [
        'TAX_CREDIT_RATING',
        4,
        'earn a better tax credit rating by filing and paying taxes on time from B to A: +8.01 points',
      ],
    ]);
  });

  it('an input with a status (MISSING, NOT_APPLICABLE, UNAVAILABLE) is never proposed; with nothing else to change the target is out of reach', () => {
    const row: Row = { ...base, CASH_BUFFER: 'MISSING', HEADCOUNT_TREND: -0.4, REVENUE_VOLATILITY: 'UNAVAILABLE' };
    const plan = planNextTier(scored(row), model);
    expect(plan).toEqual({
      currentTier: Tier.BLUE,
      targetTier: Tier.GREEN,
      reachable: false,
      changes: [],
      pointsNeeded: 26.9,
      blockedBy: [],
      explanation:
        'no change to an actionable input can earn more points: moving up to GREEN rests on inputs the firm cannot change',
    });
  });

  it('a firm that needs more than 4 changes is not reachable, and says how far', () => {
    // The second firm with no statement figures, no cash-buffer figure and no orders from core enterprises.
    const row: Row = {
      ...second,
      CASH_FLOW_COVERAGE: 'MISSING',
      DEBT_RATIO: 'MISSING',
      NET_MARGIN: 'MISSING',
      CASH_BUFFER: 'MISSING',
      ORDER_TREND: 'NOT_APPLICABLE',
    };
    const plan = planNextTier(scored(row), model);
    expect([plan.currentTier, plan.reachable, plan.changes, plan.pointsNeeded]).toEqual([
      Tier.ORANGE,
      false,
      [],
      28.37,
    ]);
    // Options left: the tax grade (+8.01), utilities (+6.77), receivables (+4.47), volatility (+1.69), balances, sales trend.
    const gain = (code: string, from: number, to: number) =>
      pointsOf(featureOf(code), to) - pointsOf(featureOf(code), from);
    const most = round2(
      gain('TAX_CREDIT_RATING', 3, 4) +
        gain('UTILITY_REGULARITY', 2, 3) +
        gain('RECEIVABLE_TURNOVER', 1, 2) +
        gain('REVENUE_VOLATILITY', 1, 0),
    );
    expect(most).toBe(20.94);
    expect(plan.explanation).toBe(
      'the firm is 28.37 points short of YELLOW, and the 4 most valuable actionable changes gain at most 20.94',
    );
  });

  it('in default: blocked by the default, no change', () => {
    const sentence = 'loan L-1 is 120 days past due: the firm is in default (probability 1)';
    const plan = planNextTier(scored(byTier.get(Tier.YELLOW)![0], [], sentence), model);
    expect(plan.currentTier).toBe(Tier.RED);
    expect(plan.targetTier).toBe(Tier.ORANGE);
    expect(plan.reachable).toBe(false);
    expect(plan.changes).toEqual([]);
    expect(plan.blockedBy).toEqual([sentence]);
    expect(plan.explanation).toBe(
      'the firm is in default (probability 1): no change to its indicators lifts it to ORANGE until the default is cured',
    );
  });

  it('a cap below the target tier blocks, naming the cap; a cap above it does not', () => {
    const reason =
      'on the abnormal-operations list since 2025-03-01 (unreachable at the registered address): score capped at 49';
    for (const row of byTier.get(Tier.ORANGE)!.slice(0, 5)) {
      const plan = planNextTier(scored(row, [{ max: 49, reason }]), model);
      expect(plan).toMatchObject({
        currentTier: Tier.ORANGE,
        targetTier: Tier.YELLOW,
        reachable: false,
        changes: [],
        blockedBy: [reason],
      });
      expect(plan.explanation).toBe(
        "the index is capped at 49, below YELLOW's 50: points cannot lift a capped index, so the cap must go before any change can reach YELLOW",
      );
    }
    // A BLUE firm capped at 49 is ORANGE by its index: the cap blocks YELLOW whatever the PD.
    const capped = planNextTier(
      scored(byTier.get(Tier.BLUE)![0], [
        { max: 49, reason },
        { max: 29, reason: 'a loan is 95 days overdue: score capped at 29' },
      ]),
      model,
    );
    expect(capped).toMatchObject({ currentTier: Tier.RED, targetTier: Tier.ORANGE, reachable: false, changes: [] });
    expect(capped.blockedBy).toEqual(['a loan is 95 days overdue: score capped at 29']);
    // A RED firm under a cap of 49: ORANGE (30-49) is within the cap, so the plan stands and is checked with it.
    for (const row of byTier.get(Tier.RED)!.slice(0, 10)) {
      const caps = [{ max: 49, reason }];
      const plan = planNextTier(scored(row, caps), model);
      expect(plan.blockedBy).toEqual([]);
      if (plan.reachable) expect(tierOfRow(applied(row, plan), caps)).toBe(Tier.ORANGE);
    }
  });

  it('a non-monotone binning: the better bin may lie below, and the sentence names its range', () => {
    const bent: ModelDocument = structuredClone(model);
    const cash = bent.scorecard.features.find((f) => f.feature === 'CASH_BUFFER')!;
    // [1.3276, 1.6107) made safer than the top bin [1.6107, +inf), which falls below [1.1506, 1.3276).
    cash.binning.bins[10].woe = 2;
    cash.binning.bins[11].woe = 1;
    const onBent = (row: Row) =>
      planNextTier(
        {
          inputs: row,
          score: indexOfPd(bent.tiers, scoreRow(bent.scorecard, row).pd),
          probabilityOfDefault: 0,
          caps: [],
          inDefault: null,
        },
        bent,
      );
    const up = onBent(base);
    expect(up.changes.map((c) => [c.targetValue, c.toBin, c.action])).toEqual([
      [
        1.3276,
        '[1.3276, 1.6107)',
        `raise the cash buffer from 0.8 to between 1.33 and 1.61 months of sales: +${cashPointsIn(cash, 6, 10)} points`,
      ],
    ]);
    // From 2 months (the top bin, now worth less), the better bin is below: the move goes against the binning's direction.
    const down = onBent({ ...base, CASH_BUFFER: 2 });
    expect(down.changes.map((c) => [c.targetValue, c.toBin, c.action])).toEqual([
      [
        1.6106,
        '[1.3276, 1.6107)',
        `bring the cash buffer from 2 to between 1.33 and 1.61 months of sales: +${cashPointsIn(cash, 11, 10)} points`,
      ],
    ]);
    const after = { ...base, CASH_BUFFER: 1.6106 };
    expect(tierOf(indexOfPd(bent.tiers, scoreRow(bent.scorecard, after).pd))).toBe(Tier.GREEN);
  });
});

function cashPointsIn(f: ScorecardFeature, from: number, to: number): number {
  return round2(POINTS_FACTOR * -(f.coefficient as number) * (f.binning.bins[to].woe - f.binning.bins[from].woe));
}
