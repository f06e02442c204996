import { defineQuery, defineStatement } from '../database/sql-query.js';
import { milestoneOverdue } from '../sub-projects/milestone.queries.js';
import type { LightColour, LightReason } from './status-light.entity.js';

export interface LightRow {
  id: string; sub_project_id: string; period: string; computed_colour: LightColour; reasons: LightReason[]; inputs: Record<string, unknown>;
  computed_at: Date; override_colour: LightColour | null; override_justification: string | null; overridden_by: string | null; overridden_at: Date | null;
}
export type LightWithOverrider = LightRow & { by_email: string | null; by_name: string | null };

const LIGHT_COLUMNS = {
  id: true, sub_project_id: true, period: true, computed_colour: true, reasons: true, inputs: true, computed_at: true, override_colour: true,
  override_justification: true, overridden_by: true, overridden_at: true,
} as const;
const LIGHT_LIST = 'id, sub_project_id, period, computed_colour, reasons, inputs, computed_at, override_colour, override_justification, overridden_by, overridden_at';
const LIGHT_LIST_L = LIGHT_LIST.split(', ').map((c) => `l.${c}`).join(', ');

export interface LightSubProjectRow {
  id: string; code: string; name: string; lead_id: string | null; lead_code: string | null; lead_name: string | null; co_organisers: string[];
}

/** $1 sub-project code */
export const LIGHT_SUB_PROJECT = defineQuery<LightSubProjectRow>(
  'lights.sub-project',
  `SELECT sp.id, sp.code, sp.name, sp.lead_organisation_id AS lead_id, lo.code AS lead_code, lo.name AS lead_name,
          COALESCE((SELECT array_agg(c.organisation_id::text) FROM sub_project_co_organiser c WHERE c.sub_project_id = sp.id), '{}') AS co_organisers
     FROM sub_project sp LEFT JOIN organisation lo ON lo.id = sp.lead_organisation_id WHERE sp.code = $1`,
  { id: true, code: true, name: true, lead_id: true, lead_code: true, lead_name: true, co_organisers: true },
);

/** $1 sub-project id */
export const SUB_PROJECT_WITH_RULES = defineQuery<{ id: string; start_year: number | null; end_year: number | null; light_rules: Record<string, unknown> }>(
  'lights.sub-project-with-rules',
  `SELECT sp.id, sp.start_year, sp.end_year, p.light_rules FROM sub_project sp JOIN programme p ON p.id = sp.programme_id WHERE sp.id = $1`,
  { id: true, start_year: true, end_year: true, light_rules: true },
);

/** $1 sub-project id, $2 period */
export const LOCK_LIGHT = defineQuery<LightRow>(
  'lights.lock', `SELECT ${LIGHT_LIST} FROM status_light WHERE sub_project_id = $1 AND period = $2 FOR UPDATE`, LIGHT_COLUMNS,
);

/** Upserts the computed light, keeping an override. $1 sub-project id, $2 period, $3 colour, $4 reasons, $5 inputs. computed_at: database time. */
export const UPSERT_LIGHT = defineQuery<LightRow>(
  'lights.upsert',
  `INSERT INTO status_light (sub_project_id, period, computed_colour, reasons, inputs, computed_at)
   VALUES ($1, $2, $3, $4, $5, now())
   ON CONFLICT (sub_project_id, period) DO UPDATE
      SET computed_colour = EXCLUDED.computed_colour, reasons = EXCLUDED.reasons, inputs = EXCLUDED.inputs, computed_at = EXCLUDED.computed_at
   RETURNING ${LIGHT_LIST}`,
  LIGHT_COLUMNS,
);

/** The reporting period a submission speaks for: its own, else its milestone's quarter. */
const REPORT_PERIOD = `COALESCE(s.period, to_char(m.due_date, 'YYYY-"Q"Q'))`;
const REACHED_SECRETARIAT = `('submitted', 'accepted', 'returned')`;
/** Reached the secretariat at some point: a returned submission being revised is a draft again, but keeps its submitted_at. */
const EVER_REACHED = `(s.status IN ${REACHED_SECRETARIAT} OR s.submitted_at IS NOT NULL)`;
const OVERDUE = milestoneOverdue('$5::date', 'milestone');

/** $1 sub-project id, $2 period, $3 period end, $4 period start, $5 as of (the earlier of the period's end and the clock's today) */
export const MILESTONE_FACTS = defineQuery<{
  milestones_total: number; milestones_due: number; overdue_count: number; oldest_overdue_days: number | null; overdue_codes: string[]; reported: boolean;
}>(
  'lights.milestone-facts',
  `SELECT (SELECT count(*)::int FROM milestone WHERE sub_project_id = $1) AS milestones_total,
          (SELECT count(*)::int FROM milestone WHERE sub_project_id = $1 AND due_date <= $3::date) AS milestones_due,
          (SELECT count(*)::int FROM milestone WHERE sub_project_id = $1 AND ${OVERDUE}) AS overdue_count,
          (SELECT ($5::date - min(due_date))::int FROM milestone WHERE sub_project_id = $1 AND ${OVERDUE}) AS oldest_overdue_days,
          (SELECT COALESCE(json_agg(code ORDER BY due_date, code), '[]') FROM milestone WHERE sub_project_id = $1 AND ${OVERDUE}) AS overdue_codes,
          EXISTS (SELECT 1 FROM submission s LEFT JOIN milestone m ON m.id = s.milestone_id
                   WHERE s.sub_project_id = $1 AND ${EVER_REACHED}
                     AND (s.period = $2 OR m.due_date BETWEEN $4::date AND $3::date)) AS reported`,
  { milestones_total: true, milestones_due: true, overdue_count: true, oldest_overdue_days: true, overdue_codes: true, reported: true },
);

