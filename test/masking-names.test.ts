/**
 * Persons' names: telling a person's name from an organisation's, and masking the persons'
 * names inside free text (registry changes). The generator's own people and firms are the
 * bulk check: every name it draws for a person looks like one, no firm name it makes does.
 */
import { maskPersonName, maskPersonNamesInText } from '../src/masking/mask';
import { isOrganisationName, isPersonParty, looksLikePersonName } from '../src/masking/person-name';
import { drawPerson, nameVariant, variantKindsFor } from '../src/seed/names';
import { coreEnterprise, CORE_ENTERPRISES, EXTERNAL_SERIAL_BASE, firmIdentity } from '../src/seed/identity';
import { Rng, Stream } from '../src/seed/random';
import { monthOf } from '../src/seed/calendar';

describe('whose name is it', () => {
  it.each([
    '王五',
    '张小明',
    '欧阳娜娜',
    '司马懿',
    '诸葛孔明',
    '阿卜杜·热合曼',
    '约翰•史密斯',
    'John Smith',
    "Mary-Jane O'Neil",
    '王志行',
    '欧阳志行',
  ])("%s is a person's name", (name) => {
    expect(isOrganisationName(name)).toBe(false);
    expect(looksLikePersonName(name)).toBe(true);
  });

  it.each([
    '杭州鑫华机械有限公司',
    '鑫华（杭州）机械有限公司',
    '西湖区鑫华五金店',
    '鑫华五金店',
    '鑫华布行',
    '永迅生猪养殖专业合作社',
    '杭州某某投资合伙企业（有限合伙）',
    '浙江大成律师事务所',
    '中国农业银行股份有限公司杭州分行',
    '某某研究院',
    '华东物流中心',
    '鑫华货运部',
    '鑫华机械厂',
    '鑫华集团',
    'ABC Trading Co., Ltd.',
    'Acme GmbH',
    'Bank of Ningbo',
  ])("%s is an organisation's name", (name) => {
    expect(isOrganisationName(name)).toBe(true);
    expect(looksLikePersonName(name)).toBe(false);
  });

  it('is neither for text too long or of the wrong shape to be a name', () => {
    for (const s of ['西湖区鑫华工贸', '78.59%', '', '  ', '王', 'x'.repeat(70)])
      expect(looksLikePersonName(s)).toBe(false);
  });

  it("takes the record's own type first, then a missing USCC (fail closed), then the name", () => {
    expect(isPersonParty('鑫华机械有限公司', { type: 'PERSON' })).toBe(true);
    expect(isPersonParty('王五', { type: 'FIRM' })).toBe(false);
    // No USCC and no organisational form: someone's name, whatever its shape.
    expect(isPersonParty('个人', { uscc: null })).toBe(true);
    expect(isPersonParty('阿卜杜热合曼买买提', { uscc: null })).toBe(true);
    expect(isPersonParty('杭州鑫华机械有限公司', { uscc: null })).toBe(false);
    // With a USCC, a sole trader registered under its operator's name is still a person's name.
    expect(isPersonParty('王五', { uscc: '92330106MA2B00001X' })).toBe(true);
    expect(isPersonParty('乐陵市嘉永实业', { uscc: '91330106MA2B00001X' })).toBe(false);
    expect(isPersonParty('王五')).toBe(true);
  });

  it("every person the generator draws has a person's name", () => {
    for (let k = 0; k < 5000; k++) {
      const { name } = drawPerson(Rng.stream(7, k, Stream.REGISTRY));
      expect([name, looksLikePersonName(name)]).toEqual([name, true]);
    }
  });

  it("no firm name the generator makes (current, former, variants, core enterprises) passes for a person's", () => {
    const asOf = monthOf(2026, 10);
    const firms = [
      ...Array.from({ length: 1500 }, (_, k) => k),
      ...Array.from({ length: 500 }, (_, k) => EXTERNAL_SERIAL_BASE + k),
    ].map((s) => firmIdentity(7, s, asOf));
    for (const f of firms) {
      expect([f.name, isOrganisationName(f.name)]).toEqual([f.name, true]);
      const variants = variantKindsFor(f.nameParts, f.formerNames.length > 0).map((kind) =>
        nameVariant(f.nameParts, kind, f.formerNames.at(-1)),
      );
      for (const n of [...f.formerNames, ...variants]) expect([n, looksLikePersonName(n)]).toEqual([n, false]);
    }
    for (let k = 0; k < CORE_ENTERPRISES; k++) expect(isOrganisationName(coreEnterprise(7, k).name)).toBe(true);
  });
});

describe("masking persons' names", () => {
  it('keeps the first character of a name in another script', () => {
    expect(maskPersonName('阿卜杜·热合曼')).toBe('阿******');
    expect(maskPersonName('John Smith')).toBe('J*********');
  });

  it('masks each person in a shareholder list and keeps shares, firms and punctuation', () => {
    expect(maskPersonNamesInText('黄俊志(78.59%)、李华(21.41%)')).toBe('黄**(78.59%)、李*(21.41%)');
    expect(maskPersonNamesInText('欧阳娜娜(60.00%)、鑫华（杭州）机械有限公司(40.00%)')).toBe(
      '欧阳**(60.00%)、鑫华（杭州）机械有限公司(40.00%)',
    );
    expect(maskPersonNamesInText('杭州某某投资合伙企业（有限合伙）（10%）；王五（90%）')).toBe(
      '杭州某某投资合伙企业（有限合伙）（10%）；王*（90%）',
    );
    expect(maskPersonNamesInText('阿卜杜·热合曼(50%), John Smith(50%)')).toBe('阿******(50%), J*********(50%)');
    expect(maskPersonNamesInText('ABC Trading Co., Ltd.(30%)、张三(70%)')).toBe('ABC Trading Co., Ltd.(30%)、张*(70%)');
  });

  it("masks a legal representative's name, and fails closed on other words in such text", () => {
    expect(maskPersonNamesInText('许龙')).toBe('许*');
    expect(maskPersonNamesInText(' 诸葛孔明 ')).toBe(' 诸葛** ');
    // A qualifier after a name is masked too: such text is read as names.
    expect(maskPersonNamesInText('张三（执行董事）')).toBe('张*（执***）');
    // A lone character shows no more than a masked name does.
    expect(maskPersonNamesInText('王、李四')).toBe('王、李*');
    expect(maskPersonNamesInText('')).toBe('');
    expect(maskPersonNamesInText('100.00%')).toBe('100.00%');
  });

  it("never leaves a drawn person's name readable in a list of holders", () => {
    const people = Array.from({ length: 200 }, (_, k) => drawPerson(Rng.stream(11, k, Stream.REGISTRY)).name);
    for (let k = 0; k + 2 < people.length; k += 3) {
      const text = `${people[k]}(50.00%)、${people[k + 1]}(30.00%)、${people[k + 2]}(20.00%)`;
      const masked = maskPersonNamesInText(text);
      expect(masked).toBe(
        `${maskPersonName(people[k])}(50.00%)、${maskPersonName(people[k + 1])}(30.00%)、${maskPersonName(people[k + 2])}(20.00%)`,
      );
    }
  });
});
