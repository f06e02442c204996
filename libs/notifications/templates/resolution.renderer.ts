import { Injectable } from '@nestjs/common';
import { UserLocale } from '../../users/user.entity.js';
import { NotificationKind } from '../notification.entity.js';
import { formatDate, type NotificationRenderer, type RenderContext, type RenderedEmail, RendersNotifications } from '../rendering.js';
import { UnrenderableNotificationError } from '../renderer-registry.js';
import { composeEmail } from './compose.js';
import { dueFact, LABELS } from './labels.js';
import { WEB_PATH } from '../web-paths.js';

interface ResolutionFacts {
  code: string;
  text: string;
  due_date: string | null;
  meeting_name: string;
  held_on: string;
  organisation_name: string | null;
  follow_up: string | null;
}

const WORDING = {
  [UserLocale.ZhTw]: {
    subject: (r: ResolutionFacts) => `申請解除列管：${r.organisation_name ?? ''} ${r.code}`,
    intro: (r: ResolutionFacts) => `${r.organisation_name ?? '受列管機關'}申請解除列管決議 ${r.code}（${r.meeting_name}）。`,
    ask: '請審議是否解除列管，或續予列管並說明理由。',
    resolution: '決議',
    meeting: '會議',
    organisation: '申請機關',
    text: '決議內容',
    followUp: '最近辦理情形',
  },
  [UserLocale.En]: {
    subject: (r: ResolutionFacts) => `Release requested: ${r.organisation_name ?? ''} ${r.code}`,
    intro: (r: ResolutionFacts) => `${r.organisation_name ?? 'The organisation'} asks for the resolution ${r.code} (${r.meeting_name}) to be released from tracking.`,
    ask: 'Please decide whether to release it, or keep tracking it and say why.',
    resolution: 'Resolution',
    meeting: 'Meeting',
    organisation: 'Requested by',
    text: 'Resolution text',
    followUp: 'Latest follow-up',
  },
} as const;

/** An organisation asks for a meeting resolution to be released (解除列管); subject: the resolution, payload.organisationId: who asks. */
@Injectable()
@RendersNotifications([NotificationKind.ResolutionReleaseRequested])
export class ResolutionRenderer implements NotificationRenderer {
  async render({ notification, locale, manager, link }: RenderContext): Promise<RenderedEmail> {
    const organisationId = typeof notification.payload.organisationId === 'string' ? notification.payload.organisationId : null;
    const [r]: ResolutionFacts[] = await manager.query(
      `SELECT r.code, r.text, to_char(r.due_date, 'YYYY-MM-DD') AS due_date, m.name AS meeting_name, to_char(m.held_on, 'YYYY-MM-DD') AS held_on,
              o.name AS organisation_name,
              (SELECT f.text FROM resolution_follow_up f WHERE f.resolution_id = r.id AND f.organisation_id = o.id
                ORDER BY f.reported_on DESC, f.created_at DESC LIMIT 1) AS follow_up
         FROM resolution r JOIN meeting m ON m.id = r.meeting_id
         LEFT JOIN organisation o ON o.id = $2::uuid
        WHERE r.id = $1`,
      [notification.subjectId, organisationId],
    );
    if (!r) throw new UnrenderableNotificationError(`resolution ${notification.subjectId} of notification ${notification.id} no longer exists`);
    const words = WORDING[locale];
    return composeEmail(locale, {
      subject: words.subject(r),
      intro: words.intro(r),
      facts: [
        { label: words.resolution, value: r.code },
        { label: words.meeting, value: `${r.meeting_name}${locale === UserLocale.ZhTw ? '，' : ', '}${formatDate(r.held_on, locale)}` },
        ...(r.organisation_name ? [{ label: words.organisation, value: r.organisation_name }] : []),
        ...dueFact(locale, r.due_date),
        { label: words.text, value: r.text },
      ],
      quote: r.follow_up ? { label: words.followUp, text: r.follow_up } : null,
      ask: words.ask,
      link: { label: LABELS[locale].open, url: link(WEB_PATH.resolution(r.code)) },
    });
  }
}
