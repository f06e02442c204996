// SCAFFOLD: temporary renderers so the worker starts on this branch. The digest renderer belongs to
// libs/digests and the scheduled report renderer to libs/report-schedules; delete this file (and its
// one line in notifications.module.ts) when those land.
import { Injectable } from '@nestjs/common';
import { NotificationKind } from './notification.entity.js';
import { type NotificationRenderer, type RenderContext, type RenderedEmail, RendersNotifications } from './rendering.js';
import { composeEmail } from './templates/compose.js';

@Injectable()
@RendersNotifications([NotificationKind.Digest])
export class ScaffoldDigestRenderer implements NotificationRenderer {
  async render({ locale, notification, link }: RenderContext): Promise<RenderedEmail> {
    return composeEmail(locale, { subject: `digest ${notification.day}`, intro: 'SCAFFOLD', facts: [], ask: '-', link: { label: '-', url: link('/api') } });
  }
}

@Injectable()
@RendersNotifications([NotificationKind.ScheduledReport])
export class ScaffoldScheduledReportRenderer implements NotificationRenderer {
  async render({ locale, notification, link }: RenderContext): Promise<RenderedEmail> {
    return composeEmail(locale, { subject: `report ${notification.day}`, intro: 'SCAFFOLD', facts: [], ask: '-', link: { label: '-', url: link('/api') } });
  }
}

export const SCAFFOLD_RENDERERS = [ScaffoldDigestRenderer, ScaffoldScheduledReportRenderer];
