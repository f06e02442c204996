import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseBusy } from '../database/data-source-options.js';
import { AppError, type ErrorBody, type ErrorCode, type FieldProblem } from './errors.js';
import { ZH_PROBLEMS } from './validation.js';
import { type Language, preferredLanguage, SERVICE_PROBLEM_CODE, zhErrorMessage } from './validation-messages.js';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

const DATABASE_BUSY_RETRY_SECONDS = 5;

/**
 * Maps every thrown error to the one error body. Unknown errors become 500 without internals.
 * Field problems always carry their stable codes; messages are in English unless the request
 * prefers zh-TW (Accept-Language, else the signed-in user's locale).
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(ErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest & { actor?: { locale?: string } }>();
    const reply = http.getResponse<FastifyReply>();
    const body = errorBodyFor(request, reply, exception);
    if (body.error.status >= 500) {
      this.logger.error(`${request.method} ${request.url} failed`, exception instanceof Error ? exception.stack : String(exception));
    }
    void reply.send(body);
  }
}

/**
 * The error body for a request, localised; sets the status and headers on the reply (the caller
 * sends the body). For answers given outside Nest too (rate limits, load shedding, the queue dashboard).
 */
export function errorBodyFor(request: FastifyRequest & { actor?: { locale?: string } }, reply: FastifyReply, exception: unknown): ErrorBody {
  const body = toBody(exception);
  const language = preferredLanguage(request.headers['accept-language'], isBrowserSession(request) ? request.actor?.locale : undefined);
  localize(body, language, exception instanceof AppError ? exception.details?.fields : undefined);
  body.error.requestId = String(request.id);
  const retryAfter = body.error.details?.retryAfterSeconds;
  if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
  void reply
    .status(body.error.status)
    .header('content-type', 'application/json; charset=utf-8')
    .header('content-language', language)
    .header('vary', 'Accept-Language')
    .header('cache-control', 'no-store');
  return body;
}

/** Answers with the one error body from a Fastify hook (outside Nest's filters). */
export async function sendAppError(request: FastifyRequest, reply: FastifyReply, problem: AppError): Promise<void> {
  await reply.send(errorBodyFor(request, reply, problem));
}

function toBody(exception: unknown): ErrorBody {
  if (exception instanceof AppError) {
    return { error: { code: exception.code, status: exception.status, message: exception.message, details: exception.details } };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : Array.isArray((response as { message?: unknown }).message)
          ? ((response as { message: string[] }).message).join('; ')
          : String((response as { message?: unknown }).message ?? exception.message);
    return { error: { code: CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED'), status, message } };
  }
  // A saturated pool or statement_timeout (libs/database/data-source-options.ts): worth retrying soon, not a bug.
  if (isDatabaseBusy(exception)) {
    return { error: { code: 'SERVICE_UNAVAILABLE', status: 503, message: 'The database is too busy to answer now: try again in a few seconds', details: { retryAfterSeconds: DATABASE_BUSY_RETRY_SECONDS } } };
  }
  // Fastify's own errors (malformed JSON, body too large) carry a statusCode.
  const statusCode = (exception as { statusCode?: number })?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return { error: { code: CODE_BY_STATUS[statusCode] ?? 'VALIDATION_FAILED', status: statusCode, message: (exception as Error).message } };
  }
  return { error: { code: 'INTERNAL', status: 500, message: 'Internal server error' } };
}

/** Signed in by the web application's cookie rather than a bearer token (libs/auth/browser-session.ts). */
function isBrowserSession(request: FastifyRequest): boolean {
  return !request.headers.authorization && /(?:^|;\s*)guankao_session=/.test(request.headers.cookie ?? '');
}

/** Codes on every field problem; zh-TW sentences and message when the request prefers them. The thrown error is left as it was. */
function localize(body: ErrorBody, language: Language, thrown: FieldProblem[] | undefined): void {
  const error = body.error;
  if (thrown) {
    const fields = thrown.map((f): FieldProblem => ({
      field: f.field,
      problems: language === 'zh-TW' ? ZH_PROBLEMS.get(f) ?? f.problems : f.problems,
      codes: f.codes ?? f.problems.map(() => SERVICE_PROBLEM_CODE),
    }));
    error.details = { ...error.details, fields };
  }
  if (language === 'zh-TW') {
    const names = thrown?.map((f) => f.field) ?? [];
    error.message = zhErrorMessage(error.code, error.details, names) ?? error.message;
  }
}
