// Budget report render time and size (issue 5), run on demand against a seeded database:
//   npm run build && node bench/reports-budget.mjs [--runs=20]
// DATABASE_URL defaults to the dev database (postgres://postgres@127.0.0.1:5432/guankao), read only.
import { DataSource } from 'typeorm';
import { loadConfig } from '../dist/libs/config/config.js';
import { dataSourceOptions } from '../dist/libs/database/index.js';
import { loadBudgetReport, loadReportFont, renderBudgetReportPdf, renderBudgetReportXlsx, renderToBuffer } from '../dist/libs/reports/index.js';

const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 20);
const config = loadConfig();
const dataSource = await new DataSource(dataSourceOptions(config.database)).initialize();
const [programme] = await dataSource.query(`SELECT id FROM programme WHERE code = 'aap2018'`);
const ms = (t) => performance.now() - t;
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return `p50 ${s[Math.floor(s.length / 2)].toFixed(0)} ms, p95 ${s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)].toFixed(0)} ms`;
};

let t = performance.now();
const font = loadReportFont(config.reports);
console.log(`font open (${config.reports.REPORT_FONT_PATH}#${config.reports.REPORT_FONT_NAME}): ${ms(t).toFixed(0)} ms`);

const load = [], pdf = [], xlsx = [];
let sizes;
for (let i = 0; i <= runs; i++) {
  t = performance.now();
  const data = await loadBudgetReport(dataSource.manager, programme.id, new Date());
  const tLoad = ms(t);
  t = performance.now();
  const pdfBytes = await renderToBuffer((out) => renderBudgetReportPdf(data, out, font));
  const tPdf = ms(t);
  t = performance.now();
  const xlsxBytes = await renderToBuffer((out) => renderBudgetReportXlsx(data, out));
  const tXlsx = ms(t);
  if (i === 0) console.log(`first (cold) run: load ${tLoad.toFixed(0)} ms, pdf ${tPdf.toFixed(0)} ms, xlsx ${tXlsx.toFixed(0)} ms`);
  else { load.push(tLoad); pdf.push(tPdf); xlsx.push(tXlsx); }
  sizes = { pdf: pdfBytes.length, xlsx: xlsxBytes.length };
}
console.log(`warm, ${runs} runs: load ${stats(load)}; pdf ${stats(pdf)}; xlsx ${stats(xlsx)}`);
console.log(`sizes: pdf ${sizes.pdf} bytes (${(sizes.pdf / 1024).toFixed(1)} KiB), xlsx ${sizes.xlsx} bytes (${(sizes.xlsx / 1024).toFixed(1)} KiB)`);
console.log(`rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
await dataSource.destroy();
