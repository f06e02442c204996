import type { INestApplication } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer, NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import {
  ApiProperty, ApiPropertyOptional, DocumentBuilder, type OpenAPIObject, type OperationObject, type ParameterObject, type ResponseObject, SwaggerModule,
} from '@nestjs/swagger';
import { ACCESS_POLICY, ALL_ROLES, type AccessPolicy } from '../../../libs/access/policy.js';
import { CSRF_HEADER, SESSION_COOKIE } from '../../../libs/auth/browser-session.js';
import { ERROR_STATUS, type ErrorBody, type FieldProblem } from '../../../libs/common/errors.js';

class FieldProblemDto implements FieldProblem {
  @ApiProperty({ example: 'progressPercent' }) field: string;
  @ApiProperty({ type: [String], description: 'Sentences for people, in the language of the response' }) problems: string[];
  @ApiProperty({
    type: [String],
    example: ['matches'],
    description: 'One stable code per problem, for clients to match on: the constraint that failed (isInt, maxLength, matches …) or `invalid` for a rule a service checks',
  })
  codes: string[];
}

class ErrorDetailsDto {
  @ApiPropertyOptional({ type: [FieldProblemDto], description: 'VALIDATION_FAILED: the fields and what is wrong with each' }) fields?: FieldProblemDto[];
}

class ErrorDto {
  @ApiProperty({ enum: Object.keys(ERROR_STATUS), enumName: 'ErrorCode', description: 'Stable: match on this, never on the message' }) code: keyof typeof ERROR_STATUS;
  @ApiProperty({ example: 404 }) status: number;
  @ApiProperty({ description: 'A sentence a person can act on' }) message: string;
  @ApiPropertyOptional({
    type: ErrorDetailsDto,
    description: 'More about the error; which keys depends on the code',
    additionalProperties: true,
  })
  details?: ErrorDetailsDto & Record<string, unknown>;

  @ApiPropertyOptional({ description: 'The request id (also the x-request-id response header)' }) requestId?: string;
}

/** The body of every error response (ErrorBody in libs/common/errors.ts). */
class ErrorBodyDto implements ErrorBody {
  @ApiProperty({ type: ErrorDto }) error: ErrorDto;
}

/** Stable camelCase ids: the controller without "Controller", then the method (AuthController.login → authLogin). */
function operationId(controllerKey: string, methodKey: string): string {
  const controller = controllerKey.replace(/Controller$/, '');
  return controller.charAt(0).toLowerCase() + controller.slice(1) + methodKey.charAt(0).toUpperCase() + methodKey.slice(1);
}

/** The OpenAPI document of the app: built from the DTOs, then completed from each route's access policy. */
export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Guankao 管考 API')
    .setDescription(
      'Programme oversight for Taiwan\'s AI Action Plans. Years are given in AD and ROC (民國); amounts are exact decimals in 億元. ' +
        'Errors share one body: { error: { code, status, message, details, requestId } } (schema ErrorBodyDto).',
    )
    .setVersion('0.1.0')
    .addSecurity('bearer', {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'opaque',
      description: 'An opaque access token from POST /api/auth/login or /api/auth/refresh (random, not a JWT: nothing to decode).',
    })
    .addSecurity('cookie', {
      type: 'apiKey',
      in: 'cookie',
      name: SESSION_COOKIE,
      description:
        `A browser session: the HttpOnly cookie ${SESSION_COOKIE} set by POST /api/auth/session. ` +
        `Requests other than GET, HEAD and OPTIONS must also send the header ${CSRF_HEADER} (the csrfToken of the session), else 403 CSRF_FAILED.`,
    })
    .build();
  const document = SwaggerModule.createDocument(app, config, { operationIdFactory: operationId, extraModels: [ErrorBodyDto] });
  applyAccessPolicies(document, accessPolicies(app));
  return document;
}

/**
 * The document of the API without connecting to anything: the modules are scanned in preview
 * mode (no provider or controller is instantiated), so neither PostgreSQL nor Redis is needed.
 */
