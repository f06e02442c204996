import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor, RequestContext } from '../access/actor.js';
import { UnitOfWork } from '../audit/unit-of-work.js';
import { AppError } from '../common/errors.js';
import type { DbHandle } from '../database/db-handle.js';
import { execute, rowOf, rowsOf } from '../database/sql-query.js';
import {
  CLAIM_SESSION, DELETE_EXPIRED_SESSIONS, INSERT_SESSION, INSERT_SESSION_ROWS, SESSION_OF_USER, SESSION_ROWS, SESSION_ROWS_PAGE, type SessionRow,
  SET_SESSION_RESULT, SET_SESSION_SUMMARY,
} from './imports.queries.js';
import type { ImportKind, ImportKindName, ParsedRow, PlannedRow } from './kinds/kind.js';
import { IMPORT_KINDS } from './kinds/registry.js';
import { countInto, emptySummary, located, mapHeader, parseRow, type PreviewRow } from './preview.js';
import { ImportFileError } from './reading/file-problem.js';
import { DEFAULT_READ_LIMITS, type ReadLimits } from './reading/limits.js';
import { readSpreadsheet } from './reading/read-spreadsheet.js';
import { columnName } from './reading/sheet.js';

/** JSON with sorted keys: jsonb stores objects in its own key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));
}

/** How long a preview can be confirmed. */
export const SESSION_LIFETIME_SECONDS = 12 * 60 * 60;
/**
 * Preview rows stored per statement. Each statement's parameters are a few large strings, which V8 keeps
 * outside its young generation until a full collection: smaller batches keep fewer of them at once
 * (5,000 rows peaked about 40 MiB higher on 100,000 rows).
 */
const STORE_CHUNK = 1000;
/**
 * Valid rows compared with the database per call, in whole groups (`ImportKind.planGroup`): only one batch's
 * existing records and plans are in memory at once (planned as one, a re-imported file's 100,000 milestones held
 * up to 150 MiB of them).
 */
const PLAN_BATCH = 1000;

type Valid<R> = { row: number; record: R };

