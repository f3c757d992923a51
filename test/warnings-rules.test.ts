/**
 * What spans the warning rules: every rule of the domain's list has its own test file
 * (test/warnings/rules/<code>.rule.test.ts: its signal with the evidence and threshold it names,
 * and the look-alike just under the threshold), the healthy firm raises nothing, small changes to
 * two indicators at once stay below every bar, and a warning carries the firm's tier. Then the
 * scoring of the rules against the generator's truth (src/warnings/eval.ts): planted problems at
 * asOf, slide signals month by month.
 */
import fs from 'node:fs';
import path from 'node:path';
import { RULES } from '../src/warnings/rules';
import { evaluateRules } from '../src/warnings/rules.service';
import { scoreHealth } from '../src/health/health.service';
import { shippedModel } from '../src/model/model.repository';
import type { Truth } from '../src/seed/truth';
import {
  AFTER_FAILURE_SIGNALS,
  RECENT_RECOVERY_MONTHS,
  SHOWN_FROM_MONTH,
  firesForPlant,
  formatRuleScores,
  plantedFor,
  scoreRules,
  scoreSlideRules,
  signalOf,
  type HistoryPoint,
  type SlideEvidence,
} from '../src/warnings/eval';
import { finding, healthyFacts, run, withLast } from './warnings/rules.helpers';

/** A rule's test file: test/warnings/rules/<code in kebab case>.rule.test.ts. */
const testFileOf = (code: string) =>
  path.join(__dirname, 'warnings', 'rules', `${code.toLowerCase().replaceAll('_', '-')}.rule.test.ts`);

describe('warning rules', () => {
  it("cover DOMAIN.md's twelve and the extra signals, each tested in its own file", () => {
    expect(new Set(RULES.filter((r) => r.number !== null).map((r) => r.number))).toEqual(
      new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
    );
    for (const r of RULES) expect([r.code, fs.existsSync(testFileOf(r.code))]).toEqual([r.code, true]);
  });

  it('raise nothing on a healthy firm', () => {
    expect(run(healthyFacts())).toEqual([]);
  });

  it('a dismissed-looking small change stays below the threshold', () => {
    const f = healthyFacts();
    f.bank!.months = withLast(f.bank!.months, 3, (m) => ({ ...m, endBalance: '700000.00' }));
    f.altData!.headcount = withLast(f.altData!.headcount, 1, (h) => ({ ...h, insured: 9 }));
    expect(run(f)).toEqual([]);
  });

  it("stamp the firm's tier at the time", () => {
    const f = healthyFacts({ registry: { ...healthyFacts().registry!, status: 'REVOKED' } });
    const w = evaluateRules(f, scoreHealth(f, shippedModel()), [finding('REGISTRY_STATUS_WITH_LIVE_LOAN', {})]);
    expect(w[0].tier).toBe('RED');
  });
});

