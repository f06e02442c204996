import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type Actor, CurrentActor } from '../access/actor.js';
import { AnyRole } from '../access/policy.js';
import { attachmentDisposition } from '../files/index.js';
import type { ExportFile } from './exports.service.js';
import { ExportsService } from './exports.service.js';
import { MilestoneExportQuery, OverdueMilestoneExportQuery, ResolutionExportQuery, SubmissionExportQuery, SubProjectExportQuery } from './exports.views.js';
import { CONTENT_TYPES } from './sheet-writer.js';

function download(file: ExportFile, reply: FastifyReply): StreamableFile {
  void reply.header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-store');
  return new StreamableFile(file.stream, { type: file.contentType, disposition: attachmentDisposition(file.fileName) });
}

/** Every list a caller can see, as CSV (UTF-8 with BOM), XLSX or ODS: same filters and scope as its screen. */
@ApiBearerAuth()
@ApiTags('exports')
@Controller('exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Get('sub-projects')
  @AnyRole()
  @ApiOperation({ summary: 'The sub-project list (GET /api/sub-projects filters) as a file, streamed' })
  @ApiProduces(...Object.values(CONTENT_TYPES))
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiBadRequestResponse({ description: 'A malformed or unknown filter or format; the error names the field' })
  async subProjects(@Query() query: SubProjectExportQuery, @CurrentActor() actor: Actor, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    return download(await this.exports.subProjectList(query, actor), reply);
  }

  @Get('milestones')
  @AnyRole()
  @ApiOperation({ summary: 'Milestones of the sub-projects the caller may see, by sub-project, as a file, streamed' })
  @ApiProduces(...Object.values(CONTENT_TYPES))
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiBadRequestResponse({ description: 'A malformed or unknown filter or format; the error names the field' })
  async milestones(@Query() query: MilestoneExportQuery, @CurrentActor() actor: Actor, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    return download(await this.exports.milestones(query, actor), reply);
  }

  @Get('submissions')
  @AnyRole()
  @ApiOperation({ summary: 'The submission list (GET /api/submissions filters) as a file, streamed' })
  @ApiProduces(...Object.values(CONTENT_TYPES))
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiBadRequestResponse({ description: 'A malformed or unknown filter or format; the error names the field' })
  async submissions(@Query() query: SubmissionExportQuery, @CurrentActor() actor: Actor, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    return download(await this.exports.submissionList(query, actor), reply);
  }

  @Get('overdue-milestones')
  @AnyRole()
  @ApiOperation({ summary: 'Overdue milestones (GET /api/dashboards/overdue-milestones filters), oldest first, as a file, streamed' })
  @ApiProduces(...Object.values(CONTENT_TYPES))
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiBadRequestResponse({ description: 'A malformed or unknown filter or format; the error names the field' })
  async overdueMilestones(@Query() query: OverdueMilestoneExportQuery, @CurrentActor() actor: Actor, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    return download(await this.exports.overdueMilestones(query, actor), reply);
  }

  @Get('resolution-tracking')
  @AnyRole()
  @ApiOperation({ summary: 'Resolution tracking: one row per resolution and assigned organisation, with its latest follow-up; a ministry gets its own rows only' })
  @ApiProduces(...Object.values(CONTENT_TYPES))
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiBadRequestResponse({ description: 'A malformed or unknown filter or format; the error names the field' })
  async resolutionTracking(@Query() query: ResolutionExportQuery, @CurrentActor() actor: Actor, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    return download(await this.exports.resolutionTracking(query, actor), reply);
  }
}
