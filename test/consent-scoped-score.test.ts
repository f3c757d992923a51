/**
 * A partner's score uses only the sources its consent names: the restriction of a firm's facts
 * to a set of sources (`restrictToSources`, pure) and the one scoring function reading the
 * restricted facts. The sources left out are dropped, named missing and excluded; their inputs
 * are unknown to the model (neutral evidence), their caps and a default they show do not apply,
 * confidence drops, and nothing of their data moves the score. (Over HTTP:
 * test/consent-scoped-score.int.test.ts.)
 */
import { restrictToSources, type FirmFacts } from '../src/health/facts';
import { scoreHealth, UNAVAILABLE, type Health } from '../src/health/health.service';
import { INDICATORS } from '../src/health/indicators';
import { HEALTH_SOURCES } from '../src/auth/authorize.service';
import { shippedModel } from '../src/model/model.repository';
import { healthyFacts, withLast } from './facts.fixture';

const model = shippedModel();
const factor = (h: Health, code: string) => h.factors.find((f) => f.code === code)!;
const NOT_TAX = ['BANK', 'REGISTRY', 'SUPPLY_CHAIN', 'JUDICIAL', 'ALT_DATA'];
/** The model's inputs and whether they read a source other than tax. */
const selected = model.scorecard.features.filter((x) => x.selected).map((x) => x.feature);
const readsOnlyTax = (code: string) =>
  INDICATORS.find((i) => i.code === code)?.sources.every((s) => s === 'tax') ?? false;

/** The healthy firm with a pending court case, a dishonest-debtor listing and an abnormal-operations listing. */
function troubled(): FirmFacts {
  const f = healthyFacts();
  f.judicial = {
    defendantCases: [
      {
        id: '7',
        caseNo: '(2026)浙0106民初1号',
        cause: '买卖合同纠纷',
        filedOn: '2026-05-01',
        amount: '300000.00',
        status: 'PENDING',
      },
    ],
    enforcements: [],
    dishonestListings: [{ id: '3', caseNo: '(2026)浙0106执1号', listedOn: '2026-06-01', removedOn: null }],
  };
  f.registry!.abnormalListings = [{ id: '5', listedOn: '2026-04-01', reason: '未按规定公示年报' }];
  return f;
}

describe('restrictToSources', () => {
  it("drops every source not named, names it missing and excluded, and keeps the named ones and the firm's identity", () => {
    const f = healthyFacts();
    const copy = structuredClone(f);
    const r = restrictToSources(f, ['TAX']);
    expect(r).toMatchObject({
      bank: null,
      statement: null,
      registry: null,
      supplyChain: null,
      altData: null,
      judicial: { defendantCases: [], enforcements: [], dishonestListings: [] },
    });
    expect(r.tax).toBe(f.tax);
    expect(r).toMatchObject({ uscc: f.uscc, name: f.name, industryCode: f.industryCode, asOf: f.asOf });
    expect(r.excludedSources).toEqual(NOT_TAX);
    expect([...r.missingSources].sort()).toEqual([...NOT_TAX].sort());
    expect(r.failedSources).toBeUndefined();
    // Pure: the facts it was given are unchanged.
    expect(f).toEqual(copy);
  });

  it('keeps what the firm already lacked named missing, and returns the facts as they are when every source is named', () => {
    const noAlt = healthyFacts({ altData: null, missingSources: ['ALT_DATA'] });
    expect(restrictToSources(noAlt, ['TAX', 'ALT_DATA']).missingSources).toEqual([
      'ALT_DATA',
      'BANK',
      'REGISTRY',
      'SUPPLY_CHAIN',
      'JUDICIAL',
    ]);
    const f = healthyFacts();
    expect(restrictToSources(f, [...HEALTH_SOURCES])).toBe(f);
    expect(restrictToSources(f, ['JUDICIAL', 'ALT_DATA', 'TAX', 'BANK', 'SUPPLY_CHAIN', 'REGISTRY'])).toBe(f);
  });
});

