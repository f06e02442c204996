import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '../../access/actor.js';
import { scopeOf } from '../../access/scope.js';
import { rowsOf } from '../../database/sql-query.js';
import { readableRevision } from '../submission-access.js';
import { readContent } from '../submission.content.js';
import { contentView, evidenceView, iso, listItem } from '../submission.presenter.js';
import { evidenceRows, loadSubmission, pendingEvidence } from '../submission.store.js';
import type { ReviewDto, RevisionSummaryDto, SubmissionDetailDto } from '../submission.views.js';
import { REVIEWS_UP_TO, REVISIONS_UP_TO } from '../submissions.queries.js';

/** GET /api/submissions/:id — status, the readable revision's content, its revisions, review steps and evidence. */
@Injectable()
export class GetSubmission {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async execute(id: string, actor: Actor): Promise<SubmissionDetailDto> {
    const row = await loadSubmission(this.db, id);
    const shown = readableRevision(actor, row);
    const [revisions, reviews] = await Promise.all([rowsOf(this.db, REVISIONS_UP_TO, [id, shown]), rowsOf(this.db, REVIEWS_UP_TO, [id, shown])]);
    const content = readContent(revisions[revisions.length - 1]?.content);
    const [evidence, pending] = await Promise.all([
      evidenceRows(this.db, content.evidence),
      // Only the ministry reads the working copy; the secretariat reads what was sent.
      shown === row.revision && !scopeOf(actor).all ? pendingEvidence(this.db, row.id) : Promise.resolve([]),
    ]);
    return {
      ...listItem(row),
      revision: shown,
      content: contentView(content),
      revisions: revisions.map((r): RevisionSummaryDto => ({
        revision: r.revision, createdAt: iso(r.created_at)!, createdBy: { id: r.created_by, displayName: r.display_name ?? '' },
      })),
      reviews: reviews.map((r): ReviewDto => ({
        action: r.action, comment: r.comment, actor: { id: r.actor_user_id, displayName: r.display_name ?? '' }, at: iso(r.at)!, revision: r.revision,
      })),
      evidence: evidence.map(evidenceView),
      pendingEvidence: pending.map(evidenceView),
    };
  }
}
