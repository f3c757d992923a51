/**
 * A snapshot's factors as stored (src/rescore/snapshot.repository.ts): the compact format round
 * trips every stored field, and snapshots stored before it (raw deflate of JSON objects) still
 * read back unchanged.
 */
import { deflateRawSync } from 'node:zlib';
import { packFactors, unpackFactors } from '../src/rescore/snapshot.repository';
import { scoreHealth, type HealthFactor } from '../src/health/health.service';
import { shippedModel } from '../src/model/model.repository';
import { healthyFacts } from './facts.fixture';

/** What a stored factor keeps: the indicator's own label, unit, window and sources are not stored. */
function stored(f: HealthFactor): Omit<HealthFactor, 'label' | 'unit' | 'window' | 'sources'> {
  const { label: _l, unit: _u, window: _w, sources: _s, ...rest } = f;
  return rest;
}

describe('stored factors', () => {
  const factors = scoreHealth(healthyFacts(), shippedModel()).factors;

  it('round trip in the compact format, every field and the evidence as computed', () => {
    const packed = packFactors(factors);
    expect(packed[0]).toBe(0x07);
    expect(unpackFactors(packed)).toEqual(factors.map(stored));
  });

  it('keep nulls and a factor the model does not use', () => {
    const odd: HealthFactor = {
      ...factors[0],
      code: 'NOT_AN_INDICATOR',
      value: null,
      bin: null,
      woe: null,
      points: 0,
      maxPoints: 0,
      weight: 0,
      evidence: { nested: { list: [1, '2.50', null] } },
    };
    expect(unpackFactors(packFactors([odd]))).toEqual([stored(odd)]);
  });

  it('read back snapshots stored before the compact format (raw deflate of JSON objects)', () => {
    const old = factors.map(stored);
    for (const level of [0, 1, 3, 9]) {
      const packed = deflateRawSync(JSON.stringify(old), { level });
      // The compact format's first byte has a deflate block type that does not exist (11).
      expect(packed[0] & 0b110).not.toBe(0b110);
      expect(unpackFactors(packed)).toEqual(old);
    }
    expect(unpackFactors(deflateRawSync('[]'))).toEqual([]);
  });
});
