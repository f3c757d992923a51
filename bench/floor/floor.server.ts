/**
 * FLOOR, the benchmark's lower bound (bench/bench.ts): a hand-written `node:http` + `pg` server
 * that answers exactly two GraphQL requests, Q1_PROFILE and Q2_PAGE (bench/queries.ts), with the
 * body our server returns to an ANALYST, byte for byte, issuing the fewest statements: one per
 * table needed (a court case is read with its party row), batched over the page's firms with
 * `= ANY($1)`, all independent ones at once, as named prepared statements (floor.sql.ts); the JSON
 * is built by hand (floor.body.ts).
 * No GraphQL, no authentication, no DataLoader; cursors are ours (signed with the same key). Money, ratios and sums stay the decimal strings
 * PostgreSQL sends; `health { score tier }` is the stored latest snapshot (the bench database is
 * fully rescored). Personal names are masked as ours are for an ANALYST, with the same pure functions
 * (src/masking/).
 *
 *   DATABASE_URL=postgres://... [PORT=0] node -r @swc-node/register bench/floor/floor.server.ts
 *
 * Listens on 127.0.0.1, prints `READY <url>` and answers the harness's probe (bench/probe.ts).
 */
import 'reflect-metadata'; // the cursor and masking functions it shares with ours live beside type-graphql decorators
import http from 'node:http';
import pg from 'pg';
import { types } from '../../src/db/database';
import { loadConfig } from '../../src/config';
import { useCursorSecret } from '../../src/graphql/pagination';
import { announce, installProbe } from '../probe';
import { SQL } from './floor.sql';
import { answer, BadRequest } from './floor.body';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error('floor: set DATABASE_URL to the seeded and rescored bench database (postgres://...)');
  process.exit(1);
}
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, types, options: '-c jit=off' });
// A broken idle connection must not crash the process; the pool replaces it.
pool.on('error', () => {});

let statements = 0;

/** One statement, prepared per connection under its name. */
async function run<R extends pg.QueryResultRow>(name: keyof typeof SQL, values: unknown[]): Promise<R[]> {
  statements++;
  const { rows } = await pool.query<R>({ name: `floor-${name}`, text: SQL[name], values });
  return rows;
}

/** Our signed cursors (src/graphql/pagination.ts), with the key the contenders' shared configuration gives. */
useCursorSecret(loadConfig().cursorSecret);

function send(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

const server = http.createServer((req, res) => {
  if (req.url !== '/graphql' || req.method !== 'POST') {
    send(res, 404, JSON.stringify({ error: `the floor serves POST /graphql only, not ${req.method} ${req.url}` }));
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    answer(Buffer.concat(chunks).toString('utf8'), run).then(
      // Apollo Server's body: JSON.stringify of the result and a newline.
      (data) => send(res, 200, `${JSON.stringify({ data })}\n`),
      (err: unknown) =>
        send(res, err instanceof BadRequest ? 400 : 500, JSON.stringify({ error: (err as Error).message })),
    );
  });
});

installProbe(() => statements);
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  announce(`http://127.0.0.1:${port}/graphql`);
});
