import { rm } from 'node:fs/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { HandlesJob, type JobHandler, JobName, type JobPayload } from '../queue/index.js';
import { reportFileLock } from './report-generate.handler.js';
import { reportFilePath } from './report-storage.js';
import { rowOf, rowsOf } from '../database/sql-query.js';
import { FILE_IN_USE, LOCK_FILE, PRUNE_REPORTS } from './reports.queries.js';

export interface PruneOutcome {
  deletedReports: number;
  removedFiles: number;
}

/**
 * report.prune (daily, REPORT_PRUNE_CRON): deletes the reports that finished (ready or failed) more
 * than REPORT_RETENTION_DAYS ago, then the stored files no remaining report or schedule run refers
 * to. Each file is checked and removed under the advisory lock the generation job takes to store a
 * file, so a report finishing with the same checksum meanwhile keeps its file. Queued and running
 * reports are never pruned. Running it twice is harmless: a second run finds nothing.
 */
@Injectable()
@HandlesJob(JobName.ReportPrune)
export class ReportPruneHandler implements JobHandler<JobName.ReportPrune> {
  private readonly logger = new Logger('reports');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(data: JobPayload<JobName.ReportPrune>): Promise<PruneOutcome> {
    const at = data.at !== undefined ? new Date(data.at) : this.clock.now();
    if (Number.isNaN(at.getTime())) throw new Error(`report.prune: at must be an ISO instant (got "${data.at}")`);
    const cutoff = new Date(at.getTime() - this.config.reports.REPORT_RETENTION_DAYS * 24 * 3600 * 1000);
    const deleted = await rowsOf(this.dataSource, PRUNE_REPORTS, [cutoff]);
    const shas = [...new Set(deleted.map((d) => d.sha256).filter((s): s is string => s !== null))].sort();
    let removedFiles = 0;
    for (const sha of shas) {
      const removed = await this.dataSource.transaction(async (manager) => {
        await rowsOf(manager, LOCK_FILE, [reportFileLock(sha)]);
        const used = await rowOf(manager, FILE_IN_USE, [sha]);
        if (used) return false;
        await rm(reportFilePath(this.config.storage.STORAGE_DIR, sha), { force: true });
        return true;
      });
      if (removed) removedFiles++;
    }
    if (deleted.length) this.logger.log(`pruned ${deleted.length} report(s) finished before ${cutoff.toISOString()}, ${removedFiles} file(s)`);
    return { deletedReports: deleted.length, removedFiles };
  }
}
