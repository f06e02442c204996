import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { addDays, daysBetween } from '../common/clock.js';
import { NotificationKind } from '../notifications/notification.entity.js';
import { escapeHtml, formatDate, htmlLayout, type NotificationRenderer, type RenderContext, type RenderedEmail, RendersNotifications, textFooter } from '../notifications/rendering.js';
import { UserLocale } from '../users/user.entity.js';
import { DIGEST_SECTIONS, type DigestPayload, type DigestSection, type DigestSectionKey, DUE_SOON_DAYS } from './digest-payload.js';
import { NOTIFICATION_KIND_LABEL } from '../notifications/templates/labels.js';
import { WEB_PATH } from '../notifications/web-paths.js';
import { rowsOf } from '../database/sql-query.js';
import { AWAITING_REVIEW_LINES, HELD_LINES, MILESTONE_LINES, RED_LIGHT_LINES, RELEASE_REQUEST_LINES, RETURNED_LINES } from './digests.queries.js';

/** One line of a section: what it is, an optional detail, and where to see it. */
interface Line {
  text: string;
  detail?: string;
  path: string;
}

type Localised = Record<UserLocale, string>;

const SECTION_TITLE: Record<DigestSectionKey | 'held', Localised> = {
  newRedLights: { 'zh-TW': '本期新增紅燈', en: 'New red lights' },
  newlyOverdue: { 'zh-TW': '本期新增逾期查核點', en: 'Milestones that became overdue' },
  awaitingReview: { 'zh-TW': '待審核填報', en: 'Submissions waiting for review' },
  releaseRequests: { 'zh-TW': '待決定之解除列管申請', en: 'Release requests waiting for a decision' },
  dueSoon: { 'zh-TW': `即將到期查核點（${DUE_SOON_DAYS} 日內）`, en: `Milestones due in the next ${DUE_SOON_DAYS} days` },
  overdue: { 'zh-TW': '已逾期查核點', en: 'Overdue milestones' },
  returned: { 'zh-TW': '本期退回補正之填報', en: 'Submissions returned for revision' },
  held: { 'zh-TW': '彙整於本摘要之通知', en: 'Notifications held for this digest' },
};

const LIGHT_NAME: Record<string, Localised> = {
  red: { 'zh-TW': '紅燈', en: 'red' }, yellow: { 'zh-TW': '黃燈', en: 'yellow' }, green: { 'zh-TW': '綠燈', en: 'green' }, white: { 'zh-TW': '白燈', en: 'white' },
};

/** Punctuation differs: full-width in Chinese. */
const paren = (text: string, locale: UserLocale) => (locale === UserLocale.ZhTw ? `（${text}）` : ` (${text})`);
const joined = (parts: (string | null | undefined)[], locale: UserLocale) => parts.filter(Boolean).join(locale === UserLocale.ZhTw ? '；' : '; ');
const colon = (locale: UserLocale) => (locale === UserLocale.ZhTw ? '：' : ': ');

/** Keeps the order of the ids the sweep fixed, dropping any deleted since. */
function inOrder<T extends { id: string }>(ids: string[], rows: T[]): T[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}

/** The weekly digest email: sections per item kind, each item with its dates (ROC and AD) and a link. */
@Injectable()
@RendersNotifications([NotificationKind.Digest])
export class DigestRenderer implements NotificationRenderer {
  async render(context: RenderContext): Promise<RenderedEmail> {
    const { locale, manager } = context;
    const payload = context.notification.payload as unknown as DigestPayload;
    const zh = locale === UserLocale.ZhTw;
    const lastDay = addDays(payload.periodEnd, -1);

    const sections: { title: string; section: DigestSection; lines: Line[] }[] = [];
    for (const key of DIGEST_SECTIONS) {
      const section = payload.sections[key];
      if (!section || section.total === 0) continue;
      sections.push({ title: SECTION_TITLE[key][locale], section, lines: await this.lines(manager, key, section.ids, locale, payload.periodEnd) });
    }
    if (payload.held.total > 0) {
      sections.push({ title: SECTION_TITLE.held[locale], section: payload.held, lines: await this.heldLines(manager, payload.held.ids, locale) });
    }
    const itemCount = sections.reduce((n, s) => n + s.section.total, 0);

    const subject = payload.cadence === 'daily'
      ? zh
        ? `【管考】每日摘要 ${lastDay}：${itemCount} 項`
        : `[Guankao] Daily digest ${lastDay}: ${itemCount} item${itemCount === 1 ? '' : 's'}`
      : zh
        ? `【管考】每週摘要 ${payload.periodStart} 至 ${lastDay}：${itemCount} 項`
        : `[Guankao] Weekly digest ${payload.periodStart} to ${lastDay}: ${itemCount} item${itemCount === 1 ? '' : 's'}`;
    const intro = zh
      ? `${context.recipient.displayName} 您好：以下為 ${formatDate(payload.periodStart, locale)} 至 ${formatDate(lastDay, locale)} 的管考摘要。`
      : `Dear ${context.recipient.displayName}, here is your Guankao digest for ${formatDate(payload.periodStart, locale)} to ${formatDate(lastDay, locale)}.`;
    // Beyond the listed ids (DIGEST_SECTION_LIMIT), only the count was kept.
    const more = (s: DigestSection) => (s.total > s.ids.length ? (zh ? `……另有 ${s.total - s.ids.length} 項` : `… and ${s.total - s.ids.length} more`) : null);

    const text = [
      intro,
      ...sections.flatMap(({ title, section, lines }) => [
        '',
        `■ ${title}${paren(String(section.total), locale)}`,
        ...lines.map((l) => `- ${l.text}${l.detail ? `${zh ? '｜' : ' | '}${l.detail}` : ''}\n  ${context.link(l.path)}`),
        ...(more(section) ? [`  ${more(section)}`] : []),
      ]),
    ].join('\n') + textFooter(locale);

    const html = htmlLayout(
      locale,
      subject,
      `<p>${escapeHtml(intro)}</p>\n` +
        sections
          .map(({ title, section, lines }) => {
            const items = lines
              .map((l) => `<li><a href="${escapeHtml(context.link(l.path))}">${escapeHtml(l.text)}</a>${l.detail ? `<br><span style="color:#555">${escapeHtml(l.detail)}</span>` : ''}</li>`)
              .join('');
            const rest = more(section);
            return `<h3 style="font-size:16px;">${escapeHtml(title + paren(String(section.total), locale))}</h3><ul>${items}</ul>${rest ? `<p>${escapeHtml(rest)}</p>` : ''}`;
          })
          .join('\n'),
    );
    return { subject, text, html };
  }

