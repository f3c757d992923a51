/**
 * The beneficial-owner rule (src/network/beneficial-owner.rule.ts) and the depth check of a
 * guarantee network, as pure functions: 25% or more (exactly, at the boundary), the largest
 * holder when no one reaches it (ties all qualify), the legal representative merged into the
 * same person's entry or added with the share he or she holds, firms never owners.
 */
import { beneficialOwners, percent, shareBp } from '../src/network/beneficial-owner.rule';
import { checkDepth } from '../src/network/network.service';
import { BeneficialOwnerReason, ControllerKind, type UltimateController } from '../src/network/network.types';
import { HolderType } from '../connectors/registry/registry.records';
import { PublicError } from '../src/errors';

const FIRM = '91330106NET0000182';

function person(name: string, idNo: string | null, share: string, paths = 1): UltimateController {
  const path = { firms: [FIRM], ratios: [share], share };
  return {
    uscc: FIRM,
    kind: ControllerKind.NATURAL_PERSON,
    holderType: HolderType.PERSON,
    holderName: name,
    holderUscc: null,
    holderIdNo: idNo,
    share,
    paths: Array.from({ length: paths }, () => path),
  };
}
const root = (share: string): UltimateController => ({
  ...person('国资公司', null, share),
  kind: ControllerKind.UNHELD_FIRM,
  holderType: HolderType.FIRM,
  holderUscc: '91330106NET0000999',
});

describe('shares', () => {
  it('reads 4-decimal shares exactly and writes percentages', () => {
    expect(shareBp('0.2500')).toBe(2500n);
    expect(shareBp('0.25')).toBe(2500n);
    expect(shareBp('1.0000')).toBe(10000n);
    expect(percent('0.2900')).toBe('29.00%');
    expect(percent('0.0005')).toBe('0.05%');
    expect(() => shareBp('0.12345')).toThrow(RangeError);
  });
});

describe('beneficialOwners', () => {
  it('takes every natural person at 25% or more, exactly at the boundary, and no firm however large', () => {
    const owners = beneficialOwners(
      FIRM,
      [root('0.5100'), person('王小明', 'ID-P', '0.2500', 2), person('李华', 'ID-Q', '0.2499')],
      null,
    );
    expect(owners.map((o) => [o.name, o.share, o.reasons])).toEqual([
      ['王小明', '0.2500', [BeneficialOwnerReason.OWNS_25_PERCENT]],
    ]);
    expect(owners[0].explanation).toBe('holds 25.00% directly or indirectly (25% or more) through 2 paths');
  });

  it('falls back to the largest natural-person holder(s) when no one reaches 25%', () => {
    const owners = beneficialOwners(
      FIRM,
      [
        root('0.6000'),
        person('王小明', 'ID-P', '0.2000'),
        person('李华', 'ID-Q', '0.2000'),
        person('张伟', null, '0.0100'),
      ],
      null,
    );
    expect(owners.map((o) => [o.name, o.reasons])).toEqual([
      ['王小明', [BeneficialOwnerReason.LARGEST_HOLDER]],
      ['李华', [BeneficialOwnerReason.LARGEST_HOLDER]],
    ]);
  });

  it('merges the legal representative into the same person (by ID number) and adds one who holds less', () => {
    const same = beneficialOwners(FIRM, [person('王小明', 'ID-P', '0.3000')], { name: '王小明', idNo: 'ID-P' });
    expect(same).toHaveLength(1);
    expect(same[0].reasons).toEqual([
      BeneficialOwnerReason.OWNS_25_PERCENT,
      BeneficialOwnerReason.LEGAL_REPRESENTATIVE,
    ]);

    const other = beneficialOwners(FIRM, [person('王小明', 'ID-P', '0.3000'), person('李华', 'ID-Q', '0.1000')], {
      name: '李华',
      idNo: 'ID-Q',
    });
    expect(other.map((o) => [o.name, o.share, o.reasons])).toEqual([
      ['王小明', '0.3000', [BeneficialOwnerReason.OWNS_25_PERCENT]],
      ['李华', '0.1000', [BeneficialOwnerReason.LEGAL_REPRESENTATIVE]],
    ]);
    expect(other[1].explanation).toMatch(/legal representative.*holds 10\.00%/);
  });

  it('names only the legal representative of a firm held by firms alone (no shareholders recorded at all: no one)', () => {
    expect(beneficialOwners(FIRM, [root('1.0000')], { name: '刘洋', idNo: null })).toEqual([
      expect.objectContaining({ name: '刘洋', share: null, reasons: [BeneficialOwnerReason.LEGAL_REPRESENTATIVE] }),
    ]);
    expect(beneficialOwners(FIRM, [], null)).toEqual([]);
  });
});

describe('checkDepth', () => {
  it('accepts 1-6 and refuses anything else with BAD_USER_INPUT naming depth', () => {
    expect(checkDepth(1)).toBe(1);
    expect(checkDepth(6)).toBe(6);
    for (const d of [0, 7, -1, 2.5]) {
      let err: unknown;
      try {
        checkDepth(d);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(PublicError);
      expect((err as PublicError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'depth' });
    }
  });
});
