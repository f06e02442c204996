import { Injectable } from '@nestjs/common';
import { HandlesJob, type JobHandler, JobName, type JobPayload } from '../queue/index.js';

// SCAFFOLD: replaced by the real handler before this lands.
@Injectable()
@HandlesJob(JobName.ReminderSweep)
export class ReminderSweepHandler implements JobHandler<JobName.ReminderSweep> {
  async handle(_data: JobPayload<JobName.ReminderSweep>): Promise<void> {
    throw new Error('not implemented yet');
  }
}
