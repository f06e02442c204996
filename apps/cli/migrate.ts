/** `npm run migrate`: creates the database if needed and runs pending migrations. */
import 'reflect-metadata';
import { runCli } from './run.js';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../libs/config/config.js';
import { dataSourceOptions, ensureDatabase } from '../../libs/database/index.js';

await runCli(async () => {
  const config = loadConfig();
  if (await ensureDatabase(config.database.DATABASE_URL)) console.log('Created the database.');
  const dataSource = await new DataSource(dataSourceOptions(config.database)).initialize();
  try {
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    console.log(ran.length ? `Ran ${ran.length} migration(s): ${ran.map((m) => m.name).join(', ')}` : 'No pending migrations.');
  } finally {
    await dataSource.destroy();
  }
});
