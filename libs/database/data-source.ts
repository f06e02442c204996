/** The DataSource the TypeORM CLI uses (`npm run migration:run`, `migration:generate`). */
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/config.js';
import { dataSourceOptions } from './data-source-options.js';

// The owner's connection: these commands change the schema.
const { database } = loadConfig();
export default new DataSource(dataSourceOptions({ ...database, DATABASE_URL: database.MIGRATION_DATABASE_URL }));
