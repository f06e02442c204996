import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { UserLocale, UserRole } from '../../users/user.entity.js';
import { NotificationKind } from '../notification.entity.js';
import { formatDate, type NotificationRenderer, type RenderContext, type RenderedEmail, RendersNotifications } from '../rendering.js';
import { UnrenderableNotificationError } from '../renderer-registry.js';
import { composeEmail } from './compose.js';
import { dueFact, LABELS, named } from './labels.js';
import { WEB_PATH } from '../web-paths.js';
import { rowOf } from '../../database/sql-query.js';
import { MILESTONE_FACTS, type MilestoneFacts } from './templates.queries.js';

/** Who an overdue milestone is escalated to (the reminder sweep's escalation chain). */
type EscalationLevel = UserRole.MinistryOfficer | UserRole.MinistrySupervisor | UserRole.Coordinator;


interface Wording {
  dueSoon(days: number, m: MilestoneFacts, due: string): { subject: string; intro: string; ask: string };
  dueToday(m: MilestoneFacts): { subject: string; intro: string; ask: string };
  overdue(days: number, level: EscalationLevel, m: MilestoneFacts, due: string): { subject: string; intro: string; ask: string };
  escalatedTo: string;
  daysOverdue: string;
  days(n: number): string;
  levels: Record<EscalationLevel, string>;
}

const WORDING: Record<UserLocale, Wording> = {
  [UserLocale.ZhTw]: {
    dueSoon: (n, m, due) => ({
      subject: `查核點將於 ${n} 日後到期：${m.deliverable}`,
      intro: `細部計畫「${m.sub_project_name}」的查核點「${m.deliverable}」將於 ${n} 日後（${due}）到期。`,
      ask: '請於到期日前完成，並於管考系統填報辦理情形送主管核定。',
    }),
    dueToday: (m) => ({
      subject: `查核點今日到期：${m.deliverable}`,
      intro: `細部計畫「${m.sub_project_name}」的查核點「${m.deliverable}」今日到期。`,
      ask: '請於今日完成填報並送主管核定；逾期未提送者將依逾期通報機制通知主管及執行秘書室。',
    }),
    overdue: (n, level, m, due) => ({
      subject: `逾期通報：查核點已逾期 ${n} 日：${m.deliverable}`,
      intro: `細部計畫「${m.sub_project_name}」的查核點「${m.deliverable}」已逾期 ${n} 日（到期日 ${due}），尚未經審查通過。本通報對象為${WORDING[UserLocale.ZhTw].levels[level]}。`,
      ask: {
        [UserRole.MinistryOfficer]: '請儘速完成並提送填報資料。',
        [UserRole.MinistrySupervisor]: '本案已逾期通報至主辦機關主管：請督促承辦人儘速提送填報資料。',
        [UserRole.Coordinator]: '本案已逾期通報至執行秘書室：請追蹤主辦機關辦理情形，必要時提報會議列管。',
      }[level],
    }),
    escalatedTo: '通報對象',
    daysOverdue: '逾期日數',
    days: (n) => `${n} 日`,
    levels: {
      [UserRole.MinistryOfficer]: '主辦機關承辦人',
      [UserRole.MinistrySupervisor]: '主辦機關主管',
      [UserRole.Coordinator]: '執行秘書室（協調人員）',
    },
  },
  [UserLocale.En]: {
    dueSoon: (n, m, due) => ({
      subject: `Milestone due in ${n} day${n === 1 ? '' : 's'}: ${m.deliverable}`,
      intro: `The milestone "${m.deliverable}" of the sub-project "${m.sub_project_name}" is due in ${n} day${n === 1 ? '' : 's'}, on ${due}.`,
      ask: 'Please complete it before the due date and submit its report in Guankao for your supervisor to approve.',
    }),
    dueToday: (m) => ({
      subject: `Milestone due today: ${m.deliverable}`,
      intro: `The milestone "${m.deliverable}" of the sub-project "${m.sub_project_name}" is due today.`,
      ask: 'Please submit its report today for your supervisor to approve; an overdue milestone is escalated to the supervisor and then to the secretariat.',
    }),
    overdue: (n, level, m, due) => ({
      subject: `Escalation: milestone ${n} day${n === 1 ? '' : 's'} overdue: ${m.deliverable}`,
      intro: `The milestone "${m.deliverable}" of the sub-project "${m.sub_project_name}" is ${n} day${n === 1 ? '' : 's'} overdue (due ${due}) and has not been accepted. This escalation goes to the ${WORDING[UserLocale.En].levels[level]}.`,
      ask: {
        [UserRole.MinistryOfficer]: 'Please complete and submit its report as soon as possible.',
        [UserRole.MinistrySupervisor]: 'This has been escalated to you as the lead organisation\'s supervisor: please see that the officer submits the report without delay.',
        [UserRole.Coordinator]: 'This has been escalated to the secretariat: please follow it up with the lead organisation and, if needed, put it on a meeting\'s agenda.',
      }[level],
    }),
    escalatedTo: 'Escalated to',
    daysOverdue: 'Days overdue',
    days: (n) => `${n} day${n === 1 ? '' : 's'}`,
    levels: {
      [UserRole.MinistryOfficer]: 'lead organisation\'s officer',
      [UserRole.MinistrySupervisor]: 'lead organisation\'s supervisor',
      [UserRole.Coordinator]: 'secretariat (coordinators)',
    },
  },
};

