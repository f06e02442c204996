import { Injectable } from '@nestjs/common';
import type { OutboxEvent } from '../outbox/outbox-event.entity.js';
import { type OutboxSubscriber, SubscribesToOutbox } from '../outbox/outbox-subscriber.js';
import { JobName, JobQueue, jobId } from '../queue/index.js';
import { OutboxTopic } from '../outbox/topics.js';

/**
 * Hands a requested report to the generation job. The job id is the report's, so a replayed event
 * adds nothing while the job is queued; the job itself re-checks the row (a ready report is done).
 * The API never touches Redis: it only writes the report row and this outbox row.
 */
@Injectable()
@SubscribesToOutbox([OutboxTopic.ReportRequested])
export class ReportRequestedSubscriber implements OutboxSubscriber {
  constructor(private readonly jobs: JobQueue) {}

  async handle(event: OutboxEvent): Promise<void> {
    const reportId = event.aggregateId;
    await this.jobs.add(JobName.ReportGenerate, { reportId }, { jobId: jobId.reportGenerate(reportId) });
  }
}
