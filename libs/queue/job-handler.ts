import { DiscoveryService } from '@nestjs/core';
import type { Job } from 'bullmq';
import type { JobName, JobPayload } from './jobs.js';

/** Marks the one provider that processes a job name; the worker refuses to start unless every job name has exactly one. */
export const HandlesJob = DiscoveryService.createDecorator<JobName>();

export interface JobHandler<N extends JobName = JobName> {
  /** Must be safe to run again for the same job: re-check the database before any side effect. */
  handle(data: JobPayload<N>, job: Job<JobPayload<N>>): Promise<unknown>;
}
