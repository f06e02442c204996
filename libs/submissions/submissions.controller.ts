import { Body, Controller, createParamDecorator, type ExecutionContext, Get, Headers, HttpCode, Param, Patch, Post, Put, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiConflictResponse, ApiConsumes, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse,
  ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiProduces, ApiTags, ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Actor, Ctx, CurrentActor, type RequestContext } from '../access/actor.js';
import { Allow, AnyRole } from '../access/policy.js';
import { UserRole } from '../users/user.entity.js';
import { contentDisposition, EVIDENCE_TYPES } from './evidence.js';
import type { SubmissionTransition } from './submission.machine.js';
import {
  ContentChangeDto, CreateSubmissionDto, DiffQuery, EvidenceUploadedDto, EvidenceUploadQuery, RevisionDto, RevisionParams, SubmissionDetailDto,
  SubmissionListQuery, SubmissionPageDto, SubmissionParams, TransitionDto, UpdateSubmissionDto,
} from './submission.views.js';
import { DiffRevisions } from './use-cases/diff-revisions.js';
import { DownloadEvidence } from './use-cases/download-evidence.js';
import { DraftSubmission } from './use-cases/draft-submission.js';
import { GetRevision } from './use-cases/get-revision.js';
import { GetSubmission } from './use-cases/get-submission.js';
import { ListSubmissions } from './use-cases/list-submissions.js';
import { SaveDraft } from './use-cases/save-draft.js';
import { TakeSubmissionStep } from './use-cases/take-submission-step.js';
import { UploadEvidence } from './use-cases/upload-evidence.js';

/** The request body as the content-type parser left it: the raw file (a Buffer) for evidence uploads. */
const RawBody = createParamDecorator((_: unknown, context: ExecutionContext): unknown => context.switchToHttp().getRequest<FastifyRequest>().body);

const OFFICER = UserRole.MinistryOfficer;
const SUPERVISOR = UserRole.MinistrySupervisor;
const SECRETARIAT = [UserRole.Coordinator, UserRole.Admin];

@ApiBearerAuth()
@ApiTags('submissions')
@Controller('submissions')
export class SubmissionsController {
  constructor(
    private readonly draftSubmission: DraftSubmission,
    private readonly listSubmissions: ListSubmissions,
    private readonly getSubmission: GetSubmission,
    private readonly saveDraft: SaveDraft,
    private readonly takeStep: TakeSubmissionStep,
    private readonly getRevision: GetRevision,
    private readonly diffRevisions: DiffRevisions,
    private readonly uploadEvidence: UploadEvidence,
  ) {}

  @Post()
  @Allow(OFFICER)
  @ApiOperation({ summary: '填報: an officer of the lead organisation drafts the submission of a milestone or a period (revision 1)' })
  @ApiCreatedResponse({ type: SubmissionDetailDto })
  @ApiForbiddenResponse({ description: 'A co-organiser (only the lead drafts); another organisation\'s sub-project is a 400 as an unknown code' })
  @ApiConflictResponse({ description: 'A submission for that milestone or period exists (its id is in details), or the assignment is not acknowledged yet' })
  create(@Body() body: CreateSubmissionDto, @Ctx() ctx: RequestContext): Promise<SubmissionDetailDto> {
    return this.draftSubmission.execute(body, ctx);
  }

  @Get()
  @AnyRole()
  @ApiOperation({ summary: 'Submissions the caller may see (ministries: their own in every state; others: what reached the secretariat); keyset-paginated' })
  @ApiOkResponse({ type: SubmissionPageDto })
  list(@Query() query: SubmissionListQuery, @CurrentActor() actor: Actor): Promise<SubmissionPageDto> {
    return this.listSubmissions.execute(query, actor);
  }

  @Get(':id')
  @AnyRole()
  @ApiOperation({ summary: 'One submission: status, content, revisions, review steps with comments, evidence' })
  @ApiOkResponse({ type: SubmissionDetailDto })
  @ApiNotFoundResponse({ description: 'No such submission, another organisation\'s, or (for the secretariat) one not sent to it yet: all answer alike' })
  detail(@Param() params: SubmissionParams, @CurrentActor() actor: Actor): Promise<SubmissionDetailDto> {
    return this.getSubmission.execute(params.id, actor);
  }

