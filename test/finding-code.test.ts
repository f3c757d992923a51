/**
 * FindingCode and the typed evidence come from the list of checks: the enum holds exactly the
 * codes of CHECKS, and each code's evidence type is named `<PascalCaseCode>Evidence`,
 * implements FindingEvidence and is what `FindingEvidence` resolves the code to.
 */
import 'reflect-metadata';
import { getMetadataStorage } from 'type-graphql';
import { CHECKS } from '../src/quality/checks';
import { FindingCode, FindingEvidence, findingDetails, findingEvidenceTypeName } from '../src/quality/finding-evidence';

const pascal = (code: string) => code.toLowerCase().replace(/(^|_)(\w)/g, (_m, _u, c: string) => c.toUpperCase());

describe('FindingCode', () => {
  it('is the codes of CHECKS, in their order', () => {
    expect(Object.values(FindingCode)).toEqual(CHECKS.map((c) => c.code));
    expect(Object.keys(FindingCode)).toEqual(CHECKS.map((c) => c.code));
  });

  it.each(CHECKS.map((c) => [c.code, c] as const))(
    "%s: its evidence type is <PascalCaseCode>Evidence, implements FindingEvidence, and is the code's resolution",
    (code, check) => {
      const type = getMetadataStorage().objectTypes.find((o) => o.target === check.evidenceType);
      expect(type?.name).toBe(`${pascal(code)}Evidence`);
      expect(type?.interfaceClasses).toContain(FindingEvidence);
      expect(findingEvidenceTypeName({ code })).toBe(type?.name);
    },
  );

  it('details carry the code; an unknown code resolves to no type', () => {
    expect(findingDetails('STAFF_MISMATCH', { claimedStaff: 10 })).toEqual({
      claimedStaff: 10,
      code: 'STAFF_MISMATCH',
    });
    expect(findingEvidenceTypeName({ code: 'NO_SUCH_CHECK' })).toBeUndefined();
  });

  it("DUPLICATE_RECORD's details list the key in the table's order and each row's columns by name", () => {
    const details = findingDetails('DUPLICATE_RECORD', {
      table: 'registry.change_log',
      source: 'registry',
      key: { item: 'ADDRESS', uscc: '91330106MA2CFGNC1X', changedOn: '2025-01-02' },
      rowIds: ['7', '9'],
      identical: false,
      differingFields: ['after_value'],
      rows: [
        { id: '7', before_value: 'a', after_value: 'b' },
        { id: '9', before_value: 'a', after_value: null },
      ],
    });
    expect(details).toMatchObject({
      code: 'DUPLICATE_RECORD',
      key: [
        { name: 'uscc', value: '91330106MA2CFGNC1X' },
        { name: 'item', value: 'ADDRESS' },
        { name: 'changedOn', value: '2025-01-02' },
      ],
      rows: [
        {
          id: '7',
          fields: [
            { name: 'before_value', value: 'a' },
            { name: 'after_value', value: 'b' },
          ],
        },
        {
          id: '9',
          fields: [
            { name: 'before_value', value: 'a' },
            { name: 'after_value', value: null },
          ],
        },
      ],
    });
  });
});
