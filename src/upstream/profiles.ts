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
import 'reflect-metadata';
import type { Database } from '../db/database';
import {
  groupByKey,
  loadAllPerKey,
  loadOnePerKey,
  selectColumns,
  topNPerKeySql,
  USCC_ARRAY,
} from '../../connectors/shared/sql';
import { CreditRatingRecord, Invoice, Taxpayer, VatDeclaration } from '../../connectors/tax/tax.records';
import {
  AbnormalListing,
  RegistryChange,
  RegistryCompany,
  Shareholder,
} from '../../connectors/registry/registry.records';
import {
  Confirmation,
  CoreEnterprise,
  Pledge,
  PurchaseOrder,
  Receivable,
} from '../../connectors/supply-chain/supply-chain.records';
import { CaseParty, CourtCase, DishonestListing, Enforcement } from '../../connectors/judicial/judicial.records';
import { decodePageToken, encodePageToken, PageTokenError } from './page-token';

/** The sources, by their path segment. */
export const SOURCES = ['tax', 'registry', 'supply-chain', 'judicial'] as const;
export type Source = (typeof SOURCES)[number];

export const isSource = (s: string): s is Source => (SOURCES as readonly string[]).includes(s);

type Row = Record<string, unknown>;

/** One column of a list's order; `field` is the same value in the served item (for the page token). */
interface SortKey {
  column: string;
  field: string;
  /** SQL type the token's string value is cast to. */
  type: 'date' | 'bigint' | 'numeric' | 'text';
  desc: boolean;
}

interface ListSpec {
  /** FROM clause; the table holding the firm's key has alias `x`. */
  from: string;
  select: string;
  /** Column of `x` equal to the firm's USCC. */
  keyColumn: string;
  groupBy?: string;
  /** A total order (its last key is unique), newest first where the records are dated. */
  order: SortKey[];
  /** SQL: the newest record date of a row, its nested records included (GREATEST skips nulls); none for undated lists. */
  recordDate?: string;
  /** Adds nested lists to the items served, one statement per nested list for all of them. */
  attach?: (db: Database, items: Row[]) => Promise<void>;
}

interface SourceSpec {
  /** Per firm: null when the source does not know it, else the profile's single records (`{ taxpayer }`, or `{}`). */
  head(db: Database, usccs: readonly string[]): Promise<Array<Row | null>>;
  /** Record dates of the single records. */
  headDates?: (head: Row) => Array<string | null>;
  /** The profile's lists, in payload order. */
  lists: Record<string, ListSpec>;
}

/** What a token's value must look like for its cast, so a tampered token is a 400, not an SQL error. */
const VALUE_SHAPE: Record<SortKey['type'], RegExp> = {
  date: /^\d{4}-\d{2}-\d{2}$/,
  bigint: /^\d{1,18}$/,
  numeric: /^-?\d{1,20}(\.\d{1,20})?$/,
  text: /^/,
};

const newest = (dateColumn: string, dateField: string, alias = 'x'): SortKey[] => [
  { column: `${alias}.${dateColumn}`, field: dateField, type: 'date', desc: true },
  { column: `${alias}.id`, field: 'id', type: 'bigint', desc: true },
];

/** The firms of core.firm among `usccs`: the sources that hold lists only know the platform's firms. */
async function knownFirms(db: Database, usccs: readonly string[]): Promise<Array<Row | null>> {
  const { rows } = await db.query<{ uscc: string }>(
    `SELECT f.uscc FROM core.firm f WHERE f.uscc = ANY($1::${USCC_ARRAY})`,
    [usccs],
  );
  const known = new Set(rows.map((r) => r.uscc));
  return usccs.map((u) => (known.has(u) ? {} : null));
}

/** Sets `item[field]` to its children (rows whose `childKey` is the item's id), one statement for all items. */
async function attachChildren(
  db: Database,
  items: Row[],
  field: string,
  spec: Parameters<typeof loadAllPerKey<Row>>[1],
): Promise<void> {
  const ids = [...new Set(items.map((i) => i.id as string))];
  const groups = await loadAllPerKey<Row>(db, spec, ids);
  const byId = new Map(ids.map((id, i) => [id, groups[i]]));
  for (const item of items) item[field] = byId.get(item.id as string) ?? [];
}

const invoices = (keyColumn: string): ListSpec => ({
  from: 'tax.invoice x',
  select: selectColumns(Invoice, 'x'),
  keyColumn,
  order: newest('issue_date', 'issueDate'),
  recordDate: 'x.issue_date',
});

