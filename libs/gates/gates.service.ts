import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type Actor, hasRole, isSecretariat, type RequestContext } from '../access/actor.js';
import { inScope, scopeOf } from '../access/scope.js';
import type { Tx } from '../audit/unit-of-work.js';
import { UnitOfWork } from '../audit/unit-of-work.js';
import { Clock } from '../common/clock.js';
import { AppError, type FieldProblem } from '../common/errors.js';
import { dateView } from '../common/roc.js';
import { organisationRef } from '../common/views.js';
import { ReportFormat, ReportKind } from '../reports/report.entity.js';
import { requestReport } from '../reports/request-report.js';
import { UserRole } from '../users/user.entity.js';
import { GateConditionStatus, GateDecision, GateRequirement, GateReviewStatus, SCORE_MAX, SCORE_MIN } from './gate.entity.js';
import { DECISION_EFFECT, GATE_TOPIC, gateConditionMachine, gateReviewMachine } from './gate-review.machine.js';
import { type CriterionScores, summariseScores } from './score-summary.js';
import type {
  DecideGateReviewDto, GateConditionDto, GateConditionListDto, GateConditionListQuery, GateCriterionDto, GateReviewDto, GateReviewListDto,
  GateReviewListQuery, GateTemplateListDto, ReplaceCriteriaDto, ResolveConditionDto, SaveScoresDto, ScheduleGateReviewDto, ScoreDto, ScoreSummaryDto,
} from './gate.views.js';

type Queryable = Pick<Tx, 'query'>;

/**
 * How much of a gate review a caller sees:
 * - full: the secretariat and viewers (every reviewer's scores, the live summary);
 * - reviewer: an assigned reviewer (their own scores; everyone's, and the summary, once decided);
 * - ministry: officers and supervisors of the lead or a co-organiser (the reviewer count, the
 *   decision, its reasons, the recorded summary and the conditions; never individual scores).
 */
type View = 'full' | 'reviewer' | 'ministry';

interface ReviewRow {
  id: string; sub_project_id: string; template_id: string; criteria_revision: number; status: GateReviewStatus; scheduled_for: string;
  packet_report_id: string | null; packet_status: string | null; decision: GateDecision | null; decision_reasons: string | null;
  score_summary: ScoreSummaryDto | null; decided_by: string | null; decided_by_name: string | null; decided_at: Date | null;
  version: number; created_at: Date;
  sp_code: string; sp_name: string; programme_id: string; lead_id: string | null; lead_code: string | null; lead_name: string | null; co_organiser_ids: string[];
  gate_code: string; gate_seq: number; gate_name: string;
}

const REVIEW_SELECT = `
  SELECT r.id, r.sub_project_id, r.template_id, r.criteria_revision, r.status, to_char(r.scheduled_for, 'YYYY-MM-DD') AS scheduled_for,
         r.packet_report_id, rep.status AS packet_status, r.decision, r.decision_reasons, r.score_summary, r.decided_by,
         du.display_name AS decided_by_name, r.decided_at, r.version, r.created_at,
         sp.code AS sp_code, sp.name AS sp_name, sp.programme_id, sp.lead_organisation_id AS lead_id, lo.code AS lead_code, lo.name AS lead_name,
         ARRAY(SELECT c.organisation_id::text FROM sub_project_co_organiser c WHERE c.sub_project_id = sp.id) AS co_organiser_ids,
         t.code AS gate_code, t.seq AS gate_seq, t.name AS gate_name
    FROM gate_review r
    JOIN sub_project sp ON sp.id = r.sub_project_id
    JOIN gate_template t ON t.id = r.template_id
    LEFT JOIN organisation lo ON lo.id = sp.lead_organisation_id
    LEFT JOIN report rep ON rep.id = r.packet_report_id
    LEFT JOIN app_user du ON du.id = r.decided_by`;

interface ConditionRow {
  id: string; review_id: string; seq: number; text: string; owner_id: string; owner_code: string; owner_name: string; due_date: string;
  status: GateConditionStatus; resolution_note: string | null; resolved_by: string | null; resolver_name: string | null; resolved_at: Date | null;
  version: number; sub_project_id: string; sp_code: string; sp_name: string; lead_id: string | null; lead_code: string | null; lead_name: string | null;
  co_organiser_ids: string[]; gate_code: string; gate_seq: number; gate_name: string;
}

const CONDITION_SELECT = `
  SELECT c.id, c.review_id, c.seq, c.text, c.owner_organisation_id AS owner_id, oo.code AS owner_code, oo.name AS owner_name,
         to_char(c.due_date, 'YYYY-MM-DD') AS due_date, c.status, c.resolution_note, c.resolved_by, ru.display_name AS resolver_name, c.resolved_at, c.version,
         r.sub_project_id, sp.code AS sp_code, sp.name AS sp_name, sp.lead_organisation_id AS lead_id, lo.code AS lead_code, lo.name AS lead_name,
         ARRAY(SELECT co.organisation_id::text FROM sub_project_co_organiser co WHERE co.sub_project_id = sp.id) AS co_organiser_ids,
         t.code AS gate_code, t.seq AS gate_seq, t.name AS gate_name
    FROM gate_condition c
    JOIN gate_review r ON r.id = c.review_id
    JOIN gate_template t ON t.id = r.template_id
    JOIN sub_project sp ON sp.id = r.sub_project_id
    JOIN organisation oo ON oo.id = c.owner_organisation_id
    LEFT JOIN organisation lo ON lo.id = sp.lead_organisation_id
    LEFT JOIN app_user ru ON ru.id = c.resolved_by`;

