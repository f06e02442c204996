import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags,
} from '@nestjs/swagger';
import { type Actor, CurrentActor, Ctx, type RequestContext } from '../access/actor.js';
import { Allow, AnyRole } from '../access/policy.js';
import { scopeOf } from '../access/scope.js';
import { CodePipe } from '../common/code.pipe.js';
import { UserRole } from '../users/user.entity.js';
import { AssignmentService } from './assignment.service.js';
import { AssignBody, AssignmentDto, CreateSubProjectBody, TransitionBody, UpdateSubProjectBody, VersionBody } from './assignment.views.js';
import { SubProjectDetailDto } from './sub-project.views.js';

const STALE_OR_INVALID = 'STALE_VERSION when the version is not current; INVALID_TRANSITION when the sub-project is not in a state that allows it';

@ApiBearerAuth()
@ApiTags('sub-projects')
@Controller('sub-projects')
export class AssignmentController {
  constructor(private readonly assignments: AssignmentService) {}

  @Post()
  @Allow(UserRole.Coordinator, UserRole.Admin)
  @ApiOperation({ summary: 'Create a sub-project (draft) in a programme, on one or more of its axes' })
  @ApiCreatedResponse({ type: SubProjectDetailDto })
  @ApiBadRequestResponse({ description: 'A malformed field, or an unknown programme or axis; the error names the field' })
  @ApiConflictResponse({ description: 'The code is taken' })
  create(@Body() body: CreateSubProjectBody, @Ctx() ctx: RequestContext): Promise<SubProjectDetailDto> {
    return this.assignments.create(body, ctx);
  }

  @Patch(':code')
  @Allow(UserRole.Coordinator, UserRole.Admin)
  @ApiOperation({ summary: 'Edit a sub-project\'s name, measures, target, period, flagship flag or axes' })
  @ApiOkResponse({ type: SubProjectDetailDto })
  @ApiConflictResponse({ description: 'STALE_VERSION, or CONFLICT when the sub-project is closed' })
  update(@Param('code', CodePipe) code: string, @Body() body: UpdateSubProjectBody, @Ctx() ctx: RequestContext): Promise<SubProjectDetailDto> {
    return this.assignments.update(code, body, ctx);
  }

  @Post(':code/assign')
  @HttpCode(200)
  @Allow(UserRole.Coordinator, UserRole.Admin)
  @ApiOperation({ summary: 'Assign the lead (主辦) and co-organisers (協辦); a sub-project already assigned is reassigned, with a reason, and keeps its history' })
  @ApiOkResponse({ type: SubProjectDetailDto })
  @ApiBadRequestResponse({ description: 'An unknown organisation, the lead listed as co-organiser, or no reason for a reassignment' })
  @ApiConflictResponse({ description: STALE_OR_INVALID })
  assign(@Param('code', CodePipe) code: string, @Body() body: AssignBody, @Ctx() ctx: RequestContext): Promise<SubProjectDetailDto> {
    return this.assignments.assign(code, body, ctx);
  }

  @Post(':code/acknowledge')
  @HttpCode(200)
  @Allow(UserRole.MinistryOfficer, UserRole.MinistrySupervisor)
  @ApiOperation({ summary: 'The lead ministry acknowledges its assignment' })
  @ApiOkResponse({ type: SubProjectDetailDto })
  @ApiForbiddenResponse({ description: 'The caller\'s organisation co-organises but is not the lead' })
  @ApiNotFoundResponse({ description: 'No sub-project has this code (another organisation\'s answers the same)' })
  @ApiConflictResponse({ description: STALE_OR_INVALID })
  acknowledge(@Param('code', CodePipe) code: string, @Body() body: VersionBody, @Ctx() ctx: RequestContext): Promise<SubProjectDetailDto> {
    return this.assignments.acknowledge(code, body, ctx);
  }

  @Post(':code/activate')
  @HttpCode(200)
  @Allow(UserRole.Coordinator, UserRole.Admin)
  @ApiOperation({ summary: 'Start an acknowledged sub-project' })
  @ApiOkResponse({ type: SubProjectDetailDto })
  @ApiConflictResponse({ description: STALE_OR_INVALID })
  activate(@Param('code', CodePipe) code: string, @Body() body: TransitionBody, @Ctx() ctx: RequestContext): Promise<SubProjectDetailDto> {
    return this.assignments.transition(code, 'activate', body, ctx);
  }

  @Post(':code/suspend')
  @HttpCode(200)
  @Allow(UserRole.Coordinator, UserRole.Admin)
  @ApiOperation({ summary: 'Suspend an acknowledged or active sub-project, with a reason' })
  @ApiOkResponse({ type: SubProjectDetailDto })
  @ApiBadRequestResponse({ description: 'No reason' })
  @ApiConflictResponse({ description: STALE_OR_INVALID })
  suspend(@Param('code', CodePipe) code: string, @Body() body: TransitionBody, @Ctx() ctx: RequestContext): Promise<SubProjectDetailDto> {
    return this.assignments.transition(code, 'suspend', body, ctx);
  }

  @Post(':code/resume')
  @HttpCode(200)
  @Allow(UserRole.Coordinator, UserRole.Admin)
  @ApiOperation({ summary: 'Resume a suspended sub-project' })
  @ApiOkResponse({ type: SubProjectDetailDto })
  @ApiConflictResponse({ description: STALE_OR_INVALID })
  resume(@Param('code', CodePipe) code: string, @Body() body: TransitionBody, @Ctx() ctx: RequestContext): Promise<SubProjectDetailDto> {
    return this.assignments.transition(code, 'resume', body, ctx);
  }

  @Post(':code/close')
  @HttpCode(200)
  @Allow(UserRole.Coordinator, UserRole.Admin)
  @ApiOperation({ summary: 'Close an active or suspended sub-project, with a reason' })
  @ApiOkResponse({ type: SubProjectDetailDto })
  @ApiBadRequestResponse({ description: 'No reason' })
  @ApiConflictResponse({ description: STALE_OR_INVALID })
  close(@Param('code', CodePipe) code: string, @Body() body: TransitionBody, @Ctx() ctx: RequestContext): Promise<SubProjectDetailDto> {
    return this.assignments.transition(code, 'close', body, ctx);
  }

  @Get(':code/assignments')
  @AnyRole()
  @ApiOperation({ summary: 'The assignment history, newest first: lead, co-organisers, who assigned, who acknowledged, when it ended' })
  @ApiOkResponse({ type: [AssignmentDto] })
  @ApiNotFoundResponse({ description: 'No sub-project has this code (another organisation\'s answers the same)' })
  assignmentHistory(@Param('code', CodePipe) code: string, @CurrentActor() actor: Actor): Promise<AssignmentDto[]> {
    return this.assignments.history(code, scopeOf(actor));
  }
}
