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

/** Whether jobs can be added to a queue now (its connection is up), for /health. */
export interface QueueProducerState {
  queue: QueueName;
  ready: boolean;
  error?: string;
}

/**
 * Adds jobs. Its queues share the process's fail-fast connection: while Redis is down an add
 * fails at once instead of waiting (the outbox relay retries; the reconciler re-queues sends).
 *
 * A BullMQ queue's start-up is one round trip (INFO, for the version check); on a fail-fast
 * connection it is refused while Redis is down, and the queue keeps that failure for good (every
 * later call awaits the same rejection). So the version check is skipped here (the worker's own
 * BullMQ workers still make it): a queue first used during an outage works once Redis is back,
 * including the ones the queue dashboard holds from the API's start.
 */
@Injectable()
export class JobQueue implements OnApplicationShutdown {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: this.redis,
        prefix: this.config.queue.QUEUE_PREFIX,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
        skipWaitingForReady: true,
        skipVersionCheck: true,
      });
      queue.on('error', () => undefined); // surfaced by the failing call and by /health
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Every queue's producer: whether it can take jobs now, or why not. */
  async producers(): Promise<QueueProducerState[]> {
    return Promise.all(
      Object.values(QueueName).map(async (name): Promise<QueueProducerState> => {
        try {
          await this.queue(name).waitUntilReady();
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
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
  }
}
