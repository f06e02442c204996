import { ReportFormat, ReportKind } from './report.entity.js';

export const REPORT_CONTENT_TYPE: Record<ReportFormat, string> = {
  [ReportFormat.Pdf]: 'application/pdf',
  [ReportFormat.Xlsx]: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** What a report is about: the request names it by code (or id for gate reviews). */
export type ReportSubject = 'programme' | 'meeting' | 'subProject' | 'gateReview';

export interface ReportKindSpec {
  /** Formats the kind is generated in (its generator must offer exactly these). */
  formats: readonly ReportFormat[];
  /** The parameter that names what the report is about. */
  subject: ReportSubject;
  /**
   * Covers every ministry of a programme (or a meeting's every resolution): ministry users may not
   * read it, as they may not receive scheduled programme reports.
   */
  programmeWide: boolean;
  /** Traditional Chinese name, for file names and lists. */
  title: string;
}

/**
 * The catalogue of report kinds, shared by the API (what may be requested) and the worker (each kind
 * needs exactly one generator with these formats; a kind whose generator is not deployed yet
 * fails its reports with a clear error instead of stopping the worker).
 */
export const REPORT_KINDS: Record<ReportKind, ReportKindSpec> = {
  [ReportKind.GatePacket]: { formats: [ReportFormat.Pdf, ReportFormat.Xlsx], subject: 'gateReview', programmeWide: false, title: '階段審查資料' },
  [ReportKind.ProgrammeStatus]: { formats: [ReportFormat.Pdf, ReportFormat.Xlsx], subject: 'programme', programmeWide: true, title: '計畫執行狀況報告' },
  [ReportKind.Budget]: { formats: [ReportFormat.Pdf, ReportFormat.Xlsx], subject: 'programme', programmeWide: true, title: '預算報表' },
  [ReportKind.ResolutionTracking]: { formats: [ReportFormat.Pdf, ReportFormat.Xlsx], subject: 'meeting', programmeWide: true, title: '決議事項追蹤表' },
};
