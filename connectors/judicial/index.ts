/**
 * Judicial connector (司法): cases the firm is party to, enforcement (被执行人), dishonest-debtor
 * listings (失信被执行人). Adapter: `postgres` (the `judicial` mirror schema).
 */
import DataLoader from 'dataloader';
import { argsLoader, mirrorHealth, type ConnectorDeps, type SourceConnector } from '../shared/connector';
import { groupByKey, loadAllPerKey, topNPerKeySql, USCC_ARRAY } from '../shared/sql';
import { DishonestListing, Enforcement, type FirmCase } from './judicial.records';

export * from './judicial.records';

export interface JudicialLoaders {
  cases: DataLoader<{ uscc: string; first: number }, FirmCase[], string>;
  enforcements: DataLoader<string, Enforcement[]>;
  dishonestListings: DataLoader<string, DishonestListing[]>;
}

export type JudicialConnector = SourceConnector<JudicialLoaders>;

const FIRM_CASE_COLUMNS =
  'x.uscc AS "partyUscc", c.id, c.case_no AS "caseNo", c.court, c.cause, x.role, c.filed_on AS "filedOn", ' +
  'c.closed_on AS "closedOn", c.amount, c.status';

export function createJudicialConnector(_config: object, { db }: ConnectorDeps): JudicialConnector {
  return {
    source: 'JUDICIAL',
    createLoaders: () => ({
      cases: argsLoader(async (usccs, { first }) => {
        const sql = topNPerKeySql({
          from: 'judicial.case_party x JOIN judicial.court_case c ON c.id = x.case_id',
          select: FIRM_CASE_COLUMNS,
          keyColumn: 'uscc',
          keyType: USCC_ARRAY,
          orderBy: 'c.filed_on DESC, c.id DESC',
        });
        const { rows } = await db.query<FirmCase & { partyUscc: string }>(sql, [usccs, first]);
        return groupByKey(usccs, rows, (r) => r.partyUscc).map((list) => list.map(({ partyUscc: _p, ...c }) => c));
      }),
      enforcements: new DataLoader((usccs) =>
        loadAllPerKey<Enforcement>(db, { entity: Enforcement, table: 'judicial.enforcement', key: 'uscc', orderBy: 'x.filed_on DESC, x.id DESC' }, usccs),
      ),
      dishonestListings: new DataLoader((usccs) =>
        loadAllPerKey<DishonestListing>(
          db,
          { entity: DishonestListing, table: 'judicial.dishonest_listing', key: 'uscc', orderBy: 'x.listed_on DESC, x.id DESC' },
          usccs,
        ),
      ),
    }),
    health: () => mirrorHealth(db, 'JUDICIAL', 'judicial.court_case'),
    dispose: async () => {},
  };
}