  @Patch(':id')
  @Allow(OFFICER)
  @ApiOperation({ summary: 'Save the draft as a new revision (only in draft; send the version you last saw)' })
  @ApiOkResponse({ type: SubmissionDetailDto })
  @ApiConflictResponse({ description: 'STALE_VERSION, or INVALID_TRANSITION when the submission is not a draft' })
  update(@Param() params: SubmissionParams, @Body() body: UpdateSubmissionDto, @Ctx() ctx: RequestContext): Promise<SubmissionDetailDto> {
    return this.saveDraft.execute(params.id, body, ctx);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Allow(OFFICER)
  @ApiOperation({ summary: 'The officer sends the draft to the supervisor (draft → awaiting_supervisor)' })
  @ApiOkResponse({ type: SubmissionDetailDto })
  submit(@Param() params: SubmissionParams, @Body() body: TransitionDto, @Ctx() ctx: RequestContext): Promise<SubmissionDetailDto> {
    return this.step(params, 'submit', body, ctx);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Allow(SUPERVISOR)
  @ApiOperation({ summary: '主管核定: the supervisor sends it to the secretariat (awaiting_supervisor → submitted)' })
  @ApiOkResponse({ type: SubmissionDetailDto })
  approve(@Param() params: SubmissionParams, @Body() body: TransitionDto, @Ctx() ctx: RequestContext): Promise<SubmissionDetailDto> {
    return this.step(params, 'approve', body, ctx);
  }

  @Post(':id/send-back')
  @HttpCode(200)
  @Allow(SUPERVISOR)
  @ApiOperation({ summary: 'The supervisor sends it back to the officer with a comment (awaiting_supervisor → draft)' })
  @ApiOkResponse({ type: SubmissionDetailDto })
  sendBack(@Param() params: SubmissionParams, @Body() body: TransitionDto, @Ctx() ctx: RequestContext): Promise<SubmissionDetailDto> {
    return this.step(params, 'send_back', body, ctx);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @Allow(...SECRETARIAT)
  @ApiOperation({ summary: '審核: the secretariat accepts it (submitted → accepted)' })
  @ApiOkResponse({ type: SubmissionDetailDto })
  accept(@Param() params: SubmissionParams, @Body() body: TransitionDto, @Ctx() ctx: RequestContext): Promise<SubmissionDetailDto> {
    return this.step(params, 'accept', body, ctx);
  }

  @Post(':id/return')
  @HttpCode(200)
  @Allow(...SECRETARIAT)
  @ApiOperation({ summary: '退回補正: the secretariat returns it with a required comment (submitted → returned)' })
  @ApiOkResponse({ type: SubmissionDetailDto })
  @ApiBadRequestResponse({ description: 'comment missing or blank' })
  return(@Param() params: SubmissionParams, @Body() body: TransitionDto, @Ctx() ctx: RequestContext): Promise<SubmissionDetailDto> {
    return this.step(params, 'return', body, ctx);
  }

  @Post(':id/revise')
  @HttpCode(200)
  @Allow(OFFICER)
  @ApiOperation({ summary: 'The officer starts revising a returned submission: a new draft revision from the last content' })
  @ApiOkResponse({ type: SubmissionDetailDto })
  revise(@Param() params: SubmissionParams, @Body() body: TransitionDto, @Ctx() ctx: RequestContext): Promise<SubmissionDetailDto> {
    return this.step(params, 'revise', body, ctx);
  }

  @Get(':id/revisions/:revision')
  @AnyRole()
  @ApiOperation({ summary: 'One saved revision with its content and evidence' })
  @ApiOkResponse({ type: RevisionDto })
  revision(@Param() params: RevisionParams, @CurrentActor() actor: Actor): Promise<RevisionDto> {
    return this.getRevision.execute(params.id, params.revision, actor);
  }

  @Get(':id/diff')
  @AnyRole()
  @ApiOperation({ summary: 'What changed between two revisions: every differing field, evidence compared by file name and checksum' })
  @ApiOkResponse({ type: [ContentChangeDto] })
  diff(@Param() params: SubmissionParams, @Query() query: DiffQuery, @CurrentActor() actor: Actor): Promise<ContentChangeDto[]> {
    return this.diffRevisions.execute(params.id, query.from, query.to, actor);
  }

  @Put(':id/evidence')
  @HttpCode(201)
  @Allow(OFFICER, SUPERVISOR)
  @ApiOperation({
    summary: 'Upload an evidence file: the raw file as the body with its Content-Type (lead or co-organiser; in draft or returned)',
    description: 'The upload does not change `version` (an open form stays valid) and makes no revision: the file is pending ' +
      '(`pendingEvidence` of the submission) until the next save, submit or revise, whose new revision lists it.',
  })
  @ApiConsumes(...EVIDENCE_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ type: EvidenceUploadedDto })
  @ApiPayloadTooLargeResponse({ description: 'Larger than EVIDENCE_MAX_BYTES' })
  @ApiUnsupportedMediaTypeResponse({ description: 'A type not on the list, or bytes that are not what the Content-Type says' })
  addEvidence(
    @Param() params: SubmissionParams,
    @Query() query: EvidenceUploadQuery,
    @Headers('content-type') contentType: string | undefined,
    @RawBody() body: unknown,
    @Ctx() ctx: RequestContext,
  ): Promise<EvidenceUploadedDto> {
    return this.uploadEvidence.execute(params.id, query, contentType, body, ctx);
  }

  private step(params: SubmissionParams, transition: SubmissionTransition, body: TransitionDto, ctx: RequestContext): Promise<SubmissionDetailDto> {
    return this.takeStep.execute(params.id, transition, body, ctx);
  }
}

@ApiBearerAuth()
@ApiTags('submissions')
@Controller('evidence')
export class EvidenceController {
  constructor(private readonly downloadEvidence: DownloadEvidence) {}

  @Get(':id')
  @AnyRole()
  @ApiOperation({ summary: 'Download an evidence file (same visibility as its submission); the ETag is its SHA-256' })
  @ApiProduces(...EVIDENCE_TYPES)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async download(@Param() params: SubmissionParams, @CurrentActor() actor: Actor, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    const file = await this.downloadEvidence.execute(params.id, actor);
    void reply.header('etag', `"${file.sha256}"`).header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-cache');
    return new StreamableFile(file.stream, { type: file.contentType, length: file.sizeBytes, disposition: contentDisposition(file.filename) });
  }
}
