import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../access/actor.js';
import { AnyRole } from '../access/policy.js';
import { scopeOf } from '../access/scope.js';
import { CodePipe } from '../common/code.pipe.js';
import { ProgrammeSummaryDto, ProgrammeTreeDto } from './programme.views.js';
import { ProgrammesService } from './programmes.service.js';

@ApiBearerAuth()
@ApiTags('programmes')
@Controller('programmes')
export class ProgrammesController {
  constructor(private readonly programmes: ProgrammesService) {}

  @Get()
  @AnyRole()
  @ApiOperation({ summary: 'Every programme, parents included' })
  @ApiOkResponse({ type: [ProgrammeSummaryDto] })
  list(): Promise<ProgrammeSummaryDto[]> {
    return this.programmes.list();
  }

  @Get(':code')
  @AnyRole()
  @ApiOperation({ summary: 'A programme tree: axes with goals, key results, categories, focus areas and sub-projects (a ministry sees its own sub-projects)' })
  @ApiOkResponse({ type: ProgrammeTreeDto })
  @ApiNotFoundResponse({ description: 'No programme has this code' })
  tree(@Param('code', CodePipe) code: string, @CurrentActor() actor: Actor): Promise<ProgrammeTreeDto> {
    return this.programmes.tree(code, scopeOf(actor));
  }
}
