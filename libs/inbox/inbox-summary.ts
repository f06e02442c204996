import { addDays } from '../common/clock.js';
import { kindOption } from '../notifications/kind-options.js';
import { formatDate } from '../notifications/rendering.js';
import { NOTIFICATION_KIND_LABEL } from '../notifications/templates/labels.js';
import { WEB_PATH } from '../notifications/web-paths.js';
import { NotificationKind } from '../notifications/notification.entity.js';
import { UserLocale } from '../users/user.entity.js';
import type { InboxRow } from './inbox.queries.js';
import type { InboxItemDto } from './inbox.views.js';

const LIGHT: Record<string, Record<UserLocale, string>> = {
  red: { 'zh-TW': '紅燈', en: 'red' }, yellow: { 'zh-TW': '黃燈', en: 'yellow' }, green: { 'zh-TW': '綠燈', en: 'green' }, white: { 'zh-TW': '白燈', en: 'white' },
};

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const clip = (text: string, max = 80) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** One ledger row as the inbox lists it: the kind's label, what it is about, a detail line and the link. Names as they are now. */
export function inboxItem(row: InboxRow, locale: UserLocale): InboxItemDto {
  const zh = locale === UserLocale.ZhTw;
  const kind = row.kind as NotificationKind;
  const label = NOTIFICATION_KIND_LABEL[kind]?.[locale] ?? row.kind;
  const named = (name: string, code: string) => (zh ? `${name}（${code}）` : `${name} (${code})`);
  const date = (iso: string) => formatDate(iso, locale);
  const join = (parts: (string | null)[]) => parts.filter(Boolean).join(zh ? '；' : '; ') || null;
  const payload = row.payload ?? {};
  const subProject = row.sp_code && row.sp_name ? named(row.sp_name, row.sp_code) : null;

  let what: string | null = null;
  let summary: string | null = null;
  let link: string | null = null;
  switch (row.subject_type) {
    case 'milestone': {
      what = row.m_code && row.m_deliverable ? named(row.m_deliverable, row.m_code) : null;
      const before = num(payload.daysBefore);
      const overdue = num(payload.daysOverdue);
      const due = row.m_due ?? str(payload.dueDate);
      const when = overdue !== null ? (zh ? `已逾期 ${overdue} 日` : `${overdue} day${overdue === 1 ? '' : 's'} overdue`)
        : before !== null && before > 0 ? (zh ? `尚有 ${before} 日` : `in ${before} day${before === 1 ? '' : 's'}`)
        : before === 0 ? (zh ? '今日到期' : 'due today') : null;
      summary = join([due ? (zh ? `到期日 ${date(due)}` : `Due ${date(due)}`) : null, when, subProject]);
      link = row.m_code ? WEB_PATH.milestone(row.m_code) : null;
      break;
    }
    case 'submission':
      what = subProject;
      summary = join([row.subject_code ? (zh ? `期別 ${row.subject_code}` : `Period ${row.subject_code}`) : null, row.m_code && row.m_deliverable ? named(row.m_deliverable, row.m_code) : null]);
      link = row.subject_id ? WEB_PATH.submission(row.subject_id) : null;
      break;
    case 'due_date_change_request':
      what = row.m_code && row.m_deliverable ? named(row.m_deliverable, row.m_code) : subProject;
      summary = subProject;
      link = row.subject_id ? WEB_PATH.dueDateChange(row.subject_id) : null;
      break;
    case 'sub_project':
      what = subProject;
      link = row.sp_code ? WEB_PATH.subProject(row.sp_code) : null;
      break;
    case 'status_light':
      what = subProject;
      summary = join([row.subject_code, row.subject_text ? (LIGHT[row.subject_text]?.[locale] ?? row.subject_text) : null]);
      link = row.sp_code ? WEB_PATH.subProject(row.sp_code) : null;
      break;
    case 'resolution':
      what = row.subject_code;
      summary = join([row.subject_text ? clip(row.subject_text) : null, row.subject_due ? (zh ? `期限 ${date(row.subject_due)}` : `Due ${date(row.subject_due)}`) : null]);
      link = row.subject_code ? WEB_PATH.resolution(row.subject_code) : null;
      break;
    case 'gate_review':
      what = join([subProject, row.subject_text]);
      summary = row.subject_due ? (zh ? `審查日期 ${date(row.subject_due)}` : `Review on ${date(row.subject_due)}`) : null;
      link = row.subject_id ? WEB_PATH.gateReview(row.subject_id) : null;
      break;
    case 'gate_condition':
      what = join([subProject, row.subject_text ? clip(row.subject_text, 60) : null]);
      summary = row.subject_due ? (zh ? `到期日 ${date(row.subject_due)}` : `Due ${date(row.subject_due)}`) : null;
      link = row.subject_code ? WEB_PATH.gateReview(row.subject_code) : null;
      break;
    case 'report_schedule_run':
      what = row.subject_text;
      summary = row.subject_due ? (zh ? `排程時間 ${date(row.subject_due)}` : `Run of ${date(row.subject_due)}`) : null;
      link = row.subject_code ? WEB_PATH.reportSchedule(row.subject_code) : null;
      break;
    default:
      if (kind === NotificationKind.Digest) {
        const start = str(payload.periodStart);
        const end = str(payload.periodEnd);
        const daily = payload.cadence === 'daily';
        what = daily ? (zh ? '每日摘要' : 'Daily digest') : zh ? '每週摘要' : 'Weekly digest';
        const last = end ? addDays(end, -1) : null;
        if (start && last) summary = daily || start === last ? date(last) : `${date(start)}${zh ? ' 至 ' : ' to '}${date(last)}`;
      }
  }
  return {
    id: row.id,
    kind: row.kind,
    group: kindOption(row.kind).group,
    label,
    title: what ? `${label}${zh ? '：' : ': '}${what}` : label,
    summary,
    link,
    critical: row.critical,
    emailStatus: row.status,
    day: row.day,
    createdAt: new Date(row.created_key).toISOString(),
    readAt: row.read_at,
  };
}
