import { EvidenceFile, Submission, SubmissionReview, SubmissionRevision } from './submission.entity.js';

/** This feature's entities, for libs/database/entities.ts. */
export const SUBMISSIONS_ENTITIES = [Submission, SubmissionRevision, SubmissionReview, EvidenceFile];