  private async lines(manager: EntityManager, key: DigestSectionKey, ids: string[], locale: UserLocale, day: string): Promise<Line[]> {
    if (ids.length === 0) return [];
    const zh = locale === UserLocale.ZhTw;
    switch (key) {
      case 'newRedLights': {
        const rows = await rowsOf(manager, RED_LIGHT_LINES, [ids]);
        return inOrder(ids, rows).map((r) => ({
          text: `${r.code} ${r.name}${paren(`${r.period} ${LIGHT_NAME.red[locale]}`, locale)}`,
          detail: joined([r.lead, r.override_colour ? (zh ? '執行秘書室調整' : 'set by the secretariat') : joined(r.reasons.map((x) => (zh ? x.zh : x.en)), locale)], locale),
          path: WEB_PATH.subProject(r.code),
        }));
      }
      case 'newlyOverdue':
      case 'dueSoon':
      case 'overdue': {
        const rows = await rowsOf(manager, MILESTONE_LINES, [ids]);
        return inOrder(ids, rows).map((r) => {
          const days = daysBetween(r.due, day);
          const due = zh ? `到期日 ${formatDate(r.due, locale)}` : `due ${formatDate(r.due, locale)}`;
          const when =
            days === 0 ? (zh ? `${due}，今日到期` : `${due}, today`)
            : days < 0 ? (zh ? `${due}，尚有 ${-days} 日` : `${due}, in ${-days} day${days === -1 ? '' : 's'}`)
            : zh ? `${due}，已逾期 ${days} 日` : `${due}, ${days} day${days === 1 ? '' : 's'} overdue`;
          return { text: `${r.code} ${r.deliverable}`, detail: joined([r.sp_code, r.lead, when], locale), path: WEB_PATH.milestone(r.code) };
        });
      }
      case 'awaitingReview':
      case 'returned': {
        const rows = await rowsOf(manager, key === 'returned' ? RETURNED_LINES : AWAITING_REVIEW_LINES, [ids]);
        return inOrder(ids, rows).map((r) => {
          const what = `${r.sp_code} ${r.sp_name}${paren(r.milestone ?? r.period ?? '', locale)}`;
          const when = r.at ? (key === 'returned' ? (zh ? `退回於 ${formatDate(r.at, locale)}` : `returned ${formatDate(r.at, locale)}`) : zh ? `送出於 ${formatDate(r.at, locale)}` : `submitted ${formatDate(r.at, locale)}`) : null;
          const detail = joined([when, key === 'returned' && r.comment ? (zh ? `審核意見：${r.comment}` : `Comment: ${r.comment}`) : null], locale);
          return { text: what, detail, path: WEB_PATH.submission(r.id) };
        });
      }
      case 'releaseRequests': {
        const pairs = ids.map((id) => id.split('/'));
        const rows = await rowsOf(manager, RELEASE_REQUEST_LINES, [pairs.map((p) => p[0]), pairs.map((p) => p[1])]);
        return inOrder(ids, rows).map((r) => ({
          text: `${r.code}${paren(r.org, locale)}`,
          detail: joined([r.meeting, r.text.length > 80 ? `${r.text.slice(0, 80)}…` : r.text, r.requested ? (zh ? `申請於 ${formatDate(r.requested, locale)}` : `requested ${formatDate(r.requested, locale)}`) : null], locale),
          path: WEB_PATH.resolution(r.code),
        }));
      }
    }
  }

  private async heldLines(manager: EntityManager, ids: string[], locale: UserLocale): Promise<Line[]> {
    if (ids.length === 0) return [];
    const rows = await rowsOf(manager, HELD_LINES, [ids]);
    return inOrder(ids, rows).map((r) => {
      const label = NOTIFICATION_KIND_LABEL[r.kind]?.[locale] ?? r.kind;
      if (r.m_code) {
        return {
          text: `${label}${colon(locale)}${r.m_code} ${r.deliverable}`,
          detail: locale === UserLocale.ZhTw ? `到期日 ${formatDate(r.due!, locale)}` : `due ${formatDate(r.due!, locale)}`,
          path: WEB_PATH.milestone(r.m_code),
        };
      }
      const path =
        r.subject_type === 'submission' && r.subject_id ? WEB_PATH.submission(r.subject_id)
        : r.subject_type === 'resolution' && r.subject_code ? WEB_PATH.resolution(r.subject_code)
        : r.subject_type === 'sub_project' && r.subject_code ? WEB_PATH.subProject(r.subject_code)
        : WEB_PATH.myWork();
      return { text: `${label}${r.subject_code ? ` ${r.subject_code}` : ''}${paren(formatDate(r.day, locale), locale)}`, path };
    });
  }
}