describe('scoring the rules for planted problems at asOf', () => {
  const truth = {
    problems: {
      STAFF_MISMATCH: [{ uscc: 'S' }, { uscc: 'U' }],
      GUARANTEE_CIRCLE: [{ uscc: 'C' }],
      SHELL_COMPANY: [{ uscc: 'Z' }],
      SLIDE: [{ uscc: 'A', signals: ['balance', 'headcount'] }],
    },
  } as never;

  it('every rule is scored one way: on a slide signal over the history, on planted problems at asOf, or both', () => {
    expect(signalOf('BALANCE_DROP')).toBe('balance');
    expect(signalOf('MAJOR_CUSTOMER_LOSS')).toBe('customerLoss');
    expect(signalOf('HEADCOUNT_DROP')).toBe('headcount');
    expect(signalOf('GUARANTEE_CIRCLE')).toBeNull();
    expect(plantedFor(truth, 'HEADCOUNT_DROP')).toEqual(new Set(['S', 'U']));
    expect(plantedFor(truth, 'GUARANTEE_CIRCLE')).toEqual(new Set(['C']));
    expect(plantedFor(truth, 'RELATED_PARTY_TRANSACTIONS')).toEqual(new Set(['Z']));
    expect(plantedFor(truth, 'SHELL_COMPANY_SIGNS')).toEqual(new Set(['Z']));
    expect(plantedFor(truth, 'NEW_ENFORCEMENT')).toEqual(new Set());
    // Slide signals are not plants: their rules are scored over the history.
    expect(plantedFor(truth, 'BALANCE_DROP')).toBeNull();
    expect(plantedFor(truth, 'NO_SUCH_RULE')).toBeNull();
    for (const r of RULES)
      expect([r.code, signalOf(r.code) !== null || plantedFor(truth, r.code) !== null]).toEqual([r.code, true]);
  });

  it('counts for NETWORK_CONTAGION the planted structure members one guarantee from a member that defaulted by asOf', () => {
    const firm = (defaultedOn: string | null) => ({ defaultedOn });
    const contagion = {
      asOf: '2026-10',
      problems: {
        GUARANTEE_CIRCLE: ['A', 'B', 'C'].map((uscc) => ({ uscc, circle: ['A', 'B', 'C'] })),
        GUARANTEE_CHAIN: ['D', 'E', 'F'].map((uscc) => ({ uscc, chain: ['D', 'E', 'F'] })),
        GUARANTEE_STAR: ['S', 'T1', 'T2'].map((uscc) => ({ uscc, guarantor: 'S', guaranteed: ['T1', 'T2'] })),
      },
      // B defaulted by asOf (its neighbours A and C count), F after it (nothing), T1 (S counts, not T2: two guarantees away).
      firms: { B: firm('2026-09-02'), F: firm('2026-11-20'), T1: firm('2025-01-10') },
    } as never;
    expect(plantedFor(contagion, 'NETWORK_CONTAGION')).toEqual(new Set(['A', 'C', 'S']));
  });

  it("counts a guarantee circle while every member's guarantee runs at asOf", () => {
    const member = (uscc: string, guaranteeEndsOn: string) => ({ uscc, circle: ['A', 'B', 'C'], guaranteeEndsOn });
    const intact = {
      asOf: '2026-12',
      problems: { GUARANTEE_CIRCLE: [member('A', '2027-05-01'), member('B', '2026-12-31'), member('C', '2029-01-01')] },
    } as unknown as Truth;
    expect(plantedFor(intact, 'GUARANTEE_CIRCLE')).toEqual(new Set(['A', 'B', 'C']));
    // B defaulted years ago and its guarantee ended in 2026-04: the circle no longer runs.
    const broken = {
      asOf: '2026-12',
      problems: { GUARANTEE_CIRCLE: [member('A', '2027-05-01'), member('B', '2026-04-16'), member('C', '2029-01-01')] },
    } as unknown as Truth;
    expect(plantedFor(broken, 'GUARANTEE_CIRCLE')).toEqual(new Set());
    // C failed before it ever borrowed: it gave no guarantee, so the circle never closed.
    const unclosed = {
      asOf: '2026-12',
      problems: { GUARANTEE_CIRCLE: [member('A', '2027-05-01'), member('B', '2027-12-31')] },
    } as unknown as Truth;
    expect(plantedFor(unclosed, 'GUARANTEE_CIRCLE')).toEqual(new Set());
  });

  it('counts rule 12 for a staff-mismatch plant only on warnings that carry the mismatch (firesForPlant)', () => {
    // Real warnings: a fall alone, and a fall with the check's mismatch finding.
    const fall = healthyFacts();
    fall.altData!.headcount = withLast(fall.altData!.headcount, 1, (h) => ({ ...h, insured: 6 }));
    const [dropOnly] = run(fall).filter((w) => w.code === 'HEADCOUNT_DROP');
    const [withMismatch] = run(fall, [finding('STAFF_MISMATCH', { claimedStaff: 40 })]).filter(
      (w) => w.code === 'HEADCOUNT_DROP',
    );
    expect(firesForPlant('HEADCOUNT_DROP', dropOnly.evidence)).toBe(false);
    expect(firesForPlant('HEADCOUNT_DROP', withMismatch.evidence)).toBe(true);
    expect(firesForPlant('GUARANTEE_CIRCLE', { cycles: [] })).toBe(true);

    const warnings = [
      { uscc: 'S', code: 'HEADCOUNT_DROP', evidence: withMismatch.evidence },
      { uscc: 'T', code: 'HEADCOUNT_DROP', evidence: dropOnly.evidence },
      { uscc: 'C', code: 'GUARANTEE_CIRCLE', evidence: { cycles: [] } },
      { uscc: 'X', code: 'GUARANTEE_CIRCLE', evidence: { cycles: [] } },
    ];
    const fired = new Map<string, Set<string>>();
    for (const w of warnings.filter((x) => firesForPlant(x.code, x.evidence)))
      fired.set(w.code, new Set([...(fired.get(w.code) ?? []), w.uscc]));
    const rows = scoreRules(truth, fired);
    expect(rows.map((r) => r.code).sort()).toEqual(
      RULES.filter((r) => plantedFor(truth, r.code))
        .map((r) => r.code)
        .sort(),
    );
    expect(rows.find((r) => r.code === 'HEADCOUNT_DROP')).toMatchObject({
      fired: 1,
      notShown: 0,
      score: { planted: 2, found: 1, truePositives: 1, precision: 1, recall: 0.5, missed: ['U'] },
    });
    expect(rows.find((r) => r.code === 'GUARANTEE_CIRCLE')).toMatchObject({
      fired: 2,
      score: { planted: 1, found: 2, truePositives: 1, precision: 0.5, recall: 1, falseAlarms: ['X'] },
    });
    expect(rows.find((r) => r.code === 'NEW_ENFORCEMENT')).toMatchObject({
      fired: 0,
      score: { planted: 0, found: 0, precision: 1, recall: 1 },
    });
    const text = formatRuleScores(rows, 'rules for planted problems, at asOf');
    expect(text.split('\n')[0]).toBe('rules for planted problems, at asOf');
    expect(text).toMatch(/\n \+ {2}GUARANTEE_CIRCLE\s+2\s+1\s+1\s+0\.500\s+1\.000 *\n/);
    expect(text).toMatch(/\n12 {2}HEADCOUNT_DROP\s+1\s+2\s+1\s+1\.000\s+0\.500 *\n/);
  });
});

