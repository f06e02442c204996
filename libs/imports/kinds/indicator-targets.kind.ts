import { execute, rowsOf } from '../../database/sql-query.js';
import { EXISTING_TARGETS, INDICATOR_REFS, INSERT_TARGETS, UPDATE_TARGETS } from '../imports.queries.js';
import { sameDecimal } from './same-decimal.js';
import { type Change, type ColumnSpec, type FieldProblem, type ImportKind, ImportKindName, type PlannedRow } from './kind.js';

export interface IndicatorTargetRecord {
  key: string;
  indicator: string;
  /** Null: a target for the whole period. */
  year: number | null;
  value: string;
  comparator: string;
  note?: string | null;
}

interface TargetTarget { id: string | null; indicatorId: string; value: string; comparator: string; note: string | null }

const COMPARATORS: Record<string, string> = {
  '=': 'eq', '': 'eq', 等於: 'eq', eq: 'eq', 約: 'approx', '≈': 'approx', '~': 'approx', approx: 'approx',
  '>': 'gt', 超過: 'gt', gt: 'gt', '≥': 'gte', '>=': 'gte', 達: 'gte', gte: 'gte', '<': 'lt', 低於: 'lt', lt: 'lt', '≤': 'lte', '<=': 'lte', lte: 'lte',
};

const COLUMNS: readonly ColumnSpec[] = [
  { key: 'indicator', header: '指標代碼', headerEn: 'Indicator code', type: 'code', required: true, help: '關鍵成果／指標的代碼（須已存在）', helpEn: 'Code of the key result / indicator (must exist)', example: 'aap2-kr-1' },
  { key: 'year', header: '年度', headerEn: 'Year', type: 'year', required: false, help: '民國年或西元年；空白表示全期目標', helpEn: 'ROC or AD year; empty for a whole-period target', example: '115' },
  { key: 'comparator', header: '比較', headerEn: 'Comparator', type: 'text', required: false, help: '＝、約、>、≥（達）、<、≤；空白為＝', helpEn: '=, 約 (approx), >, ≥ (達), <, ≤; empty is =', example: '≥' },
  { key: 'value', header: '目標值', headerEn: 'Target', type: 'decimal', required: true, help: '精確小數，最多 4 位小數', helpEn: 'Exact decimal, up to 4 decimals', example: '500' },
  { key: 'note', header: '備註', headerEn: 'Note', type: 'longText', required: false, help: '說明', helpEn: 'Note', example: '' },
];

export const INDICATOR_TARGETS_KIND: ImportKind<IndicatorTargetRecord> = {
  name: ImportKindName.IndicatorTargets,
  sheetName: '指標目標',
  title: '指標目標值',
  titleEn: 'Indicator targets',
  columns: COLUMNS,

  toRecord(values, present, problems) {
    const text = ((values.get('comparator') as string | undefined) ?? '').trim().toLowerCase();
    const comparator = COMPARATORS[text];
    if (!comparator) {
      problems.push({ field: 'comparator', value: text, code: 'badChoice', params: { allowed: ['=', '約', '>', '≥', '<', '≤'] } });
      return null;
    }
    const indicator = values.get('indicator') as string;
    const year = (values.get('year') as number | undefined) ?? null;
    return {
      key: `${indicator}:${year ?? '全期'}`, indicator, year, comparator, value: values.get('value') as string,
      note: present.has('note') ? (values.get('note') as string | undefined) ?? null : undefined,
    };
  },

  async plan(db, rows) {
    const refs = new Map((await rowsOf(db, INDICATOR_REFS, [[...new Set(rows.map((r) => r.record.indicator))]])).map((i) => [i.code, i]));
    const existing = new Map((await rowsOf(db, EXISTING_TARGETS, [[...refs.values()].map((i) => i.id)])).map((t) => [`${t.indicator_id}:${t.year ?? ''}`, t]));
    return rows.map(({ row, record: r }): PlannedRow<IndicatorTargetRecord> => {
      const problems: FieldProblem[] = [];
      const ind = refs.get(r.indicator);
      if (!ind) {
        problems.push({ field: 'indicator', value: r.indicator, code: 'unknownIndicator' });
        return { row, key: r.key, action: 'invalid', changes: [], problems, record: r };
      }
      const old = existing.get(`${ind.id}:${r.year ?? ''}`);
      const target: TargetTarget = { id: old?.id ?? null, indicatorId: ind.id, value: r.value, comparator: r.comparator, note: r.note === undefined ? old?.note ?? null : r.note };
      if (!old) return { row, key: r.key, action: 'create', changes: [], problems, record: r, target };
      const changes: Change[] = [];
      if (!sameDecimal(old.value, target.value)) changes.push({ field: 'value', old: old.value, new: target.value });
      if (old.comparator !== target.comparator) changes.push({ field: 'comparator', old: old.comparator, new: target.comparator });
      if (old.note !== target.note) changes.push({ field: 'note', old: old.note, new: target.note });
      return { row, key: r.key, action: changes.length ? 'update' : 'unchanged', changes, problems, record: r, target };
    });
  },

  async apply(db, rows) {
    const creates = rows.filter((r) => r.action === 'create');
    const updates = rows.filter((r) => r.action === 'update').map((r) => r.target as TargetTarget);
    if (creates.length) {
      const t = creates.map((r) => r.target as TargetTarget);
      await execute(db, INSERT_TARGETS, [t.map((x) => x.indicatorId), creates.map((r) => r.record.year), t.map((x) => x.value), t.map((x) => x.comparator), t.map((x) => x.note)]);
    }
    if (updates.length) await execute(db, UPDATE_TARGETS, [updates.map((u) => u.id), updates.map((u) => u.value), updates.map((u) => u.comparator), updates.map((u) => u.note)]);
    return { created: creates.length, updated: updates.length };
  },
};
