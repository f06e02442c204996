import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../../libs/config/index.js';
import { connectionReady, JOB_QUEUE, JobQueue, QueueName, REDIS, SCHEDULER_ID } from '../../../libs/queue/index.js';
import { ReportScheduleRegistrar } from '../../../libs/report-schedules/report-schedule-registrar.js';
import { RECURRING_JOBS } from './recurring-jobs.js';

export interface SchedulerHealth {
  status: 'up' | 'down';
  /** Scheduler ids that should be in Redis and are not. */
  missing: string[];
  error?: string;
}

/** How long the start waits for Redis before it fails. */
const REDIS_READY_TIMEOUT_MS = 10_000;

/**
 * Keeps the job schedulers in Redis: the checked-in cron list and one per active report schedule.
 * A Redis that restarted empty has none, and nothing would tick again, so they are registered at
 * start, again when the connection comes back, and whenever the periodic check finds one missing.
 * Upserts are by fixed ids: any number of workers doing this together leave one scheduler each.
 */
@Injectable()
export class Schedulers implements BeforeApplicationShutdown {
  private readonly logger = new Logger('schedulers');
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;
  private readonly onReconnect = () => void this.restore('Redis reconnected');

  constructor(
    private readonly jobs: JobQueue,
    private readonly moduleRef: ModuleRef,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** At start (a failure stops the worker), then keeps watching. */
  async start(): Promise<void> {
    await connectionReady(this.redis, REDIS_READY_TIMEOUT_MS);
    await this.registerCronList();
    await this.registrar().registerAll();
    this.redis.on('ready', this.onReconnect);
    this.timer = setInterval(() => void this.restore('periodic check'), this.config.queue.SCHEDULER_CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  private async registerCronList(): Promise<void> {
    for (const recurring of RECURRING_JOBS(this.config)) {
      await this.jobs.queue(JOB_QUEUE[recurring.name]).upsertJobScheduler(recurring.schedulerId, recurring.repeat, { name: recurring.name, data: recurring.data });
    }
  }

  private registrar(): ReportScheduleRegistrar {
    return this.moduleRef.get(ReportScheduleRegistrar, { strict: false });
  }

  /** Registers everything again if anything is missing; one check at a time, failures left to the next one. */
  restore(why: string): Promise<void> {
    this.checking ??= (async () => {
      try {
        const missing = await this.missing();
        if (missing.length === 0) return;
        await this.registerCronList();
        await this.registrar().registerAll();
        this.logger.warn(`${why}: ${missing.length} job scheduler(s) were missing and are registered again (${missing.join(', ')})`);
      } catch (e) {
        this.logger.warn(`${why}: cannot check the job schedulers, will try again: ${(e as Error).message}`);
      } finally {
        this.checking = undefined;
      }
    })();
    return this.checking;
  }

  /** Scheduler ids expected (the cron list, active report schedules) but not in Redis. */
  async missing(): Promise<string[]> {
    // A command on the fail-fast connection before it is up is refused inside BullMQ, where one of the refusals
    // goes unhandled and ends the process (seen when /health is asked while the worker starts).
    if (this.redis.status !== 'ready') throw new Error(`the Redis connection is ${this.redis.status}`);
    const expected = new Map<QueueName, string[]>();
    for (const recurring of RECURRING_JOBS(this.config)) {
      const queue = JOB_QUEUE[recurring.name];
      expected.set(queue, [...(expected.get(queue) ?? []), recurring.schedulerId]);
    }
    const schedules: { id: string }[] = await this.dataSource.query('SELECT id FROM report_schedule WHERE is_active');
    expected.set(QueueName.Reports, [...(expected.get(QueueName.Reports) ?? []), ...schedules.map((s) => SCHEDULER_ID.reportSchedule(s.id))]);
    const missing: string[] = [];
    for (const [queue, ids] of expected) {
      const registered = new Set((await this.jobs.queue(queue).getJobSchedulers(0, -1)).map((s) => s.key));
      missing.push(...ids.filter((id) => !registered.has(id)));
    }
    return missing.sort();
  }

  async health(): Promise<SchedulerHealth> {
    try {
      const missing = await this.missing();
      return { status: missing.length === 0 ? 'up' : 'down', missing };
    } catch (e) {
      return { status: 'down', missing: [], error: (e as Error).message };
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.redis.off('ready', this.onReconnect);
    await this.checking;
  }
}
