import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags,
} from '@nestjs/swagger';
import { Ctx, type RequestContext } from '../access/actor.js';
import { Allow } from '../access/policy.js';
import { CodePipe } from '../common/code.pipe.js';
import { UserRole } from '../users/user.entity.js';
import { ProgrammeSetupService } from './programme-setup.service.js';
import {
  AxisBody, CategoryBody, CopyProgrammeBody, CreateProgrammeBody, FocusAreaBody, IndicatorBody, ProgrammeSetupDto, ProgrammeSummaryDto,
  UpdateAxisBody, UpdateFocusAreaBody, UpdateIndicatorBody, UpdateProgrammeBody,
} from './programme-setup.views.js';

const SECRETARIAT = [UserRole.Coordinator, UserRole.Admin] as const;
const NOT_SETTING_UP = 'PROGRAMME_NOT_SETTING_UP: the programme is in use (seeded or finished)';

@ApiBearerAuth()
@ApiTags('programme-setup')
@Controller('programme-setup')
export class ProgrammeSetupController {
  constructor(private readonly setup: ProgrammeSetupService) {}

  @Get('programmes')
  @Allow(...SECRETARIAT)
  @ApiOperation({ summary: 'Every programme with its status (setting up / active), period and what it was copied from' })
  @ApiOkResponse({ type: [ProgrammeSummaryDto] })
  list(): Promise<ProgrammeSummaryDto[]> {
    return this.setup.list();
  }

  @Get('programmes/:code')
  @Allow(...SECRETARIAT)
  @ApiOperation({ summary: 'A programme\'s structure for setting up: axes with categories and focus areas, key results with targets, sub-projects' })
  @ApiOkResponse({ type: ProgrammeSetupDto })
  @ApiNotFoundResponse()
  detail(@Param('code', CodePipe) code: string): Promise<ProgrammeSetupDto> {
    return this.setup.detail(code);
  }

  @Post('programmes')
  @Allow(...SECRETARIAT)
  @ApiOperation({ summary: 'Create a programme (name, parent, period, oversight body), setting up' })
  @ApiCreatedResponse({ type: ProgrammeSetupDto })
  @ApiConflictResponse({ description: 'CODE_TAKEN or PROGRAMME_NAME_TAKEN' })
  create(@Body() body: CreateProgrammeBody, @Ctx() ctx: RequestContext): Promise<ProgrammeSetupDto> {
    return this.setup.create(body, ctx);
  }

  @Patch('programmes/:code')
  @Allow(...SECRETARIAT)
  @ApiOperation({ summary: 'Edit a programme being set up' })
  @ApiOkResponse({ type: ProgrammeSetupDto })
  @ApiConflictResponse({ description: NOT_SETTING_UP })
  update(@Param('code', CodePipe) code: string, @Body() body: UpdateProgrammeBody, @Ctx() ctx: RequestContext): Promise<ProgrammeSetupDto> {
    return this.setup.update(code, body, ctx);
  }

  @Post('programmes/:code/finish')
  @HttpCode(200)
  @Allow(...SECRETARIAT)
  @ApiOperation({ summary: 'Finish setting up: the programme is in use and no longer edited here' })
  @ApiOkResponse({ type: ProgrammeSetupDto })
  @ApiConflictResponse({ description: NOT_SETTING_UP })
  finish(@Param('code', CodePipe) code: string, @Ctx() ctx: RequestContext): Promise<ProgrammeSetupDto> {
    return this.setup.finish(code, ctx);
  }

  @Post('programmes/:code/copy')
  @Allow(...SECRETARIAT)
  @ApiOperation({ summary: '複製計畫: copy a programme (or one year of it) as the start of a new one; sub-projects as drafts, no progress; all or nothing' })
  @ApiCreatedResponse({ type: ProgrammeSetupDto })
  @ApiConflictResponse({ description: 'CODE_TAKEN (a copied row\'s code exists already) or PROGRAMME_NAME_TAKEN; nothing is written' })
  copy(@Param('code', CodePipe) code: string, @Body() body: CopyProgrammeBody, @Ctx() ctx: RequestContext): Promise<ProgrammeSetupDto> {
    return this.setup.copy(code, body, ctx);
  }

