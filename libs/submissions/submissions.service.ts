import { createReadStream, type ReadStream } from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor, RequestContext } from '../access/actor.js';
import { inScope, isLeadMember, scopeOf, subProjectInScope } from '../access/scope.js';
import type { Tx } from '../audit/unit-of-work.js';
import { UnitOfWork } from '../audit/unit-of-work.js';
import { LightsService } from '../lights/lights.service.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { DEFAULT_PAGE_SIZE } from '../common/page-query.js';
import { formatAmount } from '../common/decimal.js';
import { AppError, type FieldProblem } from '../common/errors.js';
import { fieldProblem } from '../common/validation.js';
import { dateView, yearView } from '../common/roc.js';
import { organisationRef } from '../common/views.js';
import { sqlParams } from '../common/sql-params.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { checkEvidence, filenameProblem, sha256, storageKey, storagePath, storeOnce } from './evidence.js';
import { canonicalDecimal, type ContentChange, diffContent, EMPTY_CONTENT, type EvidenceRef, readContent, type SubmissionContent } from './submission.content.js';
import { SubmissionStatus } from './submission.entity.js';
import { assertEditable, submissionMachine, type SubmissionTransition } from './submission.machine.js';
import type {
  CreateSubmissionDto, EvidenceFileDto, EvidenceUploadedDto, EvidenceUploadQuery, RevisionDto, ReviewDto, RevisionSummaryDto, SubmissionContentDto,
  SubmissionContentInput, SubmissionDetailDto, SubmissionListItemDto, SubmissionListQuery, SubmissionPageDto, TransitionDto, UpdateSubmissionDto,
} from './submission.views.js';

const SORT = 'created';
/** A sub-project reports once its lead has taken it on. */
const REPORTING_SUB_PROJECT_STATUSES = ['acknowledged', 'active'];

interface SubmissionRow {
  id: string; sub_project_id: string; milestone_id: string | null; period: string; status: SubmissionStatus; revision: number; version: number;
  created_at: Date; updated_at: Date; submitted_at: Date | null; decided_at: Date | null;
  sp_code: string; sp_name: string; sp_status: string; programme_id: string;
  lead_id: string | null; lead_code: string | null; lead_name: string | null; co_organiser_ids: string[];
  m_code: string | null; m_deliverable: string | null; m_due_date: string | null; m_status: string | null;
  /** The newest revision a supervisor sent to the secretariat (what the secretariat may read). */
  approved_revision: number | null;
}

const ROW_SELECT = `
  SELECT s.id, s.sub_project_id, s.milestone_id, s.period, s.status, s.revision, s.version,
         s.created_at, s.updated_at, s.submitted_at, s.decided_at,
         sp.code AS sp_code, sp.name AS sp_name, sp.status AS sp_status, sp.programme_id,
         sp.lead_organisation_id AS lead_id, lo.code AS lead_code, lo.name AS lead_name,
         ARRAY(SELECT c.organisation_id::text FROM sub_project_co_organiser c WHERE c.sub_project_id = sp.id) AS co_organiser_ids,
         m.code AS m_code, m.deliverable AS m_deliverable, to_char(m.due_date, 'YYYY-MM-DD') AS m_due_date, m.status AS m_status,
         (SELECT max(r.revision) FROM submission_review r WHERE r.submission_id = s.id AND r.action = 'approve') AS approved_revision
    FROM submission s
    JOIN sub_project sp ON sp.id = s.sub_project_id
    LEFT JOIN organisation lo ON lo.id = sp.lead_organisation_id
    LEFT JOIN milestone m ON m.id = s.milestone_id`;

interface EvidenceRow {
  id: string; filename: string; content_type: string; size_bytes: string; sha256: string; storage_key: string; created_at: Date;
  uploaded_by: string; uploader_name: string | null; org_code: string | null; org_name: string | null;
}

const EVIDENCE_SELECT = `
  SELECT e.id, e.filename, e.content_type, e.size_bytes, e.sha256, e.storage_key, e.created_at,
         e.uploaded_by, u.display_name AS uploader_name, o.code AS org_code, o.name AS org_name
    FROM evidence_file e
    LEFT JOIN app_user u ON u.id = e.uploaded_by
    LEFT JOIN organisation o ON o.id = e.organisation_id`;

