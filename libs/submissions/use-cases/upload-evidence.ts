import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { RequestContext } from '../../access/actor.js';
import { UnitOfWork } from '../../audit/unit-of-work.js';
import { AppError } from '../../common/errors.js';
import { fieldProblem } from '../../common/validation.js';
import { APP_CONFIG, type AppConfig } from '../../config/index.js';
import { rowOf } from '../../database/sql-query.js';
import { checkEvidence, filenameProblem, sha256, storageKey, storeOnce } from '../evidence.js';
import { assertMember, assertVersion } from '../submission-access.js';
import { assertEditable } from '../submission.machine.js';
import { evidenceView } from '../submission.presenter.js';
import { evidenceRows, loadSubmission, lockSubmission } from '../submission.store.js';
import type { EvidenceUploadedDto, EvidenceUploadQuery } from '../submission.views.js';
import { INSERT_EVIDENCE } from '../submissions.queries.js';

/**
 * PUT /api/submissions/:id/evidence — stores an evidence file (outside the database, by checksum;
 * its type is checked by evidence.ts), then records it in one transaction (if that fails, nothing
 * points at the stored file). An upload does not change the form's content or `version`, so a form
 * open beside it stays valid: the file is pending until the next save, submit or revise, whose new
 * revision lists it.
 */
@Injectable()
export class UploadEvidence {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(id: string, query: EvidenceUploadQuery, contentType: string | undefined, body: unknown, ctx: RequestContext): Promise<EvidenceUploadedDto> {
    const problem = filenameProblem(query.filename);
    if (problem) throw AppError.invalid([fieldProblem('filename', 'invalid', problem, '檔名不可空白、不可含「/」「\\」或控制字元')]);
    // Checked before the file is stored; checked again under the lock below.
    const before = await loadSubmission(this.db, id);
    assertMember(ctx.actor, before);
    assertEditable(before.status, 'add evidence to');
    if (query.version !== undefined) assertVersion(before, query.version);
    const file = await checkEvidence(body, contentType, this.config.storage.EVIDENCE_MAX_BYTES);
    const sha = sha256(file.bytes);
    const key = storageKey(sha);
    await storeOnce(this.config.storage.STORAGE_DIR, key, file.bytes);

    return this.uow.run(ctx, async (tx) => {
      const row = await lockSubmission(tx, id);
      assertEditable(row.status, 'add evidence to');
      if (query.version !== undefined) assertVersion(row, query.version);
      const created = (await rowOf(tx, INSERT_EVIDENCE, [
        row.id, ctx.actor.userId, ctx.actor.organisationId, query.filename, file.contentType, file.bytes.length, sha, key,
      ]))!;
      await tx.audit({
        action: 'submission.add_evidence', entityType: 'submission', entityId: row.id,
        before: { status: row.status, revision: row.revision },
        after: { status: row.status, revision: row.revision, evidenceId: created.id, filename: query.filename, sha256: sha, sizeBytes: file.bytes.length },
      });
      const [saved] = await evidenceRows(tx, [created.id]);
      return { evidence: evidenceView(saved), revision: row.revision, version: row.version };
    });
  }
}
