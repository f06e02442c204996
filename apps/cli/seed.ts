/** `npm run seed`: loads seeds/ (idempotent). Demo users unless NODE_ENV=production or --no-demo-users. */
import 'reflect-metadata';
import { runCli } from './run.js';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../libs/config/config.js';
import { dataSourceOptions, pendingMigrations } from '../../libs/database/index.js';
import { runSeed } from '../../libs/seeding/index.js';

await runCli(async () => {
  const config = loadConfig();
  const demoUsers = !process.argv.includes('--no-demo-users') && config.runtime.NODE_ENV !== 'production';
  const dataSource = await new DataSource(dataSourceOptions(config.database)).initialize();
  try {
    const pending = await pendingMigrations(dataSource);
    if (pending.length) throw new Error(`Pending migrations (${pending.join(', ')}): run \`npm run migrate\` first.`);
    const counts = await runSeed(dataSource, { env: config.runtime.NODE_ENV, demoUsers, demoPassword: config.seed.DEMO_PASSWORD });
    const changed = Object.entries(counts).filter(([, c]) => c.inserted || c.updated);
    console.log(
      changed.length
        ? `Seeded: ${changed.map(([t, c]) => `${t} +${c.inserted}${c.updated ? ` ~${c.updated}` : ''}`).join(', ')}`
        : 'Seed data already up to date: nothing changed.',
    );
    if (!demoUsers) console.log('Demo users were not created.');
  } finally {
    await dataSource.destroy();
  }
});
