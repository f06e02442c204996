export * from './budget-report.data.js';
export * from './budget-report.pdf.js';
export * from './budget-report.xlsx.js';