describe('scoring the slide-signal rules month by month', () => {
  // History: borrowers seen at the month ends 2024-01..2024-12.
  const year = Array.from({ length: 12 }, (_, k) => `2024-${String(k + 1).padStart(2, '0')}`);
  const slide = (
    uscc: string,
    fromMonth: string,
    toMonth: string,
    outcome: SlideEvidence['outcome'],
    signals: string[],
    extra: Partial<SlideEvidence> = {},
  ): SlideEvidence => ({ uscc, fromMonth, toMonth, outcome, signals, ...extra });
  /** A borrower seen at `months`, warned by `rule` at `warned`. */
  const seen = (uscc: string, months: string[], warned: Record<string, string[]>): HistoryPoint[] =>
    months.map((month) => ({
      uscc,
      month,
      rules: Object.entries(warned)
        .filter(([, ms]) => ms.includes(month))
        .map(([rule]) => rule),
    }));
  const score = (truth: unknown, history: HistoryPoint[], notShown = new Map<string, Set<string>>()) =>
    scoreSlideRules(truth as Parameters<typeof scoreSlideRules>[0], history, notShown);

  it('uses the documented windows', () => {
    expect(SHOWN_FROM_MONTH).toBe(3);
    expect(RECENT_RECOVERY_MONTHS).toBe(6);
    for (const s of ['sales', 'tax', 'balance', 'utilities', 'headcount', 'instalments', 'orders'])
      expect(AFTER_FAILURE_SIGNALS.has(s)).toBe(true);
  });

  it('BALANCE_DROP: recall per slide from its third month until its signals faded, precision per warned month end', () => {
    const truth = {
      problems: {
        SLIDE: [
          slide('A', '2024-02', '2024-06', 'RECOVERED', ['balance']),
          slide('B', '2024-03', '2024-07', 'RECOVERED', ['balance']),
          slide('C', '2024-02', '2024-05', 'FAILED', ['tax'], { failedIn: '2024-06' }),
          slide('D', '2024-04', '2024-07', 'FAILED', ['balance'], { failedIn: '2024-08' }),
          slide('F', '2023-06', '2024-03', 'RECOVERED', ['balance']),
          slide('G', '2024-05', '2024-08', 'RECOVERED', ['balance']),
          slide('I', '2024-02', '2024-05', 'RECOVERED', ['balance']),
        ],
      },
      firms: {
        A: { failedIn: null },
        B: { failedIn: null },
        C: { failedIn: '2024-06' },
        D: { failedIn: '2024-08' },
        E: { failedIn: null },
        F: { failedIn: null },
        G: { failedIn: null },
        I: { failedIn: null },
      },
    };
    const history = [
      // A: March is its slide's second month (too early, left out); May inside the slide; October in the fade after it recovered.
      ...seen('A', year, { BALANCE_DROP: ['2024-03', '2024-05', '2024-10'] }),
      // B: warned in its slide's first two months (left out: not a catch), and in November: still in the
      // fade the rules may see (true) but after its signals had faded (RECOVERY_MONTHS after its end): not a catch.
      ...seen('B', year, { BALANCE_DROP: ['2024-03', '2024-04', '2024-11'] }),
      // C failed in June without a balance signal in its slide: every failed firm's balances fall, so July is true.
      ...seen('C', year.slice(0, 8), { BALANCE_DROP: ['2024-07'] }),
      // D's slide failed: a warning after the slide's last month, before it left the history, still catches it.
      ...seen('D', year.slice(0, 10), { BALANCE_DROP: ['2024-09'] }),
      // E never slid: a false alarm.
      ...seen('E', year, { BALANCE_DROP: ['2024-05'] }),
      // F's slide started before the history: its warning counts for precision, the slide not for recall.
      ...seen('F', year, { BALANCE_DROP: ['2024-02'] }),
      // G's records cannot show the signal: left out of recall and counted.
      ...seen('G', year, {}),
      // I recovered in May and was warned in July, while its signals were fading: a catch.
      ...seen('I', year, { BALANCE_DROP: ['2024-07'] }),
    ];
    const rows = score(truth, history, new Map([['BALANCE_DROP', new Set(['G'])]]));
    expect(rows.map((r) => r.code).sort()).toEqual(
      RULES.filter((r) => signalOf(r.code))
        .map((r) => r.code)
        .sort(),
    );
    const balance = rows.find((r) => r.code === 'BALANCE_DROP')!;
    expect(balance).toMatchObject({
      number: 6,
      fired: 7,
      notShown: 1,
      firedMonths: 8,
      truePositiveMonths: 7,
      leftOutMonths: 3,
    });
    // Slides seen whole: A (caught in May), B (missed), D (caught in September), I (caught in July).
    expect(balance.score).toMatchObject({ planted: 4, found: 7, truePositives: 3, recall: 0.75, precision: 7 / 8 });
    // C's tax slide, never warned about.
    expect(rows.find((r) => r.code === 'TAX_PAID_DECLINE')!.score).toMatchObject({
      planted: 1,
      found: 0,
      truePositives: 0,
      recall: 0,
      precision: 0,
    });
    // No slide with the signal and no warning: nothing to get wrong.
    expect(rows.find((r) => r.code === 'UTILITY_IRREGULAR')).toMatchObject({
      firedMonths: 0,
      score: { planted: 0, precision: 1, recall: 1 },
    });
    const text = formatRuleScores(rows, 'slide signals, month by month');
    expect(text).toMatch(
      /\n 6 {2}BALANCE_DROP\s+7\s+4\s+3\s+0\.875\s+0\.750\s+1 {3}\(8 month ends warned, 7 while shown, 3 too early left out\)/,
    );
  });

  it('a lost customer shows from its third quiet month; a cash squeeze while the statement that has it is the newest', () => {
    const truth = {
      problems: {
        SLIDE: [
          slide('H', '2024-02', '2024-08', 'RECOVERED', ['customerLoss'], { customerLoss: { fromMonth: '2024-04' } }),
          slide('K', '2024-03', '2024-09', 'RECOVERED', ['cashFlow'], {
            cashSqueeze: { receivedOn: '2024-05-20', newestUntil: '2024-10-15' },
          }),
        ],
      },
      firms: { H: { failedIn: null }, K: { failedIn: null } },
    };
    const history = [
      ...seen('H', year, { MAJOR_CUSTOMER_LOSS: ['2024-05', '2024-06'] }),
      ...seen('K', year, { CASH_FLOW_COVERAGE_LOW: ['2024-04', '2024-06', '2024-10'] }),
    ];
    const rows = score(truth, history);
    // H: May is before the third quiet month (left out), June catches it.
    expect(rows.find((r) => r.code === 'MAJOR_CUSTOMER_LOSS')).toMatchObject({
      firedMonths: 1,
      truePositiveMonths: 1,
      leftOutMonths: 1,
      score: { planted: 1, truePositives: 1, precision: 1, recall: 1 },
    });
    // K: April is before the statement arrived, October after the next one did: false; June is true and catches it.
    expect(rows.find((r) => r.code === 'CASH_FLOW_COVERAGE_LOW')).toMatchObject({
      firedMonths: 3,
      truePositiveMonths: 1,
      leftOutMonths: 0,
      score: { planted: 1, truePositives: 1, precision: 1 / 3, recall: 1 },
    });
  });

  it('an empty history scores nothing', () => {
    expect(score({ problems: {}, firms: {} }, [])).toEqual([]);
  });
});
