/** The related group's controller (实际控制人) as a pure function: control along a chain of majority holdings, not the product of the ratios. */
import { ControllerKind, type UltimateController } from '../src/network/network.types';
import { controllerOf } from '../src/network/related-group.service';

const controller = (name: string, share: string, ...paths: string[][]): UltimateController =>
  ({
    uscc: '91330106MA27XKQ18B',
    kind: ControllerKind.NATURAL_PERSON,
    holderType: 'PERSON',
    holderName: name,
    holderUscc: null,
    holderIdNo: `3301061980010112${name.length}X`,
    share,
    paths: paths.map((ratios) => ({ firms: [], ratios, share })),
  }) as unknown as UltimateController;

describe('controllerOf', () => {
  it('is the person at the top of a chain of holdings of at least the control share each, even at a 48% product', () => {
    const p = controller('P', '0.4809', ['0.7653', '0.6284']);
    expect(controllerOf([p], '0.5000')).toBe(p);
  });

  it('is not a larger holder whose every path has a link below the control share; the next one that has such a path', () => {
    const big = controller('Q', '0.4900', ['0.4900']);
    const chain = controller('R', '0.3000', ['0.6000', '0.5000']);
    expect(controllerOf([big, chain], '0.5000')).toBe(chain);
    expect(controllerOf([big], '0.5000')).toBeNull();
  });

  it('takes the control share inclusively', () => {
    const half = controller('H', '0.5000', ['0.5000']);
    expect(controllerOf([half], '0.5000')).toBe(half);
    expect(controllerOf([half], '0.5001')).toBeNull();
  });
});
