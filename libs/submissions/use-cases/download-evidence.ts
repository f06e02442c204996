import { createReadStream, type ReadStream } from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '../../access/actor.js';
import { scopeOf } from '../../access/scope.js';
import { AppError } from '../../common/errors.js';
import { APP_CONFIG, type AppConfig } from '../../config/index.js';
import { rowOf } from '../../database/sql-query.js';
import { storagePath } from '../evidence.js';
import { readableRevisionOrNull } from '../submission-access.js';
import { loadSubmission } from '../submission.store.js';
import { EVIDENCE_FILE, EVIDENCE_LISTED } from '../submissions.queries.js';

export interface EvidenceDownload {
  stream: ReadStream; filename: string; contentType: string; sizeBytes: number; sha256: string;
}

/** GET /api/evidence/:id — a file to stream, when the caller may read its submission (and, for the secretariat, a revision listing it). */
@Injectable()
export class DownloadEvidence {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(evidenceId: string, actor: Actor): Promise<EvidenceDownload> {
    const file = await rowOf(this.db, EVIDENCE_FILE, [evidenceId]);
    if (!file) throw AppError.notFound('evidence file', evidenceId);
    // A file of a submission the caller may not read is unknown to them (its submission is not named either);
    // for the secretariat, so is one added after they received it, or not saved yet.
    const shown = readableRevisionOrNull(actor, await loadSubmission(this.db, file.submission_id));
    if (shown === null || (scopeOf(actor).all && !(await rowOf(this.db, EVIDENCE_LISTED, [file.submission_id, shown, evidenceId])))) {
      throw AppError.notFound('evidence file', evidenceId);
    }
    const stream = createReadStream(storagePath(this.config.storage.STORAGE_DIR, file.storage_key));
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
    return { stream, filename: file.filename, contentType: file.content_type, sizeBytes: Number(file.size_bytes), sha256: file.sha256 };
  }
}
