/**
 * Judicial connector (司法): cases the firm is party to, enforcement (被执行人), dishonest-debtor
 * listings (失信被执行人). Adapters: `postgres` (the `judicial` mirror schema) and `http` (the
 * court-records upstream, written through to the mirror).
 */
import type DataLoader from 'dataloader';
import { loader } from '../../src/lib/loader';
import { argsLoader } from '../shared/connector';
import { defineSource } from '../shared/source';
import { firmRows, replaceRows } from '../shared/write-through';
import { judicialProfileSchema, type JudicialProfilePayload } from './judicial.upstream';
import type { Database } from '../../src/db/database';
import { groupByKey, loadAllPerKey, topNPerKeySql, USCC_ARRAY } from '../shared/sql';
import { CaseParty, CourtCase, DishonestListing, Enforcement, type FirmCase } from './judicial.records';

export * from './judicial.records';
import { judicialEntities } from './judicial.records';
import { judicialKinds } from './judicial.kinds';
import { CasePartyResolver, CourtCaseResolver, JudicialProfile, JudicialResolver } from './judicial.resolver';

export interface JudicialLoaders {
  cases: DataLoader<{ uscc: string; first: number }, FirmCase[], string>;
  enforcements: DataLoader<string, Enforcement[]>;
  dishonestListings: DataLoader<string, DishonestListing[]>;
  /** All parties of each case, by case id. */
  parties: DataLoader<string, CaseParty[]>;
}

const FIRM_CASE_COLUMNS =
  'x.uscc AS "partyUscc", c.id, c.case_no AS "caseNo", c.court, c.cause, x.role, c.filed_on AS "filedOn", ' +
  'c.published_on AS "publishedOn", c.closed_on AS "closedOn", c.amount, c.status';

function mirrorLoaders(db: Database): JudicialLoaders {
  return {
    cases: argsLoader(async (usccs, { first }: { first: number }) => {
      const sql = topNPerKeySql({
        from: 'judicial.case_party x JOIN judicial.court_case c ON c.id = x.case_id',
        select: FIRM_CASE_COLUMNS,
        keyColumn: 'uscc',
        keyType: USCC_ARRAY,
        orderBy: 'c.filed_on DESC, c.id DESC',
      });
      const { rows } = await db.query<FirmCase & { partyUscc: string }>(sql, [usccs, first]);
      return groupByKey(usccs, rows, (r) => r.partyUscc).map((list) =>
        list.map(({ partyUscc, ...c }) => ({ ...c, firmUscc: partyUscc })),
      );
    }),
    enforcements: loader((usccs) =>
      loadAllPerKey<Enforcement>(
        db,
        { entity: Enforcement, table: 'judicial.enforcement', key: 'uscc', orderBy: 'x.filed_on DESC, x.id DESC' },
        usccs,
      ),
    ),
    dishonestListings: loader((usccs) =>
      loadAllPerKey<DishonestListing>(
        db,
        {
          entity: DishonestListing,
          table: 'judicial.dishonest_listing',
          key: 'uscc',
          orderBy: 'x.listed_on DESC, x.id DESC',
        },
        usccs,
      ),
    ),
    parties: loader((caseIds) =>
      loadAllPerKey<CaseParty>(
        db,
        { entity: CaseParty, table: 'judicial.case_party', key: 'caseId', keyType: 'int8[]', orderBy: 'x.role, x.id' },
        caseIds,
      ),
    ),
  };
}

declare module '../shared/source-name' {
  interface SourceNames {
    JUDICIAL: JudicialLoaders;
  }
}

export const judicialSource = defineSource<'JUDICIAL', JudicialProfilePayload>({
  name: 'JUDICIAL',
  description: 'Court records (司法): cases and parties, enforcements, dishonest-debtor listings.',
  entities: judicialEntities,
  kinds: judicialKinds,
  healthTable: 'judicial.court_case',
  mirrorLoaders,
  upstream: {
    resource: 'judicial',
    schema: judicialProfileSchema,
    async writeThrough(client, usccs, all) {
      const cases = all.flatMap((p) => p.cases);
      // A case has several parties, possibly other firms: cases are upserted, never deleted here;
      // all parties of each fetched case are rewritten.
      await replaceRows(client, { entity: CourtCase, table: 'judicial.court_case' }, usccs, cases);
      await replaceRows(
        client,
        { entity: CaseParty, table: 'judicial.case_party', replaceWhere: firmRows('uscc') },
        usccs,
        cases.flatMap((c) => c.parties),
      );
      await replaceRows(
        client,
        { entity: Enforcement, table: 'judicial.enforcement', replaceWhere: firmRows('uscc') },
        usccs,
        all.flatMap((p) => p.enforcements),
      );
      await replaceRows(
        client,
        { entity: DishonestListing, table: 'judicial.dishonest_listing', replaceWhere: firmRows('uscc') },
        usccs,
        all.flatMap((p) => p.dishonestListings),
      );
    },
  },
  completeness: {
    expected: false,
    records: `(SELECT count(*) FROM judicial.case_party p WHERE p.uscc = f.uscc)`,
    newest: `(SELECT max(c.filed_on) FROM judicial.case_party p JOIN judicial.court_case c ON c.id = p.case_id WHERE p.uscc = f.uscc)`,
  },
  graphql: {
    type: () => JudicialProfile,
    description: 'Court records (司法).',
    resolve: (uscc, found) => (found ? { uscc } : null),
    resolvers: [JudicialResolver, CourtCaseResolver, CasePartyResolver],
  },
});
