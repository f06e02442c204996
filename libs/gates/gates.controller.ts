import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { type Actor, Ctx, CurrentActor, type RequestContext } from '../access/actor.js';
import { Allow, AnyRole } from '../access/policy.js';
import { CodePipe } from '../common/code.pipe.js';
import { UserRole } from '../users/user.entity.js';
import {
  DecideGateReviewDto, GateConditionDto, GateConditionListDto, GateConditionListQuery, GateReviewDto, GateReviewListDto, GateReviewListQuery, GateReviewParams,
  GateTemplateDto, GateTemplateListDto, ReplaceCriteriaDto, ResolveConditionDto, SaveDraftScoresDto, SaveScoresDto, ScheduleGateReviewDto,
} from './gate.views.js';
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

const COORDINATOR = UserRole.Coordinator;

@ApiBearerAuth()
@ApiTags('gates')
@Controller()
export class GateTemplatesController {
  constructor(
    private readonly listTemplates: ListGateTemplates,
    private readonly replaceGateCriteria: ReplaceGateCriteria,
  ) {}

  @Get('programmes/:code/gate-templates')
  @AnyRole()
  @ApiOperation({ summary: 'The stage gates of a programme, in order, with the criteria in force and the scoring scale' })
  @ApiOkResponse({ type: GateTemplateListDto })
  @ApiNotFoundResponse({ description: 'No programme has this code' })
  templates(@Param('code', CodePipe) code: string): Promise<GateTemplateListDto> {
    return this.listTemplates.execute(code);
  }

  @Put('gate-templates/:code/criteria')
  @Allow(COORDINATOR)
  @ApiOperation({ summary: 'Replace a gate\'s criteria (a new revision; scheduled reviews follow it); refused while a review of the gate is in scoring' })
  @ApiOkResponse({ type: GateTemplateDto })
  @ApiConflictResponse({ description: 'STALE_VERSION, or CONFLICT while a review of the gate is in scoring' })
  replaceCriteria(@Param('code', CodePipe) code: string, @Body() body: ReplaceCriteriaDto, @Ctx() ctx: RequestContext): Promise<GateTemplateDto> {
    return this.replaceGateCriteria.execute(code, body, ctx);
  }
}

@ApiBearerAuth()
@ApiTags('gates')
@Controller('gate-reviews')
export class GateReviewsController {
  constructor(
    private readonly scheduleReview: ScheduleGateReview,
    private readonly listReviews: ListGateReviews,
    private readonly getReview: GetGateReview,
    private readonly saveScores: SaveGateScores,
    private readonly saveDraft: SaveGateScoreDraft,
    private readonly decideReview: DecideGateReview,
  ) {}

  @Post()
  @Allow(COORDINATOR)
  @ApiOperation({ summary: 'Schedule a gate review of a flagship sub-project, assign reviewers and request its packet' })
  @ApiCreatedResponse({ type: GateReviewDto })
  @ApiUnprocessableEntityResponse({ description: 'NOT_FLAGSHIP' })
  @ApiConflictResponse({ description: 'CONFLICT_OF_INTEREST (names the reviewers), GATE_ORDER, or CONFLICT (a review of the gate in progress)' })
  schedule(@Body() body: ScheduleGateReviewDto, @Ctx() ctx: RequestContext): Promise<GateReviewDto> {
    return this.scheduleReview.execute(body, ctx);
  }

  @Get()
  @AnyRole()
  @ApiOperation({ summary: 'Gate reviews the caller may see (reviewers: theirs; ministries: their sub-projects\')' })
  @ApiOkResponse({ type: GateReviewListDto })
  list(@Query() query: GateReviewListQuery, @CurrentActor() actor: Actor): Promise<GateReviewListDto> {
    return this.listReviews.execute(query, actor);
  }

