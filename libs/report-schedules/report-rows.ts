import type { EntityManager } from 'typeorm';
import { dateView } from '../common/roc.js';
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
export async function reportTable(manager: EntityManager, kind: SummaryKind, programmeId: string, asOfDay: string): Promise<ReportTable> {
  if (kind === ScheduledReportKind.ProgrammeSummary) {
    const rows: {
      code: string; name: string; lead: string | null; status: string; light: string | null; light_period: string | null; total: number; overdue: number; accepted: number;
    }[] = await manager.query(
      `SELECT sp.code, sp.name, lo.name AS lead, sp.status::text AS status, light.colour AS light, light.period AS light_period,
              count(m.id)::int AS total,
              count(m.id) FILTER (WHERE m.status <> 'accepted' AND m.due_date < $2::date)::int AS overdue,
              count(m.id) FILTER (WHERE m.status = 'accepted')::int AS accepted
         FROM sub_project sp
         LEFT JOIN organisation lo ON lo.id = sp.lead_organisation_id
         LEFT JOIN LATERAL (SELECT COALESCE(l.override_colour, l.computed_colour)::text AS colour, l.period FROM status_light l
                             WHERE l.sub_project_id = sp.id AND l.period <= to_char($2::date, 'YYYY-"Q"Q')
                             ORDER BY l.period DESC LIMIT 1) light ON TRUE
         LEFT JOIN milestone m ON m.sub_project_id = sp.id
        WHERE sp.programme_id = $1
        GROUP BY sp.id, lo.name, light.colour, light.period
        ORDER BY sp.code`,
      [programmeId, asOfDay],
    );
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
  const rows: { sp_code: string; sp_name: string; lead: string | null; code: string; deliverable: string; due: string; days: number }[] = await manager.query(
    `SELECT sp.code AS sp_code, sp.name AS sp_name, lo.name AS lead, m.code, m.deliverable, to_char(m.due_date, 'YYYY-MM-DD') AS due,
            ($2::date - m.due_date)::int AS days
       FROM milestone m JOIN sub_project sp ON sp.id = m.sub_project_id LEFT JOIN organisation lo ON lo.id = sp.lead_organisation_id
      WHERE sp.programme_id = $1 AND m.status <> 'accepted' AND m.due_date < $2::date
      ORDER BY m.due_date, m.code`,
    [programmeId, asOfDay],
  );
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