/** Reads outside a transaction and inside one (Tx) alike. */
type Queryable = Pick<Tx, 'query'>;

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

function evidenceView(e: EvidenceRow): EvidenceFileDto {
  return {
    id: e.id, filename: e.filename, contentType: e.content_type, sizeBytes: Number(e.size_bytes), sha256: e.sha256,
    uploadedBy: { id: e.uploaded_by, displayName: e.uploader_name ?? '' }, organisation: organisationRef(e.org_code, e.org_name),
    createdAt: iso(e.created_at)!,
  };
}

function contentView(c: SubmissionContent): SubmissionContentDto {
  return {
    progressPercent: c.progressPercent, narrative: c.narrative,
    indicatorActuals: c.indicatorActuals.map((a) => ({ indicator: a.indicator, value: a.value, note: a.note ?? null })),
    budgetExecuted: c.budgetExecuted, budgetYear: yearView(c.budgetYear), evidence: c.evidence,
  };
}

function listItem(r: SubmissionRow): SubmissionListItemDto {
  return {
    id: r.id, status: r.status, version: r.version,
    subProject: { code: r.sp_code, name: r.sp_name, lead: organisationRef(r.lead_code, r.lead_name), status: r.sp_status },
    milestone: r.m_code ? { code: r.m_code, deliverable: r.m_deliverable!, dueDate: dateView(r.m_due_date!), status: r.m_status! } : null,
    period: r.period,
    createdAt: iso(r.created_at)!, updatedAt: iso(r.updated_at)!, submittedAt: iso(r.submitted_at), decidedAt: iso(r.decided_at),
  };
}

/** The quarter a date falls in: 2024-08-31 → 2024-Q3. */
function quarterOf(isoDate: string): string {
  const [year, month] = isoDate.split('-').map(Number);
  return `${year}-Q${Math.ceil(month / 3)}`;
}

/**
 * 填報 → 主管核定 → 審核: drafting, editing, the review steps, revisions and their diff, evidence files.
 * Ministry users see their organisation's submissions in every state; the secretariat, reviewers and
 * viewers see a submission once a supervisor has sent it, and only what was sent.
 */
