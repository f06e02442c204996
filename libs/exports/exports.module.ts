import { Module } from '@nestjs/common';
import { DashboardsModule } from '../dashboards/dashboards.module.js';
import { SubmissionsModule } from '../submissions/submissions.module.js';
import { SubProjectsModule } from '../sub-projects/sub-projects.module.js';
import { ExportsController } from './exports.controller.js';
import { ExportsService } from './exports.service.js';

/** Exports of the lists a caller can see, streamed as CSV, XLSX or ODS. */
@Module({ imports: [SubProjectsModule, SubmissionsModule, DashboardsModule], controllers: [ExportsController], providers: [ExportsService] })
export class ExportsModule {}
