import { Injectable } from '@nestjs/common';
import { HandlesJob, type JobHandler, JobName, type JobPayload } from '../queue/index.js';

// SCAFFOLD: replaced by the real handler before this lands.
@Injectable()
@HandlesJob(JobName.DigestSweep)
export class DigestSweepHandler implements JobHandler<JobName.DigestSweep> {
  async handle(_data: JobPayload<JobName.DigestSweep>): Promise<void> {
    throw new Error('not implemented yet');
  }
}
