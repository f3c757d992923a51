/** Entity resolution's pure parts: name normalisation, the scored comparison, the decision. */
import { parseName, regionsAgree, sharedCore, unifyCharacters } from '../src/resolution/normalize';
import { log2Ratio, profileOf, scorePair } from '../src/resolution/compare';
import { BlockIndex, decide, resolveSubjects } from '../src/resolution/resolution.service';
import { courtLocality } from '../src/resolution/resolution.repository';
import type { FirmCandidate, Subject } from '../src/resolution/resolution.types';
import { LinkKind, LinkMethod, LinkStatus } from '../src/resolution/link.entity';
import { RESOLUTION_CONFIG } from '../src/resolution/resolution.config';
import { cityShortName, localityName, regionByCode } from '../src/reference/regions';

describe('name normalisation', () => {
  it('unifies widths, brackets, spaces and punctuation', () => {
    expect(unifyCharacters('鑫华（杭州）机械 有限公司')).toBe('鑫华(杭州)机械有限公司');
    expect(unifyCharacters('ＡＢＣ科技·有限公司')).toBe('ABC科技有限公司');
  });

  it('writes 有限责任公司 and 有限公司 one way, and keeps 股份有限公司 apart', () => {
    const a = parseName('杭州鑫华机械有限责任公司');
    const b = parseName('杭州鑫华机械有限公司');
    expect(a.normalized).toBe(b.normalized);
    expect(a.legalForm).toBe('LIMITED');
    expect(parseName('杭州鑫华机械股份有限公司').legalForm).toBe('JOINT_STOCK');
    expect(parseName('西湖区鑫华蔬菜种植专业合作社').legalForm).toBe('COOPERATIVE');
    expect(parseName('鑫华水果店').legalForm).toBeNull();
  });

  it('sets region prefixes and bracketed regions aside, keeping every reading of the core', () => {
    const p = parseName('杭州鑫华机械有限公司');
    expect(p.regions).toEqual(['杭州']);
    expect(p.cores).toEqual(['杭州鑫华机械', '鑫华机械']);
    expect(parseName('鑫华（杭州）机械有限公司').cores).toEqual(['鑫华机械']);
    expect(parseName('浙江杭州鑫华机械有限公司').cores).toContain('鑫华机械');
    // 金华 is a city and could be a brand: the core without it is also kept, and the longest shared core wins.
    const brandLikeCity = parseName('杭州金华机械有限公司');
    expect(brandLikeCity.cores).toEqual(['杭州金华机械', '金华机械']);
    expect(sharedCore(parseName('金华机械有限公司'), brandLikeCity)).toBe('金华机械');
  });

  it('never keeps a core too short to identify a firm', () => {
    expect(parseName('杭州机械有限公司').cores).toEqual(['杭州机械']);
    expect(parseName('机械有限公司').cores).toEqual([]);
  });

  it('compares region words loosely (short and full names) and says when it cannot', () => {
    expect(regionsAgree(['杭州'], ['杭州市西湖区', '杭州市', '杭州'])).toBe(true);
    expect(regionsAgree(['宁波'], ['杭州市', '杭州'])).toBe(false);
    expect(regionsAgree([], ['杭州'])).toBeNull();
  });

  it("reads a basic court's county and leaves higher courts out", () => {
    expect(courtLocality('杭州市西湖区人民法院')).toBe('杭州市西湖区');
    expect(courtLocality('杭州市中级人民法院')).toBeNull();
    expect(courtLocality(null)).toBeNull();
  });
});

