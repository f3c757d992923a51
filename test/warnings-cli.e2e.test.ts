/**
 * `npm run warnings` as a person runs it, spawned on a scratch database of this file's own (a
 * server database with DATABASE_URL, else an embedded one served on a loopback socket), seeded
 * with a small portfolio: a run of the portfolio's month stores what the rules raise; a run with
 * `--as-of` an earlier month is a backtest that prints its counts and stores nothing (it used to
 * replace the current month's warnings, and clear those it did not raise).
 */
import 'reflect-metadata';
import type { Database } from '../src/db/database';
import { seedPortfolio } from '../src/seed';
import { portfolioAsOf } from '../src/quality/as-of';
import { addMonths } from '../src/quality/months';
import { openScratchDatabase, type ScratchDatabase } from './helpers';
import { exited, startNode } from './process.helpers';

describe('npm run warnings', () => {
  let scratch: ScratchDatabase;
  let db: Database;

  const warnings = async (...args: string[]) => {
    const started = startNode(['-r', '@swc-node/register', 'src/warnings/warnings.cli.ts', ...args], {
      DATABASE_URL: scratch.url,
      NODE_OPTIONS: '',
    });
    const { code } = await exited(started, 120_000);
    return { code, stdout: started.stdout(), stderr: started.stderr() };
  };
  /** The stored warnings, as a person's work list sees them. */
  const stored = async () =>
    (
      await db.query<{ fingerprint: string; lastSeenAt: Date; clearedAt: Date | null }>(
        `SELECT fingerprint, last_seen_at AS "lastSeenAt", cleared_at AS "clearedAt" FROM core.warning ORDER BY fingerprint`,
      )
    ).rows;

  beforeAll(async () => {
    scratch = await openScratchDatabase({ embeddedConnections: 12 });
    db = scratch.db;
    await seedPortfolio(db, { firms: 40, seed: 11, asOf: '2026-10' });
  }, 120_000);
  afterAll(async () => {
    await scratch?.drop();
  });

  it("stores the portfolio month's warnings; a backtest of an earlier month prints its counts and leaves them as they are", async () => {
    const current = await warnings();
    expect({ code: current.code, stderr: current.code === 0 ? '' : current.stderr }).toEqual({ code: 0, stderr: '' });
    expect(current.stdout).toMatch(/stored: [1-9]\d* new, 0 updated, 0 reopened, 0 cleared/);
    const before = await stored();
    expect(before.length).toBeGreaterThan(0);

    const month = (await portfolioAsOf(db)).month;
    const earlier = addMonths(month, -4);
    const backtest = await warnings('--as-of', earlier);
    expect({ code: backtest.code, stderr: backtest.code === 0 ? '' : backtest.stderr }).toEqual({
      code: 0,
      stderr: '',
    });
    expect(backtest.stdout).toContain(`as of ${earlier}: 40 firms`);
    expect(backtest.stdout).toContain(`not stored: ${earlier} is not the portfolio's month (${month})`);
    expect(backtest.stdout).not.toMatch(/^stored: /m);
    expect(await stored()).toEqual(before);
  });
});
