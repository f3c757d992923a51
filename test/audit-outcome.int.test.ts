/**
 * Audit rows state what the caller actually got (issue 15 item 4), over HTTP against a real
 * server: OK only once the response was written whole (the response's `finish`), ABORTED when
 * the connection closed first (the client hung up, or a shutdown cut it), otherwise the code of
 * the error the response carried. Slow requests come from the upstream simulator's latency (the
 * live rig: the platform fetches every source from the simulator), not from mocks. Last, the
 * orders a request's events can come in, on `AuditDelivery` itself.
 */
import http from 'node:http';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { Role } from '../src/auth/principal';
import type { Config } from '../src/config';
import { AuditOutcome, type AuditRow } from '../src/audit/audit.collector';
import { AuditDelivery } from '../src/audit/audit.delivery';
import { authHeader, gql, type TestServer } from './helpers';
import { startLiveRig, type LiveRig } from './upstream.helpers';

let rig: LiveRig;
let t: TestServer;
let usccs: string[];

/** Room for the slow-reader's big response (many aliases of `_service { sdl }`). */
const LIMITS: Config['queryLimits'] = { depth: 12, aliases: 1000, tokens: 100_000, cost: 10_000_000, directives: 30 };
/** Deadlines and upstream timeouts out of the way of the simulator's latency. */
const PATIENT = { requestDeadlineMs: 30_000, queryLimits: LIMITS };
const UPSTREAM = { timeoutMs: 15_000, retries: 0 };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  rig = await startLiveRig();
  t = await rig.start(PATIENT, UPSTREAM);
  usccs = (await rig.origin.query<{ uscc: string }>('SELECT uscc FROM core.firm ORDER BY uscc LIMIT 6')).rows.map(
    (r) => r.uscc,
  );
}, 120_000);
afterAll(async () => {
  await rig.close();
});
beforeEach(() => {
  rig.sim.resetFaults();
  rig.sim.resetStats();
});

/** A caller of its own: its subject names its audit rows. */
async function caller(): Promise<{ subject: string; headers: Record<string, string> }> {
  const subject = `outcome-${randomUUID()}`;
  return { subject, headers: await authHeader(Role.ANALYST, { sub: subject }) };
}

interface Row {
  uscc: string;
  outcome: string;
  errorCode: string | null;
  operationName: string | null;
  sources: string[];
}

async function rowsOf(server: TestServer, subject: string): Promise<Row[]> {
  await server.server.audit.flush();
  const { rows } = await server.db.query<Row>(
    `SELECT uscc, outcome, error_code AS "errorCode", operation_name AS "operationName", sources
       FROM core.audit_log WHERE subject = $1 ORDER BY uscc, id`,
    [subject],
  );
  return rows;
}

/** The subject's rows once there are `n` (or what there is after `ms`). */
async function waitForRows(server: TestServer, subject: string, n: number, ms = 15_000): Promise<Row[]> {
  const until = Date.now() + ms;
  for (;;) {
    const rows = await rowsOf(server, subject);
    if (rows.length >= n || Date.now() > until) return rows;
    await sleep(50);
  }
}

/** A POST over a connection of its own (no keep-alive), so the test can stop reading or hang up. */
function post(
  url: string,
  body: unknown,
  headers: Record<string, string>,
): { req: http.ClientRequest; response: Promise<http.IncomingMessage> } {
  const req = http.request(url, {
    method: 'POST',
    agent: false,
    headers: { 'content-type': 'application/json', ...headers },
  });
  const response = new Promise<http.IncomingMessage>((resolve, reject) => {
    req.once('response', resolve);
    req.once('error', reject);
  });
  req.end(JSON.stringify(body));
  return { req, response };
}

