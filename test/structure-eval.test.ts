/** Scoring the guarantee-structure findings against the truth, structure by structure (src/quality/structure-eval.ts). */
import { canonicalCircle, plantedStructures, scoreStructures } from '../src/quality/structure-eval';

const circle = (members: string[], ends = '2027-12-31') =>
  members.map((uscc) => ({ uscc, circle: members, guaranteeEndsOn: ends }));
const truth = {
  asOf: '2026-10',
  problems: {
    GUARANTEE_CIRCLE: [...circle(['C', 'A', 'B']), ...circle(['X', 'Y'], '2026-09-30'), ...circle(['P', 'Q', 'R'])],
    GUARANTEE_CHAIN: ['D', 'E', 'F'].map((uscc) => ({ uscc, chain: ['D', 'E', 'F'], guaranteeEndsOn: '2027-01-31' })),
    GUARANTEE_STAR: ['S', 'T2', 'T1'].map((uscc) => ({
      uscc,
      guarantor: 'S',
      guaranteed: ['T2', 'T1'],
      guaranteeEndsOn: '2027-01-31',
    })),
  },
} as never;

describe('structure evaluation', () => {
  it('keys a circle from its smallest USCC in its direction, and leaves out a circle broken by asOf', () => {
    expect(canonicalCircle(['C', 'A', 'B'])).toEqual(['A', 'B', 'C']);
    expect(canonicalCircle(['B', 'A'])).toEqual(['A', 'B']);
    expect(plantedStructures(truth)).toEqual({
      GUARANTEE_CIRCLE: new Set(['A,B,C', 'P,Q,R']),
      GUARANTEE_CHAIN: new Set(['D,E,F']),
      GUARANTEE_STAR: new Set(['S,T1,T2']),
    });
  });

  it('counts exact structures: a circle reported in the other direction or a chain cut short is wrong, a repeat is a duplicate', () => {
    const [circles, chains, stars] = scoreStructures(truth, {
      GUARANTEE_CIRCLE: ['A,B,C', 'A,B,C', 'P,R,Q'],
      GUARANTEE_CHAIN: ['D,E'],
      GUARANTEE_STAR: ['S,T1,T2'],
    });
    expect(circles).toMatchObject({
      planted: 2,
      found: 2,
      truePositives: 1,
      precision: 0.5,
      recall: 0.5,
      duplicates: 1,
    });
    expect(chains).toMatchObject({ planted: 1, found: 1, truePositives: 0, missed: ['D,E,F'], falseAlarms: ['D,E'] });
    expect(stars).toMatchObject({ precision: 1, recall: 1, duplicates: 0 });
  });

  it("counts a star's guarantor on a planted circle as guaranteeing its successor there too", () => {
    const joined = {
      asOf: '2026-10',
      problems: {
        GUARANTEE_CIRCLE: circle(['A', 'B']),
        GUARANTEE_STAR: [{ uscc: 'A', guarantor: 'A', guaranteed: ['T1', 'T2'] }],
      },
    } as never;
    expect(plantedStructures(joined).GUARANTEE_STAR).toEqual(new Set(['A,B,T1,T2']));
  });
});
