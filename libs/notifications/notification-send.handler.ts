import { Injectable } from '@nestjs/common';
import { HandlesJob, type JobHandler, JobName, type JobPayload } from '../queue/index.js';

// SCAFFOLD: replaced by the real handler before this lands.
@Injectable()
@HandlesJob(JobName.NotificationSend)
export class NotificationSendHandler implements JobHandler<JobName.NotificationSend> {
  async handle(_data: JobPayload<JobName.NotificationSend>): Promise<void> {
    throw new Error('not implemented yet');
  }
}
