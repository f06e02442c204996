import { Module } from '@nestjs/common';
import { ReportSchedulesController } from './report-schedules.controller.js';
import { ReportSchedulesService } from './report-schedules.service.js';

/** API side of report schedules: coordinators manage them; the worker registers and runs them. */
@Module({ controllers: [ReportSchedulesController], providers: [ReportSchedulesService] })
export class ReportSchedulesModule {}