describe('a score from the consented sources only (the one scoring function, restricted facts)', () => {
  it('TAX only: the other sources are missing and excluded, their inputs unknown (WoE 0), confidence lower, the PD another', () => {
    const all = scoreHealth(healthyFacts(), model);
    const tax = scoreHealth(restrictToSources(healthyFacts(), ['TAX']), model);
    expect([...tax.missingSources].sort()).toEqual([...NOT_TAX].sort());
    expect(tax.excludedSources).toEqual(NOT_TAX);
    expect(all.excludedSources).toBeUndefined();
    expect(tax.confidence).toBeLessThan(all.confidence);
    expect(tax.probabilityOfDefault).not.toBe(all.probabilityOfDefault);
    for (const code of selected.filter((c) => c !== 'SECTOR')) {
      if (readsOnlyTax(code)) {
        // What the consent covers is read as for the bank's analysts.
        expect([code, factor(tax, code).bin, factor(tax, code).value]).toEqual([
          code,
          factor(all, code).bin,
          factor(all, code).value,
        ]);
      } else {
        expect([code, tax.inputs[code], factor(tax, code).woe]).toEqual([code, UNAVAILABLE, 0]);
        expect(factor(tax, code).explanation).toMatch(/^unknown: [a-z_, ]+ not covered by the consent$/);
      }
    }
    expect(factor(tax, 'REPAYMENT_RECORD').explanation).toBe('unknown: bank not covered by the consent');
    expect(factor(tax, 'CASH_BUFFER').explanation).toBe('unknown: bank not covered by the consent');
    expect(tax.reasons).toContain(
      'not covered by the consent, so not used: BANK, REGISTRY, SUPPLY_CHAIN, JUDICIAL, ALT_DATA; the probability rests on the other sources',
    );
    expect(tax.reasons.some((r) => r.startsWith('no data from'))).toBe(false);
  });

  it("nothing of a source left out moves the score: the bank's books changed, the TAX-only score is the same", () => {
    const f = healthyFacts();
    f.bank!.months = withLast(f.bank!.months, 3, (m) => ({ ...m, endBalance: '1000.00' }));
    f.bank!.loans[0].overdueDays = 120;
    const changed = scoreHealth(f, model);
    expect(changed.inDefault).not.toBeNull();
    const before = scoreHealth(restrictToSources(healthyFacts(), ['TAX']), model);
    const after = scoreHealth(restrictToSources(f, ['TAX']), model);
    expect(after).toEqual(before);
    expect(after.inDefault).toBeNull();
  });

  it('caps come only from the consented sources: a dishonest listing caps the score when JUDICIAL is named, not otherwise', () => {
    const all = scoreHealth(troubled(), model);
    expect(all.caps).toHaveLength(2);
    expect(scoreHealth(restrictToSources(troubled(), ['TAX', 'BANK']), model).caps).toEqual([]);
    expect(scoreHealth(restrictToSources(troubled(), ['TAX', 'JUDICIAL']), model).caps).toEqual([
      expect.stringMatching(/^listed as a dishonest debtor/),
    ]);
  });

  it('a source left out is unknown, not clean: without SUPPLY_CHAIN the order trend is no evidence and confidence drops', () => {
    const all = scoreHealth(healthyFacts(), model);
    const noSupply = scoreHealth(
      restrictToSources(
        healthyFacts(),
        HEALTH_SOURCES.filter((s) => s !== 'SUPPLY_CHAIN'),
      ),
      model,
    );
    expect(factor(noSupply, 'ORDER_TREND')).toMatchObject({
      woe: 0,
      explanation: 'unknown: supply_chain not covered by the consent',
    });
    expect(noSupply.confidence).toBeLessThan(all.confidence);
    expect(noSupply).toMatchObject({ missingSources: ['SUPPLY_CHAIN'], excludedSources: ['SUPPLY_CHAIN'] });
  });
});