  @Get(':id')
  @AnyRole()
  @ApiOperation({ summary: 'One gate review: criteria, reviewers, scores (as the caller may see them), summary, decision, conditions, packet status' })
  @ApiOkResponse({ type: GateReviewDto })
  @ApiNotFoundResponse({ description: 'No such gate review, or one the caller may not see (a reviewer not assigned to it, another organisation\'s sub-project): all answer alike' })
  detail(@Param() params: GateReviewParams, @CurrentActor() actor: Actor): Promise<GateReviewDto> {
    return this.getReview.execute(params.id, actor);
  }

  @Put(':id/scores')
  @Allow(UserRole.Reviewer)
  @ApiOperation({ summary: 'An assigned reviewer saves their scorecard: every criterion, each with a comment (replaces their earlier one)' })
  @ApiOkResponse({ type: GateReviewDto })
  @ApiConflictResponse({ description: 'INVALID_TRANSITION once decided' })
  scores(@Param() params: GateReviewParams, @Body() body: SaveScoresDto, @Ctx() ctx: RequestContext): Promise<GateReviewDto> {
    return this.saveScores.execute(params.id, body, ctx);
  }

  @Put(':id/scores/draft')
  @Allow(UserRole.Reviewer)
  @ApiOperation({ summary: 'An assigned reviewer keeps an unfinished scorecard (any criteria, blanks allowed), seen by them alone; submitting the scorecard clears it' })
  @ApiOkResponse({ type: GateReviewDto })
  @ApiNotFoundResponse({ description: 'No such gate review, or one the caller is not assigned to' })
  @ApiConflictResponse({ description: 'INVALID_TRANSITION once decided' })
  draft(@Param() params: GateReviewParams, @Body() body: SaveDraftScoresDto, @Ctx() ctx: RequestContext): Promise<GateReviewDto> {
    return this.saveDraft.execute(params.id, body, ctx);
  }

  @Post(':id/decision')
  @HttpCode(200)
  @Allow(COORDINATOR)
  @ApiOperation({ summary: 'Record the decision with reasons (and conditions for go_with_conditions); the score summary is recorded with it' })
  @ApiOkResponse({ type: GateReviewDto })
  @ApiConflictResponse({ description: 'OPEN_CONDITIONS (lists them), MUST_MEET_FAILED, STALE_VERSION, INVALID_TRANSITION' })
  decide(@Param() params: GateReviewParams, @Body() body: DecideGateReviewDto, @Ctx() ctx: RequestContext): Promise<GateReviewDto> {
    return this.decideReview.execute(params.id, body, ctx);
  }
}

@ApiBearerAuth()
@ApiTags('gates')
@Controller('gate-conditions')
export class GateConditionsController {
  constructor(
    private readonly listConditions: ListGateConditions,
    private readonly resolveCondition: ResolveGateCondition,
  ) {}

  @Get()
  @AnyRole()
  @ApiOperation({ summary: 'Conditions of gate decisions the caller may see (ministries: their sub-projects\' and those they own)' })
  @ApiOkResponse({ type: GateConditionListDto })
  list(@Query() query: GateConditionListQuery, @CurrentActor() actor: Actor): Promise<GateConditionListDto> {
    return this.listConditions.execute(query, actor);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Allow(COORDINATOR, UserRole.MinistryOfficer, UserRole.MinistrySupervisor)
  @ApiOperation({ summary: 'Close a condition with a note (the secretariat, or an officer or supervisor acting for the owner organisation)' })
  @ApiOkResponse({ type: GateConditionDto })
  close(@Param() params: GateReviewParams, @Body() body: ResolveConditionDto, @Ctx() ctx: RequestContext): Promise<GateConditionDto> {
    return this.resolveCondition.execute(params.id, 'close', body, ctx);
  }

  @Post(':id/waive')
  @HttpCode(200)
  @Allow(COORDINATOR)
  @ApiOperation({ summary: 'Waive a condition with a reason (the secretariat only)' })
  @ApiOkResponse({ type: GateConditionDto })
  waive(@Param() params: GateReviewParams, @Body() body: ResolveConditionDto, @Ctx() ctx: RequestContext): Promise<GateConditionDto> {
    return this.resolveCondition.execute(params.id, 'waive', body, ctx);
  }
}
