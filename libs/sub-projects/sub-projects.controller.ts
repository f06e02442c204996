import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../access/actor.js';
import { AnyRole } from '../access/policy.js';
import { scopeOf } from '../access/scope.js';
import { CodePipe } from '../common/code.pipe.js';
import { SubProjectDetailDto, SubProjectListQuery, SubProjectPageDto } from './sub-project.views.js';
import { SubProjectsService } from './sub-projects.service.js';

@ApiBearerAuth()
@ApiTags('sub-projects')
@Controller('sub-projects')
export class SubProjectsController {
  constructor(private readonly subProjects: SubProjectsService) {}

  @Get()
  @AnyRole()
  @ApiOperation({ summary: 'Sub-projects filtered by programme, axis, ministry (lead / co-organiser), year, status and name; keyset-paginated by code' })
  @ApiOkResponse({ type: SubProjectPageDto })
  @ApiBadRequestResponse({ description: 'A malformed or unknown filter; the error names the field' })
  list(@Query() query: SubProjectListQuery, @CurrentActor() actor: Actor): Promise<SubProjectPageDto> {
    return this.subProjects.list(query, scopeOf(actor));
  }

  @Get(':code')
  @AnyRole()
  @ApiOperation({ summary: 'One sub-project with its axes and marks, milestones, indicators, budget and recorded discrepancies' })
  @ApiOkResponse({ type: SubProjectDetailDto })
  @ApiNotFoundResponse({ description: 'No sub-project has this code (another organisation\'s answers the same)' })
  detail(@Param('code', CodePipe) code: string, @CurrentActor() actor: Actor): Promise<SubProjectDetailDto> {
    return this.subProjects.detail(code, scopeOf(actor));
  }
}
