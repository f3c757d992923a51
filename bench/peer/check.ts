/**
 * Checks that PEER (PostGraphile, bench/peer/peer.server.ts) answers Q2 as we do: starts it as a
 * child process (bench/contender.ts, as the harness does), our server in this process
 * (bench/in-process.ts), runs
 * Q2 on the first page and the 5 following ones on both (each following its own endCursor), and
 * prints the first difference after `peerToOurs` (page, path, both values) or "equivalent", then
 * the SQL statements per request of each (PEER's from its probe, ours from our statement count).
 *
 *   DATABASE_URL=postgres://... node -r @swc-node/register bench/peer/check.ts
 */
import { Contender } from '../contender';
import { firstDifference } from '../compare';
import { startOursInProcess } from '../in-process';
import { Q2_PAGE } from '../queries';
import { PEER_Q2, peerEndCursor, peerToOurs } from './peer.queries';

const PAGES = 6;

async function post(url: string, query: string, after: string | null, token?: string): Promise<unknown> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables: { after } }) });
  return res.json();
}

interface Q2Body {
  errors?: unknown[];
  data?: { borrowers?: { edges: unknown[]; pageInfo: { endCursor: string | null } } };
}

async function main(): Promise<void> {
  const peer = new Contender('PEER', 'bench/peer/peer.server.ts', {});
  const server = await startOursInProcess();
  const { db, token } = server;
  try {
    const peerUrl = await peer.url;
    let ourAfter: string | null = null;
    let peerAfter: string | null = null;
    let difference: string | null = null;
    let nodes = 0;
    await peer.reset();
    db.resetStatementCount();
    for (let page = 1; page <= PAGES; page++) {
      const ours = (await post(server.url, Q2_PAGE, ourAfter, token)) as Q2Body;
      const raw = await post(peerUrl, PEER_Q2, peerAfter);
      if (ours.errors || !ours.data?.borrowers)
        throw new Error(`our page ${page} failed: ${JSON.stringify(ours.errors)}`);
      nodes += ours.data.borrowers.edges.length;
      const diff = firstDifference(ours, peerToOurs(raw));
      if (diff && !difference) difference = `page ${page}, ${diff} (ours vs PEER)`;
      ourAfter = ours.data.borrowers.pageInfo.endCursor;
      peerAfter = peerEndCursor(raw);
    }
    const stats = await peer.stats();
    console.log(
      `Q2, ${PAGES} pages (${nodes} borrowers): ${difference ? `first difference at ${difference}` : 'equivalent'}`,
    );
    console.log(
      `SQL statements per request: PEER ${(stats.statements / PAGES).toFixed(1)}, ours ${(db.statementCount() / PAGES).toFixed(1)}`,
    );
    if (difference) process.exitCode = 1;
  } finally {
    peer.stop();
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
