import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/config.js';
import { ENTITIES } from './entities.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Compiled migrations (dist/migrations), or the TypeScript sources when run under Jest. */
const migrationsGlob = path.join(here, '..', '..', 'migrations', here.includes(`${path.sep}dist${path.sep}`) ? '*.js' : '*.ts');

/** One place that says how Guankao talks to PostgreSQL. Schema changes come from migrations only. */
export function dataSourceOptions(config: DatabaseConfig, overrides: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.DATABASE_URL,
    entities: ENTITIES,
    migrations: [migrationsGlob],
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    uuidExtension: 'pgcrypto',
    synchronize: false,
    extra: { max: config.DATABASE_POOL_SIZE, application_name: 'guankao' },
    ...overrides,
  } as DataSourceOptions;
}
