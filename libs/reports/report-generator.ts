import type { Writable } from 'node:stream';
import { DiscoveryService } from '@nestjs/core';
import type { EntityManager } from 'typeorm';
import type { ReportFont } from './pdf/font.js';
import type { Report, ReportFormat, ReportKind } from './report.entity.js';

export interface GenerateInput {
  report: Report;
  format: ReportFormat;
  /** Inside one read-only REPEATABLE READ transaction: every figure from the same moment. */
  manager: EntityManager;
  /** The file goes here (a stream to storage; the job computes its checksum and size). */
  out: Writable;
  /** The process's Traditional Chinese font, for PDF. */
  font: ReportFont;
}

/** Marks the provider that generates one report kind; the report job requires exactly one per kind. */
export const GeneratesReport = DiscoveryService.createDecorator<ReportKind>();

export interface ReportGenerator {
  readonly formats: readonly ReportFormat[];
  /**
   * Writes the file for report.asOf. Deterministic: the same as-of and the same data give the same
   * bytes (stamp creation dates with the as-of, order every list).
   */
  generate(input: GenerateInput): Promise<{ rowCount?: number }>;
  /** A file name people can read (Chinese allowed), without the extension's dot rules left to callers. */
  fileName(report: Report, format: ReportFormat): string;
}
