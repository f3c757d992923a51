import { buildUscc, checkUscc, orgCodeCheckChar, usccCheckChar, USCC_CHARSET } from '../src/lib/uscc';
import { idCardCheckChar, isValidIdCard } from '../src/lib/id-card';

describe('USCC (GB 32100-2015)', () => {
  // A code built by hand from the standard: 9 (market regulation), 1 (company), 330106 (杭州市西湖区),
  // organisation code body MA2CFGNC -> weights 3,7,9,10,5,8,4,2 give check digit, then the 18th char.
  const valid = buildUscc('9', '1', '330106', 'MA2CFGNC');

  it('computes the organisation-code check digit with 10 -> X and 11 -> 0', () => {
    // D2143569: 13*3 + 2*7 + 1*9 + 4*10 + 3*5 + 5*8 + 6*4 + 9*2 = 199; 11 - 199 % 11 = 10 -> X
    expect(orgCodeCheckChar('D2143569')).toBe('X');
    expect(orgCodeCheckChar('00000000')).toBe('0'); // sum 0 -> 11 -> 0
    expect(orgCodeCheckChar('00000001')).toBe('9'); // sum 2 -> 9
  });

  it('accepts a well-formed code, case-insensitively and trimmed', () => {
    expect(checkUscc(valid)).toEqual({ ok: true, value: valid });
    expect(checkUscc(` ${valid.toLowerCase()} `)).toEqual({ ok: true, value: valid });
  });

  it('rejects every single-character change of the check character, naming the expected one', () => {
    for (const c of USCC_CHARSET) {
      if (c === valid[17]) continue;
      const bad = valid.slice(0, 17) + c;
      const result = checkUscc(bad);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toContain(`require '${valid[17]}'`);
    }
  });

  it('detects a changed body character through the check character', () => {
    const bad = valid.slice(0, 10) + (valid[10] === '1' ? '2' : '1') + valid.slice(11);
    expect(checkUscc(bad).ok).toBe(false);
  });

  it('explains wrong length and characters that are never used (I O S V Z)', () => {
    expect(checkUscc('91330106')).toMatchObject({ ok: false, reason: expect.stringContaining('18 characters, got 8') });
    const withO = 'O' + valid.slice(1);
    expect(checkUscc(withO)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("character 'O' at position 1"),
    });
  });

  it('the check character makes the weighted sum divisible by 31', () => {
    const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    const body = valid.slice(0, 17);
    const sum = [...body].reduce((s, ch, i) => s + USCC_CHARSET.indexOf(ch) * weights[i], 0);
    expect((sum + USCC_CHARSET.indexOf(usccCheckChar(body))) % 31).toBe(0);
  });
});

describe('resident ID (GB 11643, ISO 7064 MOD 11-2)', () => {
  it('validates the check character', () => {
    // The standard's example number 11010519491231002X.
    expect(idCardCheckChar('11010519491231002')).toBe('X');
    expect(isValidIdCard('11010519491231002X')).toBe(true);
    expect(isValidIdCard('110105194912310021')).toBe(false);
  });
});
