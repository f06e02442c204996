import { DiscoveryService } from '@nestjs/core';
import type { EntityManager } from 'typeorm';
import { dateView } from '../common/roc.js';
import type { User } from '../users/user.entity.js';
import { UserLocale } from '../users/user.entity.js';
import type { Notification, NotificationKind } from './notification.entity.js';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

export interface RenderContext {
  notification: Notification;
  recipient: User;
  locale: UserLocale;
  /** Reads inside the send transaction. */
  manager: EntityManager;
  /** Absolute link to a path of the API (PUBLIC_URL + path). */
  link(path: string): string;
}

/** Marks the provider that writes the emails of some notification kinds; the send job requires exactly one per kind. */
export const RendersNotifications = DiscoveryService.createDecorator<readonly NotificationKind[]>();

export interface NotificationRenderer {
  render(context: RenderContext): Promise<RenderedEmail>;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A due date as officials read it: 民國 115 年 11 月 22 日（2026-11-22）, or 22 Nov 2026 (ROC 115/11/22). */
export function formatDate(isoDate: string, locale: UserLocale): string {
  const view = dateView(isoDate);
  const [rocYear, month, day] = view.roc.split('/');
  if (locale === UserLocale.ZhTw) return `民國 ${rocYear} 年 ${Number(month)} 月 ${Number(day)} 日（${isoDate}）`;
  const ad = new Date(`${isoDate}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  return `${ad} (ROC ${view.roc})`;
}

/** The HTML frame every email shares. `bodyHtml` must already be escaped. */
export function htmlLayout(locale: UserLocale, title: string, bodyHtml: string): string {
  const footer =
    locale === UserLocale.ZhTw
      ? '本信由管考系統自動寄出，請勿直接回覆。通知設定可於系統中調整。'
      : 'Sent automatically by Guankao; please do not reply. You can change your notification settings in Guankao.';
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family: 'Noto Sans TC', 'Microsoft JhengHei', sans-serif; line-height: 1.6; color: #222;">
<h2 style="font-size: 18px;">${escapeHtml(title)}</h2>
${bodyHtml}
<hr style="border: none; border-top: 1px solid #ddd;"><p style="font-size: 12px; color: #666;">${escapeHtml(footer)}</p>
</body></html>`;
}

export function textFooter(locale: UserLocale): string {
  return locale === UserLocale.ZhTw
    ? '\n--\n本信由管考系統自動寄出，請勿直接回覆。'
    : '\n--\nSent automatically by Guankao; please do not reply.';
}
