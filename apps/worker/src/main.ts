import { ConfigError, loadConfig } from '../../../libs/config/config.js';
import { createProcessLogger, versionsText } from '../../../libs/common/logger.js';
import { createWorker, PendingMigrationsError } from './create-worker.js';
import { WorkerHealth } from './worker-health.js';

/** After the jobs' own deadline, this long for connections to close before the process exits anyway. */
const CLOSE_GRACE_MS = 2000;

try {
  const config = loadConfig();
  const processLogger = createProcessLogger(config.runtime.LOG_LEVEL);
  const app = await createWorker({ logger: processLogger });
  const logger = {
    log: (message: string) => processLogger.log(message, 'worker'),
    warn: (message: string) => processLogger.warn(message, 'worker'),
    error: (message: string) => processLogger.error(message, 'worker'),
  };
  // The one start-up line ("Guankao worker ready" is what scripts and tests wait for).
  const health = `http://${config.http.HOST}:${app.get(WorkerHealth).port()}/health`;
  logger.log(`Guankao worker ready: health ${health}, queue prefix ${config.queue.QUEUE_PREFIX}, no HTTP API (${versionsText()})`);

  // SIGTERM: in-flight jobs get WORKER_SHUTDOWN_TIMEOUT_MS to finish (JobRunner). A job cut off then
  // still holds its database connection and SMTP exchange, so the process exits without waiting for
  // them: its transaction rolls back and BullMQ returns the job to the queue once its lock lapses.
  const stop = (signal: NodeJS.Signals) => {
    logger.log(`${signal}: stopping (in-flight jobs get ${config.queue.WORKER_SHUTDOWN_TIMEOUT_MS} ms)`);
    setTimeout(() => {
      logger.warn('shutdown deadline passed: exiting with jobs still running; they return to the queue');
      process.exit(1);
    }, config.queue.WORKER_SHUTDOWN_TIMEOUT_MS + CLOSE_GRACE_MS).unref();
    app.close().then(
      () => process.exit(0),
      (e: Error) => {
        logger.error(`shutdown failed: ${e.message}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
} catch (e) {
  if (e instanceof ConfigError || e instanceof PendingMigrationsError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
