import {
  parseBoolean, parseCode, parseDate, parseDecimal, parsePositiveInt, type Parsed, parseText, parseYear, splitList,
} from './fields.js';
import type { ColumnSpec, FieldProblem, ImportKind, ParsedRow, PlannedRow, Problem } from './kinds/kind.js';
import { ImportFileError } from './reading/file-problem.js';
import type { Cell } from './reading/sheet.js';
import { columnName } from './reading/sheet.js';

const headerText = (s: string) => s.normalize('NFKC').replace(/[\s*＊]/g, '').replace(/[（(]必填[)）]/g, '').toLowerCase();

/** Which file column holds which of the kind's columns, from the header row. */
export function mapHeader(kind: ImportKind<{ key: string }>, cells: readonly (Cell | undefined)[]): Map<string, number> {
  const byText = new Map<string, ColumnSpec>();
  for (const c of kind.columns) for (const name of [c.header, c.headerEn, ...(c.aliases ?? [])]) byText.set(headerText(name), c);
  const map = new Map<string, number>();
  const duplicates: string[] = [];
  cells.forEach((cell, index) => {
    if (!cell) return;
    const spec = byText.get(headerText(cell.v));
    if (!spec) return;
    if (map.has(spec.key)) duplicates.push(spec.header);
    else map.set(spec.key, index);
  });
  if (duplicates.length) throw new ImportFileError('duplicateColumns', `Columns appear twice: ${duplicates.join(', ')}`, { columns: duplicates });
  const missing = kind.columns.filter((c) => c.required && !map.has(c.key)).map((c) => c.header);
  if (missing.length) {
    throw new ImportFileError('missingColumns', `The header row lacks required columns: ${missing.join(', ')} (download the template for the column names)`, {
      missing, found: cells.filter((c): c is Cell => !!c).map((c) => c.v).slice(0, 50),
    });
  }
  return map;
}

function parseCell(spec: ColumnSpec, cell: Cell): Parsed<unknown> {
  switch (spec.type) {
    case 'code': return parseCode(cell);
    case 'text': return parseText(cell, 500);
    case 'longText': return parseText(cell, 4000);
    case 'date': return parseDate(cell);
    case 'year': return parseYear(cell);
    case 'decimal': return parseDecimal(cell, { precision: spec.key === 'value' ? 20 : 14, scale: 4 });
    case 'sequence': return parsePositiveInt(cell);
    case 'boolean': return parseBoolean(cell);
    case 'list': return { ok: true, value: splitList(cell.v) };
    default: return { ok: false, code: 'badValue' };
  }
}

/** Reads one data row into the kind's record: every cell typed, every problem with its field. */
export function parseRow<R extends { key: string }>(kind: ImportKind<R>, header: Map<string, number>, rowNumber: number, cells: readonly (Cell | undefined)[]): ParsedRow<R> {
  const problems: FieldProblem[] = [];
  const values = new Map<string, unknown>();
  const present = new Set<string>();
  let failed = false;
  for (const spec of kind.columns) {
    const index = header.get(spec.key);
    if (index === undefined) continue;
    present.add(spec.key);
    const cell = cells[index];
    if (!cell) {
      if (spec.required) { problems.push({ field: spec.key, value: null, code: 'required' }); failed = true; }
      continue;
    }
    if (cell.t === 'error') {
      problems.push({ field: spec.key, value: cell.v, code: 'errorCell' });
      failed = true;
      continue;
    }
    if (cell.formula) problems.push({ field: spec.key, value: cell.v, code: 'formulaCachedValue', severity: 'warning' });
    const parsed = parseCell(spec, cell);
    if (parsed.ok) values.set(spec.key, parsed.value);
    else { problems.push({ field: spec.key, value: cell.v, code: parsed.code, params: parsed.params }); failed = true; }
  }
  const record = failed ? null : kind.toRecord(values, present, problems);
  return { row: rowNumber, record, key: record?.key ?? null, problems };
}

/** The file's problems with their column letters; a warning never stops a row. */
export function located(header: Map<string, number>, row: number, problems: readonly FieldProblem[]): Problem[] {
  return problems.map((p) => {
    const index = p.field === null ? undefined : header.get(p.field);
    return {
      row, column: index === undefined ? null : columnName(index), field: p.field, value: p.value ?? null, code: p.code,
      ...(p.params ? { params: p.params } : {}), severity: p.severity ?? 'error',
    };
  });
}

export interface PreviewRow {
  row: number;
  key: string | null;
  action: 'create' | 'update' | 'unchanged' | 'invalid';
  changes: PlannedRow<unknown>['changes'];
  problems: Problem[];
  record: Record<string, unknown> | null;
}

/** The counts the summary shows; the rows are counted as they are stored, a batch at a time. */
export function emptySummary(): Record<string, number> {
  return { rows: 0, create: 0, update: 0, unchanged: 0, invalid: 0, errors: 0, warnings: 0 };
}

export function countInto(summary: Record<string, number>, rows: readonly PreviewRow[]): void {
  summary.rows += rows.length;
  for (const r of rows) {
    summary[r.action] += 1;
    for (const p of r.problems) summary[p.severity === 'warning' ? 'warnings' : 'errors'] += 1;
  }
}
