import 'reflect-metadata';
import type { INestApplicationContext, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { loadConfig, type RuntimeConfig } from '../../../libs/config/config.js';
import { dataSourceOptions, pendingMigrations } from '../../../libs/database/index.js';
import { WorkerModule, type WorkerModuleOptions } from './worker.module.js';

export class PendingMigrationsError extends Error {
  constructor(readonly pending: string[]) {
    super(`The database has ${pending.length} pending migration(s): ${pending.join(', ')}. Run \`npm run migrate\`, then start the worker again.`);
    this.name = 'PendingMigrationsError';
  }
}

/** Checked before anything starts: no job may run against a schema older than the code. */
async function refusePendingMigrations(): Promise<void> {
  const dataSource = await new DataSource(dataSourceOptions({ ...loadConfig().database, DATABASE_POOL_SIZE: 1 })).initialize();
  try {
    const pending = await pendingMigrations(dataSource);
    if (pending.length) throw new PendingMigrationsError(pending);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Boots the worker: refuses to run on a database whose migrations are behind the code, then starts
 * the outbox relay, the cron ticks, the queue workers and the health endpoint. Signals are the
 * caller's (main.ts stops it on SIGTERM/SIGINT within a deadline).
 */
export async function createWorker(
  options: { logger?: false | RuntimeConfig['LOG_LEVEL'][] | LoggerService } & WorkerModuleOptions = {},
): Promise<INestApplicationContext> {
  await refusePendingMigrations();
  const app = await NestFactory.createApplicationContext(WorkerModule.register({ clock: options.clock }), {
    logger: options.logger ?? ['error', 'warn', 'log'],
    abortOnError: false, // throw to the caller instead of exiting the process
  });
  return app;
}
