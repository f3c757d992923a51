/**
 * Entity resolution on hard names, against a registry of look-alike firms: Traditional
 * characters and full-width noise are read as the name they spell; another legal form, a branch
 * or a bare trade name never auto-links but goes to review with the reason named; look-alikes
 * within the margin are offered together; context (the court's county, a known counterparty)
 * can raise a match but never make one. Also the generator's hard variants, read back.
 */
import { parseName, toSimplified, unifyCharacters } from '../src/resolution/normalize';
import { type MatchProfile, nameAlone, profileOf, scorePair } from '../src/resolution/compare';
import { BlockIndex, decide, resolveSubjects } from '../src/resolution/resolution.service';
import type { FirmCandidate, Subject } from '../src/resolution/resolution.types';
import { LinkKind, LinkStatus } from '../src/resolution/link.entity';
import { RESOLUTION_CONFIG } from '../src/resolution/resolution.config';
import {
  composeName,
  expectedFor,
  fullWidth,
  hardNameVariant,
  type NameParts,
  SINGLE_HARD_KINDS,
  traditionalName,
} from '../src/seed/names';
import { Rng } from '../src/seed/random';
import { regionByCode } from '../src/reference/regions';

describe('reading hard names', () => {
  it('converts Traditional characters (Taiwan and Hong Kong forms) to Simplified before comparing', () => {
    expect(toSimplified('寧波甬興機械製造有限公司')).toBe('宁波甬兴机械制造有限公司');
    expect(unifyCharacters('寧波甬興機械製造有限責任公司')).toBe('宁波甬兴机械制造有限责任公司');
    expect(parseName('寧波甬興機械製造有限公司').normalized).toBe(parseName('宁波甬兴机械制造有限公司').normalized);
    expect(parseName(traditionalName('宁波甬兴线缆有限公司', 'hk')).normalized).toBe('宁波甬兴线缆有限公司');
  });

  it('reads full-width letters and digits as ASCII, and letters, digits or a note around the name do not defeat the region strip', () => {
    expect(unifyCharacters('ＮＢ０１宁波甬兴')).toBe('NB01宁波甬兴');
    for (const noisy of [
      'ＮＢ宁波甬兴机械制造有限公司',
      'ＮＢ２３宁波甬兴机械制造有限公司',
      '宁波甬兴机械制造有限公司（ＮＢ）',
      '宁波甬兴机械制造有限公司NB7',
      '(NB)宁波甬兴机械制造有限公司',
    ]) {
      const p = parseName(noisy);
      expect({ noisy, regions: p.regions, legalForm: p.legalForm, core: p.cores.includes('甬兴机械制造') }).toEqual({
        noisy,
        regions: ['宁波'],
        legalForm: 'LIMITED',
        core: true,
      });
    }
    // A trailing note is dropped from the normalised name; letters that end a shop's name are its name.
    expect(parseName('宁波甬兴机械制造有限公司（原宁波甬兴贸易有限公司）').normalized).toBe('宁波甬兴机械制造有限公司');
    expect(parseName('甬兴KTV').cores).toEqual(['甬兴KTV']);
  });

  it('tells the legal forms apart: 有限公司 = 有限责任公司; 股份有限公司, partnerships, sole proprietorships, cooperatives differ', () => {
    expect(parseName('宁波甬兴机械有限责任公司').legalForm).toBe('LIMITED');
    expect(parseName('宁波甬兴机械有限公司').normalized).toBe(parseName('宁波甬兴机械有限责任公司').normalized);
    expect(parseName('宁波甬兴机械股份有限公司').legalForm).toBe('JOINT_STOCK');
    expect(parseName('宁波甬兴投资合伙企业（有限合伙）').legalForm).toBe('PARTNERSHIP');
    expect(parseName('宁波甬兴贸易个人独资企业').legalForm).toBe('SOLE_PROPRIETORSHIP');
    expect(parseName('北仑区甬兴水产养殖专业合作社').legalForm).toBe('COOPERATIVE');
    expect(parseName('甬兴机械').legalForm).toBeNull();
  });

  it("reads a branch: its label apart, its parent's name and legal form as the core; shop names ending 经营部 are no branch", () => {
    expect(parseName('宁波甬兴机械制造有限公司北仑分公司')).toMatchObject({
      legalForm: 'LIMITED',
      branch: '北仑分公司',
      cores: ['宁波甬兴机械制造', '甬兴机械制造'],
    });
    expect(parseName('宁波甬兴机械制造有限公司（北仑分公司）').branch).toBe('北仑分公司');
    expect(parseName('宁波甬兴机械制造北仑分公司')).toMatchObject({
      legalForm: null,
      branch: '北仑分公司',
      cores: ['宁波甬兴机械制造', '甬兴机械制造'],
    });
    expect(parseName('北仑区甬兴五金经营部').branch).toBeNull();
    expect(parseName('宁波甬兴机械制造有限公司').branch).toBeNull();
  });
});

