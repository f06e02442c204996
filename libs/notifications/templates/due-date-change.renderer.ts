import { Injectable } from '@nestjs/common';
import { GLOSSARY } from '../../common/glossary.js';
import { UserLocale } from '../../users/user.entity.js';
import { NotificationKind } from '../notification.entity.js';
import { formatDate, type NotificationRenderer, type RenderContext, type RenderedEmail, RendersNotifications } from '../rendering.js';
import { UnrenderableNotificationError } from '../renderer-registry.js';
import { WEB_PATH } from '../web-paths.js';
import { composeEmail, eventPayload } from './compose.js';
import { carriedText } from './event-facts.js';
import { LABELS, named } from './labels.js';
import { rowOf } from '../../database/sql-query.js';
import { DUE_DATE_CHANGE_MILESTONE, type DueDateChangeMilestoneFacts } from './templates.queries.js';

interface Words { subject: string; intro: string; ask: string }
type Step = 'requested' | 'approved' | 'rejected';

const WORDING: Record<UserLocale, Record<Step, (m: DueDateChangeMilestoneFacts, from: string, to: string) => Words> & Record<'from' | 'to' | 'reason' | 'decisionReason', string>> = {
  [UserLocale.ZhTw]: {
    requested: (m, from, to) => ({
      subject: `${GLOSSARY['zh-TW'].dueDateChange}：${m.sp_name} ${m.deliverable}`,
      intro: `${m.lead_name ?? '主辦機關'}申請將細部計畫「${m.sp_name}」查核點「${m.deliverable}」的到期日由${from}展延至${to}。`,
      ask: '請審酌理由後核准或駁回。',
    }),
    approved: (m, from, to) => ({
      subject: `展延申請已核准：${m.sp_name} ${m.deliverable}`,
      intro: `執行秘書室已核准查核點「${m.deliverable}」的展延申請：到期日由${from}改為${to}。`,
      ask: '請依新的到期日填報。',
    }),
    rejected: (m, from, to) => ({
      subject: `展延申請已駁回：${m.sp_name} ${m.deliverable}`,
      intro: `執行秘書室已駁回查核點「${m.deliverable}」展延至${to}的申請，到期日仍為${from}。`,
      ask: '請依原到期日填報。',
    }),
    from: '原到期日',
    to: '申請展延至',
    reason: '申請理由',
    decisionReason: '執行秘書室說明',
  },
  [UserLocale.En]: {
    requested: (m, from, to) => ({
      subject: `Due-date change requested: ${m.sp_name} ${m.deliverable}`,
      intro: `${m.lead_name ?? 'The lead organisation'} asks to move the due date of the milestone "${m.deliverable}" of the sub-project "${m.sp_name}" from ${from} to ${to}.`,
      ask: 'Please weigh the reason, then approve or reject the request.',
    }),
    approved: (m, from, to) => ({
      subject: `Due-date change approved: ${m.sp_name} ${m.deliverable}`,
      intro: `The secretariat has approved moving the due date of the milestone "${m.deliverable}" from ${from} to ${to}.`,
      ask: 'Please report by the new due date.',
    }),
    rejected: (m, from, to) => ({
      subject: `Due-date change rejected: ${m.sp_name} ${m.deliverable}`,
      intro: `The secretariat has rejected moving the due date of the milestone "${m.deliverable}" to ${to}; it stays ${from}.`,
      ask: 'Please report by the original due date.',
    }),
    from: 'Due date',
    to: 'Asked to move to',
    reason: 'Reason given',
    decisionReason: 'The secretariat\'s comment',
  },
};

/** A due-date change (展延申請) requested, approved or rejected; subject: the request. The dates and reasons are the event's. */
@Injectable()
@RendersNotifications([NotificationKind.DueDateChangeRequested, NotificationKind.DueDateChangeDecided])
export class DueDateChangeRenderer implements NotificationRenderer {
  async render({ notification, locale, manager, link }: RenderContext): Promise<RenderedEmail> {
    const event = eventPayload(notification.payload);
    const milestoneId = carriedText(event, 'milestoneId');
    const from = carriedText(event, 'previousDueDate');
    const to = carriedText(event, 'proposedDueDate');
    if (!event || !milestoneId || !from || !to) throw new UnrenderableNotificationError(`notification ${notification.id} (${notification.kind}) does not carry its change request`);
    const m = await rowOf(manager, DUE_DATE_CHANGE_MILESTONE, [milestoneId]);
    if (!m) throw new UnrenderableNotificationError(`milestone ${milestoneId} of notification ${notification.id} no longer exists`);
    const step: Step = notification.kind === NotificationKind.DueDateChangeRequested ? 'requested' : event.decision === 'approved' ? 'approved' : 'rejected';
    const words = WORDING[locale];
    const labels = LABELS[locale];
    const reason = carriedText(event, 'reason');
    return composeEmail(locale, {
      ...words[step](m, formatDate(from, locale), formatDate(to, locale)),
      facts: [
        { label: labels.subProject, value: named(locale, m.sp_name, m.sp_code) },
        { label: labels.milestone, value: named(locale, m.deliverable, m.code) },
        { label: words.from, value: formatDate(from, locale) },
        { label: words.to, value: formatDate(to, locale) },
        ...(m.lead_name ? [{ label: labels.lead, value: m.lead_name }] : []),
      ],
      quote: reason ? { label: step === 'requested' ? words.reason : words.decisionReason, text: reason } : null,
      link: { label: labels.open, url: link(WEB_PATH.dueDateChange(notification.subjectId ?? '')) },
    });
  }
}
