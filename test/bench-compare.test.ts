/**
 * The benchmark's answer check (bench/compare.ts) tolerates what its load generator does to a
 * body (autocannon appends each chunk to a string on its own, so a character straddling two chunks
 * arrives unreadable) and nothing else.
 */
import { firstDifference, splitCharacters } from '../bench/compare';

/** What the load generator makes of `text` when its bytes arrive in two chunks cut at `at`. */
const cutAt = (text: string, at: number) => {
  const bytes = Buffer.from(text, 'utf8');
  return '' + bytes.subarray(0, at) + bytes.subarray(at);
};

describe('splitCharacters', () => {
  const text = JSON.stringify({ cause: '房屋租赁合同纠纷', name: 'Hangzhou 𠮷 Ltd', amount: '120000.00' });
  const bytes = Buffer.byteLength(text);

  it('finds the body whole, or with the one character a chunk boundary cut, at every boundary', () => {
    let inside = 0;
    for (let at = 1; at < bytes; at++) {
      const got = cutAt(text, at);
      const expected = got === text ? 0 : 1;
      inside += expected;
      expect(splitCharacters(got, text)).toBe(expected);
      expect(firstDifference(JSON.parse(text), JSON.parse(got))).toBeNull();
    }
    // 8 three-byte characters (2 inner cuts each) and one four-byte character (3).
    expect(inside).toBe(8 * 2 + 3);
  });

  it('counts two cut characters in one body', () => {
    const at = [Buffer.from(text).indexOf(Buffer.from('租')) + 1, Buffer.from(text).indexOf(Buffer.from('𠮷')) + 2];
    const b = Buffer.from(text);
    const got = '' + b.subarray(0, at[0]) + b.subarray(at[0], at[1]) + b.subarray(at[1]);
    expect(splitCharacters(got, text)).toBe(2);
  });

  it('refuses any other difference', () => {
    expect(splitCharacters(text.replace('纠纷', '纠葛'), text)).toBeNull();
    expect(splitCharacters(text.replace('纠', '\uFFFD\uFFFD'), text.replace('纠', 'x'))).toBeNull(); // an ASCII character is never cut
    expect(splitCharacters(text.replace('纠', '\uFFFD'), text)).toBeNull(); // one U+FFFD is not a cut character
    expect(splitCharacters(cutAt(text, 20) + ' ', text)).toBeNull();
    expect(splitCharacters(text.slice(0, -1), text)).toBeNull();
    expect(firstDifference(JSON.parse(text), JSON.parse(text.replace('120000.00', '120000.01')))).toMatch(/amount/);
  });
});
