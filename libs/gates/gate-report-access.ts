import { Injectable } from '@nestjs/common';
import type { DbHandle } from '../database/db-handle.js';
import { type ReportSubjectAccess, ReportSubjectAccessFor } from '../reports/report-access.js';
import { gateReviewSubject, reviewerAssigned, reviewerPacketsSql } from './gate-access.js';

/** Tells reports what a gate review is about and which reviewers read its packets (gate-access.ts). */
@Injectable()
@ReportSubjectAccessFor('gateReview')
export class GateReportAccess implements ReportSubjectAccess {
  subjectOf(db: DbHandle, gateReviewId: string) {
    return gateReviewSubject(db, gateReviewId);
  }

  reviewerAssigned(db: DbHandle, gateReviewId: string, userId: string) {
    return reviewerAssigned(db, gateReviewId, userId);
  }

  reviewerReportsSql(userId: string, param: (value: unknown) => string, alias: string) {
    return reviewerPacketsSql(userId, param, alias);
  }
}
