import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { TIME_ZONE } from '../common/clock.js';
import type { OutboxEvent } from '../outbox/outbox-event.entity.js';
import { type OutboxSubscriber, SubscribesToOutbox } from '../outbox/outbox-subscriber.js';
import { JobName, JobQueue, QueueName, SCHEDULER_ID } from '../queue/index.js';
import { OutboxTopic } from '../outbox/topics.js';

const SCHEDULER_PREFIX = SCHEDULER_ID.reportSchedule('');

/**
 * Keeps BullMQ's job schedulers in step with the report_schedule table: one scheduler per active
 * schedule, by a fixed id, so upserting again (another worker, a replayed event) changes nothing.
 * It always reads the table rather than the event, so events handled late or out of order still
 * leave the current state registered.
 */
@Injectable()
@SubscribesToOutbox([OutboxTopic.ReportScheduleChanged])
export class ReportScheduleRegistrar implements OutboxSubscriber {
  private readonly logger = new Logger('report-schedules');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
  ) {}

  async handle(event: OutboxEvent): Promise<void> {
    await this.sync(event.aggregateId);
  }

  /**
   * Registers every active schedule and removes the schedulers of the others. Called by the worker's
   * Schedulers once Redis is up (not a Nest start-up hook: those can run before the connection is, and
   * the fail-fast connection refuses commands until then).
   */
  async registerAll(): Promise<void> {
    const active: { id: string; cron: string }[] = await this.dataSource.query('SELECT id, cron FROM report_schedule WHERE is_active ORDER BY id');
    for (const schedule of active) await this.register(schedule.id, schedule.cron);
    const keep = new Set(active.map((s) => SCHEDULER_ID.reportSchedule(s.id)));
    const registered = await this.queue().getJobSchedulers(0, -1);
    for (const scheduler of registered) {
      if (scheduler.key.startsWith(SCHEDULER_PREFIX) && !keep.has(scheduler.key)) await this.queue().removeJobScheduler(scheduler.key);
    }
    this.logger.debug(`${active.length} report schedule(s) registered`); // the worker logs one start-up summary
  }

  /** Registers the schedule's tick, or removes it when the schedule is inactive or gone. */
  async sync(scheduleId: string): Promise<void> {
    const [schedule]: { cron: string; is_active: boolean }[] = await this.dataSource.query('SELECT cron, is_active FROM report_schedule WHERE id = $1', [scheduleId]);
    if (schedule?.is_active) await this.register(scheduleId, schedule.cron);
    else await this.queue().removeJobScheduler(SCHEDULER_ID.reportSchedule(scheduleId));
  }

  private register(scheduleId: string, cron: string) {
    return this.queue().upsertJobScheduler(
      SCHEDULER_ID.reportSchedule(scheduleId),
      { pattern: cron, tz: TIME_ZONE },
      { name: JobName.ReportScheduleRun, data: { scheduleId } },
    );
  }

  private queue() {
    return this.jobs.queue(QueueName.Reports);
  }
}
