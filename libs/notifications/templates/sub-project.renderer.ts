import { Injectable } from '@nestjs/common';
import { UserLocale } from '../../users/user.entity.js';
import { NotificationKind } from '../notification.entity.js';
import { type NotificationRenderer, type RenderContext, type RenderedEmail, RendersNotifications } from '../rendering.js';
import { UnrenderableNotificationError } from '../renderer-registry.js';
import { composeEmail } from './compose.js';
import { dueFact, LABELS, named } from './labels.js';
import { WEB_PATH } from '../web-paths.js';

interface SubProjectFacts {
  code: string;
  name: string;
  lead_name: string | null;
  period_text: string | null;
  next_milestone_code: string | null;
  next_deliverable: string | null;
  next_due_date: string | null;
}

const WORDING = {
  [UserLocale.ZhTw]: {
    subject: (s: SubProjectFacts) => `細部計畫已指派：${s.name}`,
    intro: (s: SubProjectFacts) => `執行秘書室已將細部計畫「${s.name}」指派由${s.lead_name ?? '貴機關'}主辦。`,
    ask: '請於管考系統確認接受指派，並依各查核點期程按時填報。',
    period: '計畫期程',
    nextMilestone: '最近查核點',
  },
  [UserLocale.En]: {
    subject: (s: SubProjectFacts) => `Sub-project assigned: ${s.name}`,
    intro: (s: SubProjectFacts) => `The secretariat has assigned the sub-project "${s.name}" to ${s.lead_name ?? 'your organisation'} as lead.`,
    ask: 'Please acknowledge the assignment in Guankao, then report on each milestone by its due date.',
    period: 'Period',
    nextMilestone: 'Next milestone',
  },
} as const;

/** A sub-project assigned to a lead organisation (subject: the sub-project). */
@Injectable()
@RendersNotifications([NotificationKind.SubProjectAssigned])
export class SubProjectRenderer implements NotificationRenderer {
  async render({ notification, locale, manager, link }: RenderContext): Promise<RenderedEmail> {
    const [s]: SubProjectFacts[] = await manager.query(
      `SELECT sp.code, sp.name, o.name AS lead_name, sp.period_text,
              m.code AS next_milestone_code, m.deliverable AS next_deliverable, to_char(m.due_date, 'YYYY-MM-DD') AS next_due_date
         FROM sub_project sp LEFT JOIN organisation o ON o.id = sp.lead_organisation_id
         LEFT JOIN LATERAL (SELECT code, deliverable, due_date FROM milestone
                             WHERE sub_project_id = sp.id AND status <> 'accepted' ORDER BY due_date, code LIMIT 1) m ON true
        WHERE sp.id = $1`,
      [notification.subjectId],
    );
    if (!s) throw new UnrenderableNotificationError(`sub-project ${notification.subjectId} of notification ${notification.id} no longer exists`);
    const words = WORDING[locale];
    const labels = LABELS[locale];
    return composeEmail(locale, {
      subject: words.subject(s),
      intro: words.intro(s),
      facts: [
        { label: labels.subProject, value: named(locale, s.name, s.code) },
        ...(s.lead_name ? [{ label: labels.lead, value: s.lead_name }] : []),
        ...(s.period_text ? [{ label: words.period, value: s.period_text }] : []),
        ...(s.next_milestone_code && s.next_deliverable ? [{ label: words.nextMilestone, value: named(locale, s.next_deliverable, s.next_milestone_code) }] : []),
        ...dueFact(locale, s.next_due_date),
      ],
      ask: words.ask,
      link: { label: labels.open, url: link(WEB_PATH.subProject(s.code)) },
    });
  }
}
