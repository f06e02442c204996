import { Module } from '@nestjs/common';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';

/** API side of reports: request (202), status, download. The worker generates them (ReportsWorkerModule). */
@Module({ controllers: [ReportsController], providers: [ReportsService] })
export class ReportsModule {}
