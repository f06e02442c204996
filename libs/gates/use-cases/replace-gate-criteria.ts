import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../access/actor.js';
import { UnitOfWork } from '../../audit/unit-of-work.js';
import { AppError, type FieldProblem } from '../../common/errors.js';
import { execute, rowOf, rowsOf } from '../../database/sql-query.js';
import { GateRequirement } from '../gate.entity.js';
import { blank, criterionView } from '../gate.presenter.js';
import type { GateTemplateListDto, ReplaceCriteriaDto } from '../gate.views.js';
import {
  CRITERIA, INSERT_CRITERION, LOCK_TEMPLATE, MOVE_SCHEDULED_REVIEWS_TO_CRITERIA, SCORING_REVIEWS_OF_TEMPLATE, SET_TEMPLATE_CRITERIA_REVISION,
} from '../gates.queries.js';
import { ListGateTemplates } from './list-gate-templates.js';

/**
 * PUT /api/gate-templates/:code/criteria — replaces a gate's criteria with a new revision (the old
 * rows stay: decided reviews point at them). Reviews of the gate still scheduled move to the new
 * criteria; refused while one is in scoring.
 */
@Injectable()
export class ReplaceGateCriteria {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly templates: ListGateTemplates,
  ) {}

  async execute(templateCode: string, body: ReplaceCriteriaDto, ctx: RequestContext): Promise<GateTemplateListDto['gates'][number]> {
    const programmeCode = await this.uow.run(ctx, async (tx) => {
      const t = await rowOf(tx, LOCK_TEMPLATE, [templateCode]);
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
      const scoring = await rowsOf(tx, SCORING_REVIEWS_OF_TEMPLATE, [t.id]);
      if (scoring.length) {
        throw new AppError('CONFLICT', `Gate "${templateCode}" has ${scoring.length} review(s) in scoring: decide them before replacing the criteria`, {
          gateReviews: scoring.map((r) => r.id),
        });
      }
      const before = await rowsOf(tx, CRITERIA, [t.id, t.criteria_revision]);
      const revision = t.criteria_revision + 1;
      for (const [i, c] of body.criteria.entries()) {
        await execute(tx, INSERT_CRITERION, [t.id, revision, c.code, i + 1, c.text.trim(), c.requirement, c.weight, c.guidance ?? null, c.source ?? null, c.sourceText ?? null]);
      }
      await execute(tx, SET_TEMPLATE_CRITERIA_REVISION, [t.id, revision]);
      const moved = await rowsOf(tx, MOVE_SCHEDULED_REVIEWS_TO_CRITERIA, [t.id, revision]);
      await tx.audit({
        action: 'gate_template.replace_criteria', entityType: 'gate_template', entityId: t.id,
        before: { criteriaRevision: t.criteria_revision, criteria: before.map(criterionView) },
        after: { criteriaRevision: revision, criteria: body.criteria, scheduledReviewsMoved: moved.map((r) => r.id) },
      });
      return t.p_code;
    });
    const list = await this.templates.execute(programmeCode);
    return list.gates.find((g) => g.code === templateCode)!;
  }
}
