export * from './errors.js';
export * from './error.filter.js';
export * from './validation.js';
export * from './roc.js';
export * from './cursor.js';
export * from './stable-id.js';
