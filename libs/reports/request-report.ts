import type { Tx } from '../audit/unit-of-work.js';
import { type ReportFormat, type ReportKind, ReportStatus } from './report.entity.js';
import { OutboxTopic } from '../outbox/topics.js';
import { rowsOf } from '../database/sql-query.js';
import { INSERT_REPORT } from './reports.queries.js';

export interface ReportRequest {
  kind: ReportKind;
  format: ReportFormat;
  parameters: Record<string, unknown>;
  /** Fixed now: the job reads the data as it stands in its snapshot and stamps the file with this. */
  asOf: Date;
  programmeId?: string | null;
  subProjectId?: string | null;
  meetingId?: string | null;
}

/**
 * Requests a report inside a workflow transaction: the report row (queued) and the outbox row that
 * makes the worker generate it commit together with the caller's change, or not at all.
 */
export async function requestReport(tx: Tx, request: ReportRequest): Promise<string> {
  const [{ id }] = await rowsOf(tx, INSERT_REPORT, [
    request.kind, request.format, JSON.stringify(request.parameters), request.asOf, ReportStatus.Queued,
     request.programmeId ?? null, request.subProjectId ?? null, request.meetingId ?? null, tx.ctx.actor.userId,
  ]);
  await tx.audit({ action: 'report.request', entityType: 'report', entityId: id, after: { kind: request.kind, format: request.format, parameters: request.parameters, asOf: request.asOf.toISOString() } });
  await tx.outbox(OutboxTopic.ReportRequested, { reportId: id });
  return id;
}
