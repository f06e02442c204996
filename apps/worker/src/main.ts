import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig, logLevels } from '../../../libs/config/config.js';
import { createWorker, PendingMigrationsError } from './create-worker.js';

try {
  const config = loadConfig();
  await createWorker({ logger: logLevels(config.runtime.LOG_LEVEL) });
  new Logger('worker').log('Guankao worker ready (no HTTP server).');
} catch (e) {
  if (e instanceof ConfigError || e instanceof PendingMigrationsError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
