export * from './data-source-options.js';
export * from './database.module.js';
export * from './entities.js';
export * from './schema-state.js';
export * from './ensure-database.js';
export * from './db-handle.js';
export * from './sql-query.js';
