import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EVERYTHING } from '../../access/scope.js';
import { taipeiDate } from '../../common/clock.js';
import { AppError } from '../../common/errors.js';
import { dateView } from '../../common/roc.js';
import { DashboardsService, type Reading } from '../../dashboards/dashboards.service.js';
import type { MinistryPerformanceDto, PortfolioDto } from '../../dashboards/dashboards.views.js';
import type { ColourCountsDto } from '../../lights/lights.views.js';
import { parsePeriod, type Period, periodOf } from '../../lights/period.js';
import { LightColour } from '../../lights/status-light.entity.js';
import { REPORT_KINDS } from '../report-kinds.js';
import { type GenerateInput, GeneratesReport, type ReportGenerator, reportFileName, requireId } from '../report-generator.js';
import { type Report, ReportFormat, ReportKind } from '../report.entity.js';
import { LIGHTS, type ReportSection, renderSectioned, type SectionColumn, type SectionedReport, type SectionRow, pages } from '../sections.js';
import { rowOf } from '../../database/sql-query.js';
import { PROGRAMME } from '../report-generators.queries.js';

/** Rows fetched per query for the long lists: bounded memory whatever the programme's size. */
const PROGRAMME_STATUS_BATCH = 500;

const COLOURS = [LightColour.Green, LightColour.Yellow, LightColour.Red, LightColour.White] as const;
export const COLOUR_NAMES: Record<LightColour, string> = { green: '綠燈', yellow: '黃燈', red: '紅燈', white: '白燈（未評）' };

export const ON_TIME_DEFINITION =
  '準時率定義：統計年度 1 月 1 日起至資料截至日止到期之查核點，其資料第一次送達推動小組（主辦機關送出或主管核可，取較早者）之日期在到期日當日或之前者為「準時」，' +
  '在到期日之後者為「逾時」，截至資料日尚未送達者為「未送」；準時率 = 準時 ÷ 到期查核點數。退回率 = 退回 ÷（驗收 + 退回），以審查日期計。' +
  '查核點依細部計畫之主辦機關歸屬。';

interface Subject {
  id: string;
  code: string;
  name: string;
}

/**
 * 計畫執行狀況報告 of one programme, as of the report's instant: lights by axis and by lead ministry
 * (override, else computed; none ⇒ white) for the as-of quarter (or parameters.period), the red
 * and yellow sub-projects with their reasons, overdue milestones, submissions waiting for the
 * secretariat, and the ministries' on-time rates for the as-of year. Every figure comes from the
 * dashboards' queries (libs/dashboards), read in the report's snapshot with the as-of day as today;
 * the long lists are paged through in batches of PROGRAMME_STATUS_BATCH.
 */
@Injectable()
@GeneratesReport(ReportKind.ProgrammeStatus)
export class ProgrammeStatusGenerator implements ReportGenerator {
  readonly formats = [ReportFormat.Pdf, ReportFormat.Xlsx] as const;

  constructor(private readonly dashboards: DashboardsService) {}

  async generate({ report, format, manager, out, font }: GenerateInput): Promise<{ rowCount: number }> {
    const sectioned = await programmeStatusReport(this.dashboards, manager, report);
    return { rowCount: await renderSectioned(sectioned, format, out, font) };
  }

  fileName(report: Report, format: ReportFormat): string {
    return reportFileName(REPORT_KINDS[ReportKind.ProgrammeStatus].title, String(report.parameters.programme ?? 'programme'), report.asOf, format);
  }
}

async function programmeStatusReport(dashboards: DashboardsService, manager: EntityManager, report: Report): Promise<SectionedReport> {
  const programme: Subject | undefined = await rowOf(manager, PROGRAMME, [requireId(report.programmeId, 'programme')]);
  if (!programme) throw AppError.notFound('programme', report.programmeId!);
  const today = taipeiDate(report.asOf);
  const period = typeof report.parameters.period === 'string' ? parsePeriod(report.parameters.period) : periodOf(today);
  const reading: Reading = { db: manager, today };
  const portfolio = await dashboards.portfolio({ programme: programme.code, period: period.code }, EVERYTHING, reading);
  const performance = await dashboards.ministryPerformance({ programme: programme.code, year: Number(today.slice(0, 4)) }, EVERYTHING, reading);

  return {
    title: `${programme.name} ${REPORT_KINDS[ReportKind.ProgrammeStatus].title}`,
    subtitle: `燈號期別 ${periodName(period)}；細部計畫 ${portfolio.total} 項`,
    asOf: report.asOf,
    landscape: true,
    sections: () => sections(dashboards, reading, programme, portfolio, performance),
  };
}