describe('the scored comparison', () => {
  const firm = profileOf(['杭州鑫华机械有限公司', '杭州鑫华贸易有限公司'], {
    regionWords: ['杭州市西湖区', '西湖区', '杭州市', '杭州', '浙江省', '浙江'],
    identifiers: ['91330106MA2XXXXXX1'],
    counterparties: ['91330000CORE00001X'],
    locality: '杭州市西湖区',
  });
  const weight = (comparison: string, level: string) => {
    const p = RESOLUTION_CONFIG.levels[comparison as 'NAME'][level];
    return log2Ratio(p.m, p.u);
  };

  it('explains every part with its level, weight and the values compared', () => {
    const s = scorePair(profileOf(['鑫华机械有限公司'], { locality: '杭州市西湖区' }), firm);
    const byComparison = Object.fromEntries(s.parts.map((p) => [p.comparison, p]));
    expect(byComparison.NAME.level).toBe('SAME_CORE');
    expect(byComparison.NAME.weight).toBe(weight('NAME', 'SAME_CORE'));
    expect(byComparison.NAME.detail).toContain('鑫华机械');
    expect(byComparison.REGION).toMatchObject({ level: 'UNKNOWN', weight: 0 });
    expect(byComparison.CONTEXT).toMatchObject({ level: 'SAME_LOCALITY' });
    expect(byComparison.LEGAL_REP).toMatchObject({ level: 'UNKNOWN', weight: 0 });
    // The total is the prior plus the parts, and the probability follows from it.
    const total = s.priorWeight + s.parts.reduce((t, p) => t + p.weight, 0);
    expect(s.matchWeight).toBeCloseTo(total, 1);
    expect(s.probability).toBeCloseTo(2 ** s.matchWeight / (1 + 2 ** s.matchWeight), 6);
    expect(s.probability).toBeGreaterThanOrEqual(RESOLUTION_CONFIG.autoLink);
  });

  it('puts each kind of variant on its level', () => {
    const level = (name: string) =>
      scorePair(profileOf([name]), firm).parts.find((p) => p.comparison === 'NAME')!.level;
    expect(level('杭州鑫华机械有限责任公司')).toBe('EXACT');
    expect(level('杭州鑫华贸易有限公司')).toBe('FORMER_NAME');
    expect(level('鑫华机械有限公司')).toBe('SAME_CORE');
    expect(level('杭州鑫华机戒有限公司')).toBe('SIMILAR_CORE');
    expect(level('宁波永昌电子有限公司')).toBe('DIFFERENT');
  });

  it('a different firm of a similar name in another region scores low', () => {
    const s = scorePair(profileOf(['宁波鑫华小额贷款有限公司'], { locality: '宁波市鄞州区' }), firm);
    expect(s.probability).toBeLessThan(RESOLUTION_CONFIG.review);
  });

  it('an order naming a counterparty the firm deals with is evidence; one it does not is against', () => {
    const known = scorePair(profileOf(['鑫华机械有限公司'], { counterparties: ['91330000CORE00001X'] }), firm);
    const unknown = scorePair(profileOf(['鑫华机械有限公司'], { counterparties: ['91330000OTHER0001X'] }), firm);
    expect(known.parts.find((p) => p.comparison === 'CONTEXT')!.level).toBe('KNOWN_COUNTERPARTY');
    expect(unknown.parts.find((p) => p.comparison === 'CONTEXT')!.level).toBe('UNRELATED');
    expect(known.matchWeight).toBeGreaterThan(unknown.matchWeight);
  });

  it('firm-to-firm: the same legal representative, address and shareholders are strong evidence', () => {
    const a = profileOf(['杭州鑫华机械有限公司'], {
      legalRepName: '王伟',
      legalRepIdNo: '330106198001011234',
      address: '浙江省杭州市西湖区文三路1号',
      shareholders: ['330106198001011234'],
    });
    const b = profileOf(['杭州鑫华机械有限责任公司'], {
      legalRepName: '王伟',
      legalRepIdNo: '330106198001011234',
      address: '浙江省杭州市西湖区文三路1号',
      shareholders: ['330106198001011234'],
    });
    const levels = Object.fromEntries(scorePair(a, b).parts.map((p) => [p.comparison, p.level]));
    expect(levels).toMatchObject({ LEGAL_REP: 'SAME_ID', ADDRESS: 'SAME', SHAREHOLDERS: 'MOSTLY_SAME', NAME: 'EXACT' });
  });
});

