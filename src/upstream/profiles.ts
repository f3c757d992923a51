/**
 * What each upstream source holds about a firm, read from the source's schema in the database
 * and shaped exactly as the source's payload schema (connectors/<source>/<source>.upstream.ts):
 * select lists come from the TypeORM entities (`selectColumns`), so the fields are the
 * entities' camelCase properties with the database's value formats (money and ids as strings,
 * dates `YYYY-MM-DD`).
 *
 * A batch is read with a fixed number of statements whatever the number of firms: one for the
 * firm's single record (or existence), one per list (the newest pageSize + 1 rows per firm, the
 * extra row telling whether a next page exists) and one per nested list (confirmations and
 * pledges of the receivables served, parties of the cases served). Statements per batch:
 * tax 5, registry 4, supply-chain 6, judicial 5 (STATEMENTS_PER_BATCH).
 *
 * A profile's `asOf` is the newest record date the source holds about the firm (when something
 * was declared, issued, filed, listed, removed...), over all its records, not only the first
 * pages: each list statement also returns the newest date of all the firm's rows (a window
 * over the rows before LIMIT), so `asOf` does not depend on the page size.
 */
import type { Database } from '../db/database';
import { groupByKey, topNPerKeySql, USCC_ARRAY } from '../../connectors/shared/sql';
import { decodePageToken, encodePageToken, PageTokenError } from './page-token';
import { type ListSpec, listNames, type Row, type SortKey, type Source, SPECS } from './profile-sources';

export { isSource, listNames, SOURCES, type Source, STATEMENTS_PER_BATCH } from './profile-sources';

/** What a token's value must look like for its cast, so a tampered token is a 400, not an SQL error. */
const VALUE_SHAPE: Record<SortKey['type'], RegExp> = {
  date: /^\d{4}-\d{2}-\d{2}$/,
  bigint: /^\d{1,18}$/,
  numeric: /^-?\d{1,20}(\.\d{1,20})?$/,
  text: /^/,
};

/** `(a < $3) OR (a = $3 AND b > $4) ...`: the rows after the cursor in the list's order, whatever the direction of each key. */
function afterCursor(order: SortKey[], firstParam: number): string {
  return order
    .map((k, i) => {
      const equal = order.slice(0, i).map((p, j) => `${p.column} = $${firstParam + j}::${p.type}`);
      return `(${[...equal, `${k.column} ${k.desc ? '<' : '>'} $${firstParam + i}::${k.type}`].join(' AND ')})`;
    })
    .join(' OR ');
}

interface Page {
  items: Row[];
  /** Sort key of the last item, when more items follow. */
  next: string[] | null;
  /** The newest record date of all the firm's rows in the list (not only this page's). */
  newest: string | null;
}

/** One page of the list per firm (one statement, plus one per nested list). */
async function readPages(
  db: Database,
  list: ListSpec,
  usccs: readonly string[],
  pageSize: number,
  after?: string[],
): Promise<Page[]> {
  const params: unknown[] = [usccs, pageSize + 1];
  if (after) params.push(...after);
  const sql = topNPerKeySql({
    from: list.from,
    // The window runs before LIMIT: over all the firm's rows.
    select: `k.key AS "firmKey", ${list.recordDate ? `max(${list.recordDate}) OVER ()` : 'NULL::date'} AS "newestOn", ${list.select}`,
    keyColumn: list.keyColumn,
    keyType: USCC_ARRAY,
    orderBy: list.order.map((k) => `${k.column} ${k.desc ? 'DESC' : 'ASC'}`).join(', '),
    where: after ? afterCursor(list.order, 3) : undefined,
    groupBy: list.groupBy,
  });
  const { rows } = await db.query<Row>(sql, params);
  const pages = groupByKey(usccs, rows, (r) => r.firmKey as string).map((group): Page => {
    const items = group.slice(0, pageSize).map(({ firmKey: _k, newestOn: _n, ...item }) => item);
    const last = items[items.length - 1];
    return {
      items,
      next: group.length > pageSize ? list.order.map((k) => String(last[k.field])) : null,
      newest: (group[0]?.newestOn as string | null | undefined) ?? null,
    };
  });
  if (list.attach)
    await list.attach(
      db,
      pages.flatMap((p) => p.items),
    );
  return pages;
}

/** The latest of some `YYYY-MM-DD` dates (they sort as strings), or null. */
const latest = (dates: Array<string | null>): string | null =>
  dates.reduce<string | null>((a, d) => (d !== null && (a === null || d > a) ? d : a), null);

export interface Profile {
  asOf: string | null;
  data: Row;
  /** Per list: the token of its second page, or null when the profile holds all of it. */
  nextPageTokens: Record<string, string | null>;
}

/** The profiles of `usccs` (canonical, distinct), null where the source does not know the firm. */
export async function readProfiles(
  db: Database,
  source: Source,
  usccs: readonly string[],
  pageSize: number,
): Promise<Array<Profile | null>> {
  const spec = SPECS[source];
  const names = Object.keys(spec.lists);
  const [heads, ...lists] = await Promise.all([
    spec.head(db, usccs),
    ...names.map((n) => readPages(db, spec.lists[n], usccs, pageSize)),
  ]);
  return usccs.map((uscc, i) => {
    const head = heads[i];
    if (!head) return null;
    const data: Row = { ...head };
    const nextPageTokens: Record<string, string | null> = {};
    const dates = spec.headDates?.(head) ?? [];
    names.forEach((list, j) => {
      const page = lists[j][i];
      data[list] = page.items;
      nextPageTokens[list] = page.next && encodePageToken({ source, uscc, list, after: page.next });
      dates.push(page.newest);
    });
    return { asOf: latest(dates), data, nextPageTokens };
  });
}

export class UnknownListError extends Error {
  override name = 'UnknownListError';
}

/**
 * One page of a firm's list: the first without a token, else the one after the token's
 * cursor. Null when the source does not know the firm. Throws PageTokenError for a bad token.
 */
export async function readListPage(
  db: Database,
  source: Source,
  uscc: string,
  list: string,
  pageToken: string | undefined,
  pageSize: number,
): Promise<{ items: Row[]; nextPageToken: string | null } | null> {
  const spec = SPECS[source];
  if (!Object.hasOwn(spec.lists, list))
    throw new UnknownListError(`${source} profiles have no list "${list}" (lists: ${listNames(source).join(', ')})`);
  const listSpec = spec.lists[list];
  const after =
    pageToken === undefined
      ? undefined
      : decodePageToken(pageToken, { source, uscc, list, arity: listSpec.order.length });
  if (after && !after.every((v, i) => VALUE_SHAPE[listSpec.order[i].type].test(v)))
    throw new PageTokenError('pageToken is not a token this service issued');
  const [[head], [page]] = await Promise.all([spec.head(db, [uscc]), readPages(db, listSpec, [uscc], pageSize, after)]);
  if (!head) return null;
  return { items: page.items, nextPageToken: page.next && encodePageToken({ source, uscc, list, after: page.next }) };
}
