/** NETWORK_CONTAGION (关联风险传染): a firm of the guarantee network is in distress. */
import type { DistressedMember } from '../../../src/health/facts';
import { Severity } from '../../../src/quality/finding.entity';
import { scoreHealth } from '../../../src/health/health.service';
import { shippedModel } from '../../../src/model/model.repository';
import { evaluateNetworkRules, evaluateRules } from '../../../src/warnings/rules.service';
import { expectFires, healthyFacts, raised, SIGNALS } from '../rules.helpers';

const member = (uscc: string, hops: number, kind: DistressedMember['signs'][number]['kind']): DistressedMember => ({
  uscc,
  name: null,
  hops,
  path: ['91330106MA27XKQ18B', ...Array.from({ length: hops - 1 }, (_, k) => `9133010600000000${k}X`), uscc],
  edges: [],
  signs: [{ kind, recordId: '7', date: null, detail: `${kind} sign` }],
});

describe('NETWORK_CONTAGION', () => {
  it('fires on a distressed member one guarantee away, HIGH, naming it, the path and the sign', () => {
    const w = expectFires('NETWORK_CONTAGION', {
      change: SIGNALS.NETWORK_CONTAGION,
      evidence: {
        depth: 2,
        networkFirms: 3,
        distressed: [
          expect.objectContaining({
            uscc: '91330106MA27GUAR1X',
            signs: [expect.objectContaining({ kind: 'ENFORCEMENT', recordId: '91' })],
          }),
        ],
        tiers: ['RED', 'ORANGE'],
        defaultDays: 90,
      },
      message:
        /杭州担保一号有限公司, one guarantee away \(91330106MA27XKQ18B - 91330106MA27GUAR1X\), is in distress: enforcement/,
    });
    expect(w.severity).toBe(Severity.HIGH);
  });

  it('is MEDIUM when the nearest distressed member is further out, and lists them nearest first', () => {
    const f = healthyFacts();
    f.network = {
      depth: 2,
      members: 5,
      distressed: [member('91330106000000FARX', 2, 'TIER'), member('91330106000000FAR2', 2, 'DEFAULT')],
    };
    const w = raised(f, 'NETWORK_CONTAGION')!;
    expect(w.severity).toBe(Severity.MEDIUM);
    expect(w.message).toMatch(/2 guarantees away .* and 1 more$/);
    expect((w.evidence.distressed as DistressedMember[]).map((d) => d.uscc)).toEqual([
      '91330106000000FAR2',
      '91330106000000FARX',
    ]);
  });

  it("run from the network alone (a firm noted for its network, whose score stands), it raises exactly what the firm's whole run raises", () => {
    const f = healthyFacts();
    SIGNALS.NETWORK_CONTAGION(f);
    const health = scoreHealth(f, shippedModel());
    const whole = evaluateRules(f, health).filter((w) => w.code === 'NETWORK_CONTAGION');
    expect(whole).toHaveLength(1);
    expect(evaluateNetworkRules(f.uscc, f.asOf, health.tier, f.network)).toEqual(whole);
    expect(evaluateNetworkRules(f.uscc, f.asOf, health.tier, { depth: 2, members: 4, distressed: [] })).toEqual([]);
  });

  it('is silent on a network with no distressed member, and without the bank source (no network read)', () => {
    const f = healthyFacts();
    f.network = { depth: 2, members: 4, distressed: [] };
    expect(raised(f, 'NETWORK_CONTAGION')).toBeUndefined();
    expect(raised(healthyFacts({ network: null }), 'NETWORK_CONTAGION')).toBeUndefined();
  });
});