describe('the decision', () => {
  const subject: Subject = {
    kind: LinkKind.RECORD,
    table: 'judicial.case_party',
    key: '1',
    name: '鑫华机械有限公司',
    profile: profileOf(['鑫华机械有限公司']),
  };
  const score = (probability: number) => {
    const w = Math.log2(probability / (1 - probability));
    return { matchWeight: w, probability, priorWeight: 0, parts: [] };
  };

  it('links one clear candidate above the auto-link threshold', () => {
    const [d, ...rest] = decide(subject, [
      { uscc: 'A', score: score(0.999) },
      { uscc: 'B', score: score(0.1) },
    ]);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ uscc: 'A', status: LinkStatus.LINKED, method: LinkMethod.SCORED, reviewReason: null });
  });

  it('sends an uncertain pair to review with the reason', () => {
    const [d] = decide(subject, [{ uscc: 'A', score: score(0.9) }]);
    expect(d.status).toBe(LinkStatus.REVIEW);
    expect(d.reviewReason).toMatch(/uncertain: probability 0.9000 is below the auto-link threshold 0.99/);
  });

  it('sends every plausible candidate of an ambiguous record to review', () => {
    const ds = decide(subject, [
      { uscc: 'A', score: score(0.999) },
      { uscc: 'B', score: score(0.9) },
    ]);
    expect(ds.map((d) => [d.uscc, d.status])).toEqual([
      ['A', LinkStatus.REVIEW],
      ['B', LinkStatus.REVIEW],
    ]);
    expect(ds[0].reviewReason).toBe(
      'ambiguous: 2 firms within 10 bits of each other (A probability 0.9990, weight 9.96; B probability 0.9000, weight 3.17)',
    );
  });

  it('links the best of several plausible firms when it leads by the margin, noting the runner-up', () => {
    const ds = decide(subject, [
      { uscc: 'A', score: score(0.999999) },
      { uscc: 'B', score: score(0.67) },
    ]);
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ uscc: 'A', status: LinkStatus.LINKED, runnerUp: { uscc: 'B' } });
  });

  it('links nothing below the review threshold', () => {
    expect(decide(subject, [{ uscc: 'A', score: score(0.3) }])).toEqual([]);
  });
});

describe('resolving records against the portfolio', () => {
  const firm = (uscc: string, createdAt: string): FirmCandidate => ({
    uscc,
    name: '杭州鑫华机械有限公司',
    createdAt,
    profile: profileOf(['杭州鑫华机械有限公司'], {
      regionWords: ['杭州市', '杭州'],
      identifiers: [uscc],
      locality: '杭州市西湖区',
    }),
  });
  const index = new BlockIndex([
    firm('A', '2020-01-01'),
    firm('B', '2021-01-01'),
    { ...firm('C', '2020-01-01'), name: '宁波永昌电子有限公司', profile: profileOf(['宁波永昌电子有限公司']) },
  ]);
  const record: Subject = {
    kind: LinkKind.RECORD,
    table: 'judicial.case_party',
    key: '7',
    name: '杭州鑫华机械有限责任公司',
    profile: profileOf(['杭州鑫华机械有限责任公司'], { locality: '杭州市西湖区' }),
  };

  it('blocks on name cores: unrelated firms are never compared', () => {
    expect(index.candidates(record.profile, RESOLUTION_CONFIG).sort()).toEqual([0, 1]);
  });

  it('a firm registered twice makes its records ambiguous until the merge is in effect', () => {
    expect(resolveSubjects([record], index).map((d) => [d.uscc, d.status])).toEqual([
      ['A', 'REVIEW'],
      ['B', 'REVIEW'],
    ]);
    const merged = resolveSubjects([record], index, RESOLUTION_CONFIG, new Map([['B', 'A']]));
    expect(merged.map((d) => [d.uscc, d.status])).toEqual([['A', 'LINKED']]);
  });
});

describe('regions the division lists oddly', () => {
  it('a county of Chongqing (listed under the city 县) is named after the municipality', () => {
    const region = regionByCode('500229')!;
    expect(region.city).toBe('县');
    expect(cityShortName(region)).toBe('重庆');
    expect(localityName(region)).toBe('重庆市城口县');
  });
});
