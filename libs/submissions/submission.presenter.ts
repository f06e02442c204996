import { yearView, dateView } from '../common/roc.js';
import { organisationRef } from '../common/views.js';
import type { SubmissionContent } from './submission.content.js';
import type { EvidenceFileDto, SubmissionContentDto, SubmissionListItemDto } from './submission.views.js';
import type { EvidenceRow, SubmissionRow } from './submissions.queries.js';

/** Rows as the API shows them. */

export const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

export function evidenceView(e: EvidenceRow): EvidenceFileDto {
  return {
    id: e.id, filename: e.filename, contentType: e.content_type, sizeBytes: Number(e.size_bytes), sha256: e.sha256,
    uploadedBy: { id: e.uploaded_by, displayName: e.uploader_name ?? '' }, organisation: organisationRef(e.org_code, e.org_name),
    createdAt: iso(e.created_at)!,
  };
}

export function contentView(c: SubmissionContent): SubmissionContentDto {
  return {
    progressPercent: c.progressPercent, narrative: c.narrative,
    indicatorActuals: c.indicatorActuals.map((a) => ({ indicator: a.indicator, value: a.value, note: a.note ?? null })),
    budgetExecuted: c.budgetExecuted, budgetYear: yearView(c.budgetYear), evidence: c.evidence,
  };
}

export function listItem(r: SubmissionRow): SubmissionListItemDto {
  return {
    id: r.id, status: r.status, version: r.version,
    subProject: { code: r.sp_code, name: r.sp_name, lead: organisationRef(r.lead_code, r.lead_name), status: r.sp_status },
    milestone: r.m_code ? { code: r.m_code, deliverable: r.m_deliverable!, dueDate: dateView(r.m_due_date!), status: r.m_status! } : null,
    period: r.period,
    createdAt: iso(r.created_at)!, updatedAt: iso(r.updated_at)!, submittedAt: iso(r.submitted_at), decidedAt: iso(r.decided_at),
  };
}
