import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppError, type FieldProblem } from '../../../libs/common/errors.js';
import { ZH_PROBLEMS } from '../../../libs/common/validation.js';

/** No DTO nests this deep; class-transformer recurses per level and overflows the stack in the thousands. */
const MAX_JSON_DEPTH = 32;
/** Keys and array items in one body; validating (and listing) tens of thousands of unknown keys costs seconds of CPU. */
const MAX_JSON_VALUES = 10_000;

/** Routes whose bodies are a few short fields (sign-in, refresh): anything bigger is refused unread. */
const SMALL_BODY_ROUTES = new Set(['/api/auth/login', '/api/auth/refresh', '/api/auth/session']);
const SMALL_BODY_LIMIT_BYTES = 4 * 1024;

function bodyProblem(code: string, en: string, zh: string): AppError {
  const problem: FieldProblem = { field: 'body', problems: [en], codes: [code] };
  ZH_PROBLEMS.set(problem, [zh]);
  return new AppError('VALIDATION_FAILED', `Invalid input: ${en}`, { fields: [problem] });
}

/**
 * The shape problem of a JSON text (too deep, too many values), found by one scan of the text
 * before it is parsed, so neither JSON.parse nor class-transformer ever sees such a body.
 */
function jsonShapeProblem(text: string, maxDepth = MAX_JSON_DEPTH, maxValues = MAX_JSON_VALUES): AppError | null {
  let depth = 0;
  let values = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) {
        return bodyProblem('maxDepth', `the JSON body nests deeper than ${maxDepth} levels`, `JSON 內容的巢狀層數超過 ${maxDepth} 層`);
      }
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    } else if (c === 0x2c) {
      if (++values >= maxValues) {
        return bodyProblem('maxValues', `the JSON body holds more than ${maxValues} keys and items`, `JSON 內容的欄位與項目超過 ${maxValues} 個`);
      }
    }
  }
  return null;
}

/**
 * The API's JSON parser (in place of Nest's): refuses over-deep and over-wide bodies with a 400
 * first, then parses as Nest does (prototype and constructor poisoning refused). Sign-in routes
 * take 4 KiB at most. Call before app.init().
 */
export function limitJsonBodies(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parse = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser('application/json', {}, (request, body, done) => {
    const text = body.toString('utf8');
    const problem = jsonShapeProblem(text);
    if (problem) {
      done(problem, undefined);
      return;
    }
    parse(request as Parameters<typeof parse>[0], text, done);
  });
  fastify.addHook('onRoute', (route) => {
    if (SMALL_BODY_ROUTES.has(route.url)) route.bodyLimit = Math.min(route.bodyLimit ?? Infinity, SMALL_BODY_LIMIT_BYTES);
  });
}
