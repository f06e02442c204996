/**
 * `npm run seed`: loads seeds/ (idempotent). Demo users (known password) only when asked for:
 * `npm run seed -- --demo` or SEED_DEMO_USERS=true, and never with NODE_ENV=production (refused).
 */
import 'reflect-metadata';
import { runCli } from './run.js';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../libs/config/config.js';
import { dataSourceOptions, pendingMigrations } from '../../libs/database/index.js';
import { demoUsersAsked, runSeed } from '../../libs/seeding/index.js';

await runCli(async () => {
  const config = loadConfig();
  const demoUsers = demoUsersAsked(process.argv.slice(2), config.seed.SEED_DEMO_USERS);
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
    if (!demoUsers) console.log('Demo users were not created (add --demo, or SEED_DEMO_USERS=true, on a development or test installation).');
  } finally {
    await dataSource.destroy();
  }
});
