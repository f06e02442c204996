import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { type Actor, CurrentActor, Ctx, type RequestContext } from '../access/actor.js';
import { Allow, AnyRole } from '../access/policy.js';
import { scopeOf } from '../access/scope.js';
import { CodePipe } from '../common/code.pipe.js';
import { UserRole } from '../users/user.entity.js';
import { MilestonesService } from './milestones.service.js';
import { CreateMilestoneBody, MilestoneDetailDto, UpdateMilestoneBody } from './milestones.views.js';

@ApiBearerAuth()
@ApiTags('milestones')
@Controller()
export class MilestonesController {
  constructor(private readonly milestones: MilestonesService) {}

  @Post('sub-projects/:code/milestones')
  @Allow(UserRole.Coordinator, UserRole.Admin)
  @ApiOperation({ summary: 'Add a milestone (查核點) to a sub-project' })
  @ApiCreatedResponse({ type: MilestoneDetailDto })
  @ApiNotFoundResponse({ description: 'No sub-project has this code' })
  @ApiConflictResponse({ description: 'The sub-project is closed' })
  create(@Param('code', CodePipe) code: string, @Body() body: CreateMilestoneBody, @Ctx() ctx: RequestContext): Promise<MilestoneDetailDto> {
    return this.milestones.create(code, body, ctx);
  }

  @Patch('milestones/:code')
  @Allow(UserRole.Coordinator, UserRole.Admin)
  @ApiOperation({ summary: 'Edit a milestone\'s deliverable or fiscal year (its due date changes only through a change request)' })
  @ApiOkResponse({ type: MilestoneDetailDto })
  @ApiConflictResponse({ description: 'STALE_VERSION, or the sub-project is closed' })
  @ApiUnprocessableEntityResponse({ description: 'The body has a dueDate' })
  update(@Param('code', CodePipe) code: string, @Body() body: UpdateMilestoneBody, @Ctx() ctx: RequestContext): Promise<MilestoneDetailDto> {
    return this.milestones.update(code, body, ctx);
  }

  @Get('milestones/:code')
  @AnyRole()
  @ApiOperation({ summary: 'One milestone: due date (AD and ROC), overdue, status, version and the change request awaiting a decision' })
  @ApiOkResponse({ type: MilestoneDetailDto })
  @ApiNotFoundResponse({ description: 'No milestone has this code (another organisation\'s answers the same)' })
  detail(@Param('code', CodePipe) code: string, @CurrentActor() actor: Actor): Promise<MilestoneDetailDto> {
    return this.milestones.detail(code, scopeOf(actor));
  }
}
