export * from './as-of.js';
export * from './output.js';
export * from './snapshot.js';
export * from './pdf/font.js';
export * from './pdf/pdf-report.js';
export * from './xlsx/xlsx-report.js';
export * from './budget/index.js';
