import { execute, rowsOf } from '../../database/sql-query.js';
import { EXISTING_BUDGET_LINES, INSERT_BUDGET_LINES, SUB_PROJECT_REFS, UPDATE_BUDGET_LINES } from '../imports.queries.js';
import { sameDecimal } from './same-decimal.js';
import { type Change, type ColumnSpec, type FieldProblem, type ImportKind, ImportKindName, type PlannedRow } from './kind.js';

export interface BudgetLineRecord {
  key: string;
  subProject: string;
  year: number;
  kind: 'existing' | 'new';
  allocated: string;
  /** Undefined: the column is not in the file. */
  executed?: string | null;
}

interface BudgetTarget { id: string | null; code: string; programmeId: string; subProjectId: string; allocated: string; executed: string | null }

const KINDS: Record<string, 'existing' | 'new'> = { 既有: 'existing', 既有預算: 'existing', existing: 'existing', 新增: 'new', 新增預算: 'new', new: 'new' };

const COLUMNS: readonly ColumnSpec[] = [
  { key: 'subProject', header: '計畫代碼', headerEn: 'Sub-project code', type: 'code', required: true, help: '細部計畫代碼（須已存在）', helpEn: 'Sub-project code (must exist)', example: 'aap2-sp-01' },
  { key: 'year', header: '年度', headerEn: 'Year', type: 'year', required: true, help: '民國年（115）或西元年（2026）', helpEn: 'ROC (115) or AD (2026) year', example: '115' },
  { key: 'kind', header: '預算類別', headerEn: 'Budget kind', aliases: ['類別'], type: 'text', required: false, help: '既有或新增（空白為既有）', helpEn: 'existing (既有) or new (新增); empty is existing', example: '既有' },
  { key: 'allocated', header: '核定數（億元）', headerEn: 'Allocated (億元)', aliases: ['核定數', '預算數', '分配數'], type: 'decimal', required: true, help: '億元，最多 4 位小數，以精確小數處理', helpEn: '億元 (100 million NTD), up to 4 decimals, kept exact', example: '1.2345' },
  { key: 'executed', header: '執行數（億元）', headerEn: 'Executed (億元)', aliases: ['執行數'], type: 'decimal', required: false, help: '億元，可空白（尚未填報）', helpEn: '億元; empty until reported', example: '0.5' },
];

export const BUDGET_LINES_KIND: ImportKind<BudgetLineRecord> = {
  name: ImportKindName.BudgetLines,
  sheetName: '預算',
  title: '年度預算',
  titleEn: 'Budget lines',
  columns: COLUMNS,

  toRecord(values, present, problems) {
    const kindText = (values.get('kind') as string | undefined)?.trim().toLowerCase();
    const kind = kindText === undefined ? 'existing' : KINDS[kindText];
    if (!kind) {
      problems.push({ field: 'kind', value: kindText ?? null, code: 'badChoice', params: { allowed: ['既有', '新增'] } });
      return null;
    }
    const subProject = values.get('subProject') as string;
    const year = values.get('year') as number;
    return {
      key: `${subProject}:${year}:${kind}`, subProject, year, kind,
      allocated: values.get('allocated') as string,
      executed: present.has('executed') ? (values.get('executed') as string | undefined) ?? null : undefined,
    };
  },

  async plan(db, rows) {
    const refs = new Map((await rowsOf(db, SUB_PROJECT_REFS, [[...new Set(rows.map((r) => r.record.subProject))]])).map((s) => [s.code, s]));
    const existing = new Map((await rowsOf(db, EXISTING_BUDGET_LINES, [[...refs.values()].map((s) => s.id)])).map((b) => [`${b.sub_project_id}:${b.fiscal_year}:${b.kind}`, b]));
    return rows.map(({ row, record: r }): PlannedRow<BudgetLineRecord> => {
      const problems: FieldProblem[] = [];
      const sp = refs.get(r.subProject);
      if (!sp) {
        problems.push({ field: 'subProject', value: r.subProject, code: 'unknownSubProject' });
        return { row, key: r.key, action: 'invalid', changes: [], problems, record: r };
      }
      const old = existing.get(`${sp.id}:${r.year}:${r.kind}`);
      const target: BudgetTarget = {
        id: old?.id ?? null, code: `${sp.programme_code}:${sp.code}:${r.year}:${r.kind}`, programmeId: sp.programme_id, subProjectId: sp.id,
        allocated: r.allocated, executed: r.executed === undefined ? old?.executed ?? null : r.executed,
      };
      if (target.executed !== null && Number(target.executed) > Number(target.allocated)) {
        problems.push({ field: 'executed', value: target.executed, code: 'executedOverAllocated', params: { allocated: target.allocated }, severity: 'warning' });
      }
      if (!old) return { row, key: r.key, action: 'create', changes: [], problems, record: r, target };
      const changes: Change[] = [];
      if (!sameDecimal(old.allocated, target.allocated)) changes.push({ field: 'allocated', old: old.allocated, new: target.allocated });
      if (!sameDecimal(old.executed, target.executed)) changes.push({ field: 'executed', old: old.executed, new: target.executed });
      return { row, key: r.key, action: changes.length ? 'update' : 'unchanged', changes, problems, record: r, target };
    });
  },

  async apply(db, rows) {
    const creates = rows.filter((r) => r.action === 'create').map((r) => ({ r: r.record, t: r.target as BudgetTarget }));
    const updates = rows.filter((r) => r.action === 'update').map((r) => r.target as BudgetTarget);
    if (creates.length) {
      await execute(db, INSERT_BUDGET_LINES, [
        creates.map((c) => c.t.code), creates.map((c) => c.t.programmeId), creates.map((c) => c.t.subProjectId), creates.map((c) => c.r.year),
        creates.map((c) => c.r.kind), creates.map((c) => c.t.allocated), creates.map((c) => c.t.executed),
      ]);
    }
    if (updates.length) await execute(db, UPDATE_BUDGET_LINES, [updates.map((u) => u.id), updates.map((u) => u.allocated), updates.map((u) => u.executed)]);
    return { created: creates.length, updated: updates.length };
  },
};
