import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '../../access/actor.js';
import { readableRevision } from '../submission-access.js';
import { readContent } from '../submission.content.js';
import { contentView, evidenceView, iso } from '../submission.presenter.js';
import { evidenceRows, loadSubmission, readableRevisionRow } from '../submission.store.js';
import type { RevisionDto } from '../submission.views.js';

/** GET /api/submissions/:id/revisions/:revision — one saved revision the caller may read, with its evidence. */
@Injectable()
export class GetRevision {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async execute(id: string, revision: number, actor: Actor): Promise<RevisionDto> {
    const row = await loadSubmission(this.db, id);
    const found = await readableRevisionRow(this.db, id, revision, readableRevision(actor, row));
    const content = readContent(found.content);
    return {
      revision: found.revision, createdAt: iso(found.created_at)!, createdBy: { id: found.created_by, displayName: found.display_name ?? '' },
      content: contentView(content), evidence: (await evidenceRows(this.db, content.evidence)).map(evidenceView),
    };
  }
}
