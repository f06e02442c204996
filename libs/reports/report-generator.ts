import type { Writable } from 'node:stream';
import { DiscoveryService } from '@nestjs/core';
import { taipeiDate } from '../common/clock.js';
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
  /** The whole file name people see, extension included (Chinese allowed): see reportFileName. */
  fileName(report: Report, format: ReportFormat): string;
}

/** "計畫執行狀況報告_aap2018_2026-11-22.pdf": what, about what, as of which Taipei day. */
export function reportFileName(title: string, subject: string, asOf: Date, format: ReportFormat): string {
  const safe = (s: string) => s.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_');
  return `${safe(title)}_${safe(subject)}_${taipeiDate(asOf)}.${format}`;
}

/** A report row always names its subject; a missing one is a bug in the request, reported plainly. */
export function requireId(id: string | null, what: string): string {
  if (!id) throw new Error(`the report names no ${what}`);
  return id;
}
