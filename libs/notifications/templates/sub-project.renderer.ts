import { Injectable } from '@nestjs/common';
import { UserLocale } from '../../users/user.entity.js';
import { NotificationKind } from '../notification.entity.js';
import { type NotificationRenderer, type RenderContext, type RenderedEmail, RendersNotifications } from '../rendering.js';
import { UnrenderableNotificationError } from '../renderer-registry.js';
import { GLOSSARY } from '../../common/glossary.js';
import { composeEmail, eventPayload } from './compose.js';
import { dueFact, LABELS, named } from './labels.js';
import { WEB_PATH } from '../web-paths.js';
import { rowOf } from '../../database/sql-query.js';
import { SUB_PROJECT_FACTS, type SubProjectFacts } from './templates.queries.js';


type SubProjectKind = NotificationKind.SubProjectAssigned | NotificationKind.SubProjectAcknowledged | NotificationKind.SubProjectStatusChanged;
type Words = { subject: string; intro: string; ask: string };
/** What the event carried (libs/outbox/topics.ts), as far as the wording needs it. */
interface Carried { reassigned?: boolean; reason?: string | null; transition?: string }

const TRANSITION_WORDS: Record<UserLocale, Record<string, string>> = {
  [UserLocale.ZhTw]: { activate: '開始執行', suspend: '暫停執行', resume: '恢復執行', close: '結案' },
  [UserLocale.En]: { activate: 'started', suspend: 'suspended', resume: 'resumed', close: 'closed' },
};

const WORDING: Record<UserLocale, Record<SubProjectKind, (s: SubProjectFacts, e: Carried) => Words> & { period: string; nextMilestone: string; coOrganisers: string; reason: string }> = {
  [UserLocale.ZhTw]: {
    [NotificationKind.SubProjectAssigned]: (s, e) => ({
      subject: `細部計畫已${e.reassigned ? '改派' : '指派'}：${s.name}`,
      intro: `執行秘書室已將細部計畫「${s.name}」${e.reassigned ? '改派' : '指派'}由${s.lead_name ?? '貴機關'}主辦${s.co_organiser_names ? `，${s.co_organiser_names}協辦` : ''}。`,
      ask: s.co_organiser_names
        ? '主辦機關請於管考系統確認接受指派，並依各查核點期程按時填報；協辦機關請配合提供資料。'
        : '請於管考系統確認接受指派，並依各查核點期程按時填報。',
    }),
    [NotificationKind.SubProjectAcknowledged]: (s) => ({
      subject: `主辦機關已確認接受指派：${s.name}`,
      intro: `${s.lead_name ?? '主辦機關'}已確認接受細部計畫「${s.name}」的指派。`,
      ask: '無需其他動作；後續請依查核點期程追蹤填報。',
    }),
    [NotificationKind.SubProjectStatusChanged]: (s, e) => ({
      subject: `細部計畫已${TRANSITION_WORDS[UserLocale.ZhTw][e.transition ?? ''] ?? '變更狀態'}：${s.name}`,
      intro: `細部計畫「${s.name}」已由執行秘書室${TRANSITION_WORDS[UserLocale.ZhTw][e.transition ?? ''] ?? '變更狀態'}。`,
      ask: '請於管考系統查看細部計畫目前的狀態與後續查核點。',
    }),
    period: '計畫期程',
    nextMilestone: '最近查核點',
    coOrganisers: GLOSSARY['zh-TW'].coOrganiser,
    reason: '理由',
  },
  [UserLocale.En]: {
    [NotificationKind.SubProjectAssigned]: (s, e) => ({
      subject: `Sub-project ${e.reassigned ? 'reassigned' : 'assigned'}: ${s.name}`,
      intro: `The secretariat has ${e.reassigned ? 'reassigned' : 'assigned'} the sub-project "${s.name}" to ${s.lead_name ?? 'your organisation'} as lead${s.co_organiser_names ? `, with ${s.co_organiser_names} as co-organisers` : ''}.`,
      ask: s.co_organiser_names
        ? 'The lead: please acknowledge the assignment in Guankao, then report on each milestone by its due date. Co-organisers: please support the lead with your part.'
        : 'Please acknowledge the assignment in Guankao, then report on each milestone by its due date.',
    }),
    [NotificationKind.SubProjectAcknowledged]: (s) => ({
      subject: `Assignment acknowledged: ${s.name}`,
      intro: `${s.lead_name ?? 'The lead organisation'} has acknowledged its assignment to the sub-project "${s.name}".`,
      ask: 'Nothing more is needed; follow its milestones as they fall due.',
    }),
    [NotificationKind.SubProjectStatusChanged]: (s, e) => ({
      subject: `Sub-project ${TRANSITION_WORDS[UserLocale.En][e.transition ?? ''] ?? 'changed'}: ${s.name}`,
      intro: `The secretariat has ${TRANSITION_WORDS[UserLocale.En][e.transition ?? ''] ?? 'changed the status of'} the sub-project "${s.name}".`,
      ask: 'Please see the sub-project\'s status and its next milestones in Guankao.',
    }),
    period: 'Period',
    nextMilestone: 'Next milestone',
    coOrganisers: GLOSSARY.en.coOrganiser,
    reason: 'Reason',
  },
};

const KINDS = [NotificationKind.SubProjectAssigned, NotificationKind.SubProjectAcknowledged, NotificationKind.SubProjectStatusChanged] as const;

/** A sub-project assigned or reassigned, its assignment acknowledged, its status changed (subject: the sub-project). */
@Injectable()
@RendersNotifications(KINDS)
export class SubProjectRenderer implements NotificationRenderer {
  async render({ notification, locale, manager, link }: RenderContext): Promise<RenderedEmail> {
    const s = await rowOf(manager, SUB_PROJECT_FACTS, [notification.subjectId]);
    if (!s) throw new UnrenderableNotificationError(`sub-project ${notification.subjectId} of notification ${notification.id} no longer exists`);
    const carried = (eventPayload(notification.payload) ?? {}) as Carried;
    const words = WORDING[locale];
    const labels = LABELS[locale];
    const kind = notification.kind as SubProjectKind;
    const reason = typeof carried.reason === 'string' && carried.reason ? carried.reason : null;
    return composeEmail(locale, {
      ...words[kind](s, carried),
      facts: [
        { label: labels.subProject, value: named(locale, s.name, s.code) },
        ...(s.lead_name ? [{ label: labels.lead, value: s.lead_name }] : []),
        ...(s.co_organiser_names && kind === NotificationKind.SubProjectAssigned ? [{ label: words.coOrganisers, value: s.co_organiser_names }] : []),
        ...(s.period_text ? [{ label: words.period, value: s.period_text }] : []),
        ...(s.next_milestone_code && s.next_deliverable ? [{ label: words.nextMilestone, value: named(locale, s.next_deliverable, s.next_milestone_code) }] : []),
        ...dueFact(locale, s.next_due_date),
      ],
      quote: reason ? { label: words.reason, text: reason } : null,
      link: { label: labels.open, url: link(WEB_PATH.subProject(s.code)) },
    });
  }
}
