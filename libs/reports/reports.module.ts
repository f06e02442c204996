import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ReportSubjects } from './report-access.js';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';

/**
 * API side of reports: request (202), status, download. The worker generates them (ReportsWorkerModule).
 * Subjects other features own (gate reviews) come with their ReportSubjectAccess, found by ReportSubjects.
 */
@Module({ imports: [DiscoveryModule], controllers: [ReportsController], providers: [ReportsService, ReportSubjects] })
export class ReportsModule {}
