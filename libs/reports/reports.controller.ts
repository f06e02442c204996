import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiAcceptedResponse, ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation,
  ApiProduces, ApiTags, ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type Actor, Ctx, CurrentActor, type RequestContext } from '../access/actor.js';
import { AnyRole } from '../access/policy.js';
import { AppError } from '../common/errors.js';
import { attachmentDisposition } from '../files/index.js';
import { REPORT_CONTENT_TYPE } from './report-kinds.js';
import { ReportDto, ReportKindDto, ReportListQuery, ReportPageDto, RequestReportDto } from './reports.views.js';
import { ReportsService } from './reports.service.js';

const IdPipe = new ParseUUIDPipe({ exceptionFactory: () => AppError.invalid([{ field: 'id', problems: ['id must be a UUID'] }]) });

/**
 * Generated reports. Who may request and read which report: libs/reports/report-access.ts (the
 * secretariat and viewers every report; ministries only reports about their own sub-projects,
 * never programme-wide ones; reviewers the packets of their gate reviews).
 */
@ApiBearerAuth()
@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Post()
  @HttpCode(202)
  @AnyRole()
  @ApiOperation({ summary: 'Request a report (PDF or XLSX): 202 with its id; a job generates it from one snapshot as of now' })
  @ApiAcceptedResponse({ type: ReportDto })
  @ApiBadRequestResponse({ description: 'A format the kind is not generated in, a missing or inapplicable parameter' })
  @ApiNotFoundResponse({ description: 'The programme, meeting, sub-project or gate review named does not exist' })
  @ApiForbiddenResponse({ description: 'A programme-wide report asked by a ministry user, or another organisation\'s sub-project or organisation report' })
  @ApiTooManyRequestsResponse({ description: 'TOO_MANY_PENDING_REPORTS: the caller has REPORT_MAX_PENDING_PER_USER reports queued or running (Retry-After)' })
  request(@Body() dto: RequestReportDto, @Ctx() ctx: RequestContext): Promise<ReportDto> {
    return this.reports.request(dto, ctx);
  }

  @Get()
  @AnyRole()
  @ApiOperation({ summary: 'The reports the caller may read, newest first (keyset-paginated with limit / after)' })
  @ApiOkResponse({ type: ReportPageDto })
  list(@Query() query: ReportListQuery, @CurrentActor() actor: Actor): Promise<ReportPageDto> {
    return this.reports.list(query, actor);
  }

  @Get('kinds')
  @AnyRole()
  @ApiOperation({ summary: 'The report kinds: formats, parameters, and whether the caller may request each' })
  @ApiOkResponse({ type: [ReportKindDto] })
  kinds(@CurrentActor() actor: Actor): ReportKindDto[] {
    return this.reports.kinds(actor);
  }

  @Get(':id')
  @AnyRole()
  @ApiOperation({ summary: 'A report\'s status, as-of instant, file (once ready) or error' })
  @ApiOkResponse({ type: ReportDto })
  @ApiNotFoundResponse({ description: 'No report has this id' })
  get(@Param('id', IdPipe) id: string, @CurrentActor() actor: Actor): Promise<ReportDto> {
    return this.reports.get(id, actor);
  }

  @Get(':id/file')
  @AnyRole()
  @ApiOperation({ summary: 'Download the report (Content-Disposition with its Chinese name, RFC 6266/5987); the ETag is its SHA-256' })
  @ApiProduces(...Object.values(REPORT_CONTENT_TYPE))
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'No report has this id' })
  @ApiConflictResponse({ description: 'Not ready yet (queued or running), or failed' })
  async file(@Param('id', IdPipe) id: string, @CurrentActor() actor: Actor, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    const file = await this.reports.file(id, actor);
    void reply.header('etag', `"${file.sha256}"`).header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-cache');
    return new StreamableFile(file.stream, { type: file.contentType, length: file.byteSize, disposition: attachmentDisposition(file.fileName) });
  }
}
