import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '../../access/actor.js';
import { AppError } from '../../common/errors.js';
import { rowOf } from '../../database/sql-query.js';
import { gateReviewView } from '../gate-review-view.js';
import { assertCanReadReview } from '../gate-review-visibility.js';
import type { GateReviewDto } from '../gate.views.js';
import { REVIEW_BY_ID } from '../gates.queries.js';

/** GET /api/gate-reviews/:id — one review as the caller may see it. */
@Injectable()
export class GetGateReview {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async execute(id: string, actor: Actor): Promise<GateReviewDto> {
    const row = await rowOf(this.db, REVIEW_BY_ID, [id]);
    if (!row) throw AppError.notFound('gate review', id);
    await assertCanReadReview(this.db, row, actor);
    return gateReviewView(this.db, row, actor);
  }
}