/** Reported progress: the latest accepted up to the period; else the latest that reached the secretariat. $1 sub-project id, $2 period */
export const REPORTED_PROGRESS = defineQuery<{ status: string; progress: string; report_period: string }>(
  'lights.reported-progress',
  `SELECT s.status, s.progress_percent::text AS progress, ${REPORT_PERIOD} AS report_period
     FROM submission s LEFT JOIN milestone m ON m.id = s.milestone_id
    WHERE s.sub_project_id = $1 AND s.progress_percent IS NOT NULL AND s.status IN ${REACHED_SECRETARIAT} AND ${REPORT_PERIOD} <= $2
    ORDER BY (s.status = 'accepted') DESC, ${REPORT_PERIOD} DESC, s.decided_at DESC NULLS LAST, s.submitted_at DESC NULLS LAST, s.id
    LIMIT 1`,
  { status: true, progress: true, report_period: true },
);

/** $1 sub-project id, $2 fiscal year, $3 period */
export const BUDGET_FACTS = defineQuery<{ allocated: string | null; executed: string | null; rate_tenths: number | null }>(
  'lights.budget-facts',
  `WITH alloc AS (SELECT sum(allocated) AS allocated FROM budget_line WHERE sub_project_id = $1 AND fiscal_year = $2),
        exec AS (SELECT s.budget_executed FROM submission s LEFT JOIN milestone m ON m.id = s.milestone_id
                  WHERE s.sub_project_id = $1 AND s.status = 'accepted' AND s.budget_year = $2 AND s.budget_executed IS NOT NULL AND ${REPORT_PERIOD} <= $3
                  ORDER BY ${REPORT_PERIOD} DESC, s.decided_at DESC NULLS LAST, s.id LIMIT 1)
   SELECT alloc.allocated::text AS allocated, exec.budget_executed::text AS executed,
          CASE WHEN alloc.allocated > 0 AND exec.budget_executed IS NOT NULL THEN round(exec.budget_executed * 1000 / alloc.allocated)::int END AS rate_tenths
     FROM alloc LEFT JOIN exec ON TRUE`,
  { allocated: true, executed: true, rate_tenths: true },
);

/** $1 programme code */
export const PROGRAMME_ID = defineQuery<{ id: string }>('lights.programme-id', 'SELECT id FROM programme WHERE code = $1', { id: true });

/** $1 sub-project code */
export const SUB_PROJECT_PROGRAMME = defineQuery<{ id: string; programme_id: string }>(
  'lights.sub-project-programme', 'SELECT id, programme_id FROM sub_project WHERE code = $1', { id: true, programme_id: true },
);

/** $1 programme id */
export const PROGRAMME_SUB_PROJECTS = defineQuery<{ id: string }>(
  'lights.programme-sub-projects', 'SELECT id FROM sub_project WHERE programme_id = $1 ORDER BY code', { id: true },
);

const WITH_OVERRIDER = { ...LIGHT_COLUMNS, by_email: true, by_name: true } as const;

/** $1 sub-project id */
export const LIGHTS_OF_SUB_PROJECT = defineQuery<LightWithOverrider>(
  'lights.of-sub-project',
  `SELECT ${LIGHT_LIST_L}, u.email AS by_email, u.display_name AS by_name
     FROM status_light l LEFT JOIN app_user u ON u.id = l.overridden_by
    WHERE l.sub_project_id = $1 ORDER BY l.period DESC`,
  WITH_OVERRIDER,
);

/** $1 light id */
export const LIGHT_BY_ID = defineQuery<LightWithOverrider>(
  'lights.by-id',
  `SELECT ${LIGHT_LIST_L}, u.email AS by_email, u.display_name AS by_name FROM status_light l LEFT JOIN app_user u ON u.id = l.overridden_by WHERE l.id = $1`,
  WITH_OVERRIDER,
);

/** $1 light id, $2 colour, $3 justification, $4 user id. overridden_at: database time. */
export const SET_OVERRIDE = defineStatement(
  'lights.set-override',
  `UPDATE status_light SET override_colour = $2, override_justification = $3, overridden_by = $4, overridden_at = now() WHERE id = $1`,
);

/** $1 light id */
export const CLEAR_OVERRIDE = defineStatement(
  'lights.clear-override',
  'UPDATE status_light SET override_colour = NULL, override_justification = NULL, overridden_by = NULL, overridden_at = NULL WHERE id = $1',
);

/** $1 programme code */
export const PROGRAMME_RULES = defineQuery<{ code: string; name: string; light_rules: Record<string, unknown> }>(
  'lights.programme-rules', 'SELECT code, name, light_rules FROM programme WHERE code = $1', { code: true, name: true, light_rules: true },
);

/** $1 programme code */
export const LOCK_PROGRAMME_RULES = defineQuery<{ id: string; code: string; name: string; light_rules: Record<string, unknown> }>(
  'lights.lock-programme-rules', 'SELECT id, code, name, light_rules FROM programme WHERE code = $1 FOR UPDATE', { id: true, code: true, name: true, light_rules: true },
);

/** $1 programme id, $2 rules */
export const SET_PROGRAMME_RULES = defineStatement('lights.set-programme-rules', 'UPDATE programme SET light_rules = $2, updated_at = now() WHERE id = $1');
