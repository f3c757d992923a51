/**
 * Operations with live sources (the upstream simulator): `/readyz` stays ready and names a source
 * whose upstream is down as degraded, `/metrics` shows the connectors' calls, batch sizes, latencies and breaker states,
 * and a graceful shutdown lets requests in flight finish before the shutdown hooks run.
 */
import { gql } from './helpers';
import { startLiveRig, type LiveRig } from './upstream.helpers';

let rig: LiveRig;
let usccs: string[];

beforeAll(async () => {
  rig = await startLiveRig();
  usccs = (await rig.origin.query<{ uscc: string }>('SELECT uscc FROM core.firm ORDER BY uscc LIMIT 5')).rows.map(
    (r) => r.uscc,
  );
});
afterAll(() => rig.close());
beforeEach(() => rig.sim.resetFaults());

const origin = (url: string) => new URL(url).origin;
const TWO = `query TwoFirms($a: USCC!, $b: USCC!) {
  a: borrower(uscc: $a) { uscc registry { status } tax { creditRating } supplyChain { orders(first: 1) { orderNo } } judicial { cases(first: 1) { caseNo } } }
  b: borrower(uscc: $b) { uscc registry { status } tax { creditRating } supplyChain { orders(first: 1) { orderNo } } judicial { cases(first: 1) { caseNo } } } }`;

describe('/readyz with live sources', () => {
  it('stays 200 while an upstream reports an outage, naming the source as degraded (the mirror still serves)', async () => {
    const t = await rig.start();
    const ready = await fetch(`${origin(t.url)}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { status: string }).status).toBe('ready');
    rig.sim.setFaults('tax', { outage: true });
    const down = await fetch(`${origin(t.url)}/readyz`);
    expect(down.status).toBe(200);
    const body = (await down.json()) as {
      status: string;
      failing: string[];
      degraded: string[];
      checks: Array<{ name: string; ok: boolean; detail?: string }>;
    };
    expect(body.status).toBe('degraded');
    expect(body.failing).toEqual([]);
    expect(body.degraded).toEqual(['TAX']);
    expect(body.checks.find((c) => c.name === 'TAX')!.detail).toMatch(/http: upstream reports an outage of tax/);
    expect(body.checks.find((c) => c.name === 'REGISTRY')).toMatchObject({ ok: true });
    // And it can serve: the same replica answers a profile query, marking the source.
    const res = await gql(t.url, TWO, { a: usccs[0], b: usccs[1] });
    expect(res.status).toBe(200);
    expect(res.data!.a.registry).not.toBeNull();
  });

  it('stays 200 naming every source as degraded when no upstream can be reached', async () => {
    const t = await rig.start({}, { baseUrl: 'http://127.0.0.1:9', timeoutMs: 300 });
    const res = await fetch(`${origin(t.url)}/readyz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; failing: string[]; degraded: string[] };
    expect(body.status).toBe('degraded');
    expect(body.failing).toEqual([]);
    expect(body.degraded.sort()).toEqual(['JUDICIAL', 'REGISTRY', 'SUPPLY_CHAIN', 'TAX']);
  });
});

describe('/metrics with live sources', () => {
  it("exposes each connector's calls, batch sizes, latencies and breaker state", async () => {
    const t = await rig.start();
    const res = await gql(t.url, TWO, { a: usccs[0], b: usccs[1] });
    expect(res.errors).toBeUndefined();
    const text = await (await fetch(`${origin(t.url)}/metrics`)).text();
    for (const source of ['TAX', 'REGISTRY', 'SUPPLY_CHAIN', 'JUDICIAL']) {
      // One batch call of two keys per source.
      expect(text).toContain(`connector_calls_total{source="${source}",adapter="http"} 1`);
      expect(text).toContain(`connector_batch_keys_bucket{source="${source}",le="1"} 0`);
      expect(text).toContain(`connector_batch_keys_bucket{source="${source}",le="5"} 1`);
      expect(text).toContain(`connector_batch_keys_sum{source="${source}"} 2`);
      expect(text).toContain(`connector_call_duration_seconds_count{source="${source}"} 1`);
      expect(text).toMatch(new RegExp(`connector_call_duration_seconds_bucket\\{source="${source}",le="\\+Inf"\\} 1`));
      expect(text).toContain(`connector_breaker_state{source="${source}",state="CLOSED"} 1`);
      expect(text).toContain(`connector_breaker_state{source="${source}",state="OPEN"} 0`);
    }
    expect(text).toContain('connector_calls_total{source="BANK",adapter="postgres"} 0');
    expect(text).toMatch(/graphql_request_duration_seconds_count\{operation="TwoFirms",type="query"\} 1/);
  });

  it('counts failed calls by code and shows an open breaker', async () => {
    const t = await rig.start({}, { retries: 0, breakerThreshold: 1, breakerHalfOpenMs: 60_000 });
    rig.sim.setFaults('judicial', { outage: true });
    await gql(t.url, TWO, { a: usccs[0], b: usccs[1] });
    const text = await (await fetch(`${origin(t.url)}/metrics`)).text();
    expect(text).toMatch(/connector_errors_total\{source="JUDICIAL",code="UPSTREAM_UNAVAILABLE"\} 1/);
    expect(text).toContain('connector_breaker_state{source="JUDICIAL",state="OPEN"} 1');
    expect(text).toContain('connector_breaker_state{source="TAX",state="CLOSED"} 1');
  });
});

describe('graceful shutdown', () => {
  it('finishes requests in flight, refuses new connections, then runs the shutdown hooks in order', async () => {
    const t = await rig.start({ requestDeadlineMs: 5000 }, { timeoutMs: 3000 });
    const events: string[] = [];
    t.server.onShutdown('first', async () => {
      await new Promise((r) => setTimeout(r, 20));
      events.push('hook 1');
    });
    t.server.onShutdown('failing', () => {
      throw new Error('this hook fails; the next one still runs');
    });
    t.server.onShutdown('second', () => {
      events.push('hook 2');
    });
    for (const s of ['tax', 'registry', 'supply-chain', 'judicial'] as const) rig.sim.setFaults(s, { latencyMs: 400 });
    const inFlight = gql(t.url, TWO, { a: usccs[2], b: usccs[3] }).then((r) => {
      events.push('response');
      return r;
    });
    await new Promise((r) => setTimeout(r, 150));
    const stopped = t.server.stop().then(() => events.push('stopped'));
    await new Promise((r) => setTimeout(r, 50));
    // The listener is closed: a new request cannot connect.
    await expect(
      fetch(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query":"{ __typename }"}',
      }),
    ).rejects.toThrow();
    const res = await inFlight;
    await stopped;
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data!.a.tax).not.toBeNull();
    expect(events).toEqual(['response', 'hook 1', 'hook 2', 'stopped']);
  });
});