const LEVELS: readonly string[] = [UserRole.MinistryOfficer, UserRole.MinistrySupervisor, UserRole.Coordinator];

/**
 * Reminders and escalations of a milestone (rows the reminder sweep writes, milestone_id set).
 * Written from the milestone as it is when the email goes out, not as it was at the sweep.
 */
@Injectable()
@RendersNotifications([NotificationKind.MilestoneDueSoon, NotificationKind.MilestoneDueToday, NotificationKind.MilestoneOverdue])
export class MilestoneRenderer implements NotificationRenderer {
  async render({ notification, locale, manager, link }: RenderContext): Promise<RenderedEmail> {
    if (!notification.milestoneId) throw new UnrenderableNotificationError(`notification ${notification.id} (${notification.kind}) has no milestone`);
    const m = await loadMilestone(manager, notification.milestoneId);
    const words = WORDING[locale];
    const labels = LABELS[locale];
    const due = formatDate(m.due_date, locale);
    const payload = notification.payload;
    const facts = [
      { label: labels.subProject, value: named(locale, m.sub_project_name, m.sub_project_code) },
      { label: labels.milestone, value: named(locale, m.deliverable, m.code) },
      ...dueFact(locale, m.due_date),
      ...(m.lead_name ? [{ label: labels.lead, value: m.lead_name }] : []),
    ];
    let wording: { subject: string; intro: string; ask: string };
    switch (notification.kind) {
      case NotificationKind.MilestoneDueSoon:
        wording = words.dueSoon(wholeNumber(payload.daysBefore, 'daysBefore', notification.id), m, due);
        break;
      case NotificationKind.MilestoneDueToday:
        wording = words.dueToday(m);
        break;
      case NotificationKind.MilestoneOverdue: {
        const days = wholeNumber(payload.daysOverdue, 'daysOverdue', notification.id);
        const level = escalationLevel(payload.level, notification.id);
        wording = words.overdue(days, level, m, due);
        facts.push({ label: words.daysOverdue, value: words.days(days) }, { label: words.escalatedTo, value: words.levels[level] });
        break;
      }
      default:
        throw new UnrenderableNotificationError(`MilestoneRenderer cannot write ${notification.kind}`);
    }
    return composeEmail(locale, { ...wording, facts, link: { label: labels.open, url: link(WEB_PATH.milestone(m.code)) } });
  }
}

async function loadMilestone(manager: EntityManager, milestoneId: string): Promise<MilestoneFacts> {
  const row = await rowOf(manager, MILESTONE_FACTS, [milestoneId]);
  if (!row) throw new UnrenderableNotificationError(`milestone ${milestoneId} no longer exists`);
  return row;
}

function wholeNumber(value: unknown, field: string, notificationId: string): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  throw new UnrenderableNotificationError(`notification ${notificationId}: payload.${field} must be a whole number (got ${JSON.stringify(value)})`);
}

function escalationLevel(value: unknown, notificationId: string): EscalationLevel {
  if (typeof value === 'string' && LEVELS.includes(value)) return value as EscalationLevel;
  throw new UnrenderableNotificationError(`notification ${notificationId}: payload.level must be one of ${LEVELS.join(', ')} (got ${JSON.stringify(value)})`);
}