/** The rows in batches of about PLAN_BATCH, a group never split. */
function planBatches<R extends { key: string }, V extends Valid<R>>(kind: ImportKind<R>, rows: readonly V[]): V[][] {
  const batches: V[][] = [];
  if (!kind.planGroup) {
    for (let i = 0; i < rows.length; i += PLAN_BATCH) batches.push(rows.slice(i, i + PLAN_BATCH));
    return batches;
  }
  const groups = new Map<string, V[]>();
  for (const r of rows) {
    const key = kind.planGroup(r.record);
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  let batch: V[] = [];
  for (const group of groups.values()) {
    for (const r of group) batch.push(r);
    if (batch.length >= PLAN_BATCH) {
      batches.push(batch);
      batch = [];
    }
  }
  if (batch.length) batches.push(batch);
  return batches;
}

export interface SessionView {
  session: SessionRow;
}

export interface ConfirmResult {
  created: number;
  updated: number;
  unchanged: number;
}

/** A hook for the all-or-nothing test: runs inside the confirm's transaction after the rows are written. */
export type AfterApplyHook = (db: DbHandle) => Promise<void>;

@Injectable()
export class ImportsService {
  /** Set by tests only (test/imports.e2e-spec.ts) to make a confirm fail after its writes. */
  afterApply: AfterApplyHook | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /** Reads the file, compares every row with the database and stores the preview; nothing else is written. */
  async preview(kindName: ImportKindName, fileName: string, bytes: Buffer, actor: Actor, limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<SessionRow> {
    const kind = IMPORT_KINDS[kindName];
    let header: Map<string, number> | null = null;
    const parsed: ParsedRow<{ key: string }>[] = [];
    const read = await readSpreadsheet(bytes, fileName, limits, (rowNumber, cells) => {
      if (header === null) {
        header = mapHeader(kind, cells);
        return;
      }
      parsed.push(parseRow(kind, header, rowNumber, cells));
    });
    if (header === null) throw new ImportFileError('emptySheet', 'The sheet is empty: no header row and no data');
    if (parsed.length === 0) throw new ImportFileError('noDataRows', 'The sheet has a header row but no data rows');
    const columns = header as Map<string, number>;

    const sha = createHash('sha256').update(bytes).digest('hex');
    return this.dataSource.transaction(async (manager) => {
      await execute(manager, DELETE_EXPIRED_SESSIONS);
      const letters = Object.fromEntries([...columns].map(([key, index]) => [key, columnName(index)]));
      const created = (await rowOf(manager, INSERT_SESSION, [
        kindName, fileName, sha, bytes.length, read.format, read.encoding ?? null, read.sheetName, JSON.stringify(letters), JSON.stringify(emptySummary()), actor.userId, SESSION_LIFETIME_SECONDS,
      ]))!;
      const summary = emptySummary();
      for await (const rows of this.plan(kind, columns, parsed.splice(0), manager)) { // the plan owns the rows: each goes once stored
        countInto(summary, rows);
        for (let i = 0; i < rows.length; i += STORE_CHUNK) {
          const part = rows.slice(i, i + STORE_CHUNK).map((r) => ({
            row_no: r.row, key: r.key, action: r.action, changes: r.changes.length ? r.changes : undefined, problems: r.problems.length ? r.problems : undefined, record: r.record,
          }));
          await execute(manager, INSERT_SESSION_ROWS, [created.id, JSON.stringify(part)]);
        }
      }
      await execute(manager, SET_SESSION_SUMMARY, [created.id, JSON.stringify(summary)]);
      return (await rowOf(manager, SESSION_OF_USER, [created.id, actor.userId]))!;
    });
  }

  /**
   * Parsed rows → the preview, a batch at a time: duplicates within the file first, then what the database says
   * about the rest. Rows that cannot be planned come first; the stored rows are read back in file order. Each
   * batch's rows are let go once yielded, so the file's rows leave memory as they are stored.
   */
  private async *plan(kind: ImportKind<{ key: string }>, header: Map<string, number>, parsed: ParsedRow<{ key: string }>[], db: DbHandle): AsyncGenerator<PreviewRow[]> {
    const firstRowOf = new Map<string, number>();
    const valid: (Valid<{ key: string }> & { parsed: ParsedRow<{ key: string }> })[] = [];
    const unplanned: PreviewRow[] = [];
    const keyField = kind.columns[0].key;
    const previewRow = (p: ParsedRow<{ key: string }>, plan?: PlannedRow<{ key: string }>): PreviewRow => {
      const found = plan?.problems.length ? [...p.problems, ...plan.problems] : p.problems;
      const problems = found.length ? located(header, p.row, found) : [];
      const hasError = problems.some((x) => x.severity === 'error');
      return {
        row: p.row, key: p.key, action: hasError || !plan ? 'invalid' : plan.action, changes: plan?.changes ?? [], problems,
        record: p.record as Record<string, unknown> | null,
      };
    };
    for (const p of parsed.splice(0)) {
      if (p.record) {
        const first = firstRowOf.get(p.record.key);
        if (first !== undefined) p.problems.push({ field: keyField, value: p.record.key, code: 'duplicateKey', params: { firstRow: first } });
        else firstRowOf.set(p.record.key, p.row);
      }
      if (p.record && p.problems.every((x) => x.severity === 'warning')) valid.push({ row: p.row, record: p.record, parsed: p });
      else unplanned.push(previewRow(p));
    }
    firstRowOf.clear();
    if (unplanned.length) yield unplanned.splice(0);
    const batches = planBatches(kind, valid.splice(0));
    for (let batch = batches.shift(); batch; batch = batches.shift()) {
      const parsedOf = new Map(batch.map((v) => [v.row, v.parsed]));
      yield (await kind.plan(db, batch)).map((plan) => previewRow(parsedOf.get(plan.row)!, plan));
    }
  }

  async session(id: string, actor: Actor): Promise<SessionRow> {
    const session = await rowOf(this.dataSource, SESSION_OF_USER, [id, actor.userId]);
    if (!session) throw AppError.notFound('import session', id);
    return session;
  }

  async rows(id: string, filter: string, offset: number, limit: number, actor: Actor) {
    await this.session(id, actor);
    const rows = await rowsOf(this.dataSource, SESSION_ROWS_PAGE, [id, filter, offset, limit]);
    return { total: rows.length ? Number(rows[0].total) : 0, rows };
  }

  /**
   * Applies the stored preview in one transaction: the rows are planned again against the database as it is
   * now, and any row whose outcome differs from what the preview showed stops the confirm (409), so what the
   * coordinator saw is what is written. A second confirm of the same session is refused.
   */
  async confirm(id: string, ctx: RequestContext): Promise<ConfirmResult> {
    const session = await this.session(id, ctx.actor);
    if (session.confirmed_at) throw new AppError('CONFLICT', 'This import was confirmed already', { reason: 'alreadyConfirmed', confirmedAt: session.confirmed_at });
    if (session.expired) throw new AppError('CONFLICT', 'This preview has expired: upload the file again', { reason: 'expired' });
    if (session.summary.errors > 0 || session.summary.invalid > 0) {
      throw new AppError('UNPROCESSABLE', `The preview lists ${session.summary.errors} problems: fix the file and upload it again`, { reason: 'hasProblems', errors: session.summary.errors });
    }
    const kind = IMPORT_KINDS[session.kind as ImportKindName];
    return this.unitOfWork.run(ctx, async (tx) => {
      const claimed = await rowOf(tx, CLAIM_SESSION, [id, ctx.actor.userId]);
      if (!claimed) throw new AppError('CONFLICT', 'This import was confirmed already or has expired', { reason: 'alreadyConfirmed' });
      const stored = await rowsOf(tx, SESSION_ROWS, [id]);
      const before = new Map(stored.map((s) => [s.row_no, s]));
      const changed: { row: number; key: string; was: string; now: string }[] = [];
      const writes: PlannedRow<{ key: string }>[] = [];
      for (const batch of planBatches(kind, stored.map((s) => ({ row: s.row_no, record: s.record as { key: string } })))) {
        for (const r of await kind.plan(tx, batch)) {
          const s = before.get(r.row)!;
          const blocking = r.problems.some((p) => p.severity !== 'warning');
          if (blocking || r.action !== s.action || canonical(r.changes) !== canonical(s.changes)) {
            changed.push({ row: r.row, key: r.key, was: s.action, now: blocking ? 'invalid' : r.action });
          } else if (r.action === 'create' || r.action === 'update') writes.push(r);
        }
      }
      if (changed.length) {
        changed.sort((a, b) => a.row - b.row);
        throw new AppError('CONFLICT', `${changed.length} rows changed in the database since the preview: upload the file again for a fresh preview`, {
          reason: 'changedSincePreview', rows: changed.slice(0, 20), count: changed.length,
        });
      }
      const counts = await kind.apply(tx, writes);
      if (this.afterApply) await this.afterApply(tx);
      const result = { created: counts.created, updated: counts.updated, unchanged: stored.length - counts.created - counts.updated };
      await execute(tx, SET_SESSION_RESULT, [id, JSON.stringify(result)]);
      await tx.audit({
        action: 'import.confirm', entityType: 'import_session', entityId: id,
        after: { kind: session.kind, fileName: session.file_name, fileSha256: session.file_sha256, rows: stored.length, ...result },
      });
      return result;
    });
  }
}
