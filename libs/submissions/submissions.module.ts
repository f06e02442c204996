import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { LightsModule } from '../lights/lights.module.js';
import { EVIDENCE_TYPES, mediaType, tooLarge, unsupportedType } from './evidence.js';
import { EvidenceController, SubmissionsController } from './submissions.controller.js';
import { DiffRevisions } from './use-cases/diff-revisions.js';
import { DownloadEvidence } from './use-cases/download-evidence.js';
import { DraftSubmission } from './use-cases/draft-submission.js';
import { GetRevision } from './use-cases/get-revision.js';
import { GetSubmission } from './use-cases/get-submission.js';
import { ListSubmissions } from './use-cases/list-submissions.js';
import { SaveDraft } from './use-cases/save-draft.js';
import { TakeSubmissionStep } from './use-cases/take-submission-step.js';
import { UploadEvidence } from './use-cases/upload-evidence.js';

const EVIDENCE_ROUTE = '/api/submissions/:id/evidence';

/**
 * Submissions: 填報 → 主管核定 → 審核, revisions and evidence files. One use case per operation in
 * use-cases/ (the steps' table in submission.machine.ts, the SQL in submissions.queries.ts).
 */
@Module({
  imports: [LightsModule],
  controllers: [SubmissionsController, EvidenceController],
  providers: [GetSubmission, ListSubmissions, GetRevision, DiffRevisions, DownloadEvidence, DraftSubmission, SaveDraft, TakeSubmissionStep, UploadEvidence],
  exports: [ListSubmissions],
})
export class SubmissionsModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Evidence arrives as the raw file with its own Content-Type (no multipart): the route gets a
   * Buffer of at most EVIDENCE_MAX_BYTES. Larger bodies and types not on the list are refused
   * before the body is read, with the same messages the service gives.
   */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    if (!fastify?.addContentTypeParser) return; // no HTTP server (worker)
    const maxBytes = this.config.storage.EVIDENCE_MAX_BYTES;
    // Another feature may accept the same types: its parser serves both (the size is checked again in the service).
    const types = EVIDENCE_TYPES.filter((type) => !fastify.hasContentTypeParser(type));
    if (types.length > 0) {
      fastify.addContentTypeParser(types, { parseAs: 'buffer', bodyLimit: maxBytes }, (_request, body, done) => done(null, body));
    }
    fastify.addHook('preParsing', async (request, _reply, payload) => {
      if (request.method !== 'PUT' || request.routeOptions.url !== EVIDENCE_ROUTE) return payload;
      const declared = mediaType(request.headers['content-type']);
      const length = Number(request.headers['content-length']);
      if (declared && !EVIDENCE_TYPES.includes(declared)) throw unsupportedType(declared);
      if (Number.isFinite(length) && length > maxBytes) throw tooLarge(maxBytes, length);
      return payload;
    });
  }
}