export function periodName(period: Period): string {
  return `民國 ${period.year - 1911} 年第 ${period.quarter} 季（${period.code}）`;
}

/** The count tables' columns: each light's header in its colour, with its word. */
export const countColumns = (first: string): SectionColumn[] => [
  { header: first, width: 4, chars: 30 },
  ...COLOURS.map((c): SectionColumn => ({ header: COLOUR_NAMES[c], width: 1, chars: 10, kind: 'integer', headerColours: LIGHTS[c].colours })),
  { header: '合計', width: 1, chars: 10, kind: 'integer' },
];
export const countValues = (counts: ColourCountsDto, total: number) => [...COLOURS.map((c) => counts[c]), total];

async function* sections(
  dashboards: DashboardsService, reading: Reading, programme: Subject, portfolio: PortfolioDto, performance: MinistryPerformanceDto,
): AsyncGenerator<ReportSection> {
  const totalRow: SectionRow = { values: ['合計', ...countValues(portfolio.counts, portfolio.total)], emphasis: true };
  yield {
    heading: '一、各主軸燈號統計',
    sheet: '主軸燈號',
    columns: countColumns('主軸'),
    rows: portfolio.byAxis.map((a) => ({ values: [a.axis.name, ...countValues(a.counts, a.total)] })),
    notes: () => ['一項細部計畫可屬多個主軸，各主軸分別計入。'],
    empty: '本計畫尚未設定主軸。',
  };
  yield {
    heading: '二、各主辦機關燈號統計',
    sheet: '機關燈號',
    columns: countColumns('主辦機關'),
    rows: [...portfolio.byMinistry.map((m) => ({ values: [m.ministry?.name ?? '尚未分派', ...countValues(m.counts, m.total)] })), totalRow],
  };

  const flagged = { n: 0 };
  yield {
    heading: '三、紅燈及黃燈細部計畫',
    sheet: '紅燈黃燈',
    columns: [
      { header: '燈號', width: 0.8, chars: 8, kind: 'light' },
      { header: '細部計畫代碼', width: 1.6, chars: 18 },
      { header: '細部計畫名稱', width: 3.2, chars: 40 },
      { header: '主辦機關', width: 1.4, chars: 16 },
      { header: '說明', width: 4, chars: 60 },
    ],
    rows: counted(flagged, flaggedRows(dashboards, reading, programme.code, portfolio.period)),
    notes: () => [`共 ${flagged.n} 項。`],
    empty: '本期無紅燈或黃燈細部計畫。',
  };

  const overdue = { n: 0 };
  yield {
    heading: '四、逾期查核點',
    sheet: '逾期查核點',
    columns: [
      { header: '細部計畫代碼', width: 1.6, chars: 18 },
      { header: '主辦機關', width: 1.3, chars: 16 },
      { header: '查核點代碼', width: 2, chars: 24 },
      { header: '交付項目', width: 4, chars: 48 },
      { header: '到期日', width: 1.1, chars: 12, kind: 'date' },
      { header: '逾期日數', width: 0.9, chars: 10, kind: 'integer' },
    ],
    rows: counted(overdue, (async function* () {
      const items = pages((after) => dashboards.overdueMilestones({ programme: programme.code, limit: PROGRAMME_STATUS_BATCH, after }, EVERYTHING, reading));
      for await (const m of items) {
        yield { values: [m.subProject.code, m.subProject.lead?.name ?? '尚未分派', m.milestone.code, m.milestone.deliverable, m.milestone.dueDate.ad, m.daysOverdue] };
      }
    })()),
    notes: () => [`逾期：到期日在資料截至日（${dateView(reading.today).roc}）之前而尚未驗收之查核點，共 ${overdue.n} 項。`],
    empty: '無逾期查核點。',
  };

  let waiting: { count: number; median: string | null; max: number | null } = { count: 0, median: null, max: null };
  yield {
    heading: '五、待審查資料（已送推動小組、尚待審查）',
    sheet: '待審查',
    columns: [
      { header: '細部計畫代碼', width: 1.6, chars: 18 },
      { header: '主辦機關', width: 1.3, chars: 16 },
      { header: '查核點', width: 2, chars: 24 },
      { header: '期別', width: 1, chars: 10 },
      { header: '送達日', width: 1.1, chars: 12, kind: 'date' },
      { header: '等待日數', width: 0.9, chars: 10, kind: 'integer' },
    ],
    rows: (async function* () {
      const items = pages(async (after) => {
        const page = await dashboards.pendingReviews({ programme: programme.code, limit: PROGRAMME_STATUS_BATCH, after }, EVERYTHING, reading);
        waiting = { count: page.count, median: page.medianDaysWaiting, max: page.maxDaysWaiting };
        return page;
      });
      for await (const s of items) {
        yield { values: [s.subProject.code, s.subProject.lead?.name ?? '尚未分派', s.milestone?.code ?? null, s.period, taipeiDate(new Date(s.submittedAt)), s.daysWaiting] };
      }
    })(),
    notes: () => [
      waiting.count === 0 ? '無待審查資料。' : `共 ${waiting.count} 件；等待日數中位數 ${waiting.median} 日，最長 ${waiting.max} 日。`,
    ],
  };

  yield performanceSection(`六、各主辦機關準時率（民國 ${performance.year.roc} 年，統計至 ${dateView(performance.window.to).roc}）`, performance);
}

