/**
 * The lifecycle store (src/lifecycle/lifecycle.store.ts) as the data-quality findings use it
 * (`storeFindings`), on a scratch database: a run inserts new findings OPEN, refreshes the ones it
 * sees again without touching a person's status, resolves (keeps) the ones of its check and firms
 * it no longer sees, and reopens one that comes back, counting it; an incremental run stores a
 * finding of a firm outside its scope but resolves only its scope's. (Early warnings, the same
 * store with a tier and a due date: test/warnings.int.test.ts.)
 */
import type { Database } from '../src/db/database';
import { buildUscc } from '../src/lib/uscc';
import type { DetectedFinding } from '../src/quality/check';
import { Severity } from '../src/quality/finding.entity';
import { fingerprint, storeFindings } from '../src/quality/quality.service';
import { openScratchDatabase, type ScratchDatabase } from './helpers';

const [A, B, C] = Array.from({ length: 3 }, (_, i) => buildUscc('9', '1', '330106', `LQF0000${i}`));
const t0 = new Date('2026-11-01T02:00:00.000Z');
const t1 = new Date('2026-11-02T02:00:00.000Z');
const t2 = new Date('2026-11-03T02:00:00.000Z');
const t3 = new Date('2026-11-04T02:00:00.000Z');

function finding(code: string, uscc: string, subject: string, over: Partial<DetectedFinding> = {}): DetectedFinding {
  return {
    code,
    uscc,
    severity: Severity.HIGH,
    message: `${code} ${subject}`,
    evidence: { subject, amount: '12.30' },
    sources: ['tax'],
    fingerprint: fingerprint(code, uscc, subject),
    ...over,
  };
}

interface Row {
  status: string;
  severity: string;
  message: string;
  evidence: Record<string, unknown>;
  detectedAt: Date;
  lastSeenAt: Date;
  resolvedAt: Date | null;
}

describe('lifecycle store: data-quality findings', () => {
  let scratch: ScratchDatabase;
  let db: Database;

  beforeAll(async () => {
    scratch = await openScratchDatabase();
    db = scratch.db;
  }, 120_000);
  afterAll(async () => {
    await scratch?.drop();
  });

  const row = async (f: DetectedFinding): Promise<Row | undefined> =>
    (
      await db.query<Row>(
        `SELECT status, severity, message, evidence, detected_at AS "detectedAt", last_seen_at AS "lastSeenAt", resolved_at AS "resolvedAt"
           FROM core.quality_finding WHERE fingerprint = $1`,
        [f.fingerprint],
      )
    ).rows[0];

  const a1 = finding('DUPLICATE_INVOICE', A, '1/1');
  const a2 = finding('DUPLICATE_INVOICE', A, '1/2');
  const b1 = finding('DUPLICATE_INVOICE', B, '1/3');
  const aOther = finding('STAFF_MISMATCH', A, '');

  it('inserts new findings OPEN, first and last seen at the run', async () => {
    expect(await storeFindings(db, 'DUPLICATE_INVOICE', [a1, a2, b1], t0)).toEqual({
      inserted: 3,
      updated: 0,
      reopened: 0,
      resolved: 0,
    });
    expect(await storeFindings(db, 'STAFF_MISMATCH', [aOther], t0)).toMatchObject({ inserted: 1 });
    expect(await row(a1)).toMatchObject({ status: 'OPEN', detectedAt: t0, lastSeenAt: t0, resolvedAt: null });
  });

  it("refreshes what it sees again, keeps a person's decision, resolves (keeps) what its check no longer finds", async () => {
    await db.query(`UPDATE core.quality_finding SET status = 'CONFIRMED' WHERE fingerprint = $1`, [a1.fingerprint]);
    const fresher = { ...a1, severity: Severity.MEDIUM, message: 'delivered twice', evidence: { identical: true } };
    expect(await storeFindings(db, 'DUPLICATE_INVOICE', [fresher, b1], t1)).toEqual({
      inserted: 0,
      updated: 2,
      reopened: 0,
      resolved: 1,
    });
    expect(await row(a1)).toMatchObject({
      status: 'CONFIRMED',
      severity: 'MEDIUM',
      message: 'delivered twice',
      evidence: { identical: true },
      detectedAt: t0,
      lastSeenAt: t1,
      resolvedAt: null,
    });
    expect(await row(a2)).toMatchObject({ status: 'OPEN', lastSeenAt: t0, resolvedAt: t1 });
    // Another check's finding is not this run's to resolve.
    expect(await row(aOther)).toMatchObject({ resolvedAt: null, lastSeenAt: t0 });
  });

  it('reopens a resolved finding that comes back, counting it, its first detection kept', async () => {
    expect(await storeFindings(db, 'DUPLICATE_INVOICE', [a1, a2, b1], t2)).toEqual({
      inserted: 0,
      updated: 3,
      reopened: 1,
      resolved: 0,
    });
    expect(await row(a2)).toMatchObject({ status: 'OPEN', detectedAt: t0, lastSeenAt: t2, resolvedAt: null });
  });

  it("with a scope: stores another firm's finding the check returned, resolves only the scope's", async () => {
    const c1 = finding('DUPLICATE_INVOICE', C, '1/4');
    // Firm A changed: its a2 is gone; C's finding came with it; B (out of scope, not seen) stays.
    expect(await storeFindings(db, 'DUPLICATE_INVOICE', [a1, c1], t3, undefined, [A])).toEqual({
      inserted: 1,
      updated: 1,
      reopened: 0,
      resolved: 1,
    });
    expect(await row(a2)).toMatchObject({ resolvedAt: t3 });
    expect(await row(b1)).toMatchObject({ resolvedAt: null, lastSeenAt: t2 });
    expect(await row(c1)).toMatchObject({ status: 'OPEN', detectedAt: t3, resolvedAt: null });
  });

  it('refuses a fingerprint twice or a finding of another check, and writes nothing', async () => {
    const before = (await db.query('SELECT * FROM core.quality_finding ORDER BY id')).rows;
    await expect(storeFindings(db, 'DUPLICATE_INVOICE', [a1, a1], t3)).rejects.toThrow(
      `two findings of the run share fingerprint ${a1.fingerprint} (DUPLICATE_INVOICE, ${A}): a check must raise a subject once`,
    );
    await expect(storeFindings(db, 'DUPLICATE_INVOICE', [a1, aOther], t3)).rejects.toThrow(
      'storeFindings of DUPLICATE_INVOICE got a finding of STAFF_MISMATCH',
    );
    expect((await db.query('SELECT * FROM core.quality_finding ORDER BY id')).rows).toEqual(before);
  });
});
