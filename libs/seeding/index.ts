export * from './demo-users.js';
export * from './seed.js';
export * from './seed-files.js';
export * from './seed-rows.js';
export * from './seed-writer.js';
