import { Injectable } from '@nestjs/common';
import { UserLocale } from '../../users/user.entity.js';
import { NotificationKind } from '../notification.entity.js';
import { type NotificationRenderer, type RenderContext, type RenderedEmail, RendersNotifications } from '../rendering.js';
import { UnrenderableNotificationError } from '../renderer-registry.js';
import { WEB_PATH } from '../web-paths.js';
import { composeEmail, eventPayload } from './compose.js';
import { carriedText, COLOUR_WORDS } from './event-facts.js';
import { LABELS, named } from './labels.js';
import { rowOf } from '../../database/sql-query.js';
import { STATUS_LIGHT_SUB_PROJECT, type StatusLightSubProjectFacts } from './templates.queries.js';


const WORDING = {
  [UserLocale.ZhTw]: {
    overridden: (s: StatusLightSubProjectFacts, period: string, colour: string) => ({
      subject: `燈號已人工調整：${s.name} ${period}`,
      intro: `執行秘書室已將細部計畫「${s.name}」${period} 期的燈號人工調整為${colour}。`,
      ask: '請於管考系統查看調整理由與燈號依據。',
    }),
    removed: (s: StatusLightSubProjectFacts, period: string) => ({
      subject: `燈號人工調整已取消：${s.name} ${period}`,
      intro: `執行秘書室已取消細部計畫「${s.name}」${period} 期燈號的人工調整，恢復依規則計算的燈號。`,
      ask: '請於管考系統查看目前的燈號。',
    }),
    justification: '調整理由',
    light: '燈號',
  },
  [UserLocale.En]: {
    overridden: (s: StatusLightSubProjectFacts, period: string, colour: string) => ({
      subject: `Status light overridden: ${s.name} ${period}`,
      intro: `The secretariat has set the status light of the sub-project "${s.name}" for ${period} to ${colour} by hand.`,
      ask: 'Please see the justification and the light\'s reasons in Guankao.',
    }),
    removed: (s: StatusLightSubProjectFacts, period: string) => ({
      subject: `Status light override removed: ${s.name} ${period}`,
      intro: `The secretariat has removed the override of the status light of the sub-project "${s.name}" for ${period}: the computed light shows again.`,
      ask: 'Please see the current light in Guankao.',
    }),
    justification: 'Justification',
    light: 'Status light',
  },
} as const;

/** A status light (燈號) overridden by the secretariat, or its override removed; the colour and justification are the event's. */
@Injectable()
@RendersNotifications([NotificationKind.StatusLightOverridden, NotificationKind.StatusLightOverrideRemoved])
export class StatusLightRenderer implements NotificationRenderer {
  async render({ notification, locale, manager, link }: RenderContext): Promise<RenderedEmail> {
    const event = eventPayload(notification.payload);
    const subProjectId = carriedText(event, 'subProjectId');
    const period = carriedText(event, 'period') ?? '';
    if (!subProjectId) throw new UnrenderableNotificationError(`notification ${notification.id} (${notification.kind}) does not carry its sub-project`);
    const s = await rowOf(manager, STATUS_LIGHT_SUB_PROJECT, [subProjectId]);
    if (!s) throw new UnrenderableNotificationError(`sub-project ${subProjectId} of notification ${notification.id} no longer exists`);
    const words = WORDING[locale];
    const labels = LABELS[locale];
    const colourCode = carriedText(event, 'colour') ?? '';
    const colour = COLOUR_WORDS[locale][colourCode] ?? colourCode;
    const justification = carriedText(event, 'justification');
    const overridden = notification.kind === NotificationKind.StatusLightOverridden;
    return composeEmail(locale, {
      ...(overridden ? words.overridden(s, period, colour) : words.removed(s, period)),
      facts: [
        { label: labels.subProject, value: named(locale, s.name, s.code) },
        { label: labels.period, value: period },
        ...(overridden ? [{ label: words.light, value: colour }] : []),
        ...(s.lead_name ? [{ label: labels.lead, value: s.lead_name }] : []),
      ],
      quote: justification ? { label: words.justification, text: justification } : null,
      link: { label: labels.open, url: link(WEB_PATH.subProject(s.code)) },
    });
  }
}