@Injectable()
export class SubmissionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly lights: LightsService,
  ) {}

  private readonly reader: Queryable = { query: (sql, params) => this.dataSource.query(sql, params) };

  // ---- reads -------------------------------------------------------------------------------

  async list(query: SubmissionListQuery, actor: Actor): Promise<SubmissionPageDto> {
    await this.assertCodesExist(query);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const { values: params, param } = sqlParams();
    const scope = scopeOf(actor);
    // A ministry's own drafts are private: the others see what reached the secretariat.
    const where = [scope.all ? 's.submitted_at IS NOT NULL' : subProjectInScope(scope, param)];
    if (query.subProject) where.push(`sp.code = ${param(query.subProject)}`);
    if (query.milestone) where.push(`m.code = ${param(query.milestone)}`);
    if (query.status) where.push(`s.status = ${param(query.status)}`);
    if (query.after) {
      const [createdAt, id] = decodeCursor(SORT, query.after, 2);
      where.push(`(s.created_at, s.id) > (${param(createdAt)}::timestamptz, ${param(id)}::uuid)`);
    }
    const rows: (SubmissionRow & { created_key: string })[] = await this.dataSource.query(
      `${ROW_SELECT.replace('SELECT s.id,', `SELECT to_char(s.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_key, s.id,`)}
        WHERE ${where.join(' AND ')} ORDER BY s.created_at, s.id LIMIT ${param(limit + 1)}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(listItem), nextCursor: rows.length > limit ? encodeCursor(SORT, [last.created_key, last.id]) : null };
  }

  async detail(id: string, actor: Actor): Promise<SubmissionDetailDto> {
    const row = await this.loadRow(this.reader, id);
    const shown = this.readableRevision(actor, row);
    const [revisions, reviews] = await Promise.all([
      this.dataSource.query(
        `SELECT r.revision, r.created_at, r.content, r.created_by, u.display_name
           FROM submission_revision r LEFT JOIN app_user u ON u.id = r.created_by
          WHERE r.submission_id = $1 AND r.revision <= $2 ORDER BY r.revision`,
        [id, shown],
      ) as Promise<{ revision: number; created_at: Date; content: Record<string, unknown>; created_by: string; display_name: string | null }[]>,
      this.dataSource.query(
        `SELECT r.action, r.comment, r.at, r.revision, r.actor_user_id, u.display_name
           FROM submission_review r LEFT JOIN app_user u ON u.id = r.actor_user_id
          WHERE r.submission_id = $1 AND r.revision <= $2 ORDER BY r.at, r.id`,
        [id, shown],
      ) as Promise<{ action: string; comment: string | null; at: Date; revision: number; actor_user_id: string; display_name: string | null }[]>,
    ]);
    const content = readContent(revisions[revisions.length - 1]?.content);
    const [evidence, pending] = await Promise.all([
      this.evidenceRows(content.evidence),
      // Only the ministry reads the working copy; the secretariat reads what was sent.
      shown === row.revision && !scopeOf(actor).all ? this.pendingEvidence(this.reader, row.id) : Promise.resolve([]),
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

  async revision(id: string, revision: number, actor: Actor): Promise<RevisionDto> {
    const row = await this.loadRow(this.reader, id);
    const found = await this.revisionRow(id, revision, this.readableRevision(actor, row));
    const content = readContent(found.content);
    return {
      revision: found.revision, createdAt: iso(found.created_at)!, createdBy: { id: found.created_by, displayName: found.display_name ?? '' },
      content: contentView(content), evidence: (await this.evidenceRows(content.evidence)).map(evidenceView),
    };
  }

  /** Every content field that differs between two revisions. */
  async diff(id: string, from: number, to: number, actor: Actor): Promise<ContentChange[]> {
    const row = await this.loadRow(this.reader, id);
    const shown = this.readableRevision(actor, row);
    const [a, b] = await Promise.all([this.revisionRow(id, from, shown, 'from'), this.revisionRow(id, to, shown, 'to')]);
    const before = readContent(a.content);
    const after = readContent(b.content);
    const files = await this.evidenceRows([...before.evidence, ...after.evidence]);
    const refs = new Map<string, EvidenceRef>(files.map((f) => [f.id, { id: f.id, filename: f.filename, sha256: f.sha256 }]));
    return diffContent(before, after, refs);
  }

  /** An evidence file to stream, when the caller may read the submission (and, for the secretariat, the revision listing it). */
  async evidenceFile(evidenceId: string, actor: Actor): Promise<{ stream: ReadStream; filename: string; contentType: string; sizeBytes: number; sha256: string }> {
    const [file]: (EvidenceRow & { submission_id: string })[] = await this.dataSource.query(
      `${EVIDENCE_SELECT.replace('SELECT e.id,', 'SELECT e.submission_id, e.id,')} WHERE e.id = $1`,
      [evidenceId],
    );
    if (!file) throw AppError.notFound('evidence file', evidenceId);
    const row = await this.loadRow(this.reader, file.submission_id);
    const shown = this.readableRevision(actor, row);
    if (scopeOf(actor).all) {
      const [listed] = await this.dataSource.query(
        `SELECT 1 FROM submission_revision WHERE submission_id = $1 AND revision <= $2 AND content->'evidence' ? $3 LIMIT 1`,
        [row.id, shown, evidenceId],
      );
      if (!listed) throw AppError.notFound('evidence file', evidenceId); // added after the secretariat received it, or not saved yet
    }
    const path = storagePath(this.config.storage.STORAGE_DIR, file.storage_key);
    const stream = createReadStream(path);
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
    return { stream, filename: file.filename, contentType: file.content_type, sizeBytes: Number(file.size_bytes), sha256: file.sha256 };
  }

  // ---- writes ------------------------------------------------------------------------------

  /** An officer of the lead organisation drafts the one submission of a milestone or period: revision 1. */
  async create(body: CreateSubmissionDto, ctx: RequestContext): Promise<SubmissionDetailDto> {
    if ((body.milestone === undefined) === (body.period === undefined)) {
      const [en, zh] = ['give exactly one of milestone or period', '「milestone」與「period」須擇一填寫'];
      throw AppError.invalid([fieldProblem('milestone', 'exactlyOne', en, zh), fieldProblem('period', 'exactlyOne', en, zh)]);
    }
    const id = await this.uow.run(ctx, async (tx) => {
      // Locks the sub-project so that two drafts of the same milestone or period cannot both pass the check below.
      const [sp]: { id: string; code: string; status: string; programme_id: string; lead_id: string | null; lead_name: string | null; co_organiser_ids: string[] }[] = await tx.query(
        `SELECT sp.id, sp.code, sp.status, sp.programme_id, sp.lead_organisation_id AS lead_id, lo.name AS lead_name,
                ARRAY(SELECT c.organisation_id::text FROM sub_project_co_organiser c WHERE c.sub_project_id = sp.id) AS co_organiser_ids
           FROM sub_project sp LEFT JOIN organisation lo ON lo.id = sp.lead_organisation_id
          WHERE sp.code = $1 FOR NO KEY UPDATE OF sp`,
        [body.subProject],
      );
      if (!sp) throw AppError.invalid([fieldProblem('subProject', 'unknownReference', `sub-project "${body.subProject}" does not exist`, `細部計畫「${body.subProject}」不存在`)]);
      this.assertLeadMember(ctx.actor, sp.lead_id, sp.lead_name, sp.co_organiser_ids, `sub-project "${sp.code}"`, 'draft its submissions');
      if (!REPORTING_SUB_PROJECT_STATUSES.includes(sp.status)) {
        throw new AppError('INVALID_TRANSITION', `Sub-project "${sp.code}" is ${sp.status}: the lead organisation must acknowledge the assignment first`, {
          entity: 'sub-project', from: sp.status,
        });
      }

      let milestoneId: string | null = null;
      let period = body.period ?? '';
      if (body.milestone !== undefined) {
        const [m]: { id: string; sub_project_id: string; due_date: string }[] = await tx.query(
          `SELECT id, sub_project_id, to_char(due_date, 'YYYY-MM-DD') AS due_date FROM milestone WHERE code = $1`,
          [body.milestone],
        );
        if (!m || m.sub_project_id !== sp.id) {
          throw AppError.invalid([fieldProblem('milestone', 'unknownReference', `milestone "${body.milestone}" is not a milestone of ${sp.code}`, `「${body.milestone}」不是 ${sp.code} 的查核點`)]);
        }
        milestoneId = m.id;
        period = quarterOf(m.due_date);
      }
      const [existing]: { id: string }[] = await tx.query(
        milestoneId
          ? `SELECT id FROM submission WHERE milestone_id = $1`
          : `SELECT id FROM submission WHERE sub_project_id = $1 AND period = $2 AND milestone_id IS NULL`,
        milestoneId ? [milestoneId] : [sp.id, period],
      );
      if (existing) {
        const what = milestoneId ? `milestone ${body.milestone}` : `${sp.code} for ${period}`;
        throw new AppError('CONFLICT', `There is already a submission for ${what} (${existing.id}): edit that one`, { existingId: existing.id });
      }

      const content = await this.normaliseContent(tx, body, EMPTY_CONTENT, sp);
      const [created]: { id: string }[] = await tx.query(
        `INSERT INTO submission (sub_project_id, milestone_id, period, status, revision, progress_percent, narrative, indicator_actuals,
                                 budget_executed, budget_year, created_by)
         VALUES ($1, $2, $3, 'draft', 1, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [sp.id, milestoneId, period, content.progressPercent, content.narrative, JSON.stringify(content.indicatorActuals),
         content.budgetExecuted, content.budgetYear, ctx.actor.userId],
      );
      await this.insertRevision(tx, created.id, 1, content);
      await tx.audit({
        action: 'submission.create', entityType: 'submission', entityId: created.id,
        before: null, after: { status: SubmissionStatus.Draft, revision: 1, subProject: sp.code, milestone: body.milestone ?? null, period },
      });
      return created.id;
    });
    return this.detail(id, ctx.actor);
  }

  /** The officer saves the draft: a new revision, never a silent overwrite. */
  async update(id: string, body: UpdateSubmissionDto, ctx: RequestContext): Promise<SubmissionDetailDto> {
    await this.uow.run(ctx, async (tx) => {
      const row = await this.lockRow(tx, id);
      this.assertLeadMember(ctx.actor, row.lead_id, row.lead_name, row.co_organiser_ids, `submission "${id}"`, 'edit it');
      this.assertVersion(row, body.version);
      assertEditable(row.status, 'edit');
      const current = await this.currentContent(tx, row);
      const edited = await this.normaliseContent(tx, body, current, { id: row.sub_project_id, programme_id: row.programme_id }, row.id, body.evidence);
      const content = await this.withPendingEvidence(tx, row, edited);
      if (JSON.stringify(content) === JSON.stringify(current)) return; // nothing changed: no new revision
      const revision = row.revision + 1;
      await this.saveContent(tx, row, revision, content);
      await tx.audit({
        action: 'submission.update', entityType: 'submission', entityId: id,
        before: { status: row.status, revision: row.revision }, after: { status: row.status, revision },
      });
    });
    return this.detail(id, ctx.actor);
  }

  /** submit, approve, send back, accept, return, revise: one table (submission.machine.ts), one path. */
  async transition(id: string, transition: SubmissionTransition, body: TransitionDto, ctx: RequestContext): Promise<SubmissionDetailDto> {
    await this.uow.run(ctx, async (tx) => {
      const row = await this.lockRow(tx, id);
      const step = submissionMachine.record(transition);
      const doing = transition.replace(/_/g, ' ');
      if (step.party === 'secretariat') this.readableRevision(ctx.actor, row);
      else this.assertLeadMember(ctx.actor, row.lead_id, row.lead_name, row.co_organiser_ids, `submission "${id}"`, `${doing} it`);
      this.assertVersion(row, body.version);
      const comment = body.comment?.trim() || null;
      const to = submissionMachine.apply(row.status, transition, { roles: ctx.actor.roles, comment });

      let revision = row.revision;
      if (step.revision === 'new') {
        // The returned revision and its review stay as they are; the ministry works on a copy (with files added meanwhile).
        revision += 1;
        await this.insertRevision(tx, row.id, revision, await this.withPendingEvidence(tx, row, await this.currentContent(tx, row)));
      } else if (step.revision === 'with_pending_evidence') {
        // What the supervisor receives lists every file uploaded since the last save.
        const current = await this.currentContent(tx, row);
        const content = await this.withPendingEvidence(tx, row, current);
        if (content !== current) {
          revision += 1;
          await this.saveContent(tx, row, revision, content, false);
        }
      }
      await tx.query(
        `UPDATE submission SET status = $2, revision = $3, version = version + 1, updated_at = now(),
                submitted_at = CASE WHEN $4 THEN now() ELSE submitted_at END,
                decided_at = CASE WHEN $5 THEN now() ELSE decided_at END
          WHERE id = $1`,
        [row.id, to, revision, step.stamps === 'submitted_at', step.stamps === 'decided_at'],
      );
      await tx.query(`INSERT INTO submission_review (submission_id, revision, action, comment, actor_user_id) VALUES ($1, $2, $3, $4, $5)`, [
        row.id, revision, transition, comment, ctx.actor.userId,
      ]);
      await tx.audit({
        action: `submission.${transition}`, entityType: 'submission', entityId: row.id,
        before: { status: row.status, revision: row.revision }, after: { status: to, revision, ...(comment ? { comment } : {}) },
      });
      const milestoneStatus = step.milestone;
      if (row.milestone_id && milestoneStatus && milestoneStatus !== row.m_status) {
        await tx.query(`UPDATE milestone SET status = $2, version = version + 1, updated_at = now() WHERE id = $1`, [row.milestone_id, milestoneStatus]);
        await tx.audit({
          action: 'milestone.status', entityType: 'milestone', entityId: row.milestone_id,
          before: { status: row.m_status }, after: { status: milestoneStatus, submissionId: row.id },
        });
      }
      if (step.refreshesLight) await this.lights.refreshAfterChange(tx, row.sub_project_id, row.period);
      if (step.topic) {
        await tx.outbox({
          topic: step.topic, aggregateType: 'submission', aggregateId: row.id,
          payload: { submissionId: row.id, subProjectId: row.sub_project_id, milestoneId: row.milestone_id },
        });
      }
    });
    return this.detail(id, ctx.actor);
  }

  /**
   * Stores an evidence file (outside the database, by checksum), then records it in one transaction
   * (if that fails, nothing points at the stored file). An upload does not change the form's
   * content or `version`, so a form open beside it stays valid: the file is pending until the next
   * save, submit or revise, whose new revision lists it.
   */
  async addEvidence(id: string, query: EvidenceUploadQuery, contentType: string | undefined, body: unknown, ctx: RequestContext): Promise<EvidenceUploadedDto> {
    const problem = filenameProblem(query.filename);
    if (problem) throw AppError.invalid([fieldProblem('filename', 'invalid', problem, '檔名不可空白、不可含「/」「\\」或控制字元')]);
    // Checked before the file is stored; checked again under the lock below.
    const before = await this.loadRow(this.reader, id);
    this.assertMember(ctx.actor, before);
    assertEditable(before.status, 'add evidence to');
    if (query.version !== undefined) this.assertVersion(before, query.version);
    const file = checkEvidence(body, contentType, this.config.storage.EVIDENCE_MAX_BYTES);
    const sha = sha256(file.bytes);
    const key = storageKey(sha);
    await storeOnce(this.config.storage.STORAGE_DIR, key, file.bytes);

    return this.uow.run(ctx, async (tx) => {
      const row = await this.lockRow(tx, id);
      assertEditable(row.status, 'add evidence to');
      if (query.version !== undefined) this.assertVersion(row, query.version);
      const [created]: { id: string }[] = await tx.query(
        `INSERT INTO evidence_file (submission_id, uploaded_by, organisation_id, filename, content_type, size_bytes, sha256, storage_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [row.id, ctx.actor.userId, ctx.actor.organisationId, query.filename, file.contentType, file.bytes.length, sha, key],
      );
      await tx.audit({
        action: 'submission.add_evidence', entityType: 'submission', entityId: row.id,
        before: { status: row.status, revision: row.revision },
        after: { status: row.status, revision: row.revision, evidenceId: created.id, filename: query.filename, sha256: sha, sizeBytes: file.bytes.length },
      });
      const [saved] = await this.evidenceRows([created.id], tx);
      return { evidence: evidenceView(saved), revision: row.revision, version: row.version };
    });
  }

  // ---- access --------------------------------------------------------------------------------

  /**
   * The newest revision the caller may read. Ministry users of the lead or a co-organiser read
   * everything; another organisation's submission is 403. The secretariat, reviewers and viewers
   * read the revision a supervisor last sent them; a submission never sent does not exist for them.
   */
  private readableRevision(actor: Actor, row: SubmissionRow): number {
    const scope = scopeOf(actor);
    if (!scope.all) {
      if (!inScope(scope, row.lead_id, row.co_organiser_ids)) throw AppError.forbidden(`Submission "${row.id}" belongs to another organisation`);
      return row.revision;
    }
    if (row.approved_revision === null) throw AppError.notFound('submission', row.id);
    return row.approved_revision;
  }

  /** Only the lead organisation drafts, edits and submits; co-organisers read and add evidence. */
  private assertLeadMember(actor: Actor, leadId: string | null, leadName: string | null, coOrganiserIds: string[], what: string, doing: string): void {
    if (isLeadMember(actor, leadId)) return;
    if (inScope(scopeOf(actor), leadId, coOrganiserIds)) {
      throw AppError.forbidden(`Only the lead organisation${leadName ? ` (${leadName})` : ''} may ${doing}; co-organisers may read it and add evidence`);
    }
    throw AppError.forbidden(`${what[0].toUpperCase()}${what.slice(1)} belongs to another organisation`);
  }

  /** Officers and supervisors of the lead or a co-organiser. */
  private assertMember(actor: Actor, row: SubmissionRow): void {
    if (!inScope({ all: false, organisationIds: actor.organisationIds }, row.lead_id, row.co_organiser_ids)) {
      throw AppError.forbidden(`Submission "${row.id}" belongs to another organisation`);
    }
  }

  private assertVersion(row: SubmissionRow, expected: number): void {
    if (expected !== row.version) throw AppError.stale('submission', expected, row.version);
  }

  // ---- helpers -------------------------------------------------------------------------------

  private async loadRow(db: Queryable, id: string): Promise<SubmissionRow> {
    const [row]: SubmissionRow[] = await db.query(`${ROW_SELECT} WHERE s.id = $1`, [id]);
    if (!row) throw AppError.notFound('submission', id);
    return row;
  }

  /** The row, locked for this transaction's change. */
  private async lockRow(tx: Tx, id: string): Promise<SubmissionRow> {
    const [row]: SubmissionRow[] = await tx.query(`${ROW_SELECT} WHERE s.id = $1 FOR UPDATE OF s`, [id]);
    if (!row) throw AppError.notFound('submission', id);
    return row;
  }

  private async currentContent(tx: Tx, row: SubmissionRow): Promise<SubmissionContent> {
    const [r]: { content: Record<string, unknown> }[] = await tx.query(
      `SELECT content FROM submission_revision WHERE submission_id = $1 AND revision = $2`,
      [row.id, row.revision],
    );
    return readContent(r?.content);
  }

  /** Files of this submission no revision lists yet (uploaded since the last save), oldest first. */
  private async pendingEvidence(db: Queryable, submissionId: string): Promise<EvidenceRow[]> {
    return db.query(
      `${EVIDENCE_SELECT}
        WHERE e.submission_id = $1
          AND NOT EXISTS (SELECT 1 FROM submission_revision r WHERE r.submission_id = e.submission_id AND r.content->'evidence' ? e.id::text)
        ORDER BY e.created_at, e.id`,
      [submissionId],
    );
  }

  /** The content with the pending files appended; the same object when there are none. */
  private async withPendingEvidence(tx: Tx, row: SubmissionRow, content: SubmissionContent): Promise<SubmissionContent> {
    const pending = (await this.pendingEvidence(tx, row.id)).map((e) => e.id).filter((e) => !content.evidence.includes(e));
    return pending.length ? { ...content, evidence: [...content.evidence, ...pending] } : content;
  }

  private async revisionRow(id: string, revision: number, readable: number, field = 'revision') {
    const [found]: { revision: number; created_at: Date; content: Record<string, unknown>; created_by: string; display_name: string | null }[] =
      revision > readable
        ? []
        : await this.dataSource.query(
            `SELECT r.revision, r.created_at, r.content, r.created_by, u.display_name
               FROM submission_revision r LEFT JOIN app_user u ON u.id = r.created_by
              WHERE r.submission_id = $1 AND r.revision = $2`,
            [id, revision],
          );
    if (!found) throw new AppError('NOT_FOUND', `Submission "${id}" has no revision ${revision}${field === 'revision' ? '' : ` (${field})`}`, { entity: 'submission revision', id, revision });
    return found;
  }

  private async evidenceRows(ids: string[], db: Queryable = this.reader): Promise<EvidenceRow[]> {
    if (ids.length === 0) return [];
    const rows: EvidenceRow[] = await db.query(`${EVIDENCE_SELECT} WHERE e.id = ANY($1::uuid[])`, [ids]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return [...new Set(ids)].map((i) => byId.get(i)).filter((r): r is EvidenceRow => !!r);
  }

  private async insertRevision(tx: Tx, submissionId: string, revision: number, content: SubmissionContent): Promise<void> {
    await tx.query(`INSERT INTO submission_revision (submission_id, revision, content, created_by) VALUES ($1, $2, $3, $4)`, [
      submissionId, revision, JSON.stringify(content), tx.ctx.actor.userId,
    ]);
  }

  /** The submission row mirrors its newest revision's figures (for lists and dashboards). */
  private async saveContent(tx: Tx, row: SubmissionRow, revision: number, content: SubmissionContent, bumpVersion = true): Promise<void> {
    await this.insertRevision(tx, row.id, revision, content);
    await tx.query(
      `UPDATE submission SET revision = $2, progress_percent = $3, narrative = $4, indicator_actuals = $5, budget_executed = $6, budget_year = $7,
              version = version + ${bumpVersion ? 1 : 0}, updated_at = now()
        WHERE id = $1`,
      [row.id, revision, content.progressPercent, content.narrative, JSON.stringify(content.indicatorActuals), content.budgetExecuted, content.budgetYear],
    );
  }

  /**
   * The content after applying `input` to `base` (absent fields stay, null clears), with numbers in
   * one spelling, indicators of this sub-project or its programme, and evidence of this submission.
   */
  private async normaliseContent(
    tx: Tx, input: SubmissionContentInput, base: SubmissionContent, sp: { id: string; programme_id: string }, submissionId?: string, evidence?: string[] | null,
  ): Promise<SubmissionContent> {
    const pick = <T>(value: T | null | undefined, fallback: T, empty: T): T => (value === undefined ? fallback : value === null ? empty : value);
    const progress = pick(input.progressPercent, base.progressPercent, null);
    const budget = pick(input.budgetExecuted, base.budgetExecuted, null);
    const content: SubmissionContent = {
      progressPercent: progress === null ? null : formatAmount(canonicalDecimal(progress)),
      narrative: pick(input.narrative, base.narrative, ''),
      indicatorActuals: input.indicatorActuals === undefined
        ? base.indicatorActuals
        : (input.indicatorActuals ?? []).map((a) => ({ indicator: a.indicator, value: canonicalDecimal(a.value), note: a.note?.trim() || null })),
      budgetExecuted: budget === null ? null : formatAmount(canonicalDecimal(budget)),
      budgetYear: pick(input.budgetYear, base.budgetYear, null),
      evidence: evidence === undefined ? base.evidence : [...new Set(evidence ?? [])],
    };

    const problems: FieldProblem[] = [];
    if (content.budgetExecuted !== null && content.budgetYear === null) {
      problems.push(fieldProblem('budgetYear', 'required', 'budgetYear is required with budgetExecuted: say which year the amount is for', '填寫預算執行數時必須填寫「budgetYear」：說明是哪一年度的金額'));
    }
    const codes = content.indicatorActuals.map((a) => a.indicator);
    if (codes.length > 0) {
      const known = new Set(
        ((await tx.query(
          `SELECT code FROM indicator WHERE code = ANY($1) AND (sub_project_id = $2 OR (sub_project_id IS NULL AND programme_id = $3))`,
          [codes, sp.id, sp.programme_id],
        )) as { code: string }[]).map((r) => r.code),
      );
      codes.forEach((code, i) => {
        const field = `indicatorActuals.${i}.indicator`;
        if (!known.has(code)) problems.push(fieldProblem(field, 'unknownReference', `indicator "${code}" is not an indicator of this sub-project or its programme`, `「${code}」不是此細部計畫或其計畫的指標`));
        else if (codes.indexOf(code) !== i) problems.push(fieldProblem(field, 'duplicate', `indicator "${code}" is listed twice`, `指標「${code}」重複填寫`));
      });
    }
    if (evidence && evidence.length > 0 && submissionId) {
      const own = new Set(((await tx.query(`SELECT id FROM evidence_file WHERE submission_id = $1`, [submissionId])) as { id: string }[]).map((r) => r.id));
      const foreign = content.evidence.filter((e) => !own.has(e));
      if (foreign.length) problems.push(fieldProblem('evidence', 'unknownReference', `not evidence of this submission: ${foreign.join(', ')}`, `不是此填報的佐證檔案：${foreign.join('、')}`));
    }
    if (problems.length) throw AppError.invalid(problems);
    return content;
  }

  private async assertCodesExist(query: SubmissionListQuery): Promise<void> {
    const problems: FieldProblem[] = [];
    for (const [field, table, code] of [['subProject', 'sub_project', query.subProject], ['milestone', 'milestone', query.milestone]] as const) {
      if (code === undefined) continue;
      const [found] = await this.dataSource.query(`SELECT 1 FROM "${table}" WHERE code = $1`, [code]);
      if (!found) problems.push(fieldProblem(field, 'unknownReference', `${field} "${code}" does not exist`, `「${field}」的「${code}」不存在`));
    }
    if (problems.length) throw AppError.invalid(problems);
  }
}
