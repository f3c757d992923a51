/**
 * The benchmark's expected answers (bench/bench.ts): ours, taken one request at a time before the
 * load, and the checks every contender's answer must pass against them (FLOOR's identical, PEER's
 * equivalent after bench/peer's mapping).
 */
import { firstDifference, splitCharacters } from './compare';
import type { Contender } from './contender';
import { post, type Planned } from './load';
import { PEER_Q2, peerEndCursor, peerToOurs } from './peer/peer.queries';

/** The expected answers: ours, one request at a time; a body with errors is not an expected answer. */
export async function expectedBodies(
  url: string,
  bodies: string[],
  headers: Record<string, string>,
  label: string,
): Promise<string[]> {
  const out: string[] = [];
  for (const body of bodies) {
    const text = await post(url, body, headers);
    const parsed = JSON.parse(text) as { errors?: unknown[] };
    if (parsed.errors)
      throw new Error(
        `${label}: our server answered with errors, so there is nothing to compare against: ${JSON.stringify(parsed.errors).slice(0, 500)}`,
      );
    out.push(text);
  }
  return out;
}

/** The check of an answer that must be `expected`, byte for byte. */
export const exact = (expected: string) => (body: string) => {
  if (body === expected || splitCharacters(body, expected) !== null) return null;
  const parsed = JSON.parse(body) as { errors?: unknown[] };
  return parsed.errors
    ? `errors: ${JSON.stringify(parsed.errors).slice(0, 400)}`
    : `body differs: ${firstDifference(JSON.parse(expected), parsed) ?? 'in bytes only'}`;
};

/** FLOOR must answer every planned request exactly as we do before it is measured. */
export async function checkFloor(
  scenario: string,
  floor: Contender | undefined,
  plan: Planned[],
  headers: Record<string, string>,
): Promise<void> {
  if (!floor) return;
  const url = await floor.url;
  for (const p of plan) {
    const wrong = p.check(await post(url, p.body, headers));
    if (wrong) throw new Error(`${scenario}: FLOOR's answer is not ours: ${wrong}`);
  }
}

/** PEER's requests for the same pages, checked equivalent to ours after bench/peer's mapping. */
export async function peerPlanFor(
  peer: Contender | undefined,
  expected: string[],
  notes: string[],
): Promise<Planned[] | undefined> {
  if (!peer) return undefined;
  const url = await peer.url;
  const plan: Planned[] = [];
  let after: string | null = null;
  for (const want of expected) {
    const body = JSON.stringify({ query: PEER_Q2, variables: { after } });
    const check = (text: string) => {
      const diff = firstDifference(JSON.parse(want), peerToOurs(JSON.parse(text)));
      return diff ? `PEER's page is not equivalent to ours: ${diff}` : null;
    };
    const first = await post(url, body, {});
    const wrong = check(first);
    if (wrong) throw new Error(`Q2: ${wrong}`);
    plan.push({ body, check });
    after = peerEndCursor(JSON.parse(first));
  }
  notes.push(
    'PEER answers Q2 through its own schema (bench/peer/peer.queries.ts); its pages are checked equivalent to ours after the mapping there.',
  );
  return plan;
}
