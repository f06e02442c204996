import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DashboardsService } from '../dashboards/dashboards.service.js';
import { BudgetReportGenerator } from './budget/budget-report.generator.js';
import { OrganisationStatusGenerator } from './organisation-status/organisation-status.generator.js';
import { ProgrammeStatusGenerator } from './programme-status/programme-status.generator.js';
import { ReportGenerateHandler } from './report-generate.handler.js';
import { ReportGenerators } from './report-generators.js';
import { ReportPruneHandler } from './report-prune.handler.js';
import { ReportRequestedSubscriber } from './report-requested.subscriber.js';
import { ResolutionTrackingGenerator } from './resolution-tracking/resolution-tracking.generator.js';

/**
 * Worker side of reports: the generation job and its generators (one `@GeneratesReport` provider
 * per kind: add a kind's generator here), the outbox subscriber that queues it, and retention.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    ReportGenerators, ReportGenerateHandler, ReportRequestedSubscriber, ReportPruneHandler,
    DashboardsService, BudgetReportGenerator, ProgrammeStatusGenerator, ResolutionTrackingGenerator, OrganisationStatusGenerator,
  ],
  exports: [ReportGenerators, ReportGenerateHandler],
})
export class ReportsWorkerModule {}