interface CriterionRow {
  id: string; code: string; seq: number; text: string; requirement: GateRequirement; weight: string; guidance: string | null; source: string | null; source_text: string | null;
}

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);
const blank = (s: string | null | undefined): boolean => !s || s.trim() === '';
/** 3.50 → "3.5", 3.00 → "3": weights as people write them. */
const weightText = (w: string): string => String(Number(w));

function criterionView(c: CriterionRow): GateCriterionDto {
  return {
    code: c.code, seq: c.seq, text: c.text, requirement: c.requirement, weight: weightText(c.weight), guidance: c.guidance, source: c.source, sourceText: c.source_text,
  };
}

function conditionView(c: ConditionRow): GateConditionDto {
  return {
    id: c.id, seq: c.seq, text: c.text, owner: { code: c.owner_code, name: c.owner_name }, dueDate: dateView(c.due_date), status: c.status,
    note: c.resolution_note, resolvedBy: c.resolved_by ? { id: c.resolved_by, displayName: c.resolver_name ?? '' } : null, resolvedAt: iso(c.resolved_at),
    version: c.version, gateReviewId: c.review_id, gate: { code: c.gate_code, seq: c.gate_seq, name: c.gate_name },
    subProject: { code: c.sp_code, name: c.sp_name, lead: organisationRef(c.lead_code, c.lead_name) },
  };
}

/** The should-meet scale, stated wherever scores are. */
export const SCALE_NOTE = `Should-meet criteria are scored ${SCORE_MIN}–${SCORE_MAX} (whole numbers) and weighted; must-meet criteria are met / not met. Weights and this scale are Guankao's defaults, not from the plan.`;

/**
 * Stage-gate reviews of flagship sub-projects: templates and their criteria, scheduling (with the
 * conflict-of-interest and gate-order checks and the packet request), scoring, the decision and its
 * conditions. Transitions in gate-review.machine.ts.
 */
