import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Scope } from '../../access/scope.js';
import { taipeiDate } from '../../common/clock.js';
import { AppError } from '../../common/errors.js';
import { dateView } from '../../common/roc.js';
import { DashboardsService, type Reading } from '../../dashboards/dashboards.service.js';
import { parsePeriod, periodOf } from '../../lights/period.js';
import { LightColour } from '../../lights/status-light.entity.js';
import { rowOf } from '../../database/sql-query.js';
import { REPORT_KINDS } from '../report-kinds.js';
import { type GenerateInput, GeneratesReport, type ReportGenerator, reportFileName, requireId } from '../report-generator.js';
import { ORGANISATION_TREE, PROGRAMME } from '../report-generators.queries.js';
import { type Report, ReportFormat, ReportKind } from '../report.entity.js';
import { pages, renderSectioned, type ReportSection, type SectionedReport, type SectionRow } from '../sections.js';
import { COLOUR_NAMES, counted, countColumns, countValues, performanceSection, periodName } from '../programme-status/programme-status.generator.js';

const BATCH = 500;
/** The sub-project list: the lights that need attention first. */
const LIST_ORDER = [LightColour.Red, LightColour.Yellow, LightColour.Green, LightColour.White] as const;

/**
 * 機關細部計畫執行狀況報告: the programme status report narrowed to one organisation (and the units
 * under it), exactly as that organisation's dashboards are — the same dashboard queries with the
 * organisation's scope (sub-projects it leads or co-organises): its lights, each sub-project with its
 * light and reasons, its overdue milestones, its submissions waiting for the secretariat and its
 * on-time rate. What a ministry may ask for about itself; nothing of another organisation is read.
 */
@Injectable()
@GeneratesReport(ReportKind.OrganisationStatus)
export class OrganisationStatusGenerator implements ReportGenerator {
  readonly formats = [ReportFormat.Pdf, ReportFormat.Xlsx] as const;

  constructor(private readonly dashboards: DashboardsService) {}

  async generate({ report, format, manager, out, font }: GenerateInput): Promise<{ rowCount: number }> {
    return { rowCount: await renderSectioned(await organisationStatusReport(this.dashboards, manager, report), format, out, font) };
  }

  fileName(report: Report, format: ReportFormat): string {
    const subject = `${String(report.parameters.organisation ?? 'organisation')}_${String(report.parameters.programme ?? 'programme')}`;
    return reportFileName(REPORT_KINDS[ReportKind.OrganisationStatus].title, subject, report.asOf, format);
  }
}

