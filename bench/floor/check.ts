/**
 * Checks that FLOOR (bench/floor/floor.server.ts) answers as our server does: starts ours in
 * this process (bench/in-process.ts), the floor as a child (bench/contender.ts), and compares the
 * bodies of Q1 for 30 random firms and of Q2 for the first page and the 5 pages after it
 * (following endCursor). Prints the first difference (where, ours and the floor's value) and
 * exits 1, or prints "identical".
 *
 *   DATABASE_URL=postgres://... node -r @swc-node/register bench/floor/check.ts
 */
import { Contender } from '../contender';
import { firstDifference, show } from '../compare';
import { startOursInProcess } from '../in-process';
import { Q1_PROFILE, Q2_PAGE } from '../queries';

const FIRMS = 30;
const FURTHER_PAGES = 5;

async function main(): Promise<void> {
  const ours = await startOursInProcess();
  const floor = new Contender('FLOOR', 'bench/floor/floor.server.ts', {});
  try {
    const floorUrl = await floor.url;
    const { db, token } = ours;
    const post = async (url: string, query: string, variables: Record<string, unknown>, auth: boolean) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const text = await res.text();
      if (res.status !== 200)
        throw new Error(`${auth ? 'our server' : 'the floor'} answered HTTP ${res.status}: ${text.slice(0, 500)}`);
      return text;
    };
    /** Compares one request's bodies; returns ours parsed, or throws with the first difference. */
    const compare = async (what: string, query: string, variables: Record<string, unknown>): Promise<unknown> => {
      const [mine, theirs] = await Promise.all([
        post(ours.url, query, variables, true),
        post(floorUrl, query, variables, false),
      ]);
      const parsed: unknown = JSON.parse(mine);
      const diff = firstDifference(parsed, JSON.parse(theirs));
      if (diff) throw new Error(`${what}: ours vs floor differ at ${diff}`);
      if (mine !== theirs)
        throw new Error(
          `${what}: the bodies parse alike but differ as text (${show(mine.slice(-40))} vs ${show(theirs.slice(-40))})`,
        );
      return parsed;
    };

    const { rows } = await db.query<{ uscc: string }>('SELECT uscc FROM core.firm ORDER BY random() LIMIT $1', [FIRMS]);
    for (const { uscc } of rows) await compare(`Q1 for ${uscc}`, Q1_PROFILE, { uscc });
    let after: string | null = null;
    for (let n = 0; n <= FURTHER_PAGES; n++) {
      const body = (await compare(`Q2 page ${n + 1} (after ${show(after)})`, Q2_PAGE, { after })) as {
        data: { borrowers: { pageInfo: { endCursor: string | null } } };
      };
      after = body.data.borrowers.pageInfo.endCursor;
    }
    console.log(`identical: Q1 for ${rows.length} firms, Q2 for ${FURTHER_PAGES + 1} pages`);
  } finally {
    floor.stop();
    await ours.stop();
  }
}

main().catch((err: unknown) => {
  console.error((err as Error).message ?? err);
  process.exit(1);
});
