import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataSource } from 'typeorm';
import { writeDemoUsers } from './demo-users.js';
import { readSeedFiles } from './seed-files.js';
import { buildSeedRows } from './seed-rows.js';
import { type WriteCounts, writeSeedRows } from './seed-writer.js';

/** The repository's seeds/ folder, found from this file whether it runs from the sources or dist/. */
export function defaultSeedDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'seeds', 'organisations.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('Cannot find the seeds/ folder');
    dir = up;
  }
  return path.join(dir, 'seeds');
}

export interface SeedOptions {
  seedDir?: string;
  /** NODE_ENV: demo users are refused in production. */
  env: string;
  /** Create demo users (never in production). */
  demoUsers: boolean;
  demoPassword: string;
}

/** Loads every seed file in one transaction: all of it lands, or none of it. */
export async function runSeed(dataSource: DataSource, options: SeedOptions): Promise<WriteCounts> {
  const rows = buildSeedRows(readSeedFiles(options.seedDir ?? defaultSeedDir()));
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    const counts = await writeSeedRows(runner, rows);
    if (options.demoUsers) counts.app_user = await writeDemoUsers(runner, options.env, options.demoPassword);
    await runner.commitTransaction();
    return counts;
  } catch (e) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw e;
  } finally {
    await runner.release();
  }
}
