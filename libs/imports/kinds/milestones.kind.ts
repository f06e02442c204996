import { rowsOf } from '../../database/sql-query.js';
import { EXISTING_MILESTONES, type ExistingMilestoneRow, SUB_PROJECT_REFS, UPSERT_MILESTONES } from '../imports.queries.js';
import { type Change, type ColumnSpec, type FieldProblem, type ImportKind, ImportKindName, type PlannedRow } from './kind.js';

export interface MilestoneRecord {
  key: string;
  subProject: string;
  code: string | null;
  seq: number | null;
  /** Undefined: the column is not in the file. */
  fiscalYear?: number | null;
  dueDate: string;
  deliverable: string;
}

interface MilestoneTarget { code: string; subProjectId: string; seq: number; fiscalYear: number | null; dueDate: string; deliverable: string }

const COLUMNS: readonly ColumnSpec[] = [
  { key: 'subProject', header: '計畫代碼', headerEn: 'Sub-project code', aliases: ['細部計畫代碼'], type: 'code', required: true, help: '所屬細部計畫的代碼（須已存在）', helpEn: 'Code of the sub-project (must exist)', example: 'aap2-sp-01' },
  { key: 'code', header: '查核點代碼', headerEn: 'Milestone code', type: 'code', required: false, help: '查核點的唯一代碼；留空時以計畫代碼＋序號比對', helpEn: 'Unique milestone code; when empty the sub-project code and sequence are the key', example: 'aap2-sp-01-M1' },
  { key: 'seq', header: '序號', headerEn: 'Sequence', type: 'sequence', required: false, help: '計畫內的查核點序號（1、2、3…）；無查核點代碼時必填', helpEn: 'Sequence within the sub-project (1, 2, 3 …); required without a milestone code', example: '1' },
  { key: 'fiscalYear', header: '年度', headerEn: 'Year', type: 'year', required: false, help: '民國年（115）或西元年（2026）', helpEn: 'ROC (115) or AD (2026) year', example: '115' },
  { key: 'dueDate', header: '預定完成日期', headerEn: 'Due date', aliases: ['預定完成日', '完成日期', '到期日'], type: 'date', required: true, help: '民國 115/12/31、115.12.31、1151231 或西元 2026-12-31、2026/12/31，或儲存格日期', helpEn: 'ROC 115/12/31, 115.12.31, 1151231 or AD 2026-12-31, 2026/12/31, or a date cell', example: '115/12/31' },
  { key: 'deliverable', header: '查核點內容', headerEn: 'Deliverable', aliases: ['查核點', '預期成果'], type: 'text', required: true, help: '查核點（預定完成的工作或產出）', helpEn: 'What is to be delivered', example: '完成 AI 模型驗證報告' },
];

