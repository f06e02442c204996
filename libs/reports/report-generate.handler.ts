import { Injectable } from '@nestjs/common';
import { HandlesJob, type JobHandler, JobName, type JobPayload } from '../queue/index.js';

// SCAFFOLD: replaced by the real handler before this lands.
@Injectable()
@HandlesJob(JobName.ReportGenerate)
export class ReportGenerateHandler implements JobHandler<JobName.ReportGenerate> {
  async handle(_data: JobPayload<JobName.ReportGenerate>): Promise<void> {
    throw new Error('not implemented yet');
  }
}
