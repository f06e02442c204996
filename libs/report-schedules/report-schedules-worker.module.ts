import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { ReportScheduleRunHandler } from './report-schedule-run.handler.js';

/** Worker side of report schedules: registering their cron ticks and running them. */
@Module({ imports: [NotificationsModule], providers: [ReportScheduleRunHandler] })
export class ReportSchedulesWorkerModule {}
