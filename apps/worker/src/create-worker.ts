import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { RuntimeConfig } from '../../../libs/config/config.js';
import { pendingMigrations } from '../../../libs/database/index.js';
import { WorkerModule } from './worker.module.js';

export class PendingMigrationsError extends Error {
  constructor(readonly pending: string[]) {
    super(`The database has ${pending.length} pending migration(s): ${pending.join(', ')}. Run \`npm run migrate\`, then start the worker again.`);
    this.name = 'PendingMigrationsError';
  }
}

/** Boots the worker context; refuses to run on a database whose migrations are behind the code. */
export async function createWorker(options: { logger?: false | RuntimeConfig['LOG_LEVEL'][] } = {}): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule, {
    logger: options.logger ?? ['error', 'warn', 'log'],
    abortOnError: false, // throw to the caller instead of exiting the process
  });
  const pending = await pendingMigrations(app.get<DataSource>(getDataSourceToken()));
  if (pending.length) {
    await app.close();
    throw new PendingMigrationsError(pending);
  }
  app.enableShutdownHooks();
  return app;
}