const SPECS: Record<Source, SourceSpec> = {
  tax: {
    async head(db, usccs) {
      const rows = await loadOnePerKey<Row>(db, { entity: Taxpayer, table: 'tax.taxpayer', key: 'uscc' }, usccs);
      return rows.map((taxpayer) => (taxpayer ? { taxpayer } : null));
    },
    headDates: (h) => [(h.taxpayer as Taxpayer).registeredOn],
    lists: {
      // One per year assessed, newest year first, each dated by its publication.
      creditRatings: {
        from: 'tax.credit_rating x',
        select: selectColumns(CreditRatingRecord, 'x'),
        keyColumn: 'uscc',
        order: [{ column: 'x.year', field: 'year', type: 'bigint', desc: true }],
        recordDate: 'x.published_on',
      },
      declarations: {
        from: 'tax.vat_declaration x',
        select: selectColumns(VatDeclaration, 'x'),
        keyColumn: 'uscc',
        order: [{ column: 'x.period', field: 'period', type: 'text', desc: true }],
        recordDate: 'x.declared_on',
      },
      invoicesIssued: invoices('seller_uscc'),
      invoicesReceived: invoices('buyer_uscc'),
    },
  },
  registry: {
    async head(db, usccs) {
      const rows = await loadOnePerKey<Row>(
        db,
        { entity: RegistryCompany, table: 'registry.company', key: 'uscc' },
        usccs,
      );
      return rows.map((company) => (company ? { company } : null));
    },
    headDates: (h) => [(h.company as RegistryCompany).foundedOn, (h.company as RegistryCompany).statusChangedOn],
    lists: {
      // Undated: largest share first, as the registry lists them.
      shareholders: {
        from: 'registry.shareholder x',
        select: selectColumns(Shareholder, 'x'),
        keyColumn: 'uscc',
        order: [
          { column: 'x.share_ratio', field: 'shareRatio', type: 'numeric', desc: true },
          { column: 'x.id', field: 'id', type: 'bigint', desc: false },
        ],
      },
      changes: {
        from: 'registry.change_log x',
        select: selectColumns(RegistryChange, 'x'),
        keyColumn: 'uscc',
        order: newest('changed_on', 'changedOn'),
        recordDate: 'x.changed_on',
      },
      abnormalListings: {
        from: 'registry.abnormal_listing x',
        select: selectColumns(AbnormalListing, 'x'),
        keyColumn: 'uscc',
        order: newest('listed_on', 'listedOn'),
        recordDate: 'GREATEST(x.listed_on, x.removed_on)',
      },
    },
  },
  'supply-chain': {
    head: knownFirms,
    lists: {
      // The core enterprises a firm supplies: those that ordered from it or owe it receivables
      // (the same rule as the mirror's loader). Undated: by name.
      coreEnterprises: {
        from:
          '(SELECT o.supplier_uscc AS firm_uscc, o.core_uscc FROM supply_chain.purchase_order o ' +
          'UNION SELECT r.creditor_uscc, r.debtor_uscc FROM supply_chain.receivable r) x ' +
          'JOIN supply_chain.core_enterprise c ON c.uscc = x.core_uscc',
        select: selectColumns(CoreEnterprise, 'c'),
        keyColumn: 'firm_uscc',
        order: [
          { column: 'c.name', field: 'name', type: 'text', desc: false },
          { column: 'c.uscc', field: 'uscc', type: 'text', desc: false },
        ],
      },
      orders: {
        from: 'supply_chain.purchase_order x',
        select: selectColumns(PurchaseOrder, 'x'),
        keyColumn: 'supplier_uscc',
        order: newest('order_date', 'orderDate'),
        recordDate: 'x.order_date',
      },
      receivables: {
        from: 'supply_chain.receivable x',
        select: selectColumns(Receivable, 'x'),
        keyColumn: 'creditor_uscc',
        order: newest('issue_date', 'issueDate'),
        // Not due_date: a promise about the future, not news.
        recordDate:
          'GREATEST(x.issue_date, (SELECT max(cf.confirmed_on) FROM supply_chain.confirmation cf WHERE cf.receivable_id = x.id), ' +
          '(SELECT max(pl.pledged_on) FROM supply_chain.pledge pl WHERE pl.receivable_id = x.id))',
        async attach(db, items) {
          await Promise.all([
            attachChildren(db, items, 'confirmations', {
              entity: Confirmation,
              table: 'supply_chain.confirmation',
              key: 'receivableId',
              keyType: 'bigint[]',
              orderBy: 'x.confirmed_on, x.id',
            }),
            attachChildren(db, items, 'pledges', {
              entity: Pledge,
              table: 'supply_chain.pledge',
              key: 'receivableId',
              keyType: 'bigint[]',
              orderBy: 'x.pledged_on, x.id',
            }),
          ]);
        },
      },
    },
  },
  judicial: {
    head: knownFirms,
    lists: {
      // The cases the firm is a party to, each with all its parties (the firm's role is in its
      // own party row). GROUP BY: a firm named twice in one case still gets the case once.
      cases: {
        from: 'judicial.case_party x JOIN judicial.court_case c ON c.id = x.case_id',
        select: selectColumns(CourtCase, 'c'),
        keyColumn: 'uscc',
        groupBy: 'c.id',
        order: newest('filed_on', 'filedOn', 'c'),
        recordDate: 'GREATEST(c.filed_on, c.published_on, c.closed_on)',
        attach: (db, items) =>
          attachChildren(db, items, 'parties', {
            entity: CaseParty,
            table: 'judicial.case_party',
            key: 'caseId',
            keyType: 'bigint[]',
            orderBy: 'x.id',
          }),
      },
      enforcements: {
        from: 'judicial.enforcement x',
        select: selectColumns(Enforcement, 'x'),
        keyColumn: 'uscc',
        order: newest('filed_on', 'filedOn'),
        recordDate: 'GREATEST(x.filed_on, x.published_on, x.closed_on)',
      },
      dishonestListings: {
        from: 'judicial.dishonest_listing x',
        select: selectColumns(DishonestListing, 'x'),
        keyColumn: 'uscc',
        order: newest('listed_on', 'listedOn'),
        recordDate: 'GREATEST(x.listed_on, x.removed_on)',
      },
    },
  },
};

/** SQL statements one batchGet issues, whatever its number of keys. */
export const STATEMENTS_PER_BATCH: Record<Source, number> = { tax: 5, registry: 4, 'supply-chain': 6, judicial: 5 };

export const listNames = (source: Source): string[] => Object.keys(SPECS[source].lists);

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
