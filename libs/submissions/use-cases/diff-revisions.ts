import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '../../access/actor.js';
import { readableRevision } from '../submission-access.js';
import { type ContentChange, diffContent, type EvidenceRef, readContent } from '../submission.content.js';
import { evidenceRows, loadSubmission, readableRevisionRow } from '../submission.store.js';

/** GET /api/submissions/:id/diff — every content field that differs between two revisions the caller may read. */
@Injectable()
export class DiffRevisions {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async execute(id: string, from: number, to: number, actor: Actor): Promise<ContentChange[]> {
    const row = await loadSubmission(this.db, id);
    const shown = readableRevision(actor, row);
    const [a, b] = await Promise.all([readableRevisionRow(this.db, id, from, shown, 'from'), readableRevisionRow(this.db, id, to, shown, 'to')]);
    const before = readContent(a.content);
    const after = readContent(b.content);
    const files = await evidenceRows(this.db, [...before.evidence, ...after.evidence]);
    const refs = new Map<string, EvidenceRef>(files.map((f) => [f.id, { id: f.id, filename: f.filename, sha256: f.sha256 }]));
    return diffContent(before, after, refs);
  }
}
