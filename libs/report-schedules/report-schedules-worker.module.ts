import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { ReportScheduleRegistrar } from './report-schedule-registrar.js';
import { ReportScheduleRunHandler } from './report-schedule-run.handler.js';
import { ScheduledReportRenderer } from './scheduled-report.renderer.js';

/** Worker side of report schedules: registering their cron ticks, running them, and their email. */
@Module({ imports: [NotificationsModule], providers: [ReportScheduleRegistrar, ReportScheduleRunHandler, ScheduledReportRenderer] })
export class ReportSchedulesWorkerModule {}
