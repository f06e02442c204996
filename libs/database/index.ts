export * from './data-source-options.js';
export * from './database.module.js';
export * from './entities.js';
export * from './schema-state.js';
export * from './ensure-database.js';
