import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { taipeiDate } from '../../common/clock.js';
import { formatAmount } from '../../common/decimal.js';
import { dateView, toRocYear } from '../../common/roc.js';
import { REPORT_KINDS } from '../../reports/report-kinds.js';
import { type GenerateInput, GeneratesReport, type ReportGenerator, reportFileName } from '../../reports/report-generator.js';
import { type Report, ReportFormat, ReportKind } from '../../reports/report.entity.js';
import { type ReportSection, renderSectioned, type SectionedReport, type SectionRow } from '../../reports/sections.js';
import { GateRequirement, SCORE_MAX, SCORE_MIN } from '../gate.entity.js';
import { loadPacketData, type PacketData, type PacketReviewStep, type PacketTarget } from './gate-packet.data.js';

const TITLE = REPORT_KINDS[ReportKind.GatePacket].title;

const SUB_PROJECT_STATUS_NAMES: Record<string, string> = {
  draft: '草擬中', assigned: '已分派', acknowledged: '已確認', active: '執行中', suspended: '暫停', closed: '已結案',
};
const MILESTONE_STATUS_NAMES: Record<string, string> = { pending: '待提報', submitted: '已提報待審', accepted: '已驗收' };
const SUBMISSION_STATUS_NAMES: Record<string, string> = {
  draft: '填報中（未送出）', awaiting_supervisor: '待機關主管核定', submitted: '已送推動小組審查', accepted: '已驗收', returned: '退回補正',
};
const REVIEW_ACTION_NAMES: Record<string, string> = { accept: '驗收', return: '退回' };
const DECISION_NAMES: Record<string, string> = { go: '通過', go_with_conditions: '有條件通過', hold: '暫緩', recycle: '重新審查', stop: '終止' };
const CONDITION_STATUS_NAMES: Record<string, string> = { open: '未結案', closed: '已結案', waived: '已豁免' };
const REQUIREMENT_NAMES: Record<GateRequirement, string> = {
  [GateRequirement.MustMeet]: '必要條件（符合／不符合）',
  [GateRequirement.ShouldMeet]: `評分條件（${SCORE_MIN}–${SCORE_MAX} 分）`,
};
const COMPARATOR_SIGNS: Record<string, string> = { eq: '', approx: '約 ', gt: '> ', gte: '≥ ', lt: '< ', lte: '≤ ' };

const SCALE_NOTE_ZH =
  `評分方式：必要條件由每位評審委員判定「符合」或「不符合」，任一委員判定不符合者不得逕予「通過」；評分條件以 ${SCORE_MIN}–${SCORE_MAX} 分（整數）評分，` +
  '依權重加權平均。每項標準均須填寫評審意見。權重與評分尺度為本系統預設值，非計畫原文所定。';

/**
 * 階段審查資料 (gate-review packet) of one gate review, PDF and XLSX, from the report's snapshot:
 * the sub-project summary, its lead and co-organisers, milestones with their submissions and the
 * secretariat's review comments, indicator actuals against targets, budget allocated against
 * executed per year, the conditions of earlier gates, and the gate's criteria with blank columns
 * for the reviewers' scores and comments. Reviewers' names are not in the packet: ministries of the
 * sub-project read it too, and are told only how many reviewers there are.
 */
@Injectable()
@GeneratesReport(ReportKind.GatePacket)
export class GatePacketGenerator implements ReportGenerator {
  readonly formats = [ReportFormat.Pdf, ReportFormat.Xlsx] as const;
  /** "aap2018-div-2-01_aap2018-gate-1" per report id, from generate() for fileName() (which has no database). */
  private readonly subjects = new Map<string, string>();

  async generate({ report, format, manager, out, font }: GenerateInput): Promise<{ rowCount: number }> {
    const { packet, subject } = await gatePacketReport(manager, report);
    const rowCount = await renderSectioned(packet, format, out, font);
    if (this.subjects.size > 1000) this.subjects.clear(); // only a report whose storing step never ran leaves its entry
    this.subjects.set(report.id, subject);
    return { rowCount };
  }

  fileName(report: Report, format: ReportFormat): string {
    const subject = this.subjects.get(report.id) ?? String(report.parameters.gateReview ?? 'gate-review');
    this.subjects.delete(report.id);
    return reportFileName(TITLE, subject, report.asOf, format);
  }
}

