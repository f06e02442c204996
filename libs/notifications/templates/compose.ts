import { UserLocale } from '../../users/user.entity.js';
import { escapeHtml, htmlLayout, type RenderedEmail, textFooter } from '../rendering.js';

/**
 * What every notification email says, once: the HTML and the plain-text part are both written from
 * it, so they cannot drift apart. Values are plain text (names verbatim from the database); they
 * are escaped here.
 */
export interface EmailContent {
  subject: string;
  /** The first line: what happened. */
  intro: string;
  /** The item, its dates and organisations, as label/value rows. */
  facts: { label: string; value: string }[];
  /** Text quoted from the record (a return comment, a resolution). */
  quote?: { label: string; text: string } | null;
  /** What is asked of the reader. */
  ask: string;
  link: { label: string; url: string };
}

const SUBJECT_PREFIX: Record<UserLocale, string> = { [UserLocale.ZhTw]: '【管考】', [UserLocale.En]: '[Guankao] ' };
/** zh-TW writes a full-width colon after a label. */
const COLON: Record<UserLocale, string> = { [UserLocale.ZhTw]: '：', [UserLocale.En]: ': ' };

export function composeEmail(locale: UserLocale, content: EmailContent): RenderedEmail {
  return { subject: `${SUBJECT_PREFIX[locale]}${content.subject}`, html: html(locale, content), text: text(locale, content) };
}

function html(locale: UserLocale, c: EmailContent): string {
  const rows = c.facts
    .map((f) => `<tr><th style="text-align: left; padding: 2px 12px 2px 0; vertical-align: top; white-space: nowrap;">${escapeHtml(f.label)}</th><td>${escapeHtml(f.value)}</td></tr>`)
    .join('\n');
  const quote = c.quote
    ? `<p><strong>${escapeHtml(c.quote.label)}</strong></p>\n<blockquote style="margin: 0 0 1em; padding-left: 12px; border-left: 3px solid #ccc; white-space: pre-wrap;">${escapeHtml(c.quote.text)}</blockquote>`
    : '';
  const body = [
    `<p>${escapeHtml(c.intro)}</p>`,
    `<table style="border-collapse: collapse; margin-bottom: 1em;">\n${rows}\n</table>`,
    quote,
    `<p><strong>${escapeHtml(c.ask)}</strong></p>`,
    `<p><a href="${escapeHtml(c.link.url)}">${escapeHtml(c.link.label)}</a><br><span style="font-size: 12px; color: #666;">${escapeHtml(c.link.url)}</span></p>`,
  ].filter(Boolean);
  return htmlLayout(locale, c.subject, body.join('\n'));
}

function text(locale: UserLocale, c: EmailContent): string {
  const colon = COLON[locale];
  const lines = [
    c.subject,
    '',
    c.intro,
    '',
    ...c.facts.map((f) => `${f.label}${colon}${f.value}`),
    ...(c.quote ? ['', `${c.quote.label}${colon}`, ...c.quote.text.split('\n').map((l) => `> ${l}`)] : []),
    '',
    c.ask,
    '',
    `${c.link.label}${colon}${c.link.url}`,
  ];
  return `${lines.join('\n')}\n${textFooter(locale)}\n`;
}

/** The outbox payload a ledger row was recorded from (event-notifications.ts keeps it), or null for rows from before. */
export function eventPayload(notificationPayload: Record<string, unknown>): Record<string, unknown> | null {
  const event = notificationPayload.event;
  return event && typeof event === 'object' && !Array.isArray(event) ? (event as Record<string, unknown>) : null;
}
