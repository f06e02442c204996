import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { parsePeriod } from './period.js';

/** Validates a `:period` path parameter (YYYY-Qn); 400 naming it otherwise. */
@Injectable()
export class PeriodPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    return parsePeriod(value, metadata.data ?? 'period').code;
  }
}
