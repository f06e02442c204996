import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { rowOf } from '../database/sql-query.js';
import { NotificationKind } from '../notifications/notification.entity.js';
import { formatDate, type NotificationRenderer, type RenderContext, type RenderedEmail, RendersNotifications } from '../notifications/rendering.js';
import { UnrenderableNotificationError } from '../notifications/renderer-registry.js';
import { composeEmail } from '../notifications/templates/compose.js';
import { LABELS, named } from '../notifications/templates/labels.js';
import { UserLocale } from '../users/user.entity.js';
import { WEB_PATH } from '../notifications/web-paths.js';
import { GATE_CONDITION_FACTS, GATE_REVIEW_FACTS, type GateConditionFacts, type GateReviewFacts } from './gates.queries.js';

type ConditionKind = NotificationKind.GateConditionAssigned | NotificationKind.GateConditionDueSoon | NotificationKind.GateConditionOverdue;

type ReviewFacts = GateReviewFacts;
type ConditionFacts = GateConditionFacts;

interface Words { subject: string; intro: string; ask: string }

const GATE_LABELS = {
  [UserLocale.ZhTw]: { gate: '關卡', scheduledFor: '審查日期', owner: '負責機關', condition: '附帶條件', dueDate: '期限', gateName: (seq: number, name: string) => `第 ${seq} 關：${name}` },
  [UserLocale.En]: { gate: 'Gate', scheduledFor: 'Review date', owner: 'Owner', condition: 'Condition', dueDate: 'Due date', gateName: (seq: number, name: string) => `Gate ${seq}: ${name}` },
} as const;

const REVIEW_WORDS: Record<UserLocale, (r: ReviewFacts, date: string) => Words> = {
  [UserLocale.ZhTw]: (r, date) => ({
    subject: `關卡審查委員邀請：${r.sp_name} 第 ${r.gate_seq} 關`,
    intro: `執行秘書室邀請您擔任細部計畫「${r.sp_name}」第 ${r.gate_seq} 關「${r.gate_name}」的審查委員，審查日期為 ${date}。`,
    ask: '請於管考系統閱覽審查資料，並就每一項審查標準評分及填寫意見。',
  }),
  [UserLocale.En]: (r, date) => ({
    subject: `Gate review: ${r.sp_name}, gate ${r.gate_seq}`,
    intro: `The secretariat has asked you to review gate ${r.gate_seq} ("${r.gate_name}") of the sub-project "${r.sp_name}", on ${date}.`,
    ask: 'Please read the review packet in Guankao and score every criterion, each with a comment.',
  }),
};

const CONDITION_WORDS: Record<UserLocale, Record<ConditionKind, (c: ConditionFacts, due: string, days: number) => Words>> = {
  [UserLocale.ZhTw]: {
    [NotificationKind.GateConditionAssigned]: (c, due) => ({
      subject: `關卡審查附帶條件：${c.sp_name} 第 ${c.gate_seq} 關`,
      intro: `細部計畫「${c.sp_name}」第 ${c.gate_seq} 關「${c.gate_name}」審查結果為「有條件通過」，其中一項附帶條件由${c.owner_name}負責，期限 ${due}。`,
      ask: '請於期限前辦理，並於管考系統填寫辦理情形後結案；下一關卡須待附帶條件結案或豁免後始得決議。',
    }),
    [NotificationKind.GateConditionDueSoon]: (c, due, days) => ({
      subject: `附帶條件將於 ${days} 日後到期：${c.sp_name} 第 ${c.gate_seq} 關`,
      intro: `細部計畫「${c.sp_name}」第 ${c.gate_seq} 關的附帶條件將於 ${days} 日後（${due}）到期，尚未結案。`,
      ask: '請於期限前辦理完成，並於管考系統填寫辦理情形後結案。',
    }),
    [NotificationKind.GateConditionOverdue]: (c, due, days) => ({
      subject: `逾期通報：附帶條件已逾期 ${days} 日：${c.sp_name} 第 ${c.gate_seq} 關`,
      intro: `細部計畫「${c.sp_name}」第 ${c.gate_seq} 關的附帶條件已逾期 ${days} 日（期限 ${due}），尚未結案。`,
      ask: '請儘速辦理並結案；附帶條件未結案前，下一關卡不得決議。',
    }),
  },
  [UserLocale.En]: {
    [NotificationKind.GateConditionAssigned]: (c, due) => ({
      subject: `Gate condition assigned: ${c.sp_name}, gate ${c.gate_seq}`,
      intro: `Gate ${c.gate_seq} ("${c.gate_name}") of the sub-project "${c.sp_name}" was passed with conditions; ${c.owner_name} owns this one, due ${due}.`,
      ask: 'Please meet it by the due date and close it in Guankao with a note; the next gate cannot be decided until every condition is closed or waived.',
    }),
    [NotificationKind.GateConditionDueSoon]: (c, due, days) => ({
      subject: `Gate condition due in ${days} day${days === 1 ? '' : 's'}: ${c.sp_name}, gate ${c.gate_seq}`,
      intro: `A condition of gate ${c.gate_seq} of the sub-project "${c.sp_name}" is due in ${days} day${days === 1 ? '' : 's'}, on ${due}, and is still open.`,
      ask: 'Please meet it by the due date and close it in Guankao with a note.',
    }),
    [NotificationKind.GateConditionOverdue]: (c, due, days) => ({
      subject: `Escalation: gate condition ${days} day${days === 1 ? '' : 's'} overdue: ${c.sp_name}, gate ${c.gate_seq}`,
      intro: `A condition of gate ${c.gate_seq} of the sub-project "${c.sp_name}" is ${days} day${days === 1 ? '' : 's'} overdue (due ${due}) and still open.`,
      ask: 'Please meet it and close it without delay: the next gate cannot be decided while it is open.',
    }),
  },
};

