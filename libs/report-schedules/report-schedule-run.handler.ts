import { Injectable } from '@nestjs/common';
import { HandlesJob, type JobHandler, JobName, type JobPayload } from '../queue/index.js';

// SCAFFOLD: replaced by the real handler before this lands.
@Injectable()
@HandlesJob(JobName.ReportScheduleRun)
export class ReportScheduleRunHandler implements JobHandler<JobName.ReportScheduleRun> {
  async handle(_data: JobPayload<JobName.ReportScheduleRun>): Promise<void> {
    throw new Error('not implemented yet');
  }
}
