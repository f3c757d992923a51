/**
 * PEER, the benchmark's off-the-shelf contender (bench/bench.ts): PostGraphile 5 with the amber
 * preset (plus simplify-inflection and the pg-order-by-related plugin) over the same database
 * tables, served by grafserv's node adaptor at http://127.0.0.1:PORT/graphql (PORT default 0:
 * any free port), read-only (no mutations). Our mirror tables relate by `uscc` without declared
 * foreign keys: the relations Q2 walks are smart tags (`@foreignKey`) given in the preset, the
 * database is not altered. SQL statements are counted on every pool client (bench/probe.ts).
 *
 *   DATABASE_URL=postgres://... node -r @swc-node/register bench/peer/peer.server.ts
 */
import './prelude';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { postgraphile } from 'postgraphile';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { jsonPgSmartTags } from 'postgraphile/utils';
import { PgSimplifyInflectionPreset } from '@graphile/simplify-inflection';
import { PgOrderByRelatedPlugin } from '@graphile-contrib/pg-order-by-related';
import { announce, installProbe } from '../probe';

/** The schemas of the platform's tables (migrations/, connectors/*): not pgboss, not public (the migrations table). */
const SCHEMAS = ['core', 'registry', 'tax', 'bank', 'supply_chain', 'judicial', 'alt_data'];

/** The relations Q2 follows, as PostGraphile smart tags: the tables share `uscc` but declare no foreign keys. */
const RELATIONS = jsonPgSmartTags({
  version: 1,
  config: {
    class: {
      'registry.company': {
        tags: { foreignKey: '(uscc) references core.firm (uscc)|@fieldName firm|@foreignFieldName registry' },
      },
      'tax.taxpayer': {
        tags: { foreignKey: '(uscc) references core.firm (uscc)|@fieldName firm|@foreignFieldName taxpayer' },
      },
      'tax.vat_declaration': {
        tags: {
          foreignKey: '(uscc) references tax.taxpayer (uscc)|@fieldName taxpayer|@foreignFieldName declarations',
        },
      },
      'bank.loan': {
        tags: { foreignKey: '(uscc) references core.firm (uscc)|@fieldName firm|@foreignFieldName loans' },
      },
      'supply_chain.receivable': {
        tags: {
          foreignKey: '(creditor_uscc) references core.firm (uscc)|@fieldName creditor|@foreignFieldName receivables',
        },
      },
      'judicial.case_party': {
        tags: {
          foreignKey: [
            '(uscc) references core.firm (uscc)|@fieldName firm|@foreignFieldName caseParties',
            '(case_id) references judicial.court_case (id)|@fieldName case|@foreignFieldName parties',
          ],
        },
      },
      // Cases are listed newest filed first; PostGraphile 5 orders only by indexed columns and filed_on has no index.
      'judicial.court_case': { attribute: { filed_on: { tags: { behavior: '+orderBy' } } } },
      'core.health_latest': {
        tags: { foreignKey: '(uscc) references core.firm (uscc)|@fieldName firm|@foreignFieldName health' },
      },
    },
  },
});

async function main(): Promise<void> {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error('set DATABASE_URL to the seeded database');
  // Our own pool (the size of ours), so that every statement on its clients is counted.
  const pool = new pg.Pool({ connectionString, max: 10 });
  pool.on('error', () => {});
  let statements = 0;
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args) => {
      statements++;
      return query(...args);
    };
  });

  const preset: GraphileConfig.Preset = {
    extends: [PostGraphileAmberPreset, PgSimplifyInflectionPreset],
    plugins: [RELATIONS, PgOrderByRelatedPlugin],
    pgServices: [makePgService({ pool, schemas: SCHEMAS })],
    // Read-only: no create, update or delete mutations.
    schema: { defaultBehavior: '-insert -update -delete' },
    grafserv: { graphqlPath: '/graphql', graphiql: false, watch: false },
    grafast: { explain: false },
  };
  const pgl = postgraphile(preset);
  const serv = pgl.createServ(grafserv);
  const server = createServer();
  await serv.addTo(server);
  await new Promise<void>((resolve) => server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', resolve));
  // Build the schema before the harness measures (introspection is not a request's work).
  await pgl.getSchemaResult();
  installProbe(() => statements);
  announce(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
