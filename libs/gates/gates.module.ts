import { Module } from '@nestjs/common';
import { GateReportAccess } from './gate-report-access.js';
import { GateConditionsController, GateReviewsController, GateTemplatesController } from './gates.controller.js';
import { DecideGateReview } from './use-cases/decide-gate-review.js';
import { GetGateReview } from './use-cases/get-gate-review.js';
import { ListGateConditions } from './use-cases/list-gate-conditions.js';
import { ListGateReviews } from './use-cases/list-gate-reviews.js';
import { ListGateTemplates } from './use-cases/list-gate-templates.js';
import { ReplaceGateCriteria } from './use-cases/replace-gate-criteria.js';
import { ResolveGateCondition } from './use-cases/resolve-gate-condition.js';
import { SaveGateScoreDraft } from './use-cases/save-gate-score-draft.js';
import { SaveGateScores } from './use-cases/save-gate-scores.js';
import { ScheduleGateReview } from './use-cases/schedule-gate-review.js';

/**
 * Stage-gate reviews of flagship sub-projects (API side): one use case per operation in use-cases/
 * (the transitions' table in gate-review.machine.ts, the SQL in gates.queries.ts).
 */
@Module({
  controllers: [GateTemplatesController, GateReviewsController, GateConditionsController],
  providers: [
    ListGateTemplates, ReplaceGateCriteria, ScheduleGateReview, ListGateReviews, GetGateReview, SaveGateScores, SaveGateScoreDraft, DecideGateReview,
    ListGateConditions, ResolveGateCondition, GateReportAccess,
  ],
})
export class GatesModule {}
