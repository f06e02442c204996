import { ReportFormat, ReportKind } from './report.entity.js';

export const REPORT_CONTENT_TYPE: Record<ReportFormat, string> = {
  [ReportFormat.Pdf]: 'application/pdf',
  [ReportFormat.Xlsx]: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** What a report is about: the request names it by code (or id for gate reviews). */
export type ReportSubject = 'programme' | 'meeting' | 'subProject' | 'gateReview';

/** A request parameter beyond the subject: the lights' quarter, the organisation reported on. */
export type ReportOption = 'period' | 'organisation';

export interface ReportKindSpec {
  /** Formats the kind is generated in (its generator must offer exactly these). */
  formats: readonly ReportFormat[];
  /** The parameter that names what the report is about. */
  subject: ReportSubject;
  /** Optional parameters the kind takes (any other is refused). */
  options: readonly ReportOption[];
  /**
   * Covers every ministry of a programme (or a meeting's every resolution): ministry users may not
   * read it, as they may not receive scheduled programme reports.
   */
  programmeWide: boolean;
  /**
   * About one organisation's sub-projects (parameters.organisationId): ministry users read and
   * request it for their own organisation or a unit under it.
   */
  organisationScoped?: boolean;
  /** Traditional Chinese name, for file names and lists. */
  title: string;
  /** English name, for the web app's English screens. */
  titleEn: string;
}

/**
 * The catalogue of report kinds, shared by the API (what may be requested; GET /api/reports/kinds
 * shows it to the web app, which builds its form from it) and the worker (each kind needs exactly
 * one generator with these formats; a kind whose generator is not deployed yet fails its reports
 * with a clear error instead of stopping the worker).
 */
export const REPORT_KINDS: Record<ReportKind, ReportKindSpec> = {
  [ReportKind.GatePacket]: {
    formats: [ReportFormat.Pdf, ReportFormat.Xlsx], subject: 'gateReview', options: [], programmeWide: false, title: '階段審查資料', titleEn: 'Gate review packet',
  },
  [ReportKind.ProgrammeStatus]: {
    formats: [ReportFormat.Pdf, ReportFormat.Xlsx], subject: 'programme', options: ['period'], programmeWide: true, title: '計畫執行狀況報告', titleEn: 'Programme status report',
  },
  [ReportKind.Budget]: {
    formats: [ReportFormat.Pdf, ReportFormat.Xlsx], subject: 'programme', options: [], programmeWide: true, title: '預算報表', titleEn: 'Budget report',
  },
  [ReportKind.ResolutionTracking]: {
    formats: [ReportFormat.Pdf, ReportFormat.Xlsx], subject: 'meeting', options: [], programmeWide: true, title: '決議事項追蹤表', titleEn: 'Resolution tracking report',
  },
  [ReportKind.OrganisationStatus]: {
    formats: [ReportFormat.Pdf, ReportFormat.Xlsx], subject: 'programme', options: ['organisation', 'period'], programmeWide: false, organisationScoped: true,
    title: '機關細部計畫執行狀況報告', titleEn: 'Organisation status report',
  },
};
