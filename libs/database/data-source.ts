/** The DataSource the TypeORM CLI uses (`npm run migration:run`, `migration:generate`). */
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/config.js';
import { dataSourceOptions } from './data-source-options.js';

export default new DataSource(dataSourceOptions(loadConfig().database));
