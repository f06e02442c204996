import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { ReportsWorkerModule } from '../reports/reports-worker.module.js';
import { ReportScheduleRegistrar } from './report-schedule-registrar.js';
import { ReportScheduleRunHandler } from './report-schedule-run.handler.js';
import { ScheduledReportRenderer } from './scheduled-report.renderer.js';

/** Worker side of report schedules: registering their cron ticks, running them (generated kinds through the report job's handler), and their email. */
@Module({ imports: [NotificationsModule, ReportsWorkerModule], providers: [ReportScheduleRegistrar, ReportScheduleRunHandler, ScheduledReportRenderer] })
export class ReportSchedulesWorkerModule {}
