/** `npm run audit:verify`: checks the audit trail's hash chain; prints OK or the first broken row, and exits 1 when broken. */
import 'reflect-metadata';
import { runCli } from './run.js';
import { DataSource } from 'typeorm';
import { describeAuditChain, verifyAuditChain } from '../../libs/audit/audit-chain.js';
import { loadConfig } from '../../libs/config/config.js';
import { dataSourceOptions } from '../../libs/database/index.js';

await runCli(async () => {
  const config = loadConfig();
  // Reading only: the application's role is enough; a long chain may take longer than a request may.
  const dataSource = await new DataSource(dataSourceOptions({ ...config.database, DATABASE_POOL_SIZE: 1, DATABASE_STATEMENT_TIMEOUT_MS: 0 })).initialize();
  try {
    const report = await verifyAuditChain(dataSource);
    (report.ok ? console.log : console.error)(describeAuditChain(report));
    if (!report.ok) process.exitCode = 1;
  } finally {
    await dataSource.destroy();
  }
});
