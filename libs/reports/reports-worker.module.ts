import { Module } from '@nestjs/common';
import { ReportGenerateHandler } from './report-generate.handler.js';

/** Worker side of reports: the generation job. */
@Module({ providers: [ReportGenerateHandler] })
export class ReportsWorkerModule {}