function gateReviewOf(report: Report): string {
  const id = report.parameters.gateReview;
  if (typeof id !== 'string') throw new Error('the report names no gate review (parameters.gateReview)');
  return id;
}

async function gatePacketReport(manager: EntityManager, report: Report): Promise<{ packet: SectionedReport; subject: string }> {
  const data = await loadPacketData(manager, gateReviewOf(report), taipeiDate(report.asOf));
  const r = data.review;
  return {
    subject: `${r.sp_code}_${r.gate_code}`,
    packet: {
      title: `${r.sp_name} 第 ${r.gate_seq} 關「${r.gate_name}」${TITLE}`,
      subtitle: `${r.programme_name}　細部計畫 ${r.sp_code}　審查會議 民國 ${dateView(r.scheduled_for).roc}（${r.scheduled_for}）`,
      asOf: report.asOf,
      landscape: true,
      sections: () => sections(data, taipeiDate(report.asOf)),
    },
  };
}

const years = (from: number | null, to: number | null): string | null => {
  if (from === null && to === null) return null;
  const roc = [from, to].map((y) => (y === null ? '?' : String(toRocYear(y))));
  const ad = [from, to].map((y) => (y === null ? '?' : String(y)));
  return from === to ? `民國 ${roc[0]} 年（${ad[0]}）` : `民國 ${roc[0]}–${roc[1]} 年（${ad[0]}–${ad[1]}）`;
};
const yearLabel = (year: number | null): string => (year === null ? '全程' : `${toRocYear(year)} 年（${year}）`);
const dates = (iso: string): string => `民國 ${dateView(iso).roc}（${iso}）`;
/** "12.5000" → "12.5", "600.0000" → "600": figures as people write them (exact, never via a float). */
const figure = (value: string): string => (value.includes('.') ? value.replace(/\.?0+$/, '') : value);

function reviewText(steps: PacketReviewStep[]): string | null {
  if (steps.length === 0) return null;
  return steps.map((s) => `${dateView(s.on).roc} ${REVIEW_ACTION_NAMES[s.action] ?? s.action}${s.comment ? `：${s.comment}` : ''}`).join('\n');
}

function submissionText(status: string | null, submittedOn: string | null, progress: string | null): string {
  if (status === null) return '尚未填報';
  const parts = [SUBMISSION_STATUS_NAMES[status] ?? status];
  if (submittedOn && status !== 'draft' && status !== 'awaiting_supervisor') parts.push(`送達 ${dateView(submittedOn).roc}`);
  if (progress !== null) parts.push(`進度 ${figure(progress)}%`);
  return parts.join('\n');
}

function targetText(t: PacketTarget, unit: string | null): string {
  const value = t.value === null ? '' : `${COMPARATOR_SIGNS[t.comparator] ?? ''}${figure(t.value)}${unit ? ` ${unit}` : ''}`;
  const note = t.note ? (value ? `（${t.note}）` : t.note) : '';
  return `${yearLabel(t.year)}：${value}${note}` ;
}