export const MILESTONES_KIND: ImportKind<MilestoneRecord> = {
  name: ImportKindName.Milestones,
  sheetName: '查核點',
  title: '查核點',
  titleEn: 'Milestones',
  columns: COLUMNS,

  toRecord(values, present, problems) {
    const subProject = values.get('subProject') as string;
    const code = (values.get('code') as string | undefined) ?? null;
    const seq = (values.get('seq') as number | undefined) ?? null;
    if (code === null && seq === null) {
      problems.push({ field: 'seq', value: null, code: 'seqOrCodeRequired' });
      return null;
    }
    return {
      key: code ?? `${subProject}#${seq}`,
      subProject, code, seq,
      fiscalYear: present.has('fiscalYear') ? (values.get('fiscalYear') as number | undefined) ?? null : undefined,
      dueDate: values.get('dueDate') as string,
      deliverable: values.get('deliverable') as string,
    };
  },

  planGroup: (record) => record.subProject,

  async plan(db, rows) {
    const spCodes = [...new Set(rows.map((r) => r.record.subProject))];
    const refs = new Map((await rowsOf(db, SUB_PROJECT_REFS, [spCodes])).map((s) => [s.code, s]));
    const codes = rows.map((r) => r.record.code).filter((c): c is string => c !== null);
    const existing = await rowsOf(db, EXISTING_MILESTONES, [codes, [...refs.values()].map((s) => s.id)]);
    const byCode = new Map<string, ExistingMilestoneRow>();
    const bySeq = new Map<string, ExistingMilestoneRow>();
    const maxSeq = new Map<string, number>();
    for (const m of existing) {
      byCode.set(m.code, m);
      bySeq.set(`${m.sub_project_id}#${m.seq}`, m);
      maxSeq.set(m.sub_project_id, Math.max(maxSeq.get(m.sub_project_id) ?? 0, m.seq));
    }
    for (const { record } of rows) {
      const sp = refs.get(record.subProject);
      if (sp && record.seq !== null) maxSeq.set(sp.id, Math.max(maxSeq.get(sp.id) ?? 0, record.seq));
    }
    /** Sequences the file takes: sub-project#seq → the row's key. */
    const taken = new Map<string, string>();

    return rows.map(({ row, record: r }): PlannedRow<MilestoneRecord> => {
      const problems: FieldProblem[] = [];
      const planned = (action: PlannedRow<MilestoneRecord>['action'], changes: Change[] = [], target?: MilestoneTarget): PlannedRow<MilestoneRecord> =>
        ({ row, key: r.key, action, changes, problems, record: r, target });
      const sp = refs.get(r.subProject);
      if (!sp) {
        problems.push({ field: 'subProject', value: r.subProject, code: 'unknownSubProject' });
        return planned('invalid');
      }
      const old = r.code !== null ? byCode.get(r.code) : bySeq.get(`${sp.id}#${r.seq}`);
      if (old && old.sub_project_id !== sp.id) {
        problems.push({ field: 'code', value: r.code, code: 'milestoneOfAnotherSubProject' });
        return planned('invalid');
      }
      const seq = r.seq ?? old?.seq ?? (maxSeq.get(sp.id) ?? 0) + 1;
      if (r.seq === null && !old) maxSeq.set(sp.id, seq);
      const seqKey = `${sp.id}#${seq}`;
      const holder = bySeq.get(seqKey);
      if ((holder && holder.id !== old?.id) || (taken.has(seqKey) && taken.get(seqKey) !== r.key)) {
        problems.push({ field: 'seq', value: String(seq), code: 'seqTaken', params: { seq } });
        return planned('invalid');
      }
      taken.set(seqKey, r.key);
      const code = r.code ?? old?.code ?? `${sp.code}-M${seq}`;
      if (!old && byCode.has(code)) {
        problems.push({ field: 'seq', value: String(seq), code: 'seqTaken', params: { seq } });
        return planned('invalid');
      }
      const target: MilestoneTarget = {
        code, subProjectId: sp.id, seq,
        fiscalYear: r.fiscalYear === undefined ? old?.fiscal_year ?? null : r.fiscalYear,
        dueDate: r.dueDate, deliverable: r.deliverable,
      };
      if (!old) return planned('create', [], target);
      const changes: Change[] = [];
      const diff = (field: string, before: unknown, after: unknown) => { if (before !== after) changes.push({ field, old: before, new: after }); };
      diff('seq', old.seq, target.seq);
      diff('fiscalYear', old.fiscal_year, target.fiscalYear);
      diff('dueDate', old.due_date, target.dueDate);
      diff('deliverable', old.deliverable, target.deliverable);
      if (old.due_date !== target.dueDate && old.status !== 'pending') {
        problems.push({ field: 'dueDate', value: r.dueDate, code: 'milestoneNotPending', params: { status: old.status, current: old.due_date } });
        return planned('invalid');
      }
      return planned(changes.length === 0 ? 'unchanged' : 'update', changes, target);
    });
  },

  async apply(db, rows) {
    const writes = rows.filter((r) => r.action === 'create' || r.action === 'update');
    const CHUNK = 10_000;
    for (let i = 0; i < writes.length; i += CHUNK) {
      const t = writes.slice(i, i + CHUNK).map((r) => r.target as MilestoneTarget);
      await rowsOf(db, UPSERT_MILESTONES, [t.map((x) => x.code), t.map((x) => x.subProjectId), t.map((x) => x.seq), t.map((x) => x.fiscalYear), t.map((x) => x.dueDate), t.map((x) => x.deliverable)]);
    }
    return { created: writes.filter((r) => r.action === 'create').length, updated: writes.filter((r) => r.action === 'update').length };
  },
};