/** A registry of look-alike firms in 宁波: one 字号, two legal forms, a branch, a brand one character off. */
const REGISTRY: Array<[string, string, string]> = [
  ['A', '宁波甬兴机械制造有限公司', '北仑区'],
  ['B', '宁波甬兴机械股份有限公司', '鄞州区'],
  ['C', '宁波甬兴机械制造有限公司北仑分公司', '北仑区'],
  ['D', '宁波甬星机械制造有限公司', '北仑区'],
];
const CORE = '91330200CORE0001XX';
const firms: FirmCandidate[] = REGISTRY.map(([uscc, name, county]) => ({
  uscc,
  name,
  createdAt: '2020-01-01',
  profile: profileOf([name], {
    regionWords: [`宁波市${county}`, county, '宁波市', '宁波', '浙江省', '浙江'],
    identifiers: [uscc],
    locality: `宁波市${county}`,
    counterparties: uscc === 'A' ? [CORE] : [],
  }),
}));
const index = new BlockIndex(firms);
const record = (name: string, extra: Partial<MatchProfile> = {}): Subject => ({
  kind: LinkKind.RECORD,
  table: 'judicial.case_party',
  key: name,
  name,
  profile: profileOf([name], extra),
});
const resolve = (name: string, extra: Partial<MatchProfile> = {}) => resolveSubjects([record(name, extra)], index);
const outcome = (name: string, extra: Partial<MatchProfile> = {}) =>
  resolve(name, extra).map((d) => `${d.uscc}:${d.status}`);
/** A court of the county of firm A (北仑) or B (鄞州): location evidence. */
const BEILUN = { locality: '宁波市北仑区' };
const YINZHOU = { locality: '宁波市鄞州区' };