  @Post('programmes/:code/axes')
  @Allow(...SECRETARIAT)
  @ApiOperation({ summary: 'Add an axis (主軸)' })
  @ApiCreatedResponse({ type: ProgrammeSetupDto })
  @ApiConflictResponse({ description: NOT_SETTING_UP })
  addAxis(@Param('code', CodePipe) code: string, @Body() body: AxisBody, @Ctx() ctx: RequestContext): Promise<ProgrammeSetupDto> {
    return this.setup.addAxis(code, body, ctx);
  }

  @Post('programmes/:code/indicators')
  @Allow(...SECRETARIAT)
  @ApiOperation({ summary: 'Add a key result (關鍵成果) of the programme or one of its axes, with yearly targets as exact decimals' })
  @ApiCreatedResponse({ type: ProgrammeSetupDto })
  @ApiBadRequestResponse({ description: 'A target is not an exact decimal string, or two targets share a year' })
  @ApiConflictResponse({ description: NOT_SETTING_UP })
  addIndicator(@Param('code', CodePipe) code: string, @Body() body: IndicatorBody, @Ctx() ctx: RequestContext): Promise<ProgrammeSetupDto> {
    return this.setup.addIndicator(code, body, ctx);
  }

  @Patch('axes/:code')
  @Allow(...SECRETARIAT)
  @ApiOperation({ summary: 'Edit an axis of a programme being set up' })
  @ApiOkResponse({ type: ProgrammeSetupDto })
  @ApiConflictResponse({ description: NOT_SETTING_UP })
  updateAxis(@Param('code', CodePipe) code: string, @Body() body: UpdateAxisBody, @Ctx() ctx: RequestContext): Promise<ProgrammeSetupDto> {
    return this.setup.updateAxis(code, body, ctx);
  }

  @Post('axes/:code/categories')
  @Allow(...SECRETARIAT)
  @ApiOperation({ summary: 'Add a category column (√ main / △ involved marks) to an axis' })
  @ApiCreatedResponse({ type: ProgrammeSetupDto })
  @ApiConflictResponse({ description: NOT_SETTING_UP })
  addCategory(@Param('code', CodePipe) code: string, @Body() body: CategoryBody, @Ctx() ctx: RequestContext): Promise<ProgrammeSetupDto> {
    return this.setup.addCategory(code, body, ctx);
  }

  @Post('axes/:code/focus-areas')
  @Allow(...SECRETARIAT)
  @ApiOperation({ summary: 'Add a focus area (重點工作) with its responsible organisations to an axis' })
  @ApiCreatedResponse({ type: ProgrammeSetupDto })
  @ApiConflictResponse({ description: NOT_SETTING_UP })
  addFocusArea(@Param('code', CodePipe) code: string, @Body() body: FocusAreaBody, @Ctx() ctx: RequestContext): Promise<ProgrammeSetupDto> {
    return this.setup.addFocusArea(code, body, ctx);
  }

  @Patch('focus-areas/:code')
  @Allow(...SECRETARIAT)
  @ApiOperation({ summary: 'Edit a focus area (name, organisations)' })
  @ApiOkResponse({ type: ProgrammeSetupDto })
  @ApiConflictResponse({ description: NOT_SETTING_UP })
  updateFocusArea(@Param('code', CodePipe) code: string, @Body() body: UpdateFocusAreaBody, @Ctx() ctx: RequestContext): Promise<ProgrammeSetupDto> {
    return this.setup.updateFocusArea(code, body, ctx);
  }

  @Patch('indicators/:code')
  @Allow(...SECRETARIAT)
  @ApiOperation({ summary: 'Edit a key result (text, unit, targets: replaced as a whole)' })
  @ApiOkResponse({ type: ProgrammeSetupDto })
  @ApiConflictResponse({ description: NOT_SETTING_UP })
  updateIndicator(@Param('code', CodePipe) code: string, @Body() body: UpdateIndicatorBody, @Ctx() ctx: RequestContext): Promise<ProgrammeSetupDto> {
    return this.setup.updateIndicator(code, body, ctx);
  }
}
