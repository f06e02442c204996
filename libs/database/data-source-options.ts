import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import type { DatabaseConfig } from '../config/config.js';
import { ENTITIES } from './entities.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

/** One place that says how Guankao talks to PostgreSQL. Schema changes come from migrations only. */
export function dataSourceOptions(config: DatabaseConfig, overrides: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.DATABASE_URL,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    uuidExtension: 'pgcrypto',
    synchronize: false,
    extra: {
      max: config.DATABASE_POOL_SIZE,
      application_name: 'guankao',
      // A saturated pool fails a request after this long (503, Retry-After) instead of queueing it without bound.
      connectionTimeoutMillis: config.DATABASE_POOL_ACQUIRE_TIMEOUT_MS,
      // A statement that runs away (or waits on a lock) frees its connection; 0 is none.
      ...(config.DATABASE_STATEMENT_TIMEOUT_MS > 0 ? { statement_timeout: config.DATABASE_STATEMENT_TIMEOUT_MS } : {}),
    },
    ...overrides,
  } as DataSourceOptions;
}

const POOL_TIMEOUT = /timeout exceeded when trying to connect/i;
/** query_canceled: statement_timeout (or a cancel) ended the statement. */
const QUERY_CANCELED = '57014';

/**
 * Whether an error means the database is too busy to answer now (the pool gave no connection in
 * time, or statement_timeout ended the statement), as opposed to a bug: such a request is worth
 * retrying later, so it answers 503 with Retry-After.
 */
export function isDatabaseBusy(error: unknown): boolean {
  const e = error as { message?: unknown; code?: unknown; driverError?: { code?: unknown } } | null;
  if (!e || typeof e !== 'object') return false;
  return (e.driverError?.code ?? e.code) === QUERY_CANCELED || (typeof e.message === 'string' && POOL_TIMEOUT.test(e.message));
}
