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

/**
 * Adds jobs. Its queues share the process's fail-fast connection: while Redis is down an add
 * fails at once instead of waiting (the outbox relay retries; nothing else enqueues directly).
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
      });
      queue.on('error', () => undefined); // surfaced by the failing call and by /health
      this.queues.set(name, queue);
    }
    return queue;
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
