import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type BulkJobOptions, type Job, type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { DEFAULT_JOB_OPTIONS, JOB_QUEUE, type JobName, type JobPayload, QueueName } from './jobs.js';
import { REDIS } from './redis.js';

export interface JobToAdd<N extends JobName = JobName> {
  name: N;
  data: JobPayload<N>;
  opts?: BulkJobOptions;
}

/** Whether jobs can be added to a queue now (its producer started and its connection is up), for /health. */
export interface QueueProducerState {
  queue: QueueName;
  ready: boolean;
  /** Why its last start-up failed; it is rebuilt on next use. */
  error?: string;
}

interface Entry {
  queue: Queue;
  /** Set once its start-up failed. */
  failed?: string;
}

/**
 * Adds jobs. Its queues share the process's fail-fast connection: while Redis is down an add
 * fails at once instead of waiting (the outbox relay retries; nothing else enqueues directly).
 *
 * BullMQ keeps a queue's failed start-up for good (its first round trip, INFO, is refused while
 * Redis is down, and every later call awaits that same rejection), so a queue whose start-up
 * failed is replaced by a new one the next time it is asked for: queues recover by themselves
 * once Redis is back, whenever they were first used.
 */
@Injectable()
export class JobQueue implements OnApplicationShutdown {
  private readonly entries = new Map<QueueName, Entry>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  queue(name: QueueName): Queue {
    let entry = this.entries.get(name);
    if (entry?.failed !== undefined) {
      void entry.queue.close().catch(() => undefined); // shared connection: this only drops its listeners
      entry = undefined;
    }
    if (!entry) {
      entry = this.open(name);
      this.entries.set(name, entry);
    }
    return entry.queue;
  }

  private open(name: QueueName): Entry {
    const queue = new Queue(name, {
      connection: this.redis,
      prefix: this.config.queue.QUEUE_PREFIX,
      defaultJobOptions: DEFAULT_JOB_OPTIONS,
      skipWaitingForReady: true,
    });
    queue.on('error', () => undefined); // surfaced by the failing call and by /health
    const entry: Entry = { queue };
    queue.waitUntilReady().catch((e: Error) => (entry.failed = e.message || String(e)));
    return entry;
  }

  /** Every queue's producer: started, or why not (opening those not used yet). */
  async producers(): Promise<QueueProducerState[]> {
    return Promise.all(
      Object.values(QueueName).map(async (name): Promise<QueueProducerState> => {
        const queue = this.queue(name);
        try {
          await queue.waitUntilReady();
          // Started, but the shared connection is down: adds fail at once until it reconnects.
          if (this.redis.status !== 'ready') return { queue: name, ready: false, error: `the Redis connection is ${this.redis.status}` };
          return { queue: name, ready: true };
        } catch (e) {
          return { queue: name, ready: false, error: (e as Error).message };
        }
      }),
    );
  }

  add<N extends JobName>(name: N, data: JobPayload<N>, opts?: JobsOptions): Promise<Job> {
    return this.queue(JOB_QUEUE[name]).add(name, data, opts);
  }

  /** Adds jobs in one round trip per queue. */
  async addBulk(jobs: JobToAdd[]): Promise<void> {
    const byQueue = new Map<QueueName, JobToAdd[]>();
    for (const job of jobs) {
      const queue = JOB_QUEUE[job.name];
      const list = byQueue.get(queue);
      if (list) list.push(job);
      else byQueue.set(queue, [job]);
    }
    await Promise.all([...byQueue].map(([queue, list]) => this.queue(queue).addBulk(list)));
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.entries.values()].map((e) => e.queue.close().catch(() => undefined)));
  }
}
