/**
 * Page tokens of the long lists (docs/upstream-protocol.md, "Long lists"): opaque to clients,
 * here base64url JSON of the list they belong to and the sort key of the last item served
 * (keyset paging, so a page never repeats or skips an item however the pages are spaced).
 * A token names its source, firm and list, so one cannot be replayed against another list.
 */
export interface PageCursor {
  source: string;
  uscc: string;
  list: string;
  /** Sort-key values of the last item served, as strings (dates, ids, numerics). */
  after: string[];
}

export class PageTokenError extends Error {
  override name = 'PageTokenError';
}

export function encodePageToken(c: PageCursor): string {
  return Buffer.from(JSON.stringify({ v: 1, s: c.source, u: c.uscc, l: c.list, a: c.after })).toString('base64url');
}

export function decodePageToken(token: string, expected: Omit<PageCursor, 'after'> & { arity: number }): string[] {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new PageTokenError('pageToken is not a token this service issued');
  }
  const t = body as { v?: unknown; s?: unknown; u?: unknown; l?: unknown; a?: unknown };
  const after = t.a;
  if (
    t.v !== 1 ||
    !Array.isArray(after) ||
    after.length !== expected.arity ||
    !after.every((v) => typeof v === 'string')
  ) {
    throw new PageTokenError('pageToken is not a token this service issued');
  }
  if (t.s !== expected.source || t.u !== expected.uscc || t.l !== expected.list) {
    throw new PageTokenError(
      `pageToken belongs to another list (${String(t.s)}/${String(t.u)}/${String(t.l)}), not ${expected.source}/${expected.uscc}/${expected.list}`,
    );
  }
  return after as string[];
}
