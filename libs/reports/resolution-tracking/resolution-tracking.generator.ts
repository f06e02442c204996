import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EVERYTHING } from '../../access/scope.js';
import { AppError } from '../../common/errors.js';
import type { AgendaItemDto, MeetingDetailDto } from '../../meetings/meeting.views.js';
import { meetingAgenda } from '../../meetings/meetings.service.js';
import { REPORT_KINDS } from '../report-kinds.js';
import { type GenerateInput, GeneratesReport, type ReportGenerator, reportFileName, requireId } from '../report-generator.js';
import { type Report, ReportFormat, ReportKind } from '../report.entity.js';
import { type ReportSection, renderSectioned, type SectionColumn, type SectionedReport, type SectionRow } from '../sections.js';
import { rowOf } from '../../database/sql-query.js';
import { MEETING_CODE } from '../report-generators.queries.js';

const TRACKING_STATUS_NAMES: Record<string, string> = { tracking: '繼續列管', release_requested: '申請解除列管', released: '解除列管' };

const COLUMNS: SectionColumn[] = [
  { header: '案號', width: 1.3, chars: 22 },
  { header: '決議事項', width: 4, chars: 60 },
  { header: '辦理機關', width: 1.3, chars: 16 },
  { header: '追蹤狀態', width: 1.1, chars: 14, align: 'center' },
  { header: '辦理情形', width: 4.5, chars: 70 },
];

/**
 * 決議事項追蹤表 of one meeting: its own resolutions, then the items of earlier meetings of the same
 * body still open when it was held (as the meeting's agenda shows them, libs/meetings). One row
 * per resolution and organisation: the organisation's tracking status and its follow-ups
 * (辦理情形, oldest first, with their ROC dates); joint follow-ups show under the first organisation.
 */
@Injectable()
@GeneratesReport(ReportKind.ResolutionTracking)
export class ResolutionTrackingGenerator implements ReportGenerator {
  readonly formats = [ReportFormat.Pdf, ReportFormat.Xlsx] as const;

  async generate({ report, format, manager, out, font }: GenerateInput): Promise<{ rowCount: number }> {
    return { rowCount: await renderSectioned(await resolutionTrackingReport(manager, report), format, out, font) };
  }

  fileName(report: Report, format: ReportFormat): string {
    return reportFileName(REPORT_KINDS[ReportKind.ResolutionTracking].title, String(report.parameters.meeting ?? 'meeting'), report.asOf, format);
  }
}

async function resolutionTrackingReport(manager: EntityManager, report: Report): Promise<SectionedReport> {
  const meeting = await rowOf(manager, MEETING_CODE, [requireId(report.meetingId, 'meeting')]);
  if (!meeting) throw AppError.notFound('meeting', report.meetingId!);
  const agenda = await meetingAgenda(manager, meeting.code, EVERYTHING);
  const own = agenda.agenda.filter((i) => !i.carriedOver);
  const carried = agenda.agenda.filter((i) => i.carriedOver);
  const held = agenda.heldUntil && agenda.heldUntil.ad !== agenda.heldOn.ad ? `${agenda.heldOn.roc}–${agenda.heldUntil.roc}` : agenda.heldOn.roc;
  return {
    title: `${agenda.name} ${REPORT_KINDS[ReportKind.ResolutionTracking].title}`,
    subtitle: `${agenda.body.name}　開會日期：民國 ${held}`,
    asOf: report.asOf,
    landscape: true,
    sections: () => sections(agenda, own, carried),
  };
}

function* sections(agenda: MeetingDetailDto, own: AgendaItemDto[], carried: AgendaItemDto[]): Generator<ReportSection> {
  yield {
    heading: '一、本次會議決議事項',
    sheet: '本次決議',
    columns: COLUMNS,
    rows: own.flatMap(itemRows),
    notes: () => [`共 ${own.length} 項決議。`],
    empty: `${agenda.name}無決議事項。`,
  };
  yield {
    heading: '二、歷次會議決議事項（開會時仍列管）',
    sheet: '歷次列管',
    columns: COLUMNS,
    rows: carried.flatMap(itemRows),
    notes: () => carried.length ? [`共 ${carried.length} 項；各項僅列開會時仍列管之機關。`] : [],
    empty: '無前次會議延續列管之事項。',
  };
}

function itemRows(item: AgendaItemDto): SectionRow[] {
  const label = item.carriedOver ? `${item.code}（${item.meeting.heldOn.roc}）` : item.code;
  const due = item.dueDate ? `\n（期限 ${item.dueDate.roc}）` : '';
  const followUp = (f: AgendaItemDto['followUps'][number]) => `${f.reportedOn.roc}${f.organisation ? '' : ' 共同辦理'}：${f.text}`;
  const joint = item.followUps.filter((f) => !f.organisation);
  if (item.assignments.length === 0) {
    return [{ values: [label, item.text + due, '—', '—', joint.map(followUp).join('\n') || null] }];
  }
  return item.assignments.map((a, i) => {
    const own = item.followUps.filter((f) => f.organisation?.code === a.organisation.code);
    const shown = i === 0 ? [...own, ...joint] : own;
    return {
      values: [
        i === 0 ? label : null, i === 0 ? item.text + due : null, a.organisation.name, TRACKING_STATUS_NAMES[a.status] ?? a.status,
        shown.map(followUp).join('\n') || '（尚無辦理情形）',
      ],
    };
  });
}
