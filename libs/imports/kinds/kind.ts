import type { DbHandle } from '../../database/db-handle.js';
import type { Cell } from '../reading/sheet.js';

/** The kinds of import: each is a sheet of rows keyed by one column (or a pair). */
export enum ImportKindName {
  SubProjects = 'sub-projects',
  Milestones = 'milestones',
  BudgetLines = 'budget-lines',
  IndicatorTargets = 'indicator-targets',
}

export type ColumnType = 'code' | 'text' | 'longText' | 'date' | 'year' | 'decimal' | 'sequence' | 'boolean' | 'list';

export interface ColumnSpec {
  key: string;
  /** The template's header (zh-TW); the English header and aliases are read too. */
  header: string;
  headerEn: string;
  aliases?: readonly string[];
  type: ColumnType;
  required: boolean;
  /** What the column means (zh-TW / English), for the instructions sheet. */
  help: string;
  helpEn: string;
  example: string;
}

export type Severity = 'error' | 'warning';

export interface Problem {
  row: number;
  /** The column letter (A, B …) as the file has it; null for a problem of the whole row. */
  column: string | null;
  field: string | null;
  value: string | null;
  code: string;
  params?: Record<string, unknown>;
  severity: Severity;
}

export interface Change {
  field: string;
  old: unknown;
  new: unknown;
}

export type RowAction = 'create' | 'update' | 'unchanged' | 'invalid';

/** A row as the preview shows it: what confirm will do with it, and why not. */
export interface RowPlan<R = Record<string, unknown>> {
  row: number;
  key: string;
  action: RowAction;
  changes: Change[];
  problems: Problem[];
  /** The parsed row: what confirm applies (never the file again). */
  record: R;
}

/** A problem found for a row, before its column letter is known. */
export type FieldProblem = { field: string | null; value?: string | null; code: string; params?: Record<string, unknown>; severity?: Severity };

export interface ParsedRow<R> {
  row: number;
  /** Null when a required cell is missing or unreadable: the row is invalid before the database is asked. */
  record: R | null;
  key: string | null;
  problems: FieldProblem[];
}

export interface PlannedRow<R> {
  row: number;
  key: string;
  /** `invalid` when the database shows a problem (an unknown ministry, a sub-project that does not exist). */
  action: RowAction;
  changes: Change[];
  problems: FieldProblem[];
  record: R;
  /** What the row writes, resolved (ids); only for create and update. */
  target?: unknown;
}

export interface ApplyCounts {
  created: number;
  updated: number;
}

/** What one kind of import knows: its columns, how a row reads, how it compares with the database, how it is written. */
export interface ImportKind<R extends { key: string }> {
  name: ImportKindName;
  /** The data sheet's name in the template. */
  sheetName: string;
  title: string;
  titleEn: string;
  columns: readonly ColumnSpec[];
  /** Builds the record from typed values (column key → parsed value; absent columns are not in `present`). */
  toRecord(values: Map<string, unknown>, present: ReadonlySet<string>, problems: FieldProblem[]): R | null;
  /**
   * Rows whose plans depend on each other are planned in the same call: the milestones of one sub-project share its
   * sequences. Without it each row stands alone.
   */
  planGroup?(record: R): string;
  /** Compares valid records with the database: the action and changes per row, and problems only the database shows. */
  plan(db: DbHandle, rows: readonly { row: number; record: R }[]): Promise<PlannedRow<R>[]>;
  /** Writes the rows to create or update (already planned in the same transaction), in bulk. */
  apply(db: DbHandle, rows: readonly PlannedRow<R>[]): Promise<ApplyCounts>;
}

export type CellOf = (key: string) => Cell | undefined;
