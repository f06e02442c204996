import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../access/actor.js';
import { AnyRole } from '../access/policy.js';
import { scopeOf } from '../access/scope.js';
import { RoadmapService } from './roadmap.service.js';
import { RoadmapDto, RoadmapQuery } from './roadmap.views.js';

@ApiBearerAuth()
@ApiTags('roadmap')
@Controller('roadmap')
export class RoadmapController {
  constructor(private readonly roadmap: RoadmapService) {}

  @Get()
  @AnyRole()
  @ApiOperation({ summary: 'The roadmap (推動路程): sub-projects (the list\'s filters and scope) with their milestones by due date; keyset-paginated by code' })
  @ApiOkResponse({ type: RoadmapDto })
  @ApiBadRequestResponse({ description: 'A malformed or unknown filter; the error names the field' })
  list(@Query() query: RoadmapQuery, @CurrentActor() actor: Actor): Promise<RoadmapDto> {
    return this.roadmap.roadmap(query, scopeOf(actor));
  }
}