describe('hard names against look-alike firms', () => {
  it('links the registered name in Traditional characters, with full-width noise, or by another spelling of its legal form', () => {
    for (const ctx of [{}, BEILUN]) {
      expect(outcome('寧波甬興機械製造有限公司', ctx)).toEqual(['A:LINKED']);
      expect(outcome('ＮＢ宁波甬兴机械制造有限公司', ctx)).toEqual(['A:LINKED']);
      expect(outcome('宁波甬兴机械制造有限公司（ＮＢ０１）', ctx)).toEqual(['A:LINKED']);
      expect(outcome('宁波甬兴机械制造有限责任公司', ctx)).toEqual(['A:LINKED']);
    }
  });

  it('tells look-alikes apart: each registered name links to its own firm, not to the firm sharing its 字号', () => {
    expect(outcome('宁波甬兴机械制造有限公司')).toEqual(['A:LINKED']);
    expect(outcome('宁波甬兴机械股份有限公司')).toEqual(['B:LINKED']);
    expect(outcome('宁波甬兴机械制造有限公司北仑分公司')).toEqual(['C:LINKED']);
    expect(outcome('宁波甬星机械制造有限公司')).toEqual(['D:LINKED']);
  });

  it("never auto-links another legal form: review with the reason named, with or without the court in the firm's county", () => {
    for (const ctx of [{}, BEILUN]) {
      const ds = resolve('宁波甬兴机械制造股份有限公司', ctx);
      expect(ds.every((d) => d.status === LinkStatus.REVIEW)).toBe(true);
      expect(ds.map((d) => d.uscc)).toContain('A');
      expect(ds[0].reviewReason).toMatch(/^A: different legal form \(JOINT_STOCK vs LIMITED\)/);
    }
    // The score alone would have auto-linked it with the court's location.
    expect(
      resolve('宁波甬兴机械制造股份有限公司', BEILUN).find((d) => d.uscc === 'A')!.score.probability,
    ).toBeGreaterThan(RESOLUTION_CONFIG.autoLink);
  });

  it('compares the legal form of the name the record matched: a firm that became a 股份有限公司 is linked by its former 有限公司 name', () => {
    const renamed: FirmCandidate = {
      ...firms[1],
      profile: { ...firms[1].profile, names: ['宁波甬兴机械股份有限公司', '宁波甬兴机械有限责任公司'].map(parseName) },
    };
    const ds = resolveSubjects([record('宁波甬兴机械有限公司')], new BlockIndex([renamed]));
    expect(ds.map((d) => `${d.uscc}:${d.status}`)).toEqual(['B:LINKED']);
    expect(ds[0].score.parts.find((p) => p.comparison === 'LEGAL_FORM')!.level).toBe('SAME');
  });

  it('never auto-links a branch to its parent (or the parent to a branch): review with the reason named', () => {
    for (const ctx of [{}, BEILUN]) {
      const ds = resolve('宁波甬兴机械制造有限公司镇海分公司', ctx);
      expect(ds.every((d) => d.status === LinkStatus.REVIEW)).toBe(true);
      expect(ds.map((d) => d.uscc)).toEqual(expect.arrayContaining(['A', 'C']));
      expect(ds[0].reviewReason).toMatch(
        /branch and firm differ \(branch 镇海分公司 vs (not a branch|branch 北仑分公司)\)/,
      );
    }
    const parts = scorePair(profileOf(['宁波甬兴机械制造有限公司']), firms[2].profile).parts;
    expect(parts.find((p) => p.comparison === 'LEGAL_FORM')).toMatchObject({
      level: 'BRANCH',
      detail: 'not a branch vs branch 北仑分公司',
    });
  });

  it("sends a bare trade name shared by two firms to review, offering both with their scores, also when the court is in one firm's county", () => {
    for (const ctx of [{}, YINZHOU, BEILUN]) {
      const ds = resolve('甬兴机械', ctx);
      expect(ds.every((d) => d.status === LinkStatus.REVIEW)).toBe(true);
      expect(ds.map((d) => d.uscc).sort()).toEqual(['A', 'B']);
      const reason = ds[0].reviewReason!;
      expect(reason).toMatch(/legal form stated on one side only/);
      expect(reason).toMatch(/ambiguous: 2 firms within 10 bits of each other/);
      for (const d of ds)
        expect(reason).toContain(
          `${d.uscc} probability ${d.score.probability.toFixed(4)}, weight ${d.score.matchWeight.toFixed(2)}`,
        );
    }
  });

  it('two candidates within the margin go to review together; a candidate contradicting the record does not block one that agrees', () => {
    // Both firms registered under one name: the same evidence for each.
    const twice = new BlockIndex([
      firms[0],
      { ...firms[0], uscc: 'A2', profile: { ...firms[0].profile, identifiers: ['A2'] } },
    ]);
    expect(resolveSubjects([record('宁波甬兴机械制造有限公司')], twice).map((d) => `${d.uscc}:${d.status}`)).toEqual([
      'A:REVIEW',
      'A2:REVIEW',
    ]);
    // B (股份) shares A's 字号 but not the record's legal form: A is linked, B only noted as runner-up if plausible.
    expect(outcome('甬兴机械制造有限公司', BEILUN)).toEqual(['A:LINKED']);
  });

  it('location can raise a match but never make one: a name that alone is below the bar stays in review whatever the context', () => {
    // 甬兴机械有限公司 only extends into A's name (甬兴机械 / 甬兴机械制造): alone it is far from a match.
    const viaCourt = resolve('宁波甬兴机械有限公司', BEILUN);
    const viaCounterparty = resolve('宁波甬兴机械有限公司', { counterparties: [CORE] });
    for (const ds of [viaCourt, viaCounterparty]) {
      expect(ds.map((d) => `${d.uscc}:${d.status}`)).toEqual(['A:REVIEW']);
      expect(nameAlone(ds[0].score).probability).toBeLessThan(RESOLUTION_CONFIG.contextLiftFloor);
    }
    // A known counterparty takes it over the auto-link bar on score, and the rule holds it back.
    expect(viaCounterparty[0].score.probability).toBeGreaterThanOrEqual(RESOLUTION_CONFIG.autoLink);
    expect(viaCounterparty[0].reviewReason).toMatch(
      /^context only: the name alone gives 0\.\d{4} \(below 0.9\); context \(\+8\.64 bits\) can raise a match, not make one$/,
    );
    // The registered name without its region identifies the firm: there the court's county may lift it over the bar.
    expect(outcome('甬兴机械制造有限公司')).toEqual(['A:REVIEW']);
    expect(outcome('甬兴机械制造有限公司', BEILUN)).toEqual(['A:LINKED']);
  });

  it('the context rule, precisely: auto-link on context only when the name alone reaches contextLiftFloor', () => {
    const subject = record('x');
    const withContext = (nameWeight: number, contextWeight: number) => {
      const matchWeight = nameWeight + contextWeight;
      return {
        matchWeight,
        probability: 2 ** matchWeight / (1 + 2 ** matchWeight),
        priorWeight: 0,
        parts: [
          { comparison: 'NAME' as const, level: 'SAME_CORE', weight: nameWeight, m: null, u: null, detail: '' },
          {
            comparison: 'CONTEXT' as const,
            level: 'SAME_LOCALITY',
            weight: contextWeight,
            m: null,
            u: null,
            detail: '',
          },
        ],
      };
    };
    // Name alone 0.8 (2 bits), with the locality's 5.32 bits 0.99: review.
    expect(decide(subject, [{ uscc: 'A', score: withContext(2, 5.32) }])[0]).toMatchObject({
      status: LinkStatus.REVIEW,
      reviewReason: expect.stringMatching(/^context only/),
    });
    // Name alone 0.95 (4.25 bits): the same context may lift it.
    expect(decide(subject, [{ uscc: 'A', score: withContext(4.25, 5.32) }])[0].status).toBe(LinkStatus.LINKED);
    // Context against the name never hurts the rule's reading: name alone 0.9999, context -2 bits, still linked.
    expect(decide(subject, [{ uscc: 'A', score: withContext(14, -2) }])[0].status).toBe(LinkStatus.LINKED);
  });
});

