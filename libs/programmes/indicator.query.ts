import type { DataSource } from 'typeorm';
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
export async function loadIndicators(dataSource: DataSource, filter: IndicatorOwnerFilter): Promise<Map<string, IndicatorDto[]>> {
  const rows: {
    owner_id: string; code: string; seq: number; text: string; unit: string | null;
    organisations: { code: string; name: string }[]; targets: { year: number | null; value: string | null; comparator: string; note: string | null }[];
  }[] = await dataSource.query(
    `SELECT COALESCE(i.sub_project_id, i.axis_id, i.programme_id) AS owner_id, i.code, i.seq, i.text, i.unit,
            COALESCE((SELECT json_agg(json_build_object('code', o.code, 'name', o.name) ORDER BY o.code)
                        FROM indicator_organisation io JOIN organisation o ON o.id = io.organisation_id
                       WHERE io.indicator_id = i.id), '[]') AS organisations,
            COALESCE((SELECT json_agg(json_build_object('year', t.year, 'value', t.value::text, 'comparator', t.comparator, 'note', t.note)
                                      ORDER BY t.year NULLS LAST)
                        FROM indicator_target t WHERE t.indicator_id = i.id), '[]') AS targets
       FROM indicator i
      WHERE (i.programme_id = $1 AND i.axis_id IS NULL AND i.sub_project_id IS NULL)
         OR i.axis_id = ANY($2::uuid[])
         OR i.sub_project_id = $3
      ORDER BY i.seq, i.code`,
    [filter.programmeGoalsOf ?? null, filter.axisIds ?? [], filter.subProjectId ?? null],
  );
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
