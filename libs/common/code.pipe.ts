import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { CODE_MESSAGE, CODE_PATTERN } from './codes.js';
import { AppError } from './errors.js';

/** Validates a `:code` path parameter. */
@Injectable()
export class CodePipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && CODE_PATTERN.test(value)) return value;
    throw AppError.invalid([{ field: metadata.data ?? 'code', problems: [`${metadata.data ?? 'code'} ${CODE_MESSAGE}`] }]);
  }
}
