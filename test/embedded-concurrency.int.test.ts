/**
 * The embedded database (PGlite behind a loopback socket) serves several connections at once
 * without mixing their extended-protocol messages: each connection's Parse/Bind/Execute/Sync
 * cycle runs as a whole, so concurrent parameterised queries each get their own answer.
 */
import pg from 'pg';
import { startEmbedded, type EmbeddedServer } from '../src/db/database';

describe('embedded database under concurrent connections', () => {
  let server: EmbeddedServer;
  let pool: pg.Pool;
  beforeAll(async () => {
    server = await startEmbedded();
    pool = new pg.Pool({ connectionString: server.url, max: 4 });
  }, 60_000);
  afterAll(async () => {
    await pool.end();
    await server.stop();
  });

  it("answers every connection's parameterised queries with its own values", async () => {
    {
      const runs = Array.from({ length: 4 }, (_, c) =>
        (async () => {
          const wrong: string[] = [];
          for (let k = 0; k < 60; k++) {
            // A different statement per connection: a Bind that met another connection's Parse would show.
            const { rows } = await pool.query<{ x: number; tag: string }>(
              `SELECT $1::int + ${c} AS x, $2::text || '-${c}' AS tag`,
              [k, `conn`],
            );
            if (rows[0].x !== k + c || rows[0].tag !== `conn-${c}`) wrong.push(`${c}/${k}: ${JSON.stringify(rows[0])}`);
          }
          return wrong;
        })(),
      );
      expect((await Promise.all(runs)).flat()).toEqual([]);
    }
  }, 60_000);

  it("runs another connection's queries after an open transaction ends, never inside it", async () => {
    {
      await pool.query('CREATE TABLE IF NOT EXISTS tx_probe (id int PRIMARY KEY, v text)');
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('INSERT INTO tx_probe VALUES ($1, $2)', [1, 'pending']);
        // PGlite is one session: the others wait for the transaction and then see what it committed.
        const others = Promise.all(
          [1, 2, 3].map((k) =>
            pool.query<{ n: string }>('SELECT count(*)::text AS n FROM tx_probe WHERE id <= $1', [k]),
          ),
        );
        await client.query('UPDATE tx_probe SET v = $1 WHERE id = $2', ['done', 1]);
        await client.query('COMMIT');
        expect((await others).map((r) => r.rows[0].n)).toEqual(['1', '1', '1']);
        expect((await pool.query('SELECT v FROM tx_probe')).rows).toEqual([{ v: 'done' }]);
      } finally {
        client.release();
      }
    }
  }, 60_000);

  it('rolls back the transaction of a connection that goes away, and lets the others go on', async () => {
    const client = await pool.connect();
    await client.query('BEGIN');
    await client.query('INSERT INTO tx_probe VALUES ($1, $2)', [2, 'abandoned']);
    const waiting = pool.query<{ n: string }>('SELECT count(*)::text AS n FROM tx_probe WHERE id = $1', [2]);
    client.release(new Error('connection dropped by the test')); // destroys the connection mid-transaction
    expect((await waiting).rows).toEqual([{ n: '0' }]);
  }, 60_000);
});
