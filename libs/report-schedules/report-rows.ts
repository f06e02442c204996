import { dateView } from '../common/roc.js';
import type { DbHandle } from '../database/db-handle.js';
import { rowsOf } from '../database/sql-query.js';
import { OVERDUE_MILESTONE_ROWS, PROGRAMME_SUMMARY_ROWS } from './report-schedules.queries.js';
import { ScheduledReportKind } from './report-schedule.entity.js';
import { SCHEDULED_REPORT_TITLE, type SummaryKind } from './scheduled-kinds.js';

type Cell = string | number | null;

interface ReportColumn {
  /** zh-TW first, then English: the people reading it are officials, the codes are shared. */
  header: string;
  /** Column width in characters (XLSX). */
  width: number;
}

/** A report as rows: the writers (CSV, XLSX; PDF with the reports issue) only lay it out. */
export interface ReportTable {
  title: string;
  columns: ReportColumn[];
  rows: Cell[][];
}

/** The `kind` part of the file name: {programme}-{slug}-{date}.{ext}. */
export const REPORT_SLUG: Record<SummaryKind, string> = {
  [ScheduledReportKind.ProgrammeSummary]: 'programme-summary',
  [ScheduledReportKind.OverdueMilestones]: 'overdue-milestones',
};


/**
 * The rows of a report on one programme as of a Taipei date (overdue = not accepted and due before
 * it). Call it inside one REPEATABLE READ transaction so every figure comes from the same snapshot.
 */
export async function reportTable(manager: DbHandle, kind: SummaryKind, programmeId: string, asOfDay: string): Promise<ReportTable> {
  if (kind === ScheduledReportKind.ProgrammeSummary) {
    const rows = await rowsOf(manager, PROGRAMME_SUMMARY_ROWS, [programmeId, asOfDay]);
    return {
      title: SCHEDULED_REPORT_TITLE[kind]['zh-TW'],
      columns: [
        { header: '細部計畫代碼 Code', width: 18 },
        { header: '細部計畫名稱 Sub-project', width: 48 },
        { header: '主辦機關 Lead', width: 16 },
        { header: '狀態 Status', width: 14 },
        { header: '燈號 Light', width: 10 },
        { header: '燈號期別 Light period', width: 14 },
        { header: '查核點數 Milestones', width: 12 },
        { header: '逾期 Overdue', width: 10 },
        { header: '已驗收 Accepted', width: 10 },
      ],
      rows: rows.map((r) => [r.code, r.name, r.lead, r.status, r.light, r.light_period, r.total, r.overdue, r.accepted]),
    };
  }
  if (kind !== ScheduledReportKind.OverdueMilestones) throw new Error(`unknown report kind "${kind}"`);
  const rows = await rowsOf(manager, OVERDUE_MILESTONE_ROWS, [programmeId, asOfDay]);
  return {
    title: SCHEDULED_REPORT_TITLE[kind]['zh-TW'],
    columns: [
      { header: '細部計畫代碼 Code', width: 18 },
      { header: '細部計畫名稱 Sub-project', width: 40 },
      { header: '主辦機關 Lead', width: 16 },
      { header: '查核點代碼 Milestone', width: 24 },
      { header: '交付項目 Deliverable', width: 48 },
      { header: '到期日 Due (AD)', width: 12 },
      { header: '到期日（民國）Due (ROC)', width: 12 },
      { header: '逾期日數 Days overdue', width: 10 },
    ],
    rows: rows.map((r) => [r.sp_code, r.sp_name, r.lead, r.code, r.deliverable, r.due, dateView(r.due).roc, r.days]),
  };
}
