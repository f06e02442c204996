import { Injectable } from '@nestjs/common';
import { UserLocale } from '../../users/user.entity.js';
import { NotificationKind } from '../notification.entity.js';
import { formatDate, type NotificationRenderer, type RenderContext, type RenderedEmail, RendersNotifications } from '../rendering.js';
import { UnrenderableNotificationError } from '../renderer-registry.js';
import { composeEmail, eventPayload } from './compose.js';
import { dueFact, LABELS } from './labels.js';
import { WEB_PATH } from '../web-paths.js';
import { rowOf } from '../../database/sql-query.js';
import { RESOLUTION_FACTS, type ResolutionFacts } from './templates.queries.js';


type ResolutionKind = NotificationKind.ResolutionAssigned | NotificationKind.ResolutionReleaseRequested | NotificationKind.ResolutionReleased | NotificationKind.ResolutionKept;
type Words = { subject: string; intro: string; ask: string };

const WORDING: Record<UserLocale, Record<ResolutionKind, (r: ResolutionFacts) => Words> & Record<'resolution' | 'meeting' | 'organisation' | 'text' | 'followUp' | 'comment', string>> = {
  [UserLocale.ZhTw]: {
    [NotificationKind.ResolutionAssigned]: (r) => ({
      subject: `會議決議列管：${r.code}`,
      intro: `${r.meeting_name}決議 ${r.code} 已列管，由${r.organisation_name ?? '貴機關'}辦理。`,
      ask: '請依決議辦理，並於管考系統定期填報辦理情形；完成後可申請解除列管。',
    }),
    [NotificationKind.ResolutionReleaseRequested]: (r) => ({
      subject: `申請解除列管：${r.organisation_name ?? ''} ${r.code}`,
      intro: `${r.organisation_name ?? '受列管機關'}申請解除列管決議 ${r.code}（${r.meeting_name}）。`,
      ask: '請審議是否解除列管，或續予列管並說明理由。',
    }),
    [NotificationKind.ResolutionReleased]: (r) => ({
      subject: `已解除列管：${r.code}`,
      intro: `執行秘書室已解除${r.organisation_name ?? '貴機關'}對決議 ${r.code}（${r.meeting_name}）的列管。`,
      ask: '無需再填報此決議的辦理情形。',
    }),
    [NotificationKind.ResolutionKept]: (r) => ({
      subject: `續予列管：${r.code}`,
      intro: `執行秘書室決定決議 ${r.code}（${r.meeting_name}）對${r.organisation_name ?? '貴機關'}續予列管。`,
      ask: '請依說明繼續辦理，並於管考系統填報辦理情形。',
    }),
    resolution: '決議',
    meeting: '會議',
    organisation: '列管機關',
    text: '決議內容',
    followUp: '最近辦理情形',
    comment: '執行秘書室說明',
  },
  [UserLocale.En]: {
    [NotificationKind.ResolutionAssigned]: (r) => ({
      subject: `Resolution to follow up: ${r.code}`,
      intro: `The resolution ${r.code} of ${r.meeting_name} is tracked, with ${r.organisation_name ?? 'your organisation'} to act on it.`,
      ask: 'Please act on it and report your follow-up in Guankao regularly; once done, you may ask for it to be released.',
    }),
    [NotificationKind.ResolutionReleaseRequested]: (r) => ({
      subject: `Release requested: ${r.organisation_name ?? ''} ${r.code}`,
      intro: `${r.organisation_name ?? 'The organisation'} asks for the resolution ${r.code} (${r.meeting_name}) to be released from tracking.`,
      ask: 'Please decide whether to release it, or keep tracking it and say why.',
    }),
    [NotificationKind.ResolutionReleased]: (r) => ({
      subject: `Released from tracking: ${r.code}`,
      intro: `The secretariat has released the resolution ${r.code} (${r.meeting_name}) from tracking for ${r.organisation_name ?? 'your organisation'}.`,
      ask: 'No more follow-ups are needed on it.',
    }),
    [NotificationKind.ResolutionKept]: (r) => ({
      subject: `Still tracked: ${r.code}`,
      intro: `The secretariat keeps tracking the resolution ${r.code} (${r.meeting_name}) for ${r.organisation_name ?? 'your organisation'}.`,
      ask: 'Please carry on as the secretariat says and report your follow-up in Guankao.',
    }),
    resolution: 'Resolution',
    meeting: 'Meeting',
    organisation: 'Organisation',
    text: 'Resolution text',
    followUp: 'Latest follow-up',
    comment: 'The secretariat\'s comment',
  },
};

const KINDS = [NotificationKind.ResolutionAssigned, NotificationKind.ResolutionReleaseRequested, NotificationKind.ResolutionReleased, NotificationKind.ResolutionKept] as const;

/** A meeting resolution's tracking (列管): assigned, release asked for (解除列管), released or kept; subject: the resolution, payload.organisationId: the organisation tracked. */
@Injectable()
@RendersNotifications(KINDS)
export class ResolutionRenderer implements NotificationRenderer {
  async render({ notification, locale, manager, link }: RenderContext): Promise<RenderedEmail> {
    const organisationId = typeof notification.payload.organisationId === 'string' ? notification.payload.organisationId : null;
    const r = await rowOf(manager, RESOLUTION_FACTS, [notification.subjectId, organisationId]);
    if (!r) throw new UnrenderableNotificationError(`resolution ${notification.subjectId} of notification ${notification.id} no longer exists`);
    const words = WORDING[locale];
    const kind = notification.kind as ResolutionKind;
    const comment = eventPayload(notification.payload)?.comment;
    return composeEmail(locale, {
      ...words[kind](r),
      facts: [
        { label: words.resolution, value: r.code },
        { label: words.meeting, value: `${r.meeting_name}${locale === UserLocale.ZhTw ? '，' : ', '}${formatDate(r.held_on, locale)}` },
        ...(r.organisation_name ? [{ label: words.organisation, value: r.organisation_name }] : []),
        ...dueFact(locale, r.due_date),
        { label: words.text, value: r.text },
      ],
      quote: typeof comment === 'string' && comment
        ? { label: words.comment, text: comment }
        : kind === NotificationKind.ResolutionReleaseRequested && r.follow_up ? { label: words.followUp, text: r.follow_up } : null,
      link: { label: LABELS[locale].open, url: link(WEB_PATH.resolution(r.code)) },
    });
  }
}