describe("the generator's hard variants, read back", () => {
  const region = regionByCode('330106')!;
  const parts: NameParts = {
    kind: 'COMPANY',
    prefix: '杭州',
    brand: '鑫华',
    trade: '电子科技',
    suffix: '有限公司',
    bracketed: false,
  };
  const registered = parseName(composeName(parts));

  it('plants each kind labelled with what resolution should do', () => {
    expect(SINGLE_HARD_KINDS.map((k) => [k, expectedFor(k)])).toEqual([
      ['TRADITIONAL', 'LINK'],
      ['FULL_WIDTH_NOISE', 'LINK'],
      ['OTHER_LEGAL_FORM', 'REVIEW'],
      ['BRANCH', 'REVIEW'],
      ['BARE_TRADE_NAME', 'REVIEW'],
      ['LOCATION_ONLY', 'REVIEW'],
    ]);
    expect(expectedFor('SHARED_TRADE_NAME')).toBe('REVIEW');
    expect(expectedFor('LOOKALIKE_NAME')).toBe('LINK');
  });

  it('spells them as sources do, and the parser reads them as the truth says', () => {
    for (let s = 1; s <= 20; s++) {
      const rng = Rng.stream(s, 1, 1);
      const v = (kind: Parameters<typeof hardNameVariant>[2]) => parseName(hardNameVariant(rng, parts, kind, region));
      const traditional = hardNameVariant(rng, parts, 'TRADITIONAL', region);
      expect(traditional).not.toBe(composeName(parts));
      expect(parseName(traditional).normalized).toBe(registered.normalized);
      const noisy = v('FULL_WIDTH_NOISE');
      expect(/[Ａ-Ｚ０-９]/.test(noisy.raw)).toBe(true);
      expect(noisy.cores).toContain('鑫华电子科技');
      expect(noisy.regions).toContain('杭州');
      expect(v('OTHER_LEGAL_FORM').legalForm).toBe('JOINT_STOCK');
      expect(v('BRANCH')).toMatchObject({ branch: '西湖分公司', legalForm: 'LIMITED' });
      expect(v('BARE_TRADE_NAME')).toMatchObject({ legalForm: null, cores: ['鑫华电子科技'] });
      const weak = v('LOCATION_ONLY');
      expect(weak.normalized === registered.normalized).toBe(false);
    }
    expect(fullWidth('HZ12')).toBe('ＨＺ１２');
  });
});
