import { Inject, Injectable } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { NotificationKind } from '../notifications/notification.entity.js';
import { escapeHtml, formatDate, htmlLayout, type NotificationRenderer, type RenderContext, type RenderedEmail, RendersNotifications, textFooter } from '../notifications/rendering.js';
import { reportFilePath } from '../reports/report-storage.js';
import { UserLocale } from '../users/user.entity.js';
import { SCHEDULED_REPORT_TITLE } from './scheduled-kinds.js';
import { WEB_PATH } from '../notifications/web-paths.js';
import { rowOf } from '../database/sql-query.js';
import { RUN_EMAIL } from './report-schedules.queries.js';

/** A scheduled report: says which schedule, programme and as-of time, and attaches the run's stored file. */
@Injectable()
@RendersNotifications([NotificationKind.ScheduledReport])
export class ScheduledReportRenderer implements NotificationRenderer {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async render(context: RenderContext): Promise<RenderedEmail> {
    const { locale, manager } = context;
    const run = await rowOf(manager, RUN_EMAIL, [context.notification.subjectId]);
    // The run (or its schedule) was deleted, or never produced a file: nothing to attach, so nothing to send.
    if (!run?.sha256 || !run.file_name) throw new Error(`scheduled report run ${context.notification.subjectId} has no stored file`);
    const content = await readFile(reportFilePath(this.config.storage.STORAGE_DIR, run.sha256));

    const zh = locale === UserLocale.ZhTw;
    const title = SCHEDULED_REPORT_TITLE[run.kind]?.[locale] ?? run.kind;
    const asOf = `${formatDate(run.as_of_day, locale)} ${run.as_of_time}`;
    // A generated report (PDF or XLSX of several sections) has no single row count, and only some are about a meeting: those lines are left out.
    const rows = run.row_count === null ? null : String(run.row_count);
    const subject = zh
      ? `【管考】定期報表：${run.schedule_name}（${run.programme_name}，截至 ${run.as_of_day}）`
      : `[Guankao] Scheduled report: ${run.schedule_name} (${run.programme_name}, as of ${run.as_of_day})`;
    const facts = (zh
      ? [['報表排程', run.schedule_name], ['方案', `${run.programme_name}（${run.programme_code}）`], ['報表', title], ['會議', run.meeting], ['資料時間', `${asOf}（臺北時間）`], ['筆數', rows], ['附件', run.file_name]]
      : [['Schedule', run.schedule_name], ['Programme', `${run.programme_name} (${run.programme_code})`], ['Report', title], ['Meeting', run.meeting], ['As of', `${asOf} (Taipei time)`], ['Rows', rows], ['Attachment', run.file_name]]).filter((f): f is [string, string] => f[1] !== null);
    const link = context.link(WEB_PATH.subProjectsOfProgramme(run.programme_code));
    const intro = zh ? `${context.recipient.displayName} 您好：附件為排定寄送的管考報表。` : `Dear ${context.recipient.displayName}, the scheduled Guankao report is attached.`;

    const text = [intro, '', ...facts.map(([k, v]) => `${k}${zh ? '：' : ': '}${v}`), '', link].join('\n') + textFooter(locale);
    const html = htmlLayout(
      locale,
      subject,
      `<p>${escapeHtml(intro)}</p><table style="border-collapse: collapse;">${facts
        .map(([k, v]) => `<tr><th style="text-align:left; padding: 2px 12px 2px 0;">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
        .join('')}</table><p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`,
    );
    return { subject, text, html, attachments: [{ filename: run.file_name, content, contentType: run.content_type ?? 'application/octet-stream' }] };
  }
}
