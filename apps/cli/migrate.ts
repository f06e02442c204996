/**
 * `npm run migrate`: connected as the owner (MIGRATION_DATABASE_URL), creates the database if
 * needed, runs pending migrations, then creates DATABASE_URL's role if needed and sets its privileges
 * (libs/database/app-role.ts): the API and the worker never connect as the owner.
 */
import 'reflect-metadata';
import { runCli } from './run.js';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../libs/config/config.js';
import { ensureAppRole } from '../../libs/database/app-role.js';
import { dataSourceOptions, ensureDatabase } from '../../libs/database/index.js';

await runCli(async () => {
  const config = loadConfig();
  const { MIGRATION_DATABASE_URL: ownerUrl, DATABASE_URL: appUrl } = config.database;
  if (await ensureDatabase(ownerUrl)) console.log('Created the database.');
  // No statement_timeout: a migration may rewrite a large table.
  const dataSource = await new DataSource(dataSourceOptions({ ...config.database, DATABASE_URL: ownerUrl, DATABASE_STATEMENT_TIMEOUT_MS: 0 })).initialize();
  try {
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    console.log(ran.length ? `Ran ${ran.length} migration(s): ${ran.map((m) => m.name).join(', ')}` : 'No pending migrations.');
    // One URL for both (only DATABASE_URL set): nothing to create; the note below says what that means.
    const role = appUrl === ownerUrl ? { kind: 'same-role' as const, role: new URL(ownerUrl).username || 'the default user' } : await ensureAppRole(dataSource, appUrl);
    if (role.kind === 'granted') {
      console.log(`${role.created ? 'Created' : 'Updated'} the application's role ${role.role}: it owns nothing and may only read and add to the audit trail.`);
    } else {
      console.log(
        `Note: the application connects as ${role.role}, the schema's owner, which could switch off the audit trail's protection.` +
          ' Set MIGRATION_DATABASE_URL to the owner and DATABASE_URL to a role of its own (README "Database roles").',
      );
    }
  } finally {
    await dataSource.destroy();
  }
});
