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
  /** Password policy (libs/auth/passwords.ts passwordProblem). */
  PASSWORD_TOO_SHORT: HttpStatus.BAD_REQUEST,
  PASSWORD_TOO_LONG: HttpStatus.BAD_REQUEST,
  PASSWORD_TOO_COMMON: HttpStatus.BAD_REQUEST,
  PASSWORD_CONTAINS_EMAIL: HttpStatus.BAD_REQUEST,
  /** Invitation / password-reset links (libs/users): used already (or replaced by a newer one), expired, or never issued. */
  LINK_USED: HttpStatus.GONE,
  LINK_EXPIRED: HttpStatus.GONE,
  LINK_INVALID: HttpStatus.NOT_FOUND,
  /** My account: changing the password needs the current one. */
  WRONG_CURRENT_PASSWORD: HttpStatus.BAD_REQUEST,
  /** Acting delegates (libs/account): who may be named, and when. */
  DELEGATE_IS_SELF: HttpStatus.BAD_REQUEST,
  DELEGATE_OTHER_ORGANISATION: HttpStatus.BAD_REQUEST,
  DELEGATE_DIFFERENT_ROLE: HttpStatus.BAD_REQUEST,
  DELEGATE_INACTIVE: HttpStatus.BAD_REQUEST,
  DELEGATION_DATES_INVALID: HttpStatus.BAD_REQUEST,
  DELEGATION_OVERLAPS: HttpStatus.CONFLICT,
  DELEGATION_ENDED: HttpStatus.CONFLICT,
  /** X-Acting-For names someone with no delegation to the caller today (expired, ended, not started). */
  DELEGATION_NOT_ACTIVE: HttpStatus.FORBIDDEN,
  /** Notification preferences (libs/notifications): an escalation, security email or scheduled report is always emailed at once. */
  NOTIFICATION_ALWAYS_SENT: HttpStatus.BAD_REQUEST,
  /** Notification preferences: a choice the kind does not offer (a digest inside a digest), or an unknown kind. */
  DELIVERY_NOT_OFFERED: HttpStatus.BAD_REQUEST,
  /** Organisations (libs/organisations): a move that would put an organisation under itself or one of its own units. */
  ORGANISATION_CYCLE: HttpStatus.BAD_REQUEST,
  /** Organisations: another organisation under the same parent has this name, or the organisation had it before. */
  ORGANISATION_NAME_TAKEN: HttpStatus.CONFLICT,
  /** A rename dated on or before the current name's start, or with the name it has now. */
  RENAME_DATE_INVALID: HttpStatus.BAD_REQUEST,
  /** Programme setup (libs/programme-setup): the code is used already (a programme, axis, sub-project … of that code exists). */
  CODE_TAKEN: HttpStatus.CONFLICT,
  /** Programme setup: another programme has this name. */
  PROGRAMME_NAME_TAKEN: HttpStatus.CONFLICT,
  /** Programme setup: the programme is in use (seeded or finished), its structure no longer edited here. */
  PROGRAMME_NOT_SETTING_UP: HttpStatus.CONFLICT,
  PAYLOAD_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
  UNSUPPORTED_MEDIA_TYPE: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  RATE_LIMITED: HttpStatus.TOO_MANY_REQUESTS,
  /** Reports: the caller already has REPORT_MAX_PENDING_PER_USER reports queued or running (Retry-After). */
  TOO_MANY_PENDING_REPORTS: HttpStatus.TOO_MANY_REQUESTS,
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
