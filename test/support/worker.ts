import type { INestApplicationContext } from '@nestjs/common';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { createWorker } from '../../apps/worker/src/create-worker.js';
import { WorkerHealth } from '../../apps/worker/src/worker-health.js';
import { Clock } from '../../libs/common/clock.js';
import { JobQueue, QueueName } from '../../libs/queue/index.js';
import { eventually } from './eventually.js';

/** A clock the test moves by hand. */
export class FakeClock extends Clock {
  constructor(private current: Date) {
    super();
  }

  override now(): Date {
    return new Date(this.current);
  }

  set(at: Date | string): void {
    this.current = new Date(at);
  }
}

let counter = 0;

/** A queue prefix of this test file's own, so parallel test files never share BullMQ keys. */
export function uniqueQueuePrefix(): string {
  return `test-${process.pid}-${Date.now().toString(36)}-${counter++}`;
}

export interface TestWorker {
  app: INestApplicationContext;
  jobs: JobQueue;
  healthUrl: string;
  close(): Promise<void>;
}

/**
 * The real worker (outbox relay, BullMQ processors, health endpoint) in this process, on the given
 * database and queue prefix. Settings come from the environment, like the real process.
 */
export async function bootWorker(options: { databaseUrl: string; queuePrefix: string; smtpUrl?: string; clock?: Clock; env?: Record<string, string> }): Promise<TestWorker> {
  Object.assign(process.env, {
    DATABASE_URL: options.databaseUrl,
    QUEUE_PREFIX: options.queuePrefix,
    WORKER_HEALTH_PORT: '0',
    OUTBOX_RELAY_INTERVAL_MS: '50',
    // Without a test SMTP server, mail goes nowhere (port 1 refuses), never to a developer's Mailpit on 1025.
    SMTP_URL: options.smtpUrl ?? 'smtp://127.0.0.1:1',
    ...options.env,
  });
  const app = await createWorker({ logger: false, clock: options.clock });
  return {
    app,
    jobs: app.get(JobQueue),
    healthUrl: `http://127.0.0.1:${app.get(WorkerHealth).port()}/health`,
    close: () => app.close(),
  };
}

/** Deletes every Redis key under a test's queue prefix. */
export async function dropQueues(prefix: string, redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/**
 * Waits until the worker has nothing left to do: the outbox relayed and no job waiting or running
 * in any queue (delayed ones are future cron ticks and retries). After this, "nothing more
 * arrives" can be asserted without waiting for a fixed time. `pendingNotifications`: a WHERE
 * clause on `notification` whose rows must have left 'pending' too (a send being retried).
 */
export async function settled(worker: TestWorker, options: { pendingNotifications?: string; timeoutMs?: number } = {}): Promise<void> {
  const count = async (text: string): Promise<number> => Number((await worker.app.get(DataSource).query(text))[0].n);
  const busy = async (): Promise<string[]> => {
    const reasons: string[] = [];
    const unpublished = await count(`SELECT count(*) AS n FROM outbox_event WHERE published_at IS NULL`);
    if (unpublished) reasons.push(`${unpublished} outbox events not relayed`);
    if (options.pendingNotifications) {
      const pending = await count(`SELECT count(*) AS n FROM notification WHERE status = 'pending' AND (${options.pendingNotifications})`);
      if (pending) reasons.push(`${pending} notifications pending`);
    }
    for (const name of Object.values(QueueName)) {
      const counts = await worker.jobs.queue(name).getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
      const n = Object.values(counts).reduce((a, b) => a + b, 0);
      if (n) reasons.push(`${n} jobs in ${name}`);
    }
    return reasons;
  };
  await eventually('the worker to have nothing left to do', busy, { until: (reasons) => reasons.length === 0, timeoutMs: options.timeoutMs });
}