export async function buildOpenApiOffline(): Promise<OpenAPIObject> {
  const { ApiModule } = await import('./app.module.js');
  const { API_PREFIX } = await import('./create-app.js');
  const app = await NestFactory.create(ApiModule, new FastifyAdapter(), { preview: true, logger: false, abortOnError: false });
  // As createApiApp does; test/openapi.e2e-spec.ts checks this document equals the one the running API serves.
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health'] });
  try {
    return buildOpenApi(app);
  } finally {
    await app.close();
  }
}

/** Each route's access policy, by operation id (from the @Public / @Allow / @AnyRole metadata). */
function accessPolicies(app: INestApplication): Map<string, AccessPolicy> {
  const policies = new Map<string, AccessPolicy>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = Object.getOwnPropertyDescriptor(controller.prototype, name)?.value;
        if (typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const policy: AccessPolicy | undefined = Reflect.getMetadata(ACCESS_POLICY, handler) ?? Reflect.getMetadata(ACCESS_POLICY, controller);
        if (policy) policies.set(operationId(controller.name, name), policy);
      }
    }
  }
  return policies;
}

const ERROR_REF = { $ref: '#/components/schemas/ErrorBodyDto' };
const errorResponse = (description: string): ResponseObject => ({ description, content: { 'application/json': { schema: ERROR_REF } } });
const csrfHeader: ParameterObject = {
  name: CSRF_HEADER,
  in: 'header',
  required: false,
  schema: { type: 'string' },
  description: 'Required with the session cookie (not with a bearer token): the csrfToken of the session',
};

/** Security, 400/401/403 and the error body on every operation, from its access policy. */
function applyAccessPolicies(document: OpenAPIObject, policies: Map<string, AccessPolicy>): void {
  for (const pathItem of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation: OperationObject | undefined = pathItem[method];
      if (!operation) continue;
      const policy = operation.operationId ? policies.get(operation.operationId) : undefined;
      if (!policy) throw new Error(`OpenAPI: no access policy found for operation ${operation.operationId}`);
      const responses = operation.responses;
      const hasInput = Boolean(operation.requestBody) || (operation.parameters ?? []).some((p) => 'in' in p && p.in !== 'header');
      if (hasInput && !responses['400']) responses['400'] = errorResponse('Invalid input (VALIDATION_FAILED): details.fields says what to fix');
      if (policy.kind === 'public') {
        operation.security = [];
      } else {
        operation.security = [{ bearer: [] }, { cookie: [] }];
        responses['401'] ??= errorResponse('Not signed in, or the session ended (UNAUTHENTICATED)');
        const stateChanging = method !== 'get';
        const restricted = ALL_ROLES.some((role) => !policy.roles.includes(role));
        const reasons = [
          ...(restricted ? [`needs one of the roles ${policy.roles.join(', ')} (FORBIDDEN)`] : []),
          ...(stateChanging ? [`with the session cookie, the ${CSRF_HEADER} header is missing or wrong (CSRF_FAILED)`] : []),
        ];
        const forbidden = responses['403'];
        if (reasons.length > 0) {
          const also = `Refused: ${reasons.join('; or ')}`;
          responses['403'] = forbidden && !('$ref' in forbidden) ? { ...forbidden, description: `${forbidden.description}. ${also}` } : errorResponse(also);
        }
        if (stateChanging) operation.parameters = [...(operation.parameters ?? []), csrfHeader];
      }
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) >= 400 && response && !('$ref' in response) && !response.content) response.content = { 'application/json': { schema: ERROR_REF } };
      }
    }
  }
}

/**
 * The document as committed (apps/web/src/api/openapi.json): pretty, keys sorted so that it only
 * changes when the API does; schema properties keep their DTO order, which reads better.
 */
export function openApiJson(document: OpenAPIObject): string {
  const sorted = (value: unknown, keepOrder = false): unknown => {
    if (Array.isArray(value)) return value.map((item) => sorted(item));
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    if (!keepOrder) keys.sort();
    return Object.fromEntries(keys.map((key) => [key, sorted((value as Record<string, unknown>)[key], key === 'properties')]));
  };
  return `${JSON.stringify(sorted(document), null, 2)}\n`;
}