function percent(rate: string | null): string {
  return rate === null ? '—' : `${rate}%`;
}

/** The red, then the yellow sub-projects of the period, by code, with what the light is based on. */
async function* flaggedRows(dashboards: DashboardsService, reading: Reading, programme: string, period: string): AsyncGenerator<SectionRow> {
  for (const light of [LightColour.Red, LightColour.Yellow]) {
    const items = pages(async (after) => {
      const { drillDown } = await dashboards.portfolio({ programme, period, light, limit: PROGRAMME_STATUS_BATCH, after }, EVERYTHING, reading);
      return drillDown!;
    });
    for await (const sp of items) {
      const why = sp.overridden ? `推動小組調整（原 ${sp.computedColour ? COLOUR_NAMES[sp.computedColour] : '未評'}）：${sp.overridden.justification}` : sp.reasons.map((r) => r.zh).join('；');
      yield { values: [light, sp.code, sp.name, sp.lead?.name ?? '尚未分派', why] };
    }
  }
}

export async function* counted<T>(counter: { n: number }, rows: AsyncIterable<T>): AsyncGenerator<T> {
  for await (const row of rows) {
    counter.n++;
    yield row;
  }
}

/** On-time and return rates per lead ministry: a section of the programme's report and of an organisation's. */
export function performanceSection(heading: string, performance: MinistryPerformanceDto): ReportSection {
  return {
    heading,
    sheet: '準時率',
    columns: [
      { header: '主辦機關', width: 2.4, chars: 24 },
      { header: '到期查核點', width: 1, chars: 12, kind: 'integer' },
      { header: '準時', width: 1, chars: 10, kind: 'integer' },
      { header: '逾時', width: 1, chars: 10, kind: 'integer' },
      { header: '未送', width: 1, chars: 10, kind: 'integer' },
      { header: '準時率', width: 1, chars: 10, align: 'right' },
      { header: '驗收', width: 1, chars: 10, kind: 'integer' },
      { header: '退回', width: 1, chars: 10, kind: 'integer' },
      { header: '退回率', width: 1, chars: 10, align: 'right' },
    ],
    rows: performance.ministries.map((m) => ({
      values: [m.ministry.name, m.milestonesDue, m.onTime, m.late, m.notSubmitted, percent(m.onTimeRate), m.accepts, m.returns, percent(m.returnRate)],
    })),
    notes: () => [ON_TIME_DEFINITION],
    empty: '本年度尚無到期查核點或審查紀錄。',
  };
}
