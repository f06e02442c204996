import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { AppError, type FieldProblem } from './errors.js';
import { type ServiceProblemCode, zhFieldProblem } from './validation-messages.js';

/** The zh-TW sentences of a field problem found by the pipe (the filter sends them when the request prefers zh-TW). */
export const ZH_PROBLEMS = new WeakMap<FieldProblem, string[]>();

/**
 * A problem a service found, with its stable code (see SERVICE_CODES) and its zh-TW sentence, so
 * the web application can show it in either language like the DTO's own problems.
 */
export function fieldProblem(field: string, code: ServiceProblemCode, en: string, zh: string): FieldProblem {
  const problem: FieldProblem = { field, problems: [en], codes: [code] };
  ZH_PROBLEMS.set(problem, [zh]);
  return problem;
}

/** The failed constraint's arguments (e.g. 200 for @Max(200)) and whether it applied to each item, from class-validator's metadata. */
function constraintOf(error: ValidationError, code: string): { args: unknown[]; each: boolean } {
  const target = error.target?.constructor;
  if (!target) return { args: [], each: false };
  const found = getMetadataStorage()
    .getTargetValidationMetadatas(target, '', true, false)
    .find((m) => m.propertyName === error.property && (m.name ?? m.type) === code);
  return { args: found?.constraints ?? [], each: found?.each ?? false };
}

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own: FieldProblem[] = [];
    if (e.constraints) {
      const entries = Object.entries(e.constraints);
      const problem: FieldProblem = { field, problems: entries.map(([, message]) => message), codes: entries.map(([code]) => code) };
      ZH_PROBLEMS.set(problem, entries.map(([code, message]) => {
        const { args, each } = constraintOf(e, code);
        return zhFieldProblem(field, code, args, each, message);
      }));
      own.push(problem);
    }
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Validates and transforms every DTO; unknown properties are refused, naming the field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    stopAtFirstError: true,
    validationError: { target: true }, // read back for the constraint's arguments (never sent)
    exceptionFactory: (errors) => invalidInput(flatten(errors)),
  });
}

/** At most this many field problems are sent: a body with thousands of unknown fields gets a short answer. */
const MAX_FIELD_PROBLEMS = 10;

function invalidInput(problems: FieldProblem[]): AppError {
  if (problems.length <= MAX_FIELD_PROBLEMS) return AppError.invalid(problems);
  const shown = problems.slice(0, MAX_FIELD_PROBLEMS);
  const more = problems.length - shown.length;
  return new AppError('VALIDATION_FAILED', `Invalid input: ${shown.map((f) => f.field).join(', ')} and ${more} more`, { fields: shown, moreFields: more });
}
