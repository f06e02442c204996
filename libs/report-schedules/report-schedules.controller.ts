import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags,
} from '@nestjs/swagger';
import { Ctx, type RequestContext } from '../access/actor.js';
import { Allow } from '../access/policy.js';
import { AppError } from '../common/errors.js';
import { UserRole } from '../users/user.entity.js';
import {
  CreateReportScheduleDto, CronPreviewDto, CronPreviewQuery, ReportScheduleDto, ReportScheduleRunDto, UpdateReportScheduleDto,
} from './report-schedule.views.js';
import { ReportSchedulesService } from './report-schedules.service.js';

const IdPipe = new ParseUUIDPipe({ exceptionFactory: () => AppError.invalid([{ field: 'id', problems: ['id must be a UUID'] }]) });

/** Scheduled report emails: the secretariat's coordinators manage them. */
@ApiBearerAuth()
@ApiTags('report-schedules')
@Controller('report-schedules')
export class ReportSchedulesController {
  constructor(private readonly schedules: ReportSchedulesService) {}

  @Post()
  @Allow(UserRole.Coordinator)
  @ApiOperation({
    summary: 'A new report schedule emailed on a cron in Asia/Taipei time: a summary (CSV or XLSX), or a generated report (programme_status, budget, resolution_tracking; PDF or XLSX)',
  })
  @ApiCreatedResponse({ type: ReportScheduleDto })
  @ApiBadRequestResponse({
    description: 'A malformed body, a bad cron, an unknown programme, a format the kind is not sent in, a missing, unknown or inapplicable meeting, unknown or inactive recipients, or ministry recipients',
  })
  create(@Body() dto: CreateReportScheduleDto, @Ctx() ctx: RequestContext): Promise<ReportScheduleDto> {
    return this.schedules.create(dto, ctx);
  }

  @Get()
  @Allow(UserRole.Coordinator)
  @ApiOperation({ summary: 'Every report schedule, with its next run' })
  @ApiOkResponse({ type: [ReportScheduleDto] })
  list(): Promise<ReportScheduleDto[]> {
    return this.schedules.list();
  }

  @Get('preview')
  @Allow(UserRole.Coordinator)
  @ApiOperation({ summary: 'When a cron would run: its next three times in Asia/Taipei, as the worker reads it (400 naming the problem when it is no usable cron)' })
  @ApiOkResponse({ type: CronPreviewDto })
  @ApiBadRequestResponse({ description: 'Not a five-field cron expression' })
  preview(@Query() query: CronPreviewQuery): CronPreviewDto {
    return this.schedules.preview(query.cron);
  }

  @Get(':id')
  @Allow(UserRole.Coordinator)
  @ApiOperation({ summary: 'One report schedule' })
  @ApiOkResponse({ type: ReportScheduleDto })
  @ApiNotFoundResponse({ description: 'No schedule has this id' })
  get(@Param('id', IdPipe) id: string): Promise<ReportScheduleDto> {
    return this.schedules.get(id);
  }

  @Patch(':id')
  @Allow(UserRole.Coordinator)
  @ApiOperation({ summary: 'Change a schedule (send the version last seen); isActive=false stops its runs' })
  @ApiOkResponse({ type: ReportScheduleDto })
  @ApiBadRequestResponse({ description: 'A malformed body, a bad cron, an unknown programme or recipients, a format or meeting that does not fit the kind' })
  @ApiNotFoundResponse({ description: 'No schedule has this id' })
  @ApiConflictResponse({ description: 'Stale version' })
  update(@Param('id', IdPipe) id: string, @Body() dto: UpdateReportScheduleDto, @Ctx() ctx: RequestContext): Promise<ReportScheduleDto> {
    return this.schedules.update(id, dto, ctx);
  }

  @Delete(':id')
  @HttpCode(204)
  @Allow(UserRole.Coordinator)
  @ApiOperation({ summary: 'Delete a schedule and its run history' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'No schedule has this id' })
  remove(@Param('id', IdPipe) id: string, @Ctx() ctx: RequestContext): Promise<void> {
    return this.schedules.remove(id, ctx);
  }

  @Get(':id/runs')
  @Allow(UserRole.Coordinator)
  @ApiOperation({ summary: 'The latest runs of a schedule (at most 200): status, file and recipients' })
  @ApiOkResponse({ type: [ReportScheduleRunDto] })
  @ApiNotFoundResponse({ description: 'No schedule has this id' })
  runs(@Param('id', IdPipe) id: string): Promise<ReportScheduleRunDto[]> {
    return this.schedules.runs(id);
  }
}
