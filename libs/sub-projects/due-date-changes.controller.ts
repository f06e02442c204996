import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags,
} from '@nestjs/swagger';
import { type Actor, CurrentActor, Ctx, type RequestContext } from '../access/actor.js';
import { Allow, AnyRole } from '../access/policy.js';
import { scopeOf } from '../access/scope.js';
import { CodePipe } from '../common/code.pipe.js';
import { AppError } from '../common/errors.js';
import { UserRole } from '../users/user.entity.js';
import { DueDateChangesService } from './due-date-changes.service.js';
import { ApproveDueDateChangeBody, DueDateChangeDto, RejectDueDateChangeBody, RequestDueDateChangeBody } from './due-date-changes.views.js';

const IdPipe = new ParseUUIDPipe({ exceptionFactory: () => AppError.invalid([{ field: 'id', problems: ['id must be a UUID'] }]) });

@ApiBearerAuth()
@ApiTags('milestones')
@Controller()
export class DueDateChangesController {
  constructor(private readonly changes: DueDateChangesService) {}

  @Post('milestones/:code/due-date-changes')
  @Allow(UserRole.MinistryOfficer, UserRole.MinistrySupervisor)
  @ApiOperation({ summary: 'The lead ministry asks to move a milestone\'s due date, with a reason' })
  @ApiCreatedResponse({ type: DueDateChangeDto })
  @ApiBadRequestResponse({ description: 'A malformed date, no reason, or the date it already has' })
  @ApiForbiddenResponse({ description: 'The caller\'s organisation co-organises but is not the lead' })
  @ApiNotFoundResponse({ description: 'No milestone has this code (another organisation\'s answers the same)' })
  @ApiConflictResponse({ description: 'A request is already awaiting a decision, or the milestone is accepted' })
  request(@Param('code', CodePipe) code: string, @Body() body: RequestDueDateChangeBody, @Ctx() ctx: RequestContext): Promise<DueDateChangeDto> {
    return this.changes.request(code, body, ctx);
  }

  @Get('milestones/:code/due-date-changes')
  @AnyRole()
  @ApiOperation({ summary: 'Every due-date change request of a milestone, newest first' })
  @ApiOkResponse({ type: [DueDateChangeDto] })
  @ApiNotFoundResponse({ description: 'No milestone has this code (another organisation\'s answers the same)' })
  history(@Param('code', CodePipe) code: string, @CurrentActor() actor: Actor): Promise<DueDateChangeDto[]> {
    return this.changes.history(code, scopeOf(actor));
  }

  @Get('due-date-changes/:id')
  @AnyRole()
  @ApiOperation({ summary: 'One due-date change request; scoped like its milestone' })
  @ApiOkResponse({ type: DueDateChangeDto })
  @ApiNotFoundResponse({ description: 'No such request (one on another organisation\'s milestone answers the same)' })
  one(@Param('id', IdPipe) id: string, @CurrentActor() actor: Actor): Promise<DueDateChangeDto> {
    return this.changes.findOne(id, scopeOf(actor));
  }

  @Post('due-date-changes/:id/approve')
  @HttpCode(200)
  @Allow(UserRole.Coordinator, UserRole.Admin)
  @ApiOperation({ summary: 'Approve a due-date change: the milestone takes the proposed date' })
  @ApiOkResponse({ type: DueDateChangeDto })
  @ApiNotFoundResponse({ description: 'No such request' })
  @ApiConflictResponse({ description: 'STALE_VERSION, or INVALID_TRANSITION when it is already decided' })
  approve(@Param('id', IdPipe) id: string, @Body() body: ApproveDueDateChangeBody, @Ctx() ctx: RequestContext): Promise<DueDateChangeDto> {
    return this.changes.approve(id, body, ctx);
  }

  @Post('due-date-changes/:id/reject')
  @HttpCode(200)
  @Allow(UserRole.Coordinator, UserRole.Admin)
  @ApiOperation({ summary: 'Reject a due-date change, with a reason' })
  @ApiOkResponse({ type: DueDateChangeDto })
  @ApiBadRequestResponse({ description: 'No reason' })
  @ApiNotFoundResponse({ description: 'No such request' })
  @ApiConflictResponse({ description: 'STALE_VERSION, or INVALID_TRANSITION when it is already decided' })
  reject(@Param('id', IdPipe) id: string, @Body() body: RejectDueDateChangeBody, @Ctx() ctx: RequestContext): Promise<DueDateChangeDto> {
    return this.changes.reject(id, body, ctx);
  }
}
