/**
 * The TypeORM DataSource: entities and migrations. `synchronize` is always off; migrations/ is
 * the only way the schema changes. Used by the migration runner at start-up and by the TypeORM
 * CLI (`typeorm -d src/db/data-source.ts ...`, where DATABASE_URL names the server).
 */
import 'reflect-metadata';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { entities } from './entities';
import { SnakeNamingStrategy } from './naming.strategy';

export function createDataSource(url: string): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations: [path.join(__dirname, '../../migrations/*.{ts,js}')],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    uuidExtension: 'pgcrypto',
    extra: { max: 1 },
    logging: ['error'],
  });
}

/** Runs pending migrations; returns the names of those it ran. */
export async function migrate(url: string): Promise<string[]> {
  const ds = createDataSource(url);
  await ds.initialize();
  try {
    const ran = await ds.runMigrations();
    return ran.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

export default process.env.DATABASE_URL ? createDataSource(process.env.DATABASE_URL) : undefined;