function* sections(data: PacketData, today: string): Generator<ReportSection> {
  const r = data.review;
  const summary: [string, string | null][] = [
    ['細部計畫代碼', r.sp_code],
    ['細部計畫名稱', r.sp_name],
    ['所屬方案', `${r.programme_name}（${r.programme_code}）`],
    ['執行期間', [years(r.start_year, r.end_year), r.period_text ? `原文「${r.period_text}」` : null].filter(Boolean).join('；') || null],
    ['計畫狀態', SUB_PROJECT_STATUS_NAMES[r.sp_status] ?? r.sp_status],
    ['旗艦計畫', r.is_flagship ? '是（適用階段審查）' : '否'],
    ['審查關卡', `第 ${r.gate_seq} 關 ${r.gate_name}（${r.gate_code}）`],
    ['關卡目的', r.gate_purpose],
    ['審查會議日期', dates(r.scheduled_for)],
    ['全程目標', r.full_term_target],
    ['辦理措施', r.measures],
  ];
  yield {
    heading: '一、細部計畫概要',
    sheet: '概要',
    columns: [
      { header: '項目', width: 1.4, chars: 16 },
      { header: '內容', width: 8, chars: 100 },
    ],
    rows: summary.map(([k, v]) => ({ values: [k, v ?? '—'] })),
  };

  yield {
    heading: '二、主辦及協辦機關',
    sheet: '主協辦機關',
    columns: [
      { header: '角色', width: 1, chars: 8, align: 'center' },
      { header: '機關代碼', width: 1.4, chars: 16 },
      { header: '機關名稱', width: 3, chars: 30 },
    ],
    rows: [
      { values: ['主辦', r.lead_code ?? '—', r.lead_name ?? '尚未分派'] },
      ...data.coOrganisers.map((o): SectionRow => ({ values: ['協辦', o.code, o.name] })),
    ],
    notes: () => [
      ...(r.lead_text || r.co_organisers_text ? [`計畫原文：主辦「${r.lead_text ?? '—'}」，協辦「${r.co_organisers_text ?? '—'}」。`] : []),
      ...data.discrepancies.map((d) => `資料來源差異：${d}`),
    ],
  };

  const overdue = data.milestones.filter((m) => m.overdue).length;
  const accepted = data.milestones.filter((m) => m.status === 'accepted').length;
  yield {
    heading: '三、查核點及填報審查情形',
    sheet: '查核點',
    columns: [
      { header: '查核點代碼', width: 1.7, chars: 22 },
      { header: '交付項目', width: 3.6, chars: 50 },
      { header: '到期日', width: 1.1, chars: 12, kind: 'dates' },
      { header: '查核點狀態', width: 1.1, chars: 14, align: 'center' },
      { header: '填報情形', width: 1.6, chars: 22 },
      { header: '推動小組審查意見', width: 3.4, chars: 50 },
    ],
    rows: data.milestones.map((m) => ({
      values: [
        m.code, m.deliverable, m.due_date,
        `${MILESTONE_STATUS_NAMES[m.status] ?? m.status}${m.overdue ? '\n（逾期）' : ''}`,
        submissionText(m.submission_status, m.submitted_on, m.progress), reviewText(m.reviews),
      ],
    })),
    notes: () => [
      `共 ${data.milestones.length} 個查核點：已驗收 ${accepted} 個；逾期未驗收 ${overdue} 個（到期日在資料截至日 民國 ${dateView(today).roc} 之前而尚未驗收）。`,
      '審查意見僅列推動小組之驗收及退回紀錄；機關內部之核定及退回不列。',
    ],
    empty: '本細部計畫尚未設定查核點。',
  };

  yield {
    heading: '四、定期填報',
    sheet: '定期填報',
    columns: [
      { header: '期別', width: 1, chars: 10, align: 'center' },
      { header: '填報情形', width: 1.8, chars: 22 },
      { header: '預算執行數（億元）', width: 1.4, chars: 16, kind: 'amount' },
      { header: '執行年度', width: 1.2, chars: 14, align: 'center' },
      { header: '推動小組審查意見', width: 4, chars: 60 },
    ],
    rows: data.periodSubmissions.map((s) => ({
      values: [
        s.period, submissionText(s.status, s.submitted_on, s.progress), s.budget_executed, s.budget_year === null ? null : yearLabel(s.budget_year), reviewText(s.reviews),
      ],
    })),
    empty: '本細部計畫尚無定期填報。',
  };

  yield {
    heading: '五、績效指標：目標與實績',
    sheet: '績效指標',
    columns: [
      { header: '指標代碼', width: 1.5, chars: 20 },
      { header: '指標', width: 3.4, chars: 50 },
      { header: '目標值', width: 2.4, chars: 30 },
      { header: '最新實績', width: 1.2, chars: 14, align: 'right' },
      { header: '實績來源', width: 2.2, chars: 30 },
    ],
    rows: data.indicators.map((i) => ({
      values: [
        i.code, i.own ? i.text : `${i.text}（方案指標）`, i.targets.length ? i.targets.map((t) => targetText(t, i.unit)).join('\n') : '（未訂目標）',
        i.actual === null ? '尚無' : `${figure(i.actual)}${i.unit ? ` ${i.unit}` : ''}`,
        i.actual === null
          ? null
          : [i.actual_milestone ? `查核點 ${i.actual_milestone}` : i.actual_period ? `${i.actual_period} 填報` : null, i.actual_decided_on ? `${dateView(i.actual_decided_on).roc} 驗收` : null, i.actual_note]
            .filter(Boolean).join('；'),
      ],
    })),
    notes: () => ['最新實績取最近一次經推動小組驗收之填報所載數值；未經驗收之填報不列。'],
    empty: '本細部計畫尚無績效指標，其填報亦未載指標實績。',
  };

  yield {
    heading: '六、預算核定數與執行數（億元）',
    sheet: '預算執行',
    columns: [
      { header: '年度', width: 1.3, chars: 14, align: 'center' },
      { header: '既有', width: 1, chars: 12, kind: 'amount' },
      { header: '新增', width: 1, chars: 12, kind: 'amount' },
      { header: '核定數合計', width: 1.1, chars: 14, kind: 'amount' },
      { header: '執行數（預算資料）', width: 1.3, chars: 16, kind: 'amount' },
      { header: '執行數（填報已驗收）', width: 1.3, chars: 18, kind: 'amount' },
      { header: '執行率', width: 0.9, chars: 10, align: 'right' },
    ],
    rows: data.budget.length === 0 ? [] : [
      ...data.budget.map((b): SectionRow => ({ values: [yearLabel(b.year), b.existing, b.new, b.allocated, b.executed, b.reported, b.rate === null ? '—' : `${b.rate}%`] })),
      { values: ['合計', null, null, data.budgetTotal.allocated, null, null, null], emphasis: true },
    ],
    notes: () => data.budget.length === 0 ? [] : [
      `執行率 = 執行數 ÷ 核定數合計；執行數以預算資料所載為準，未載者採該年度最近一次經驗收之填報。核定數合計 ${data.budgetTotal.allocated ? formatAmount(data.budgetTotal.allocated) : '—'} 億元，` +
        `執行數合計 ${data.budgetTotal.executed ? formatAmount(data.budgetTotal.executed) : '—'} 億元。`,
    ],
    empty: '本細部計畫尚無預算資料。',
  };

  const open = data.conditions.filter((c) => c.status === 'open').length;
  yield {
    heading: '七、前次關卡決定之附帶條件',
    sheet: '前次附帶條件',
    columns: [
      { header: '關卡', width: 1.8, chars: 22 },
      { header: '序', width: 0.4, chars: 5, kind: 'integer' },
      { header: '附帶條件', width: 3.6, chars: 50 },
      { header: '負責機關', width: 1.3, chars: 16 },
      { header: '期限', width: 1.1, chars: 12, kind: 'dates' },
      { header: '狀態', width: 0.8, chars: 10, align: 'center' },
      { header: '辦理說明', width: 2.6, chars: 40 },
    ],
    rows: data.conditions.map((c) => ({
      values: [
        `第 ${c.gate_seq} 關 ${c.gate_name}${c.decision ? `（${DECISION_NAMES[c.decision] ?? c.decision}）` : ''}`, c.seq, c.text, c.owner_name, c.due_date,
        CONDITION_STATUS_NAMES[c.status] ?? c.status, c.resolution_note,
      ],
    })),
    notes: () => data.conditions.length ? [`共 ${data.conditions.length} 項，未結案 ${open} 項；未結案之條件須結案或豁免後，本關始得作成決定。`] : [],
    empty: '前次關卡無附帶條件。',
  };

  yield {
    heading: `八、本關審查標準及評分表（第 ${r.gate_seq} 關 ${r.gate_name}）`,
    sheet: '評分表',
    columns: [
      { header: '代碼', width: 0.6, chars: 8 },
      { header: '審查標準', width: 3.4, chars: 50 },
      { header: '類別', width: 1.4, chars: 20 },
      { header: '權重', width: 0.6, chars: 8, align: 'right' },
      { header: '審查重點', width: 2.6, chars: 40 },
      { header: '評分／判定', width: 1, chars: 14 },
      { header: '評審意見', width: 2.4, chars: 40 },
    ],
    rows: data.criteria.map((c) => ({
      values: [c.code, c.text, REQUIREMENT_NAMES[c.requirement] ?? c.requirement, c.requirement === GateRequirement.MustMeet ? '—' : figure(c.weight), c.guidance, null, null],
    })),
    notes: () => [SCALE_NOTE_ZH],
    empty: '本關尚未設定審查標準。',
  };
}
