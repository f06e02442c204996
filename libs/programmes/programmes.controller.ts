import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CodePipe } from '../common/code.pipe.js';
import { ProgrammeSummaryDto, ProgrammeTreeDto } from './programme.views.js';
import { ProgrammesService } from './programmes.service.js';

@ApiTags('programmes')
@Controller('programmes')
export class ProgrammesController {
  constructor(private readonly programmes: ProgrammesService) {}

  @Get()
  @ApiOperation({ summary: 'Every programme, parents included' })
  @ApiOkResponse({ type: [ProgrammeSummaryDto] })
  list(): Promise<ProgrammeSummaryDto[]> {
    return this.programmes.list();
  }

  @Get(':code')
  @ApiOperation({ summary: 'A programme tree: axes with goals, key results, categories, focus areas and sub-projects' })
  @ApiOkResponse({ type: ProgrammeTreeDto })
  @ApiNotFoundResponse({ description: 'No programme has this code' })
  tree(@Param('code', CodePipe) code: string): Promise<ProgrammeTreeDto> {
    return this.programmes.tree(code);
  }
}
