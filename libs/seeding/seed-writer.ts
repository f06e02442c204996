import type { QueryRunner } from 'typeorm';
import type { Row, SeedRows } from './seed-rows.js';

interface TableSpec {
  /** Primary-key columns: the conflict target. */
  key: string[];
  /**
   * Columns only the insert sets: workflow state (status, lead, due date) that the application
   * changes after the seed, so reloading the documents never undoes a decision.
   */
  insertOnly?: string[];
  /** Join rows are inserted once and never updated. */
  joinOnly?: boolean;
  hasUpdatedAt?: boolean;
  hasVersion?: boolean;
}

/** How each seeded table is written, in write order (parents first). */
const TABLES: Record<keyof SeedRows, TableSpec> = {
  organisation: { key: ['id'], hasUpdatedAt: true },
  organisation_name: { key: ['id'] },
  programme: { key: ['id'], hasUpdatedAt: true },
  axis: { key: ['id'] },
  axis_category: { key: ['id'] },
  focus_area: { key: ['id'] },
  focus_area_organisation: { key: ['focus_area_id', 'organisation_id'] },
  sub_project: { key: ['id'], insertOnly: ['status', 'lead_organisation_id'], hasUpdatedAt: true, hasVersion: true },
  sub_project_co_organiser: { key: ['sub_project_id', 'organisation_id'], joinOnly: true },
  sub_project_axis: { key: ['sub_project_id', 'axis_id'] },
  sub_project_category_mark: { key: ['sub_project_id', 'category_id'] },
  milestone: { key: ['id'], insertOnly: ['status', 'due_date'], hasUpdatedAt: true, hasVersion: true },
  indicator: { key: ['id'] },
  indicator_organisation: { key: ['indicator_id', 'organisation_id'], joinOnly: true },
  indicator_target: { key: ['id'] },
  budget_line: { key: ['id'], insertOnly: ['executed'] },
  budget_printed_total: { key: ['id'] },
  source_discrepancy: { key: ['id'] },
  meeting: { key: ['id'] },
  resolution: { key: ['id'], hasUpdatedAt: true, hasVersion: true },
  resolution_assignment: { key: ['resolution_id', 'organisation_id'], joinOnly: true },
  resolution_follow_up: { key: ['id'] },
  reported_progress: { key: ['id'] },
  // The criteria in force change through the API (new revisions); the seed writes revision 1 once.
  gate_template: { key: ['id'], insertOnly: ['criteria_revision'], hasUpdatedAt: true, hasVersion: true },
  gate_criterion: { key: ['id'], joinOnly: true },
};

export type WriteCounts = Record<string, { inserted: number; updated: number }>;

const CHUNK = 200;

function sqlValue(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return JSON.stringify(value);
  if (Array.isArray(value) && value.some((v) => v !== null && typeof v === 'object')) return JSON.stringify(value);
  return value;
}

/**
 * Upserts every row. A row is updated only when a document column really differs
 * (IS DISTINCT FROM), so loading the same files twice changes nothing, not even updated_at.
 */
export async function writeSeedRows(runner: QueryRunner, rows: SeedRows): Promise<WriteCounts> {
  const counts: WriteCounts = {};
  for (const table of Object.keys(TABLES) as (keyof SeedRows)[]) {
    counts[table] = { inserted: 0, updated: 0 };
    const spec = TABLES[table];
    const tableRows = rows[table];
    if (tableRows.length === 0) continue;
    const columns = Object.keys(tableRows[0]);
    const updatable = columns.filter((c) => !spec.key.includes(c) && !(spec.insertOnly ?? []).includes(c));
    for (let i = 0; i < tableRows.length; i += CHUNK) {
      const chunk = tableRows.slice(i, i + CHUNK);
      const params: unknown[] = [];
      const tuples = chunk.map((row: Row) => `(${columns.map((c) => {
        params.push(sqlValue(row[c]));
        return `$${params.length}`;
      }).join(', ')})`);
      const quoted = columns.map((c) => `"${c}"`).join(', ');
      let sql = `INSERT INTO "${table}" AS t (${quoted}) VALUES ${tuples.join(', ')} ON CONFLICT (${spec.key.map((c) => `"${c}"`).join(', ')})`;
      if (spec.joinOnly || updatable.length === 0) {
        sql += ' DO NOTHING RETURNING true AS inserted';
      } else {
        const sets = updatable.map((c) => `"${c}" = EXCLUDED."${c}"`);
        if (spec.hasUpdatedAt) sets.push('"updated_at" = now()');
        if (spec.hasVersion) sets.push('"version" = t."version" + 1');
        const mine = updatable.map((c) => `t."${c}"`).join(', ');
        const theirs = updatable.map((c) => `EXCLUDED."${c}"`).join(', ');
        sql += ` DO UPDATE SET ${sets.join(', ')} WHERE (${mine}) IS DISTINCT FROM (${theirs}) RETURNING (xmax = 0) AS inserted`;
      }
      const result: { inserted: boolean }[] = await runner.query(sql, params);
      for (const r of result) counts[table][r.inserted ? 'inserted' : 'updated'] += 1;
    }
  }
  return counts;
}