@Injectable()
export class GatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  private readonly reader: Queryable = { query: (sql, params) => this.dataSource.query(sql, params) };

  // ---- templates -----------------------------------------------------------------------------

  async templates(programmeCode: string): Promise<GateTemplateListDto> {
    const [programme]: { id: string }[] = await this.dataSource.query(`SELECT id FROM programme WHERE code = $1`, [programmeCode]);
    if (!programme) throw AppError.notFound('programme', programmeCode);
    const templates: { id: string; code: string; seq: number; name: string; name_en: string | null; purpose: string; source: string | null; source_text: string | null; note: string | null; criteria_revision: number; version: number }[] =
      await this.dataSource.query(
        `SELECT id, code, seq, name, name_en, purpose, source, source_text, note, criteria_revision, version FROM gate_template WHERE programme_id = $1 ORDER BY seq`,
        [programme.id],
      );
    const gates = [];
    for (const t of templates) {
      const criteria = await this.criteria(this.reader, t.id, t.criteria_revision);
      gates.push({
        code: t.code, seq: t.seq, name: t.name, nameEn: t.name_en, purpose: t.purpose, source: t.source, sourceText: t.source_text, note: t.note,
        criteriaRevision: t.criteria_revision, version: t.version, criteria: criteria.map(criterionView),
      });
    }
    return { programme: programmeCode, scale: { min: SCORE_MIN, max: SCORE_MAX, note: SCALE_NOTE }, gates };
  }

  /**
   * Replaces a gate's criteria with a new revision (the old rows stay: decided reviews point at them).
   * Reviews of the gate still scheduled move to the new criteria; refused while one is in scoring.
   */
  async replaceCriteria(templateCode: string, body: ReplaceCriteriaDto, ctx: RequestContext): Promise<GateTemplateListDto['gates'][number]> {
    const programmeCode = await this.uow.run(ctx, async (tx) => {
      const [t]: { id: string; programme_id: string; criteria_revision: number; version: number; p_code: string }[] = await tx.query(
        `SELECT t.id, t.programme_id, t.criteria_revision, t.version, p.code AS p_code FROM gate_template t JOIN programme p ON p.id = t.programme_id
          WHERE t.code = $1 FOR UPDATE OF t`,
        [templateCode],
      );
      if (!t) throw AppError.notFound('gate', templateCode);
      if (body.version !== t.version) throw AppError.stale('gate', body.version, t.version);
      const problems: FieldProblem[] = [];
      const codes = body.criteria.map((c) => c.code);
      body.criteria.forEach((c, i) => {
        if (codes.indexOf(c.code) !== i) problems.push({ field: `criteria.${i}.code`, problems: [`criterion code "${c.code}" is used twice`] });
        if (blank(c.text)) problems.push({ field: `criteria.${i}.text`, problems: ['text must not be blank'] });
        if (c.requirement === GateRequirement.ShouldMeet && Number(c.weight) <= 0) {
          problems.push({ field: `criteria.${i}.weight`, problems: [`criterion "${c.code}" is should-meet: its weight must be above 0`] });
        }
        if (c.requirement === GateRequirement.MustMeet && Number(c.weight) !== 0) {
          problems.push({ field: `criteria.${i}.weight`, problems: [`criterion "${c.code}" is must-meet (pass/fail): its weight must be "0"`] });
        }
      });
      if (problems.length) throw AppError.invalid(problems);
      const scoring: { id: string }[] = await tx.query(`SELECT id FROM gate_review WHERE template_id = $1 AND status = 'scoring'`, [t.id]);
      if (scoring.length) {
        throw new AppError('CONFLICT', `Gate "${templateCode}" has ${scoring.length} review(s) in scoring: decide them before replacing the criteria`, {
          gateReviews: scoring.map((r) => r.id),
        });
      }
      const before = await this.criteria(tx, t.id, t.criteria_revision);
      const revision = t.criteria_revision + 1;
      for (const [i, c] of body.criteria.entries()) {
        await tx.query(
          `INSERT INTO gate_criterion (template_id, revision, code, seq, text, requirement, weight, guidance, source, source_text)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [t.id, revision, c.code, i + 1, c.text.trim(), c.requirement, c.weight, c.guidance ?? null, c.source ?? null, c.sourceText ?? null],
        );
      }
      await tx.query(`UPDATE gate_template SET criteria_revision = $2, version = version + 1, updated_at = now() WHERE id = $1`, [t.id, revision]);
      const moved: { id: string }[] = await tx.query(
        `UPDATE gate_review SET criteria_revision = $2, version = version + 1, updated_at = now() WHERE template_id = $1 AND status = 'scheduled' RETURNING id`,
        [t.id, revision],
      );
      await tx.audit({
        action: 'gate_template.replace_criteria', entityType: 'gate_template', entityId: t.id,
        before: { criteriaRevision: t.criteria_revision, criteria: before.map(criterionView) },
        after: { criteriaRevision: revision, criteria: body.criteria, scheduledReviewsMoved: moved.map((r) => r.id) },
      });
      return t.p_code;
    });
    const list = await this.templates(programmeCode);
    return list.gates.find((g) => g.code === templateCode)!;
  }

  // ---- reads ---------------------------------------------------------------------------------

  async list(query: GateReviewListQuery, actor: Actor): Promise<GateReviewListDto> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (query.subProject) {
      const sp = await this.subProjectByCode(query.subProject);
      if (this.viewOf(actor) === 'ministry' && !inScope(scopeOf(actor), sp.lead_id, sp.co_organiser_ids)) {
        throw AppError.forbidden(`Sub-project "${query.subProject}" belongs to another organisation`);
      }
      params.push(sp.id);
      where.push(`r.sub_project_id = $${params.length}`);
    }
    const view = this.viewOf(actor);
    if (view === 'reviewer') {
      params.push(actor.userId);
      where.push(`EXISTS (SELECT 1 FROM gate_reviewer gr WHERE gr.review_id = r.id AND gr.user_id = $${params.length})`);
    } else if (view === 'ministry') {
      params.push(actor.organisationIds);
      const ids = `$${params.length}::uuid[]`;
      where.push(`(sp.lead_organisation_id = ANY(${ids}) OR EXISTS (SELECT 1 FROM sub_project_co_organiser sco WHERE sco.sub_project_id = sp.id AND sco.organisation_id = ANY(${ids})))`);
    }
    const rows: ReviewRow[] = await this.dataSource.query(
      `${REVIEW_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY sp.code, t.seq, r.created_at`,
      params,
    );
    const items = [];
    for (const row of rows) items.push(await this.view(this.reader, row, actor));
    return { items };
  }

  async detail(id: string, actor: Actor): Promise<GateReviewDto> {
    const row = await this.loadReview(this.reader, id);
    await this.assertCanRead(this.reader, row, actor);
    return this.view(this.reader, row, actor);
  }

  async conditions(query: GateConditionListQuery, actor: Actor): Promise<GateConditionListDto> {
    const params: unknown[] = [];
    const where: string[] = [];
    const view = this.viewOf(actor);
    if (query.subProject) {
      const sp = await this.subProjectByCode(query.subProject);
      params.push(sp.id);
      where.push(`r.sub_project_id = $${params.length}`);
    }
    if (query.status) {
      params.push(query.status);
      where.push(`c.status = $${params.length}`);
    }
    if (view === 'reviewer') {
      // The conditions of the sub-projects whose reviews they are assigned to.
      params.push(actor.userId);
      where.push(`EXISTS (SELECT 1 FROM gate_review r2 JOIN gate_reviewer gr ON gr.review_id = r2.id WHERE r2.sub_project_id = r.sub_project_id AND gr.user_id = $${params.length})`);
    } else if (view === 'ministry') {
      // Their sub-projects' conditions, and conditions their organisation owns on another's sub-project.
      params.push(actor.organisationIds);
      const ids = `$${params.length}::uuid[]`;
      where.push(`(sp.lead_organisation_id = ANY(${ids}) OR c.owner_organisation_id = ANY(${ids})
                   OR EXISTS (SELECT 1 FROM sub_project_co_organiser sco WHERE sco.sub_project_id = sp.id AND sco.organisation_id = ANY(${ids})))`);
    }
    const rows: ConditionRow[] = await this.dataSource.query(
      `${CONDITION_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY sp.code, t.seq, r.created_at, c.seq`,
      params,
    );
    if (query.subProject && view === 'ministry' && rows.length === 0) {
      const sp = await this.subProjectByCode(query.subProject);
      if (!inScope(scopeOf(actor), sp.lead_id, sp.co_organiser_ids)) throw AppError.forbidden(`Sub-project "${query.subProject}" belongs to another organisation`);
    }
    return { items: rows.map(conditionView) };
  }

  // ---- writes --------------------------------------------------------------------------------

  /** A coordinator schedules a gate review: checks, the review and its reviewers, the packet request, audit and outbox in one transaction. */
  async schedule(body: ScheduleGateReviewDto, ctx: RequestContext): Promise<GateReviewDto> {
    const today = this.clock.today();
    if (body.scheduledFor < today) throw AppError.invalid([{ field: 'scheduledFor', problems: [`scheduledFor ${body.scheduledFor} is in the past (today is ${today})`] }]);
    const id = await this.uow.run(ctx, async (tx) => {
      // Locks the sub-project: two schedulings of the same gate cannot both pass the order checks.
      const [sp]: { id: string; code: string; programme_id: string; is_flagship: boolean; lead_id: string | null; co_organiser_ids: string[] }[] = await tx.query(
        `SELECT sp.id, sp.code, sp.programme_id, sp.is_flagship, sp.lead_organisation_id AS lead_id,
                ARRAY(SELECT c.organisation_id::text FROM sub_project_co_organiser c WHERE c.sub_project_id = sp.id) AS co_organiser_ids
           FROM sub_project sp WHERE sp.code = $1 FOR NO KEY UPDATE OF sp`,
        [body.subProject],
      );
      if (!sp) throw AppError.invalid([{ field: 'subProject', problems: [`sub-project "${body.subProject}" does not exist`] }]);
      if (!sp.is_flagship) {
        throw new AppError('NOT_FLAGSHIP', `Sub-project "${sp.code}" is not a flagship sub-project: only flagship sub-projects go through stage gates`, { subProject: sp.code });
      }
      const [gate]: { id: string; code: string; seq: number; name: string; criteria_revision: number }[] = await tx.query(
        `SELECT id, code, seq, name, criteria_revision FROM gate_template WHERE code = $1 AND programme_id = $2`,
        [body.gate, sp.programme_id],
      );
      if (!gate) throw AppError.invalid([{ field: 'gate', problems: [`"${body.gate}" is not a gate of the programme of ${sp.code}`] }]);
      // Input first (400s and the conflict of interest), then the order of the gates.
      await this.assertReviewers(tx, body.reviewers, sp);
      await this.assertGateOrder(tx, sp, gate);

      const [created]: { id: string }[] = await tx.query(
        `INSERT INTO gate_review (sub_project_id, template_id, criteria_revision, status, scheduled_for, created_by)
         VALUES ($1, $2, $3, 'scheduled', $4, $5) RETURNING id`,
        [sp.id, gate.id, gate.criteria_revision, body.scheduledFor, ctx.actor.userId],
      );
      for (const userId of body.reviewers) {
        await tx.query(`INSERT INTO gate_reviewer (review_id, user_id) VALUES ($1, $2)`, [created.id, userId]);
      }
      const packetId = await requestReport(tx, {
        kind: ReportKind.GatePacket, format: ReportFormat.Pdf, parameters: { gateReview: created.id }, asOf: this.clock.now(),
        programmeId: sp.programme_id, subProjectId: sp.id,
      });
      await tx.query(`UPDATE gate_review SET packet_report_id = $2 WHERE id = $1`, [created.id, packetId]);
      await tx.audit({
        action: 'gate_review.schedule', entityType: 'gate_review', entityId: created.id, before: null,
        after: { status: GateReviewStatus.Scheduled, subProject: sp.code, gate: gate.code, scheduledFor: body.scheduledFor, reviewers: body.reviewers, packetReportId: packetId },
      });
      await tx.outbox({
        topic: GATE_TOPIC.scheduled, aggregateType: 'gate_review', aggregateId: created.id,
        payload: { gateReviewId: created.id, subProjectId: sp.id, reviewerUserIds: body.reviewers },
      });
      return created.id;
    });
    return this.detail(id, ctx.actor);
  }

  /** An assigned reviewer saves their whole scorecard (every criterion, each with a comment); the first one starts scoring. */
  async saveScores(id: string, body: SaveScoresDto, ctx: RequestContext): Promise<GateReviewDto> {
    await this.uow.run(ctx, async (tx) => {
      const row = await this.lockReview(tx, id);
      const [assigned] = await tx.query(`SELECT 1 FROM gate_reviewer WHERE review_id = $1 AND user_id = $2`, [id, ctx.actor.userId]);
      if (!assigned) throw AppError.forbidden(`You are not a reviewer of gate review "${id}"`);
      const to = gateReviewMachine.apply(row.status, 'score', { roles: ctx.actor.roles });
      const criteria = await this.criteria(tx, row.template_id, row.criteria_revision);
      const byCode = new Map(criteria.map((c) => [c.code, c]));
      const problems: FieldProblem[] = [];
      const seen = new Set<string>();
      body.scores.forEach((s, i) => {
        const c = byCode.get(s.criterion);
        const field = `scores.${i}`;
        if (!c) return void problems.push({ field: `${field}.criterion`, problems: [`"${s.criterion}" is not a criterion of gate ${row.gate_code} (criteria: ${criteria.map((x) => x.code).join(', ')})`] });
        if (seen.has(c.code)) problems.push({ field: `${field}.criterion`, problems: [`criterion "${c.code}" is scored twice`] });
        seen.add(c.code);
        if (c.requirement === GateRequirement.MustMeet && (s.met === undefined || s.score !== undefined)) {
          problems.push({ field: `${field}.met`, problems: [`criterion "${c.code}" is must-meet: give met (true or false) and no score`] });
        }
        if (c.requirement === GateRequirement.ShouldMeet && (s.score === undefined || s.met !== undefined)) {
          problems.push({ field: `${field}.score`, problems: [`criterion "${c.code}" is should-meet: give a score ${SCORE_MIN}–${SCORE_MAX} and no met`] });
        }
        if (blank(s.comment)) problems.push({ field: `${field}.comment`, problems: [`criterion "${c.code}" needs a comment`] });
      });
      const missing = criteria.filter((c) => !seen.has(c.code)).map((c) => c.code);
      if (missing.length) problems.push({ field: 'scores', problems: [`every criterion needs a score and a comment; missing: ${missing.join(', ')}`] });
      if (problems.length) throw AppError.invalid(problems);

      await tx.query(`DELETE FROM gate_score WHERE review_id = $1 AND reviewer_user_id = $2`, [id, ctx.actor.userId]);
      for (const s of body.scores) {
        await tx.query(
          `INSERT INTO gate_score (review_id, criterion_id, reviewer_user_id, met, score, comment) VALUES ($1, $2, $3, $4, $5, $6)`,
          [id, byCode.get(s.criterion)!.id, ctx.actor.userId, s.met ?? null, s.score ?? null, s.comment.trim()],
        );
      }
      await tx.query(`UPDATE gate_reviewer SET scores_submitted_at = now() WHERE review_id = $1 AND user_id = $2`, [id, ctx.actor.userId]);
      // A new scorecard changes what the coordinator decides on: the version moves.
      await tx.query(`UPDATE gate_review SET status = $2, version = version + 1, updated_at = now() WHERE id = $1`, [id, to]);
      await tx.audit({
        action: 'gate_review.score', entityType: 'gate_review', entityId: id,
        before: { status: row.status }, after: { status: to, reviewer: ctx.actor.userId, criteria: body.scores.length },
      });
    });
    return this.detail(id, ctx.actor);
  }

  /**
   * The coordinator decides. Refused while conditions of an earlier gate review of the sub-project
   * are open, and a plain "go" is refused while a must-meet criterion was marked not met. The score
   * summary is recorded with the decision; each condition becomes a tracked item.
   */
  async decide(id: string, body: DecideGateReviewDto, ctx: RequestContext): Promise<GateReviewDto> {
    const today = this.clock.today();
    await this.uow.run(ctx, async (tx) => {
      const row = await this.lockReview(tx, id);
      if (body.version !== row.version) throw AppError.stale('gate review', body.version, row.version);
      gateReviewMachine.assertCan(row.status, 'decide');

      const problems: FieldProblem[] = [];
      const noReasons = gateReviewMachine.commentProblem('decide', body.reasons);
      if (noReasons) problems.push(noReasons);
      const conditions = body.conditions ?? [];
      if (body.decision === GateDecision.GoWithConditions && conditions.length === 0) {
        problems.push({ field: 'conditions', problems: ['go_with_conditions needs at least one condition (text, owner, dueDate)'] });
      }
      if (body.decision !== GateDecision.GoWithConditions && conditions.length > 0) {
        problems.push({ field: 'conditions', problems: [`conditions belong to go_with_conditions only (decision is ${body.decision})`] });
      }
      const owners = new Map<string, string>();
      const ownerCodes = [...new Set(conditions.map((c) => c.owner))];
      if (ownerCodes.length) {
        for (const o of (await tx.query(`SELECT id, code FROM organisation WHERE code = ANY($1)`, [ownerCodes])) as { id: string; code: string }[]) owners.set(o.code, o.id);
      }
      conditions.forEach((c, i) => {
        if (blank(c.text)) problems.push({ field: `conditions.${i}.text`, problems: ['text must not be blank'] });
        if (!owners.has(c.owner)) problems.push({ field: `conditions.${i}.owner`, problems: [`organisation "${c.owner}" does not exist`] });
        if (c.dueDate < today) problems.push({ field: `conditions.${i}.dueDate`, problems: [`dueDate ${c.dueDate} is in the past (today is ${today})`] });
      });
      if (problems.length) throw AppError.invalid(problems);

      const open: { id: string; seq: number; text: string; due_date: string; owner_code: string; gate_code: string; review_id: string }[] = await tx.query(
        `SELECT c.id, c.seq, c.text, to_char(c.due_date, 'YYYY-MM-DD') AS due_date, o.code AS owner_code, t.code AS gate_code, c.review_id
           FROM gate_condition c JOIN gate_review r ON r.id = c.review_id JOIN gate_template t ON t.id = r.template_id
           JOIN organisation o ON o.id = c.owner_organisation_id
          WHERE r.sub_project_id = $1 AND r.id <> $2 AND c.status = 'open'
          ORDER BY t.seq, r.created_at, c.seq`,
        [row.sub_project_id, id],
      );
      if (open.length) {
        throw new AppError(
          'OPEN_CONDITIONS',
          `${open.length} condition(s) of earlier gate reviews of ${row.sp_code} are still open: close or waive them before deciding (${open.map((c) => `${c.gate_code} #${c.seq}`).join(', ')})`,
          { conditions: open.map((c) => ({ id: c.id, gateReviewId: c.review_id, gate: c.gate_code, seq: c.seq, text: c.text, owner: c.owner_code, dueDate: c.due_date })) },
        );
      }

      const summary = await this.summary(tx, row);
      const to = gateReviewMachine.apply(row.status, 'decide', {
        roles: ctx.actor.roles, comment: body.reasons, context: { decision: body.decision, mustMeetFailures: summary.mustMeetFailures },
      });
      await tx.query(
        `UPDATE gate_review SET status = $2, decision = $3, decision_reasons = $4, score_summary = $5, decided_by = $6, decided_at = now(),
                version = version + 1, updated_at = now()
          WHERE id = $1`,
        [id, to, body.decision, body.reasons.trim(), JSON.stringify(summary), ctx.actor.userId],
      );
      await tx.audit({
        action: 'gate_review.decide', entityType: 'gate_review', entityId: id,
        before: { status: row.status }, after: { status: to, decision: body.decision, reasons: body.reasons.trim(), effect: DECISION_EFFECT[body.decision], scoreSummary: summary },
      });
      for (const [i, c] of conditions.entries()) {
        const ownerId = owners.get(c.owner)!;
        const [created]: { id: string }[] = await tx.query(
          `INSERT INTO gate_condition (review_id, seq, text, owner_organisation_id, due_date) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
          [id, i + 1, c.text.trim(), ownerId, c.dueDate],
        );
        await tx.audit({
          action: 'gate_condition.create', entityType: 'gate_condition', entityId: created.id, before: null,
          after: { gateReviewId: id, seq: i + 1, text: c.text.trim(), owner: c.owner, dueDate: c.dueDate, status: GateConditionStatus.Open },
        });
        await tx.outbox({
          topic: GATE_TOPIC.conditionAssigned, aggregateType: 'gate_condition', aggregateId: created.id,
          payload: { gateConditionId: created.id, gateReviewId: id, subProjectId: row.sub_project_id, organisationId: ownerId },
        });
      }
      await tx.outbox({
        topic: gateReviewMachine.record('decide').topic!, aggregateType: 'gate_review', aggregateId: id,
        payload: { gateReviewId: id, subProjectId: row.sub_project_id, decision: body.decision },
      });
    });
    return this.detail(id, ctx.actor);
  }

  /** Closed by the secretariat, or by an officer or supervisor acting for the owner organisation, with a note. */
  async closeCondition(id: string, body: ResolveConditionDto, ctx: RequestContext): Promise<GateConditionDto> {
    return this.resolveCondition(id, 'close', body, ctx);
  }

  /** Waived by the secretariat only, with a reason. */
  async waiveCondition(id: string, body: ResolveConditionDto, ctx: RequestContext): Promise<GateConditionDto> {
    return this.resolveCondition(id, 'waive', body, ctx);
  }

  private async resolveCondition(id: string, step: 'close' | 'waive', body: ResolveConditionDto, ctx: RequestContext): Promise<GateConditionDto> {
    await this.uow.run(ctx, async (tx) => {
      const [c]: ConditionRow[] = await tx.query(`${CONDITION_SELECT} WHERE c.id = $1 FOR UPDATE OF c`, [id]);
      if (!c) throw AppError.notFound('gate condition', id);
      if (!hasRole(ctx.actor, UserRole.Coordinator)) {
        const actsForOwner = ctx.actor.organisationIds.includes(c.owner_id);
        if (step === 'waive' || !actsForOwner) {
          const seen = actsForOwner || inScope(scopeOf(ctx.actor), c.lead_id, c.co_organiser_ids);
          throw AppError.forbidden(
            seen
              ? step === 'waive' ? 'Only the secretariat may waive a condition' : `Only the owner organisation (${c.owner_name}) or the secretariat may close this condition`
              : `Gate condition "${id}" belongs to another organisation`,
          );
        }
      }
      if (body.version !== c.version) throw AppError.stale('gate condition', body.version, c.version);
      const to = gateConditionMachine.apply(c.status, step, { roles: ctx.actor.roles, comment: body.note });
      await tx.query(
        `UPDATE gate_condition SET status = $2, resolution_note = $3, resolved_by = $4, resolved_at = now(), version = version + 1, updated_at = now() WHERE id = $1`,
        [id, to, body.note.trim(), ctx.actor.userId],
      );
      await tx.audit({
        action: `gate_condition.${step}`, entityType: 'gate_condition', entityId: id,
        before: { status: c.status }, after: { status: to, note: body.note.trim() },
      });
    });
    const [row]: ConditionRow[] = await this.dataSource.query(`${CONDITION_SELECT} WHERE c.id = $1`, [id]);
    return conditionView(row);
  }

  // ---- rules ---------------------------------------------------------------------------------

  /**
   * Gates in order: the first gate any time; a later gate once the previous one was passed (go or
   * go with conditions). Recycle and hold leave the same gate to be reviewed again; stop ends the
   * sub-project's gates. A passed gate is not reviewed again; one open review per gate.
   */
  private async assertGateOrder(tx: Tx, sp: { id: string; code: string; programme_id: string }, gate: { id: string; code: string; seq: number; name: string }): Promise<void> {
    const reviews: { id: string; template_id: string; seq: number; code: string; status: GateReviewStatus; decision: GateDecision | null }[] = await tx.query(
      `SELECT r.id, r.template_id, t.seq, t.code, r.status, r.decision FROM gate_review r JOIN gate_template t ON t.id = r.template_id WHERE r.sub_project_id = $1`,
      [sp.id],
    );
    const stopped = reviews.find((r) => r.decision && DECISION_EFFECT[r.decision] === 'stopped');
    if (stopped) throw new AppError('GATE_ORDER', `${sp.code} was stopped at gate ${stopped.code}: no further gate reviews`, { stoppedBy: stopped.id });
    const open = reviews.find((r) => r.template_id === gate.id && r.status !== GateReviewStatus.Decided);
    if (open) throw new AppError('CONFLICT', `Gate ${gate.code} of ${sp.code} already has a review in progress (${open.id})`, { existingId: open.id });
    const passed = reviews.find((r) => r.template_id === gate.id && r.decision && DECISION_EFFECT[r.decision] === 'passed');
    if (passed) throw new AppError('GATE_ORDER', `${sp.code} has passed gate ${gate.code} already (${passed.id})`, { passedBy: passed.id });
    const [previous]: { id: string; code: string; name: string }[] = await tx.query(
      `SELECT id, code, name FROM gate_template WHERE programme_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT 1`,
      [sp.programme_id, gate.seq],
    );
    if (previous && !reviews.some((r) => r.template_id === previous.id && r.decision && DECISION_EFFECT[r.decision] === 'passed')) {
      throw new AppError('GATE_ORDER', `Gate ${gate.code} comes after gate ${previous.code} (${previous.name}), which ${sp.code} has not passed (go or go with conditions)`, {
        previousGate: previous.code,
      });
    }
  }

  /**
   * Reviewers are active users with the reviewer role, and none may belong to the sub-project's own
   * organisations: the lead, a co-organiser, a unit under one, or one above it (up to, not
   * including, bodies such as 行政院 that stand over every ministry).
   */
  private async assertReviewers(tx: Tx, userIds: string[], sp: { code: string; lead_id: string | null; co_organiser_ids: string[] }): Promise<void> {
    const users: { id: string; display_name: string; roles: string[]; is_active: boolean; organisation_id: string | null; org_name: string | null }[] = await tx.query(
      `SELECT u.id, u.display_name, u.roles::text[] AS roles, u.is_active, u.organisation_id, o.name AS org_name
         FROM app_user u LEFT JOIN organisation o ON o.id = u.organisation_id WHERE u.id = ANY($1::uuid[])`,
      [userIds],
    );
    const byId = new Map(users.map((u) => [u.id, u]));
    const problems: string[] = [];
    for (const id of userIds) {
      const u = byId.get(id);
      if (!u) problems.push(`no user has id ${id}`);
      else if (!u.is_active) problems.push(`${u.display_name} (${id}) is not an active user`);
      else if (!u.roles.includes(UserRole.Reviewer)) problems.push(`${u.display_name} (${id}) does not have the reviewer role`);
    }
    if (problems.length) throw AppError.invalid([{ field: 'reviewers', problems }]);

    const own = [sp.lead_id, ...sp.co_organiser_ids].filter((o): o is string => o !== null);
    if (own.length === 0) return;
    const family = new Set(
      ((await tx.query(
        `WITH RECURSIVE base AS (SELECT unnest($1::uuid[]) AS id),
              down AS (SELECT id FROM base UNION SELECT o.id FROM organisation o JOIN down d ON o.parent_id = d.id),
              up AS (SELECT o.parent_id AS id FROM organisation o JOIN base b ON o.id = b.id WHERE o.parent_id IS NOT NULL
                     UNION SELECT o.parent_id FROM organisation o JOIN up u ON o.id = u.id WHERE o.parent_id IS NOT NULL)
         SELECT id FROM down
         UNION SELECT u.id FROM up u JOIN organisation o ON o.id = u.id WHERE o.kind <> 'body'`,
        [own],
      )) as { id: string }[]).map((r) => r.id),
    );
    const conflicted = users.filter((u) => u.organisation_id && family.has(u.organisation_id));
    if (conflicted.length) {
      throw new AppError(
        'CONFLICT_OF_INTEREST',
        `Conflict of interest: ${conflicted.map((u) => `${u.display_name} (${u.org_name})`).join(', ')} belong${conflicted.length === 1 ? 's' : ''} to an organisation of ${sp.code} (its lead, a co-organiser, or a unit or parent of one)`,
        { reviewers: conflicted.map((u) => ({ id: u.id, displayName: u.display_name, organisation: u.org_name })) },
      );
    }
  }

  private viewOf(actor: Actor): View {
    if (isSecretariat(actor) || hasRole(actor, UserRole.Viewer)) return 'full';
    if (hasRole(actor, UserRole.Reviewer)) return 'reviewer';
    return 'ministry';
  }

  private async assertCanRead(db: Queryable, row: ReviewRow, actor: Actor): Promise<void> {
    const view = this.viewOf(actor);
    if (view === 'reviewer') {
      const [assigned] = await db.query(`SELECT 1 FROM gate_reviewer WHERE review_id = $1 AND user_id = $2`, [row.id, actor.userId]);
      if (!assigned) throw AppError.forbidden(`You are not a reviewer of gate review "${row.id}"`);
    } else if (view === 'ministry' && !inScope(scopeOf(actor), row.lead_id, row.co_organiser_ids)) {
      throw AppError.forbidden(`Gate review "${row.id}" is of another organisation's sub-project`);
    }
  }

  // ---- views and helpers ---------------------------------------------------------------------

  private async view(db: Queryable, row: ReviewRow, actor: Actor): Promise<GateReviewDto> {
    const view = this.viewOf(actor);
    const decided = row.status === GateReviewStatus.Decided;
    const criteria = await this.criteria(db, row.template_id, row.criteria_revision);
    const reviewers: { user_id: string; display_name: string; assigned_at: Date; scores_submitted_at: Date | null }[] = await db.query(
      `SELECT gr.user_id, u.display_name, gr.assigned_at, gr.scores_submitted_at FROM gate_reviewer gr JOIN app_user u ON u.id = gr.user_id
        WHERE gr.review_id = $1 ORDER BY u.display_name, gr.user_id`,
      [row.id],
    );
    let scores: ScoreDto[] | null = null;
    if (view !== 'ministry') {
      const all: { code: string; reviewer_user_id: string; display_name: string; met: boolean | null; score: number | null; comment: string }[] = await db.query(
        `SELECT c.code, s.reviewer_user_id, u.display_name, s.met, s.score, s.comment
           FROM gate_score s JOIN gate_criterion c ON c.id = s.criterion_id JOIN app_user u ON u.id = s.reviewer_user_id
          WHERE s.review_id = $1 ORDER BY c.seq, u.display_name, s.reviewer_user_id`,
        [row.id],
      );
      scores = all
        .filter((s) => view === 'full' || decided || s.reviewer_user_id === actor.userId)
        .map((s) => ({ criterion: s.code, reviewer: { id: s.reviewer_user_id, displayName: s.display_name }, met: s.met, score: s.score, comment: s.comment }));
    }
    const summary = decided ? row.score_summary : view === 'full' ? await this.summary(db, row) : null;
    const conditions: ConditionRow[] = await db.query(`${CONDITION_SELECT} WHERE c.review_id = $1 ORDER BY c.seq`, [row.id]);
    return {
      id: row.id,
      subProject: { code: row.sp_code, name: row.sp_name, lead: organisationRef(row.lead_code, row.lead_name) },
      gate: { code: row.gate_code, seq: row.gate_seq, name: row.gate_name },
      status: row.status,
      scheduledFor: dateView(row.scheduled_for),
      packet: row.packet_report_id ? { reportId: row.packet_report_id, status: row.packet_status ?? 'unknown' } : null,
      // Ministries are told how many reviewers, not who: the reviewed party does not lobby its reviewers.
      reviewers: view === 'ministry' ? null : reviewers.map((r) => ({ id: r.user_id, displayName: r.display_name, assignedAt: iso(r.assigned_at)!, scoresSubmittedAt: iso(r.scores_submitted_at) })),
      reviewerCount: reviewers.length,
      decision: row.decision,
      decisionReasons: row.decision_reasons,
      decidedBy: row.decided_by ? { id: row.decided_by, displayName: row.decided_by_name ?? '' } : null,
      decidedAt: iso(row.decided_at),
      scoreSummary: summary,
      scores,
      criteria: criteria.map(criterionView),
      conditions: conditions.map(conditionView),
      version: row.version,
      createdAt: iso(row.created_at)!,
    };
  }

  private async summary(db: Queryable, row: ReviewRow): Promise<ScoreSummaryDto> {
    const rows: CriterionScores[] = await db.query(
      `SELECT c.code, c.requirement, c.weight, array_remove(array_agg(s.score ORDER BY s.id), NULL) AS scores,
              count(s.id) FILTER (WHERE s.met) ::int AS met, count(s.id) FILTER (WHERE s.met = false)::int AS not_met, count(s.id)::int AS scored
         FROM gate_criterion c LEFT JOIN gate_score s ON s.criterion_id = c.id AND s.review_id = $1
        WHERE c.template_id = $2 AND c.revision = $3
        GROUP BY c.id ORDER BY c.seq`,
      [row.id, row.template_id, row.criteria_revision],
    );
    const [counts]: { assigned: number; submitted: number }[] = await db.query(
      `SELECT count(*)::int AS assigned, count(scores_submitted_at)::int AS submitted FROM gate_reviewer WHERE review_id = $1`,
      [row.id],
    );
    return summariseScores(rows, counts.assigned, counts.submitted);
  }

  private async criteria(db: Queryable, templateId: string, revision: number): Promise<CriterionRow[]> {
    return db.query(
      `SELECT id, code, seq, text, requirement, weight, guidance, source, source_text FROM gate_criterion WHERE template_id = $1 AND revision = $2 ORDER BY seq`,
      [templateId, revision],
    );
  }

  private async subProjectByCode(code: string): Promise<{ id: string; lead_id: string | null; co_organiser_ids: string[] }> {
    const [sp] = await this.dataSource.query(
      `SELECT sp.id, sp.lead_organisation_id AS lead_id, ARRAY(SELECT c.organisation_id::text FROM sub_project_co_organiser c WHERE c.sub_project_id = sp.id) AS co_organiser_ids
         FROM sub_project sp WHERE sp.code = $1`,
      [code],
    );
    if (!sp) throw AppError.invalid([{ field: 'subProject', problems: [`sub-project "${code}" does not exist`] }]);
    return sp;
  }

  private async loadReview(db: Queryable, id: string): Promise<ReviewRow> {
    const [row]: ReviewRow[] = await db.query(`${REVIEW_SELECT} WHERE r.id = $1`, [id]);
    if (!row) throw AppError.notFound('gate review', id);
    return row;
  }

  private async lockReview(tx: Tx, id: string): Promise<ReviewRow> {
    const [row]: ReviewRow[] = await tx.query(`${REVIEW_SELECT} WHERE r.id = $1 FOR UPDATE OF r`, [id]);
    if (!row) throw AppError.notFound('gate review', id);
    return row;
  }
}
