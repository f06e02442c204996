import { Injectable } from '@nestjs/common';
import { newSecret, sha256 } from '../auth/tokens.js';
import { TIME_ZONE, taipeiDate } from '../common/clock.js';
import { execute, rowOf } from '../database/sql-query.js';
import { NotificationKind } from '../notifications/notification.entity.js';
import { type NotificationRenderer, type RenderContext, type RenderedEmail, RendersNotifications, formatDate } from '../notifications/rendering.js';
import { UnrenderableNotificationError } from '../notifications/renderer-registry.js';
import { composeEmail } from '../notifications/templates/compose.js';
import { WEB_PATH } from '../notifications/web-paths.js';
import { UserLocale } from './user.entity.js';
import { LOCK_TOKEN_FOR_EMAIL, SET_TOKEN_HASH } from './users.queries.js';

const timeFormat = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hour12: false });

/** 民國 115 年 12 月 5 日（2026-12-05）14:30, Taipei time. */
function expiry(at: Date, locale: UserLocale): string {
  const time = timeFormat.format(at);
  return locale === UserLocale.ZhTw ? `${formatDate(taipeiDate(at), locale)} ${time}（臺北時間）` : `${formatDate(taipeiDate(at), locale)}, ${time} Taipei time`;
}

const TEXT = {
  [NotificationKind.AccountInvitation]: {
    [UserLocale.ZhTw]: {
      subject: '邀請您使用管考系統', intro: (name: string) => `${name} 您好：系統管理者已為您建立管考系統帳號。`,
      ask: '請按下方連結設定您的密碼（至少 12 個字元）。連結只能使用一次，逾期請洽您的帳號管理者重新寄送。', link: '設定密碼',
    },
    [UserLocale.En]: {
      subject: 'You are invited to Guankao', intro: (name: string) => `Dear ${name}, an administrator has created a Guankao account for you.`,
      ask: 'Open the link below to set your password (12 characters or more). The link works once; when it has expired, ask your account administrator to send a new one.',
      link: 'Set my password',
    },
  },
  [NotificationKind.AccountPasswordReset]: {
    [UserLocale.ZhTw]: {
      subject: '重設密碼', intro: (name: string) => `${name} 您好：我們收到重設您管考系統密碼的要求。`,
      ask: '請按下方連結設定新密碼；設定完成前，原密碼仍可使用。若您沒有提出要求，請忽略本信。連結只能使用一次。', link: '設定新密碼',
    },
    [UserLocale.En]: {
      subject: 'Reset your password', intro: (name: string) => `Dear ${name}, we were asked to reset your Guankao password.`,
      ask: 'Open the link below to set a new one; your current password keeps working until you do. If you did not ask for this, ignore this email. The link works once.',
      link: 'Set a new password',
    },
  },
} as const;

/**
 * Invitation and password-reset emails. The token is made here, inside the send transaction, and
 * only its SHA-256 is stored: the ledger's payload names the token row, never the token, so nothing
 * at rest can open the link. If the send fails the transaction rolls the hash back and the retry
 * makes a new token. A link retired (a newer one sent, or used) before its email went out is not sent.
 */
@Injectable()
@RendersNotifications([NotificationKind.AccountInvitation, NotificationKind.AccountPasswordReset])
export class AccountEmailRenderer implements NotificationRenderer {
  async render(context: RenderContext): Promise<RenderedEmail> {
    const { notification, recipient, locale, manager } = context;
    const tokenId = typeof notification.payload.tokenId === 'string' ? notification.payload.tokenId : notification.subjectId;
    if (!tokenId) throw new UnrenderableNotificationError(`${notification.kind} ${notification.id} names no link`);
    const row = await rowOf(manager, LOCK_TOKEN_FOR_EMAIL, [tokenId]);
    if (!row) throw new UnrenderableNotificationError(`the link of ${notification.kind} ${notification.id} is gone`);
    if (!row.usable) throw new UnrenderableNotificationError(`the link of ${notification.kind} ${notification.id} was replaced, used or expired before it was sent`);
    const token = newSecret();
    await execute(manager, SET_TOKEN_HASH, [tokenId, sha256(token)]);

    const kind = notification.kind === NotificationKind.AccountInvitation ? NotificationKind.AccountInvitation : NotificationKind.AccountPasswordReset;
    const text = TEXT[kind][locale];
    const zh = locale === UserLocale.ZhTw;
    return composeEmail(locale, {
      subject: text.subject,
      intro: text.intro(recipient.displayName),
      facts: [
        { label: zh ? '帳號（電子郵件）' : 'Account (email)', value: recipient.email },
        { label: zh ? '連結有效至' : 'Link valid until', value: expiry(new Date(row.expires_at), locale) },
      ],
      ask: text.ask,
      link: { label: text.link, url: context.link(WEB_PATH.setPassword(token)) },
    });
  }
}