async function readBody(res: http.IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.resume();
  await once(res, 'end');
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/** Until the simulator has received a call for `source` (the request is then in flight, waiting on it). */
async function upstreamCalled(source: 'registry', ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (rig.sim.stats()[source].calls === 0) {
    if (Date.now() > until) throw new Error(`the simulator got no ${source} call within ${ms} ms`);
    await sleep(20);
  }
}

const SLOW = `query Slow($u: USCC!) { borrower(uscc: $u) { uscc registry { status } } }`;

describe('audit outcome', () => {
  it('(a) a normal request is OK, and only once its response was written whole', async () => {
    const me = await caller();
    // ~12 MB of response: far more than the loopback socket's buffers, so the server cannot
    // finish writing it while the client does not read.
    const big = Array.from({ length: 250 }, (_, i) => `s${i}: _service { sdl }`).join(' ');
    const { response } = post(
      t.url,
      { query: `query Big($u: USCC!) { borrower(uscc: $u) { uscc } ${big} }`, variables: { u: usccs[0] } },
      me.headers,
    );
    const res = await response;
    res.pause();
    expect(res.statusCode).toBe(200);
    // Apollo has handed the response over (its head is here), the body is not written yet: no row.
    await sleep(500);
    expect(await rowsOf(t, me.subject)).toEqual([]);
    const body = await readBody(res);
    expect(body.errors).toBeUndefined();
    expect(body.data.borrower.uscc).toBe(usccs[0]);
    expect(await waitForRows(t, me.subject, 1)).toEqual([
      { uscc: usccs[0], outcome: 'OK', errorCode: null, operationName: 'Big', sources: [] },
    ]);
  });

  it('(b) a client that hangs up while its request runs gets an ABORTED row, not OK', async () => {
    const me = await caller();
    rig.sim.setFaults('registry', { latencyMs: 1500 });
    const { req, response } = post(t.url, { query: SLOW, variables: { u: usccs[1] } }, me.headers);
    const got = response.then(
      () => 'answered',
      () => 'hung up',
    );
    await upstreamCalled('registry');
    req.destroy();
    expect(await got).toBe('hung up');
    // The request still runs to its end (its upstream answers after 1.5 s); then its rows are final.
    const rows = await waitForRows(t, me.subject, 1);
    expect(rows).toEqual([
      { uscc: usccs[1], outcome: 'ABORTED', errorCode: 'ABORTED', operationName: 'Slow', sources: ['REGISTRY'] },
    ]);
    await sleep(300);
    expect(await rowsOf(t, me.subject)).toHaveLength(1);
  });

  it("(c) a request that ends with a GraphQL error has that error's code", async () => {
    const me = await caller();
    // An error outside every firm's part of the response: the firm's row is not OK either.
    const bad = await gql(
      t.url,
      `query Bad($u: USCC!) { borrower(uscc: $u) { uscc } borrowers(first: -1) { edges { node { uscc } } } }`,
      { u: usccs[2] },
      me.headers,
    );
    expect(bad.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['borrowers'], 'BAD_USER_INPUT']]);
    // An error under the firm: its source's upstream is down.
    rig.sim.setFaults('registry', { outage: true });
    const down = await gql(t.url, SLOW.replace('Slow', 'Down'), { u: usccs[3] }, me.headers);
    expect(down.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['borrower', 'registry'], 'UPSTREAM_UNAVAILABLE'],
    ]);
    expect(await waitForRows(t, me.subject, 2)).toEqual(
      [
        { uscc: usccs[2], outcome: 'ERROR', errorCode: 'BAD_USER_INPUT', operationName: 'Bad', sources: [] },
        {
          uscc: usccs[3],
          outcome: 'ERROR',
          errorCode: 'UPSTREAM_UNAVAILABLE',
          operationName: 'Down',
          sources: ['REGISTRY'],
        },
      ].sort((x, y) => x.uscc.localeCompare(y.uscc)),
    );
  });

  it('(d) a shutdown while a request is in flight writes its row as ABORTED before the pool closes, never OK', async () => {
    // A short grace period: the drain cuts the connection while the request waits on its upstream.
    const s = await rig.start({ ...PATIENT, shutdownGraceMs: 200 }, UPSTREAM);
    const me = await caller();
    rig.sim.setFaults('registry', { latencyMs: 2000 });
    const { response } = post(s.url, { query: SLOW, variables: { u: usccs[4] } }, me.headers);
    const got = response.then(readBody).then(
      () => 'answered',
      () => 'cut',
    );
    await upstreamCalled('registry');
    await s.server.stop();
    expect(await got).toBe('cut');
    // Written by stop() itself (the writer's close), while the database is still open.
    const rows = await s.db.query<Row>(
      `SELECT uscc, outcome, error_code AS "errorCode" FROM core.audit_log WHERE subject = $1`,
      [me.subject],
    );
    expect(rows.rows).toEqual([{ uscc: usccs[4], outcome: 'ABORTED', errorCode: 'ABORTED' }]);
    // The request itself ends once its upstream answers: it adds nothing, and no OK row ever appears.
    await sleep(2500);
    const after = await s.db.query<Row>(`SELECT outcome FROM core.audit_log WHERE subject = $1`, [me.subject]);
    expect(after.rows).toEqual([{ outcome: 'ABORTED' }]);
  });
});

describe('AuditDelivery: the orders the events come in', () => {
  const row = (uscc: string): AuditRow => ({
    at: new Date(),
    requestId: 'r',
    subject: 's',
    tenant: 't',
    role: 'ANALYST',
    purpose: null,
    operationName: 'Q',
    uscc,
    sources: [],
    sensitiveFields: [],
    unmaskedFields: [],
    outcome: AuditOutcome.OK,
    errorCode: null,
    clientIp: null,
  });
  const open = (soFar: AuditRow[] = []) => {
    const emitted: AuditRow[][] = [];
    return {
      emitted,
      d: new AuditDelivery(
        () => soFar,
        (rows) => emitted.push(rows),
      ),
    };
  };
  const outcomes = (emitted: AuditRow[][]) =>
    emitted.map((rows) => rows.map((r) => `${r.uscc}:${r.outcome}:${r.errorCode}`));

  it('answer then finish: the rows as answered, once', () => {
    const { d, emitted } = open();
    d.started();
    d.answer([row('A')]);
    expect(emitted).toEqual([]);
    d.written();
    d.written();
    d.cut();
    expect(outcomes(emitted)).toEqual([['A:OK:null']]);
  });

  it('cut while running: waits for the answer, then ABORTED with every firm it touched', () => {
    const { d, emitted } = open([row('A')]);
    d.started();
    d.cut();
    expect(emitted).toEqual([]);
    d.answer([row('A'), row('B')]);
    d.written();
    expect(outcomes(emitted)).toEqual([['A:ABORTED:ABORTED', 'B:ABORTED:ABORTED']]);
  });

  it('cut before any operation started (a malformed request): settles at once, empty', () => {
    const { d, emitted } = open();
    d.cut();
    expect(emitted).toEqual([[]]);
  });

  it('abandoned at shutdown: ABORTED with the firms touched so far; a late answer is ignored', () => {
    const { d, emitted } = open([row('A')]);
    d.started();
    d.abandon();
    d.answer([row('A'), row('B')]);
    d.written();
    expect(outcomes(emitted)).toEqual([['A:ABORTED:ABORTED']]);
  });
});
