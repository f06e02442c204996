import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { ImportsController } from './imports.controller.js';
import { ImportsService } from './imports.service.js';
import { ImportFileError } from './reading/file-problem.js';
import { DEFAULT_READ_LIMITS } from './reading/limits.js';

const PREVIEW_ROUTE = '/api/imports/:kind/preview';
/** The uploads' own media type: whatever the client declared, the upload is read by this parser (and its limit). */
const UPLOAD_TYPE = 'application/x-guankao-import';

function tooLarge(): ImportFileError {
  const max = DEFAULT_READ_LIMITS.maxFileBytes;
  return new ImportFileError('fileSize', `An import file may be at most ${max} bytes`, { maxBytes: max });
}

/** Import from spreadsheets: upload, preview, confirm. */
@Module({
  controllers: [ImportsController],
  providers: [ImportsService],
})
export class ImportsModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /**
   * The file arrives as the raw body (any Content-Type: the extension of fileName and the bytes decide what it
   * is). A declared length over the limit is refused before reading; otherwise the body is counted as it streams
   * and refused the moment it passes the limit (the rest is drained, not kept).
   */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    if (!fastify?.addContentTypeParser) return;
    const max = DEFAULT_READ_LIMITS.maxFileBytes;
    if (!fastify.hasContentTypeParser(UPLOAD_TYPE)) {
      fastify.addContentTypeParser(UPLOAD_TYPE, (_request, payload, done) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let over = false;
        payload.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > max) {
            over = true;
            chunks.length = 0;
          } else {
            chunks.push(chunk);
          }
        });
        payload.on('end', () => (over ? done(tooLarge(), undefined) : done(null, Buffer.concat(chunks))));
        payload.on('error', (e: Error) => done(e, undefined));
      });
    }
    fastify.addHook('preParsing', async (request, _reply, payload) => {
      if (request.method !== 'POST' || request.routeOptions.url !== PREVIEW_ROUTE) return payload;
      const length = Number(request.headers['content-length']);
      if (Number.isFinite(length) && length > max) throw tooLarge();
      request.headers['content-type'] = UPLOAD_TYPE;
      return payload;
    });
  }
}