/** The emails of stage-gate reviews: a reviewer's invitation, and a condition assigned, due soon or overdue. */
@Injectable()
@RendersNotifications([NotificationKind.GateReviewAssigned, NotificationKind.GateConditionAssigned, NotificationKind.GateConditionDueSoon, NotificationKind.GateConditionOverdue])
export class GateRenderer implements NotificationRenderer {
  async render({ notification, locale, manager, link }: RenderContext): Promise<RenderedEmail> {
    if (!notification.subjectId) throw new UnrenderableNotificationError(`notification ${notification.id} (${notification.kind}) has no subject`);
    const labels = { ...LABELS[locale], ...GATE_LABELS[locale] };
    if (notification.kind === NotificationKind.GateReviewAssigned) {
      const r = await loadReview(manager, notification.subjectId);
      const date = formatDate(r.scheduled_for, locale);
      return composeEmail(locale, {
        ...REVIEW_WORDS[locale](r, date),
        facts: [
          { label: labels.subProject, value: named(locale, r.sp_name, r.sp_code) },
          { label: labels.gate, value: labels.gateName(r.gate_seq, r.gate_name) },
          { label: labels.scheduledFor, value: date },
          ...(r.lead_name ? [{ label: labels.lead, value: r.lead_name }] : []),
        ],
        link: { label: labels.open, url: link(WEB_PATH.gateReview(r.id)) },
      });
    }
    const c = await loadCondition(manager, notification.subjectId);
    const kind = notification.kind as ConditionKind;
    const due = formatDate(c.due_date, locale);
    const days = Number(notification.payload.daysOverdue ?? notification.payload.daysLeft ?? 0);
    return composeEmail(locale, {
      ...CONDITION_WORDS[locale][kind](c, due, days),
      facts: [
        { label: labels.subProject, value: named(locale, c.sp_name, c.sp_code) },
        { label: labels.gate, value: labels.gateName(c.gate_seq, c.gate_name) },
        { label: labels.owner, value: c.owner_name },
        { label: labels.dueDate, value: due },
      ],
      quote: { label: `${labels.condition} #${c.seq}`, text: c.text },
      link: { label: labels.open, url: link(WEB_PATH.gateReview(c.review_id)) },
    });
  }
}

async function loadReview(manager: EntityManager, id: string): Promise<ReviewFacts> {
  const row = await rowOf(manager, GATE_REVIEW_FACTS, [id]);
  if (!row) throw new UnrenderableNotificationError(`gate review ${id} no longer exists`);
  return row;
}

async function loadCondition(manager: EntityManager, id: string): Promise<ConditionFacts> {
  const row = await rowOf(manager, GATE_CONDITION_FACTS, [id]);
  if (!row) throw new UnrenderableNotificationError(`gate condition ${id} no longer exists`);
  return row;
}
