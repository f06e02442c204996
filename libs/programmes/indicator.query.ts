import type { DbHandle } from '../database/db-handle.js';
import { rowsOf } from '../database/sql-query.js';
import { INDICATORS } from './programme.queries.js';
import { formatAmount } from '../common/decimal.js';
import { yearView } from '../common/roc.js';
import type { IndicatorDto } from './programme.views.js';

export interface IndicatorOwnerFilter {
  /** Indicators of this programme that belong to no axis or sub-project (programme goals). */
  programmeGoalsOf?: string;
  axisIds?: string[];
  subProjectId?: string;
}

/** Indicators with their responsible organisations and targets, grouped by owner id. */
export async function loadIndicators(db: DbHandle, filter: IndicatorOwnerFilter): Promise<Map<string, IndicatorDto[]>> {
  const rows = await rowsOf(db, INDICATORS, [filter.programmeGoalsOf ?? null, filter.axisIds ?? [], filter.subProjectId ?? null]);
  const byOwner = new Map<string, IndicatorDto[]>();
  for (const r of rows) {
    const list = byOwner.get(r.owner_id) ?? [];
    list.push({
      code: r.code, seq: r.seq, text: r.text, unit: r.unit, organisations: r.organisations,
      targets: r.targets.map((t) => ({ year: yearView(t.year), value: formatAmount(t.value), comparator: t.comparator, note: t.note })),
    });
    byOwner.set(r.owner_id, list);
  }
  return byOwner;
}
