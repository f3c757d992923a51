/** `/readyz`'s verdict: the database decides whether the server can serve; sources only degrade it. */
import { readiness } from '../src/ops/health';

const source = (name: string, ok: boolean) => ({
  name,
  ok,
  detail: ok ? 'http: breaker CLOSED' : 'http: upstream reports an outage',
});

describe('readiness', () => {
  it('is ready when the database and every source answer', () => {
    expect(readiness([{ name: 'database', ok: true }, source('TAX', true)])).toMatchObject({
      status: 'ready',
      failing: [],
      degraded: [],
    });
  });

  it('is degraded, not unready, when sources are down: the mirror still serves', () => {
    const r = readiness([
      { name: 'database', ok: true },
      source('TAX', false),
      source('JUDICIAL', false),
      source('BANK', true),
    ]);
    expect(r).toMatchObject({ status: 'degraded', failing: [], degraded: ['TAX', 'JUDICIAL'] });
  });

  it('is not ready when the database does not answer, whatever the sources say', () => {
    const r = readiness([{ name: 'database', ok: false, detail: 'connect ECONNREFUSED' }, source('TAX', true)]);
    expect(r).toMatchObject({ status: 'not ready', failing: ['database'], degraded: [] });
  });
});
