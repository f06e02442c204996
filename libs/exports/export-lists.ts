import { dateView } from '../common/roc.js';
import type { OverdueMilestoneDto } from '../dashboards/dashboards.views.js';
import type { SubmissionListItemDto } from '../submissions/submission.views.js';
import type { SubProjectListItemDto } from '../sub-projects/sub-project.views.js';
import { UserLocale } from '../users/user.entity.js';
import { LIGHT, MILESTONE_STATUS, SUB_PROJECT_STATUS, SUBMISSION_STATUS, TRACKING_STATUS, word, YES_NO } from './export-labels.js';
import type { MilestoneExportRow, ResolutionExportRow } from './exports.queries.js';
import type { Cell } from './sheet-writer.js';

/** A column of an exported list: its heading in each language and its cell. */
interface ExportColumn<Item> {
  header: Record<UserLocale, string>;
  value: (item: Item, locale: UserLocale) => Cell;
}

/** What an exported list is called (sheet and file name) and its columns. */
export interface ExportList<Item> {
  title: Record<UserLocale, string>;
  columns: readonly ExportColumn<Item>[];
}

const col = <Item>(zh: string, en: string, value: ExportColumn<Item>['value']): ExportColumn<Item> => ({ header: { [UserLocale.ZhTw]: zh, [UserLocale.En]: en }, value });
const roc = (iso: string | null) => (iso ? dateView(iso).roc : null);

export const SUB_PROJECTS_EXPORT: ExportList<SubProjectListItemDto> = {
  title: { [UserLocale.ZhTw]: '細部計畫', [UserLocale.En]: 'Sub-projects' },
  columns: [
    col('計畫編號', 'Code', (s) => s.code),
    col('細部計畫名稱', 'Name', (s) => s.name),
    col('行動計畫', 'Programme', (s) => s.programme.name),
    col('主軸', 'Axes', (s) => s.axes.map((a) => a.name).join('；') || null),
    col('主辦機關', 'Lead organisation', (s) => s.lead?.name ?? s.leadText),
    col('協辦機關', 'Co-organisers', (s) => s.coOrganisers.map((o) => o.name).join('、') || null),
    col('期程', 'Period', (s) => s.period.text ?? ([s.period.start?.roc, s.period.end?.roc].filter(Boolean).join('-') || null)),
    col('旗艦計畫', 'Flagship', (s, l) => word(YES_NO, s.isFlagship, l)),
    col('狀態', 'Status', (s, l) => word(SUB_PROJECT_STATUS, s.status, l)),
    col('燈號', 'Light', (s, l) => (s.light ? `${word(LIGHT, s.light.colour, l)}${s.light.overridden ? (l === UserLocale.ZhTw ? '（人工調整）' : ' (overridden)') : ''}` : null)),
    col('燈號期間', 'Light period', (s) => s.light?.period ?? null),
  ],
};

export const MILESTONES_EXPORT: ExportList<MilestoneExportRow> = {
  title: { [UserLocale.ZhTw]: '查核點', [UserLocale.En]: 'Milestones' },
  columns: [
    col('細部計畫編號', 'Sub-project code', (m) => m.sub_project_code),
    col('細部計畫名稱', 'Sub-project', (m) => m.sub_project_name),
    col('行動計畫', 'Programme', (m) => m.programme_name),
    col('主辦機關', 'Lead organisation', (m) => m.lead_name ?? m.lead_text),
    col('查核點編號', 'Milestone code', (m) => m.code),
    col('序號', 'No.', (m) => m.seq),
    col('年度（民國）', 'Year (ROC)', (m) => (m.fiscal_year === null ? null : m.fiscal_year - 1911)),
    col('查核點內容', 'Deliverable', (m) => m.deliverable),
    col('到期日（民國）', 'Due (ROC)', (m) => roc(m.due_date)),
    col('到期日（西元）', 'Due (AD)', (m) => m.due_date),
    col('狀態', 'Status', (m, l) => word(MILESTONE_STATUS, m.status, l)),
    col('逾期', 'Overdue', (m, l) => word(YES_NO, m.overdue, l)),
  ],
};

export const SUBMISSIONS_EXPORT: ExportList<SubmissionListItemDto> = {
  title: { [UserLocale.ZhTw]: '填報', [UserLocale.En]: 'Submissions' },
  columns: [
    col('細部計畫編號', 'Sub-project code', (s) => s.subProject.code),
    col('細部計畫名稱', 'Sub-project', (s) => s.subProject.name),
    col('主辦機關', 'Lead organisation', (s) => s.subProject.lead?.name ?? null),
    col('查核點', 'Milestone', (s) => s.milestone ? `${s.milestone.code} ${s.milestone.deliverable}` : null),
    col('填報期間', 'Period', (s) => s.period),
    col('狀態', 'Status', (s, l) => word(SUBMISSION_STATUS, s.status, l)),
    col('送出時間', 'Submitted at', (s) => s.submittedAt),
    col('審核時間', 'Decided at', (s) => s.decidedAt),
    col('最後更新', 'Updated at', (s) => s.updatedAt),
  ],
};

export const OVERDUE_MILESTONES_EXPORT: ExportList<OverdueMilestoneDto> = {
  title: { [UserLocale.ZhTw]: '逾期查核點', [UserLocale.En]: 'Overdue milestones' },
  columns: [
    col('行動計畫', 'Programme', (o) => o.programme.name),
    col('細部計畫編號', 'Sub-project code', (o) => o.subProject.code),
    col('細部計畫名稱', 'Sub-project', (o) => o.subProject.name),
    col('查核點編號', 'Milestone code', (o) => o.milestone.code),
    col('查核點內容', 'Deliverable', (o) => o.milestone.deliverable),
    col('到期日（民國）', 'Due (ROC)', (o) => o.milestone.dueDate.roc),
    col('到期日（西元）', 'Due (AD)', (o) => o.milestone.dueDate.ad),
    col('逾期天數', 'Days overdue', (o) => o.daysOverdue),
    col('狀態', 'Status', (o, l) => word(MILESTONE_STATUS, o.milestone.status, l)),
  ],
};

export const RESOLUTION_TRACKING_EXPORT: ExportList<ResolutionExportRow> = {
  title: { [UserLocale.ZhTw]: '會議決議列管', [UserLocale.En]: 'Resolution tracking' },
  columns: [
    col('會議', 'Meeting', (r) => r.meeting_name),
    col('會議日期（民國）', 'Held on (ROC)', (r) => roc(r.held_on)),
    col('會議日期（西元）', 'Held on (AD)', (r) => r.held_on),
    col('決議編號', 'Resolution code', (r) => r.resolution_code),
    col('決議', 'Resolution', (r) => r.text),
    col('期限（民國）', 'Due (ROC)', (r) => roc(r.due_date)),
    col('列管機關', 'Organisation', (r) => r.organisation_name),
    col('列管狀態', 'Tracking status', (r, l) => word(TRACKING_STATUS, r.status, l)),
    col('最近辦理情形日期（民國）', 'Latest follow-up (ROC)', (r) => roc(r.reported_on)),
    col('最近辦理情形', 'Latest follow-up', (r) => r.follow_up),
  ],
};
