/** Masking functions, the masking policy, and how the audit collector turns a request into rows. */
import { Role, type Principal } from '../src/auth/principal';
import { AuditCollector, AuditOutcome } from '../src/audit/audit.collector';
import { mask, maskIdNumber, maskPersonName, maskPhone } from '../src/masking/mask';
import { checkMaskingPolicy, MASKING_POLICY, SensitiveKind } from '../src/masking/masking.config';
import { mayUnmask } from '../src/masking/sensitive';

const principal = (role: Role): Principal => ({
  subject: 's',
  tenant: 'bank',
  role,
  purpose: 'CREDIT_APPROVAL',
  tokenId: null,
});

describe('masking', () => {
  it('keeps the first and last 4 characters of an ID number', () => {
    expect(maskIdNumber('330102199001011234')).toBe('3301**********1234');
    expect(maskIdNumber('33010219900101123X')).toBe('3301**********123X');
    expect(maskIdNumber('12345678')).toBe('********');
  });
  it('keeps the first 3 and last 4 digits of a phone', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('1234567')).toBe('*****67');
  });
  it('keeps the surname (compound ones whole)', () => {
    expect(maskPersonName('王五')).toBe('王*');
    expect(maskPersonName('张小明')).toBe('张**');
    expect(maskPersonName('欧阳娜娜')).toBe('欧阳**');
    expect(maskPersonName('欧阳')).toBe('欧*');
    expect(maskPersonName('王')).toBe('*');
    expect(mask(SensitiveKind.PERSON_NAME, '诸葛亮')).toBe('诸葛*');
  });
});

describe('masking policy', () => {
  it('by default only RISK_OFFICER may see personal data in full', () => {
    for (const kind of Object.values(SensitiveKind)) {
      expect(mayUnmask(principal(Role.RISK_OFFICER), kind)).toBe(true);
      for (const role of [Role.ANALYST, Role.PARTNER, Role.AUDITOR])
        expect(mayUnmask(principal(role), kind)).toBe(false);
      expect(mayUnmask(null, kind)).toBe(false);
    }
  });
  it('is configuration: another policy can let analysts see phones', () => {
    const policy = {
      version: 2,
      unmaskedFor: { ...MASKING_POLICY.unmaskedFor, [SensitiveKind.PHONE]: [Role.RISK_OFFICER, Role.ANALYST] },
    };
    expect(mayUnmask(principal(Role.ANALYST), SensitiveKind.PHONE, checkMaskingPolicy(policy))).toBe(true);
    expect(mayUnmask(principal(Role.ANALYST), SensitiveKind.ID_NUMBER, policy)).toBe(false);
  });
  it('refuses a policy that unmasks for partners or auditors', () => {
    const bad = {
      version: 3,
      unmaskedFor: { ...MASKING_POLICY.unmaskedFor, [SensitiveKind.ID_NUMBER]: [Role.PARTNER] },
    };
    expect(() => checkMaskingPolicy(bad)).toThrow(/ID_NUMBER may not be shown in full to PARTNER/);
  });
});

describe('audit collector', () => {
  const A = '91330102MA2B00001X';
  const B = '91330102MA2B00002X';
  const C = '91330102MA2B00003X';
  const base = { principal: principal(Role.PARTNER), requestId: 'r1', operationName: 'Q' };

  it('maps errors under a borrower (or a refused look-up) to that firm: DENIED beats ERROR, OK otherwise', () => {
    const c = new AuditCollector();
    c.firm(A, 'a');
    c.firm(B, 'list.edges.1.node');
    c.lookup(C, 'c'); // refused before any data came back
    c.sensitive(A, 'RegistryProfile.legalRepIdNo', false);
    const requested = new Map([
      [
        A,
        new Map([
          ['REGISTRY', 1],
          ['TAX', 1],
        ]),
      ],
      [B, new Map([['BANK', 1]])],
    ]) as never;
    const rows = c.rows({
      ...base,
      requested,
      errors: [
        { message: 'tax down', path: ['a', 'tax'], extensions: { code: 'UPSTREAM_UNAVAILABLE', source: 'TAX' } },
        { message: 'no consent', path: ['a', 'bank'], extensions: { code: 'CONSENT_REQUIRED', source: 'BANK' } },
        {
          message: 'down',
          path: ['list', 'edges', 1, 'node', 'bank'],
          extensions: { code: 'UPSTREAM_TIMEOUT', source: 'BANK' },
        },
        { message: 'no', path: ['c'], extensions: { code: 'FORBIDDEN' } },
        { message: 'bad query' },
      ],
    });
    const by = Object.fromEntries(rows.map((r) => [r.uscc, r]));
    expect(rows).toHaveLength(3);
    expect(by[A]).toMatchObject({
      outcome: AuditOutcome.DENIED,
      errorCode: 'CONSENT_REQUIRED',
      sources: ['BANK', 'REGISTRY', 'TAX'],
      sensitiveFields: ['RegistryProfile.legalRepIdNo'],
      unmaskedFields: [],
    });
    expect(by[B]).toMatchObject({ outcome: AuditOutcome.ERROR, errorCode: 'UPSTREAM_TIMEOUT', sources: ['BANK'] });
    expect(by[C]).toMatchObject({
      outcome: AuditOutcome.DENIED,
      errorCode: 'FORBIDDEN',
      sources: [],
      role: 'PARTNER',
      tenant: 'bank',
      purpose: 'CREDIT_APPROVAL',
    });
  });

  it('writes nothing for a request that touched no firm (a look-up of an unknown USCC included)', () => {
    const c = new AuditCollector();
    c.lookup(A, 'borrower');
    expect(c.rows({ ...base, requested: new Map(), errors: undefined })).toEqual([]);
  });
});