async function organisationStatusReport(dashboards: DashboardsService, manager: EntityManager, report: Report): Promise<SectionedReport> {
  const programme = await rowOf(manager, PROGRAMME, [requireId(report.programmeId, 'programme')]);
  if (!programme) throw AppError.notFound('programme', report.programmeId!);
  const organisationId = requireId(typeof report.parameters.organisationId === 'string' ? report.parameters.organisationId : null, 'organisation');
  const organisation = await rowOf(manager, ORGANISATION_TREE, [organisationId]);
  if (!organisation) throw AppError.notFound('organisation', organisationId);
  const scope: Scope = { all: false, organisationIds: organisation.ids };
  const today = taipeiDate(report.asOf);
  const period = typeof report.parameters.period === 'string' ? parsePeriod(report.parameters.period) : periodOf(today);
  const reading: Reading = { db: manager, today };
  const portfolio = await dashboards.portfolio({ programme: programme.code, period: period.code }, scope, reading);
  const performance = await dashboards.ministryPerformance({ programme: programme.code, year: Number(today.slice(0, 4)) }, scope, reading);

  async function* sections(): AsyncGenerator<ReportSection> {
    yield {
      heading: '一、燈號統計（依主辦機關）',
      sheet: '燈號統計',
      columns: countColumns('主辦機關'),
      rows: [
        ...portfolio.byMinistry.map((m): SectionRow => ({ values: [m.ministry?.name ?? '尚未分派', ...countValues(m.counts, m.total)] })),
        { values: ['合計', ...countValues(portfolio.counts, portfolio.total)], emphasis: true },
      ],
      notes: () => [`含${organisation!.name}主辦或協辦之細部計畫；協辦者依其主辦機關列示。`],
    };

    const listed = { n: 0 };
    yield {
      heading: '二、細部計畫燈號',
      sheet: '細部計畫',
      columns: [
        { header: '燈號', width: 0.9, chars: 10, kind: 'light' },
        { header: '細部計畫代碼', width: 1.6, chars: 18 },
        { header: '細部計畫名稱', width: 3.2, chars: 40 },
        { header: '主辦機關', width: 1.4, chars: 16 },
        { header: '說明', width: 4, chars: 60 },
      ],
      rows: counted(listed, (async function* () {
        for (const light of LIST_ORDER) {
          const items = pages(async (after) => (await dashboards.portfolio({ programme: programme!.code, period: period.code, light, limit: BATCH, after }, scope, reading)).drillDown!);
          for await (const sp of items) {
            const why = sp.overridden
              ? `推動小組調整（原 ${sp.computedColour ? COLOUR_NAMES[sp.computedColour] : '未評'}）：${sp.overridden.justification}`
              : sp.reasons.map((r) => r.zh).join('；');
            yield { values: [light, sp.code, sp.name, sp.lead?.name ?? '尚未分派', why] };
          }
        }
      })()),
      notes: () => [`共 ${listed.n} 項。`],
      empty: '本計畫無此機關主辦或協辦之細部計畫。',
    };

    const overdue = { n: 0 };
    yield {
      heading: '三、逾期查核點',
      sheet: '逾期查核點',
      columns: [
        { header: '細部計畫代碼', width: 1.6, chars: 18 },
        { header: '查核點代碼', width: 2, chars: 24 },
        { header: '交付項目', width: 4, chars: 48 },
        { header: '到期日', width: 1.1, chars: 12, kind: 'date' },
        { header: '逾期日數', width: 0.9, chars: 10, kind: 'integer' },
      ],
      rows: counted(overdue, (async function* () {
        const items = pages((after) => dashboards.overdueMilestones({ programme: programme!.code, limit: BATCH, after }, scope, reading));
        for await (const m of items) yield { values: [m.subProject.code, m.milestone.code, m.milestone.deliverable, m.milestone.dueDate.ad, m.daysOverdue] };
      })()),
      notes: () => [`逾期：到期日在資料截至日（${dateView(today).roc}）之前而尚未驗收之查核點，共 ${overdue.n} 項。`],
      empty: '無逾期查核點。',
    };

    let waiting = { count: 0, median: null as string | null, max: null as number | null };
    yield {
      heading: '四、待審查資料（已送推動小組、尚待審查）',
      sheet: '待審查',
      columns: [
        { header: '細部計畫代碼', width: 1.6, chars: 18 },
        { header: '查核點', width: 2, chars: 24 },
        { header: '期別', width: 1, chars: 10 },
        { header: '送達日', width: 1.1, chars: 12, kind: 'date' },
        { header: '等待日數', width: 0.9, chars: 10, kind: 'integer' },
      ],
      rows: (async function* () {
        const items = pages(async (after) => {
          const page = await dashboards.pendingReviews({ programme: programme!.code, limit: BATCH, after }, scope, reading);
          waiting = { count: page.count, median: page.medianDaysWaiting, max: page.maxDaysWaiting };
          return page;
        });
        for await (const s of items) yield { values: [s.subProject.code, s.milestone?.code ?? null, s.period, taipeiDate(new Date(s.submittedAt)), s.daysWaiting] };
      })(),
      notes: () => [waiting.count === 0 ? '無待審查資料。' : `共 ${waiting.count} 件；等待日數中位數 ${waiting.median} 日，最長 ${waiting.max} 日。`],
    };

    yield performanceSection(`五、準時率（民國 ${performance.year.roc} 年，統計至 ${dateView(performance.window.to).roc}）`, performance);
  }

  return {
    title: `${organisation.name} ${REPORT_KINDS[ReportKind.OrganisationStatus].title}`,
    subtitle: `${programme.name}；燈號期別 ${periodName(period)}；細部計畫 ${portfolio.total} 項`,
    asOf: report.asOf,
    landscape: true,
    sections,
  };
}
