/** Scoring the guarantee-structure findings against the truth, structure by structure (src/quality/structure-eval.ts). */
import {
  canonicalCircle,
  ownershipQuestions,
  plantedStructures,
  round4,
  scoreOwnership,
  scoreStructures,
} from '../src/quality/structure-eval';
import type { UltimateController } from '../src/network/network.types';

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

  it('reads what runs of a circle broken by asOf as the chains it leaves (3 firms or more)', () => {
    // B's incoming guarantee (from A) ended: B -> C -> D -> A runs. In the other, Q's and S's ended: S -> P and Q -> R are too short.
    const broken = {
      asOf: '2026-10',
      problems: {
        GUARANTEE_CIRCLE: [
          ...['A', 'B', 'C', 'D'].map((uscc) => ({
            uscc,
            circle: ['A', 'B', 'C', 'D'],
            guaranteeEndsOn: uscc === 'B' ? '2026-01-31' : '2027-12-31',
          })),
          ...['P', 'Q', 'R', 'S'].map((uscc) => ({
            uscc,
            circle: ['P', 'Q', 'R', 'S'],
            guaranteeEndsOn: 'QS'.includes(uscc) ? '2026-01-31' : '2027-12-31',
          })),
        ],
      },
    } as never;
    expect(plantedStructures(broken)).toMatchObject({
      GUARANTEE_CIRCLE: new Set(),
      GUARANTEE_CHAIN: new Set(['B,C,D,A']),
    });
  });

  it('reads a released would-be circle as the chain it is in the data (first to last)', () => {
    const released = {
      asOf: '2026-10',
      problems: { RELEASED_GUARANTEE: ['R', 'S', 'T'].map((uscc) => ({ uscc, circle: ['R', 'S', 'T'] })) },
    } as never;
    expect(plantedStructures(released).GUARANTEE_CHAIN).toEqual(new Set(['R,S,T']));
  });
});

describe('ownership evaluation', () => {
  const P = { name: '王小明', idNo: '330106198001011234' };
  const owned = {
    problems: {
      OWNERSHIP_LAYERS: [
        { uscc: 'A', controller: P, share: '0.33600000', path: ['A', 'H1', 'H2'] },
        { uscc: 'B', controller: P, share: '0.51000000', path: ['B', 'H3', 'H4'] },
      ],
      SHAREHOLDING_LOOP: ['L1', 'L2'].map((uscc) => ({ uscc, loop: ['L1', 'L2'], persons: ['X1', 'X2'] })),
      CONTROLLER_GROUP: ['G1', 'G2', 'G3'].map((uscc) => ({ uscc, controller: P, members: ['G1', 'G2', 'G3'] })),
      SHAREHOLDING_SOLD: [{ uscc: 'Z', formerController: P.idNo, soldOn: '2026-03-01', group: ['G1', 'G2', 'G3'] }],
    },
  } as never;

  it('rounds a share half up to 4 places exactly', () => {
    expect([round4('0.33605000'), round4('0.33604999'), round4('1.00000000'), round4('0.5')]).toEqual([
      '0.3361',
      '0.3360',
      '1.0000',
      '0.5000',
    ]);
  });

  it('asks the walks about the planted firms and persons, once each', () => {
    expect(ownershipQuestions(owned)).toEqual({ firms: ['A', 'B', 'L1', 'L2'], persons: [P.idNo] });
  });

  it('scores the controller and share to 4 places, the persons over a loop, the group exactly, a sold firm left out', () => {
    /** A person holding `share` of the firm through holdings of `ratios` along one path. */
    const holder = (idNo: string, share: string, ratios = [share]) =>
      ({ holderIdNo: idNo, share, paths: [{ firms: [], ratios, share }] }) as unknown as UltimateController;
    const [layers, loops, groups, sold] = scoreOwnership(owned, {
      controllers: new Map([
        // A: P controls through 60% x 70% x 80% (a larger direct holder does not control).
        ['A', [holder('Q1', '0.4000'), holder(P.idNo, '0.3360', ['0.6000', '0.7000', '0.8000'])]],
        // B: P's share is off by one basis point.
        ['B', [holder(P.idNo, '0.5099', ['0.5099'])]],
        ['L1', [holder('X2', '0.5'), holder('X1', '0.2')]],
        ['L2', [holder('X1', '0.6')]],
      ]),
      controlled: new Map([[P.idNo, new Set(['G1', 'G2', 'G3', 'Z'])]]),
    });
    expect(layers).toMatchObject({
      planted: 2,
      correct: 1,
      wrong: [expect.stringMatching(/^B: want .* controlling with 0\.5100, got 0\.5099/)],
    });
    expect(loops).toMatchObject({ planted: 2, correct: 1 });
    expect(groups).toMatchObject({ planted: 1, correct: 0 });
    expect(sold).toMatchObject({ planted: 1, correct: 0 });
  });
});
