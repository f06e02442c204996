import { HttpStatus } from '@nestjs/common';

/**
 * Stable error codes. Clients match on `code`, never on the message.
 * Each code maps to exactly one HTTP status here and nowhere else.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: HttpStatus.BAD_REQUEST,
  UNPROCESSABLE: HttpStatus.UNPROCESSABLE_ENTITY,
  UNAUTHENTICATED: HttpStatus.UNAUTHORIZED,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  /** A cookie-authenticated request that changes state without the session's x-csrf-token header. */
  CSRF_FAILED: HttpStatus.FORBIDDEN,
  NOT_FOUND: HttpStatus.NOT_FOUND,
  CONFLICT: HttpStatus.CONFLICT,
  STALE_VERSION: HttpStatus.CONFLICT,
  INVALID_TRANSITION: HttpStatus.CONFLICT,
  /** Gate reviews (libs/gates): a reviewer from the reviewed sub-project's own organisations. */
  CONFLICT_OF_INTEREST: HttpStatus.CONFLICT,
  /** Gate reviews: conditions of an earlier gate are still open (details.conditions lists them). */
  OPEN_CONDITIONS: HttpStatus.CONFLICT,
  /** Gate reviews: the previous gate is not passed, the gate is passed already, or the sub-project was stopped. */
  GATE_ORDER: HttpStatus.CONFLICT,
  /** Gate reviews: a plain "go" while must-meet criteria were marked not met. */
  MUST_MEET_FAILED: HttpStatus.CONFLICT,
  /** Gate reviews are for flagship sub-projects only. */
  NOT_FLAGSHIP: HttpStatus.UNPROCESSABLE_ENTITY,
  PAYLOAD_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
  UNSUPPORTED_MEDIA_TYPE: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  RATE_LIMITED: HttpStatus.TOO_MANY_REQUESTS,
  /** The request (headers and body) did not arrive within HTTP_REQUEST_TIMEOUT_MS. */
  REQUEST_TIMEOUT: HttpStatus.REQUEST_TIMEOUT,
  /** The request's headers are larger than the server reads (16 KiB). */
  HEADERS_TOO_LARGE: 431,
  SERVICE_UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
  INTERNAL: HttpStatus.INTERNAL_SERVER_ERROR,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldProblem {
  field: string;
  problems: string[];
  /** One stable code per problem (libs/common/validation-messages.ts); the error filter fills in `invalid` where a service gave none. */
  codes?: string[];
}

/** The one error type the application throws on purpose. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: { fields?: FieldProblem[]; [key: string]: unknown },
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  static notFound(entity: string, id: string): AppError {
    return new AppError('NOT_FOUND', `${entity} "${id}" was not found`, { entity, id });
  }

  static forbidden(message = 'This belongs to another organisation'): AppError {
    return new AppError('FORBIDDEN', message);
  }

  static stale(entity: string, expected: number, actual: number): AppError {
    return new AppError('STALE_VERSION', `The ${entity} changed since version ${expected} (now ${actual}): reload it and try again`, { expected, actual });
  }

  static invalid(fields: FieldProblem[]): AppError {
    const names = fields.map((f) => f.field).join(', ');
    return new AppError('VALIDATION_FAILED', `Invalid input: ${names}`, { fields });
  }
}

/** The body of every error response. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    status: number;
    message: string;
    details?: Record<string, unknown>;
    requestId?: string;
  };
}
