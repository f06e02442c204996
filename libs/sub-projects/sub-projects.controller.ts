import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CodePipe } from '../common/code.pipe.js';
import { SubProjectDetailDto, SubProjectListQuery, SubProjectPageDto } from './sub-project.views.js';
import { SubProjectsService } from './sub-projects.service.js';

@ApiTags('sub-projects')
@Controller('sub-projects')
export class SubProjectsController {
  constructor(private readonly subProjects: SubProjectsService) {}

  @Get()
  @ApiOperation({ summary: 'Sub-projects filtered by programme, axis, ministry (lead / co-organiser), year, status and name; keyset-paginated by code' })
  @ApiOkResponse({ type: SubProjectPageDto })
  @ApiBadRequestResponse({ description: 'A malformed or unknown filter; the error names the field' })
  list(@Query() query: SubProjectListQuery): Promise<SubProjectPageDto> {
    return this.subProjects.list(query);
  }

  @Get(':code')
  @ApiOperation({ summary: 'One sub-project with its axes and marks, milestones, indicators, budget and recorded discrepancies' })
  @ApiOkResponse({ type: SubProjectDetailDto })
  @ApiNotFoundResponse({ description: 'No sub-project has this code' })
  detail(@Param('code', CodePipe) code: string): Promise<SubProjectDetailDto> {
    return this.subProjects.detail(code);
  }
}
