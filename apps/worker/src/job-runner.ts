import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../../../libs/config/index.js';
import {
  createWorkerConnection,
  HandlesJob,
  type JobHandler,
  JobName,
  QueueName,
} from '../../../libs/queue/index.js';
import { Schedulers } from './schedulers.js';

/**
 * How long after its worker died (SIGKILL, a crash, a lost host) a job is back in the queue, at
 * most, while some worker is running. Its lock runs out within lockDuration (a live worker renews
 * it every lockDuration / 2, which also clears the job's stalled mark). A stalled check runs every
 * stalledInterval: the first after the last renewal marks the job, a later one at or after the
 * lock ran out returns it. So: max(lockDuration, stalledInterval) + stalledInterval, 60 s with
 * BullMQ's defaults (30 s, 30 s). When no worker was running, count from the moment one starts.
 */
export function stalledJobBoundMs(queue: Pick<AppConfig['queue'], 'WORKER_LOCK_DURATION_MS' | 'WORKER_STALLED_INTERVAL_MS'>): number {
  return Math.max(queue.WORKER_LOCK_DURATION_MS, queue.WORKER_STALLED_INTERVAL_MS) + queue.WORKER_STALLED_INTERVAL_MS;
}

export class JobHandlerRegistryError extends Error {
  constructor(problems: string[]) {
    super(`Job handlers are not one per job name:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'JobHandlerRegistryError';
  }
}

/** Finds the one handler of every job name, or names what is missing or doubled. */
export function buildHandlerRegistry(found: { jobName: JobName; handler: JobHandler; className: string }[]): Map<JobName, JobHandler> {
  const problems: string[] = [];
  const registry = new Map<JobName, JobHandler>();
  for (const name of Object.values(JobName)) {
    const handlers = found.filter((f) => f.jobName === name);
    if (handlers.length === 0) problems.push(`${name}: no handler (decorate one provider with @HandlesJob(JobName...))`);
    else if (handlers.length > 1) problems.push(`${name}: ${handlers.length} handlers (${handlers.map((h) => h.className).join(', ')})`);
    else registry.set(name, handlers[0].handler);
  }
  for (const f of found) {
    if (!Object.values(JobName).includes(f.jobName)) problems.push(`${f.className}: handles unknown job name "${f.jobName}"`);
  }
  if (problems.length) throw new JobHandlerRegistryError(problems);
  return registry;
}

/** Runs the BullMQ workers of this process: one per queue, each dispatching by job name to its one handler. */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('jobs');
  private readonly workers = new Map<QueueName, Worker>();
  private registry = new Map<JobName, JobHandler>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly schedulers: Schedulers,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.registry = buildHandlerRegistry(
      this.discovery.getProviders({ metadataKey: HandlesJob.KEY }).map((wrapper) => ({
        jobName: this.discovery.getMetadataByDecorator(HandlesJob, wrapper) as JobName,
        handler: wrapper.instance as JobHandler,
        className: wrapper.metatype?.name ?? String(wrapper.token),
      })),
    );
    await this.schedulers.start();
    for (const queue of Object.values(QueueName)) this.startWorker(queue);
  }

  private startWorker(queue: QueueName): void {
    const concurrency = {
      [QueueName.Events]: this.config.queue.WORKER_CONCURRENCY_EVENTS,
      [QueueName.Sweeps]: this.config.queue.WORKER_CONCURRENCY_SWEEPS,
      [QueueName.Email]: this.config.queue.WORKER_CONCURRENCY_EMAIL,
      [QueueName.Reports]: this.config.queue.WORKER_CONCURRENCY_REPORTS,
    }[queue];
    const worker = new Worker(queue, (job: Job) => this.process(job), {
      connection: createWorkerConnection(this.config.redis.REDIS_URL),
      prefix: this.config.queue.QUEUE_PREFIX,
      concurrency,
      // A killed worker's jobs come back once their lock has expired and a stalled check saw them: stalledJobBoundMs.
      lockDuration: this.config.queue.WORKER_LOCK_DURATION_MS,
      stalledInterval: this.config.queue.WORKER_STALLED_INTERVAL_MS,
    });
    worker.on('failed', (job, error) => {
      if (!job) return;
      const final = job.attemptsMade >= (job.opts.attempts ?? 1) || error instanceof UnrecoverableError;
      this.logger[final ? 'error' : 'warn'](`${queue}/${job.name} ${job.id} failed (attempt ${job.attemptsMade}${final ? ', final' : ''}): ${error.message}`);
    });
    worker.on('error', (error) => this.logger.error(`${queue} worker: ${error.message}`));
    this.workers.set(queue, worker);
  }

  private process(job: Job): Promise<unknown> {
    const handler = this.registry.get(job.name as JobName);
    if (!handler) throw new UnrecoverableError(`no handler for job name "${job.name}"`);
    return handler.handle(job.data, job);
  }

  runningQueues(): { queue: QueueName; running: boolean }[] {
    return [...this.workers].map(([queue, worker]) => ({ queue, running: worker.isRunning() }));
  }

  /**
   * SIGTERM: stop taking jobs and let in-flight ones finish within the deadline; after it, close
   * by force. Jobs cut off that way keep no lock and are returned to the queue as stalled.
   */
  async beforeApplicationShutdown(): Promise<void> {
    const workers = [...this.workers.values()];
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.config.queue.WORKER_SHUTDOWN_TIMEOUT_MS);
    });
    const outcome = await Promise.race([Promise.all(workers.map((w) => w.close())).then(() => 'closed' as const), deadline]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.logger.warn(`in-flight jobs did not finish within ${this.config.queue.WORKER_SHUTDOWN_TIMEOUT_MS} ms; they go back to the queue`);
      await Promise.all(workers.map((w) => w.close(true)));
    }
    await Promise.all(workers.map((w) => w.disconnect().catch(() => undefined)));
  }
}
