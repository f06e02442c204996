import { Controller, createParamDecorator, type ExecutionContext, Get, HttpCode, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiConflictResponse, ApiConsumes, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse,
  ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiProduces, ApiTags, ApiUnprocessableEntityResponse, ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Actor, Ctx, CurrentActor, type RequestContext } from '../access/actor.js';
import { Allow } from '../access/policy.js';
import { AppError } from '../common/errors.js';
import { attachmentDisposition } from '../files/content-disposition.js';
import { XLSX_CONTENT_TYPE } from '../files/xlsx.js';
import { UserRole } from '../users/user.entity.js';
import { IMPORT_KINDS } from './kinds/registry.js';
import {
  ImportKindParams, ImportResultDto, ImportRowsPageDto, ImportSessionDto, PreviewQuery, rowDto, sessionDto, SessionParams, SessionRowsQuery,
} from './imports.views.js';
import { ImportsService } from './imports.service.js';
import { templateWorkbook } from './template.js';

/** The uploaded file as the imports' body parser left it (imports.module.ts). */
const UploadedBytes = createParamDecorator((_: unknown, context: ExecutionContext): Buffer => {
  const body = context.switchToHttp().getRequest<FastifyRequest>().body;
  if (!Buffer.isBuffer(body)) throw new AppError('VALIDATION_FAILED', 'Send the file itself as the request body');
  return body;
});

const SECRETARIAT = [UserRole.Coordinator, UserRole.Admin];

@ApiBearerAuth()
@ApiTags('imports')
@Controller('imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Get(':kind/template')
  @Allow(...SECRETARIAT)
  @ApiOperation({ summary: 'The template workbook of a kind (XLSX): the data sheet with zh-TW column names and a sheet of instructions' })
  @ApiProduces(XLSX_CONTENT_TYPE)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  template(@Param() params: ImportKindParams, @Res({ passthrough: true }) reply: FastifyReply): StreamableFile {
    const kind = IMPORT_KINDS[params.kind];
    void reply.header('cache-control', 'private, no-cache');
    return new StreamableFile(templateWorkbook(kind), { type: XLSX_CONTENT_TYPE, disposition: attachmentDisposition(`${kind.title}匯入範本.xlsx`) });
  }

  @Post(':kind/preview')
  @Allow(...SECRETARIAT)
  @ApiOperation({
    summary: 'Upload a file (the raw bytes as the body, its name in fileName) and get its preview: per row created / changed / unchanged, and every problem',
    description: 'Nothing is written but the preview (an import session that expires). XLSX, ODS or CSV (UTF-8, UTF-8 with BOM, Big5), at most 20 MB.',
  })
  @ApiConsumes('application/octet-stream')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ type: ImportSessionDto })
  @ApiUnsupportedMediaTypeResponse({ description: 'Not XLSX / ODS / CSV, not what its name says, macro-enabled or encrypted (details.reason)' })
  @ApiPayloadTooLargeResponse({ description: 'Over 20 MB, or a ZIP that inflates beyond the limits (details.reason: fileSize, zipBomb)' })
  @ApiUnprocessableEntityResponse({ description: 'Empty sheet, missing columns, too many columns or rows (details.reason)' })
  @ApiForbiddenResponse({ description: 'Only the secretariat (coordinator, admin) imports' })
  async preview(@Param() params: ImportKindParams, @Query() query: PreviewQuery, @UploadedBytes() bytes: Buffer, @CurrentActor() actor: Actor): Promise<ImportSessionDto> {
    return sessionDto(await this.imports.preview(params.kind, query.fileName, bytes, actor));
  }

  @Get('sessions/:id')
  @Allow(...SECRETARIAT)
  @ApiOperation({ summary: 'One of my import sessions: its file, counts and status' })
  @ApiOkResponse({ type: ImportSessionDto })
  @ApiNotFoundResponse({ description: 'No such session of mine' })
  async session(@Param() params: SessionParams, @CurrentActor() actor: Actor): Promise<ImportSessionDto> {
    return sessionDto(await this.imports.session(params.id, actor));
  }

  @Get('sessions/:id/rows')
  @Allow(...SECRETARIAT)
  @ApiOperation({ summary: 'The preview\'s rows in file order: action, changes (old → new) and problems (row, column, value, code)' })
  @ApiOkResponse({ type: ImportRowsPageDto })
  @ApiBadRequestResponse({ description: 'A malformed filter or page' })
  @ApiNotFoundResponse({ description: 'No such session of mine' })
  async rows(@Param() params: SessionParams, @Query() query: SessionRowsQuery, @CurrentActor() actor: Actor): Promise<ImportRowsPageDto> {
    const page = await this.imports.rows(params.id, query.filter ?? 'all', query.offset ?? 0, query.limit ?? 50, actor);
    return { total: page.total, items: page.rows.map(rowDto) };
  }

  @Post('sessions/:id/confirm')
  @HttpCode(200)
  @Allow(...SECRETARIAT)
  @ApiOperation({ summary: 'Apply the stored preview in one transaction (all or nothing); refused when the database changed since the preview' })
  @ApiOkResponse({ type: ImportResultDto })
  @ApiConflictResponse({ description: 'Confirmed already, expired, or rows changed since the preview (details.reason)' })
  @ApiUnprocessableEntityResponse({ description: 'The preview lists problems' })
  @ApiNotFoundResponse({ description: 'No such session of mine' })
  confirm(@Param() params: SessionParams, @Ctx() ctx: RequestContext): Promise<ImportResultDto> {
    return this.imports.confirm(params.id, ctx);
  }
}
