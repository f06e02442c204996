import { defineQuery, defineStatement } from '../database/sql-query.js';

/**
 * SQL of programme setup. A copied row's code is the source's with the source programme's code
 * replaced by the new one's (aap2-axis-1 → aap3-axis-1), or the new programme's code put in front.
 * $3 is the source programme's code, $4 the new one's.
 */
const NEW_CODE = (column: string) =>
  `(CASE WHEN ${column} LIKE $3 || '-%' THEN $4 || substr(${column}, length($3) + 1) ELSE $4 || '-' || ${column} END)`;

export const PROGRAMME_LIST = defineQuery<{
  code: string; name: string; status: string; startYear: number; endYear: number | null; parent: string | null; overseer: string | null;
  copiedFrom: string | null; axes: number; subProjects: number;
}>(
  'programmeSetup.list',
  `SELECT p.code, p.name, p.status, p.start_year AS "startYear", p.end_year AS "endYear", pp.code AS parent, o.name AS overseer,
          cf.code AS "copiedFrom",
          (SELECT count(*) FROM axis a WHERE a.programme_id = p.id)::int AS axes,
          (SELECT count(*) FROM sub_project sp WHERE sp.programme_id = p.id)::int AS "subProjects"
     FROM programme p LEFT JOIN programme pp ON pp.id = p.parent_id LEFT JOIN organisation o ON o.id = p.overseer_id
     LEFT JOIN programme cf ON cf.id = p.copied_from_id
    ORDER BY p.start_year DESC, p.code`,
  { code: true, name: true, status: true, startYear: true, endYear: true, parent: true, overseer: true, copiedFrom: true, axes: true, subProjects: true },
);

export const PROGRAMME_HEAD = defineQuery<{
  id: string; code: string; name: string; nameEn: string | null; status: string; startYear: number; endYear: number | null;
  parent: string | null; overseer: string | null; overseerName: string | null; copiedFrom: string | null; notes: string[];
}>(
  'programmeSetup.head',
  `SELECT p.id, p.code, p.name, p.name_en AS "nameEn", p.status, p.start_year AS "startYear", p.end_year AS "endYear",
          pp.code AS parent, o.code AS overseer, o.name AS "overseerName", cf.code AS "copiedFrom", p.notes
     FROM programme p LEFT JOIN programme pp ON pp.id = p.parent_id LEFT JOIN organisation o ON o.id = p.overseer_id
     LEFT JOIN programme cf ON cf.id = p.copied_from_id
    WHERE p.code = $1`,
  { id: true, code: true, name: true, nameEn: true, status: true, startYear: true, endYear: true, parent: true, overseer: true, overseerName: true, copiedFrom: true, notes: true },
);

export const LOCK_PROGRAMME = defineQuery<{ id: string; code: string; status: string; startYear: number; endYear: number | null; name: string }>(
  'programmeSetup.lock',
  'SELECT id, code, status, start_year AS "startYear", end_year AS "endYear", name FROM programme WHERE code = $1 FOR UPDATE',
  { id: true, code: true, status: true, startYear: true, endYear: true, name: true },
);

export const PROGRAMME_ID_BY_CODE = defineQuery<{ id: string }>('programmeSetup.programmeId', 'SELECT id FROM programme WHERE code = $1', { id: true });
export const ORGANISATION_ID = defineQuery<{ id: string }>('programmeSetup.organisationId', 'SELECT id FROM organisation WHERE code = $1', { id: true });

export const PROGRAMME_WITH_NAME = defineQuery<{ code: string }>(
  'programmeSetup.withName',
  'SELECT code FROM programme WHERE name = $1 AND code <> $2 LIMIT 1',
  { code: true },
);

export const INSERT_PROGRAMME = defineQuery<{ id: string }>(
  'programmeSetup.insert',
  `INSERT INTO programme (code, name, name_en, parent_id, overseer_id, start_year, end_year, status)
   VALUES ($1, $2, $3, $4, $5, $6, $7, 'setting_up') RETURNING id`,
  { id: true },
);

export const UPDATE_PROGRAMME = defineStatement(
  'programmeSetup.update',
  `UPDATE programme SET name = $2, name_en = $3, parent_id = $4, overseer_id = $5, start_year = $6, end_year = $7, updated_at = now() WHERE id = $1`,
);

export const FINISH_PROGRAMME = defineStatement('programmeSetup.finish', `UPDATE programme SET status = 'active', updated_at = now() WHERE id = $1`);

export const AXES = defineQuery<{
  id: string; code: string; seq: number; name: string; goal: string | null;
  categories: { code: string; seq: number; name: string }[];
  focusAreas: { code: string; seq: number; name: string; responsibleText: string | null; organisations: string[] }[];
}>(
  'programmeSetup.axes',
  `SELECT a.id, a.code, a.seq, a.name, a.goal,
          COALESCE((SELECT json_agg(json_build_object('code', c.code, 'seq', c.seq, 'name', c.name) ORDER BY c.seq) FROM axis_category c WHERE c.axis_id = a.id), '[]') AS categories,
          COALESCE((SELECT json_agg(json_build_object('code', f.code, 'seq', f.seq, 'name', f.name, 'responsibleText', f.responsible_text,
                            'organisations', COALESCE((SELECT json_agg(o.code ORDER BY fo.seq) FROM focus_area_organisation fo JOIN organisation o ON o.id = fo.organisation_id WHERE fo.focus_area_id = f.id), '[]'))
                            ORDER BY f.seq) FROM focus_area f WHERE f.axis_id = a.id), '[]') AS "focusAreas"
     FROM axis a WHERE a.programme_id = $1 ORDER BY a.seq`,
  { id: true, code: true, seq: true, name: true, goal: true, categories: true, focusAreas: true },
);

/** Key results of the programme and its axes (not the sub-projects' own), targets exact: trailing zeros of numeric(20,4) dropped. */
export const INDICATORS = defineQuery<{
  code: string; axis: string | null; seq: number; text: string; unit: string | null;
  targets: { year: number | null; value: string | null; comparator: string; note: string | null }[];
}>(
  'programmeSetup.indicators',
  `SELECT i.code, a.code AS axis, i.seq, i.text, i.unit,
          COALESCE((SELECT json_agg(json_build_object('year', t.year, 'value', trim_scale(t.value)::text, 'comparator', t.comparator, 'note', t.note) ORDER BY t.year NULLS LAST)
                      FROM indicator_target t WHERE t.indicator_id = i.id), '[]') AS targets
     FROM indicator i LEFT JOIN axis a ON a.id = i.axis_id
    WHERE i.programme_id = $1 AND i.sub_project_id IS NULL ORDER BY a.seq NULLS FIRST, i.seq`,
  { code: true, axis: true, seq: true, text: true, unit: true, targets: true },
);

export const SUB_PROJECTS = defineQuery<{ code: string; name: string; status: string; lead: string | null; milestones: number; startYear: number | null; endYear: number | null }>(
  'programmeSetup.subProjects',
  `SELECT sp.code, sp.name, sp.status, o.name AS lead, (SELECT count(*) FROM milestone m WHERE m.sub_project_id = sp.id)::int AS milestones,
          sp.start_year AS "startYear", sp.end_year AS "endYear"
     FROM sub_project sp LEFT JOIN organisation o ON o.id = sp.lead_organisation_id
    WHERE sp.programme_id = $1 ORDER BY sp.code`,
  { code: true, name: true, status: true, lead: true, milestones: true, startYear: true, endYear: true },
);

export const INSERT_AXIS = defineQuery<{ id: string; code: string }>(
  'programmeSetup.insertAxis',
  `INSERT INTO axis (code, programme_id, seq, name, goal)
   SELECT $2 || '-axis-' || s.seq, $1, s.seq, $3, $4 FROM (SELECT COALESCE(max(seq), 0) + 1 AS seq FROM axis WHERE programme_id = $1) s
   RETURNING id, code`,
  { id: true, code: true },
);

/** An axis, category, focus area or key result with the programme it belongs to (and its status), by code. */
export const AXIS_BY_CODE = defineQuery<{ id: string; code: string; programmeId: string; programmeCode: string; status: string }>(
  'programmeSetup.axisByCode',
  `SELECT a.id, a.code, p.id AS "programmeId", p.code AS "programmeCode", p.status FROM axis a JOIN programme p ON p.id = a.programme_id WHERE a.code = $1 FOR UPDATE OF p`,
  { id: true, code: true, programmeId: true, programmeCode: true, status: true },
);
export const FOCUS_AREA_BY_CODE = defineQuery<{ id: string; code: string; programmeId: string; programmeCode: string; status: string }>(
  'programmeSetup.focusAreaByCode',
  `SELECT f.id, f.code, p.id AS "programmeId", p.code AS "programmeCode", p.status FROM focus_area f JOIN axis a ON a.id = f.axis_id JOIN programme p ON p.id = a.programme_id
    WHERE f.code = $1 FOR UPDATE OF p`,
  { id: true, code: true, programmeId: true, programmeCode: true, status: true },
);
export const INDICATOR_BY_CODE = defineQuery<{ id: string; code: string; programmeId: string; programmeCode: string; status: string }>(
  'programmeSetup.indicatorByCode',
  `SELECT i.id, i.code, p.id AS "programmeId", p.code AS "programmeCode", p.status FROM indicator i JOIN programme p ON p.id = i.programme_id
    WHERE i.code = $1 AND i.sub_project_id IS NULL FOR UPDATE OF p`,
  { id: true, code: true, programmeId: true, programmeCode: true, status: true },
);

export const UPDATE_AXIS = defineStatement('programmeSetup.updateAxis', 'UPDATE axis SET name = COALESCE($2, name), goal = CASE WHEN $4 THEN $3 ELSE goal END WHERE id = $1');

export const INSERT_CATEGORY = defineQuery<{ id: string; code: string }>(
  'programmeSetup.insertCategory',
  `INSERT INTO axis_category (code, axis_id, seq, name)
   SELECT $2 || '-cat-' || s.seq, $1, s.seq, $3 FROM (SELECT COALESCE(max(seq), 0) + 1 AS seq FROM axis_category WHERE axis_id = $1) s
   RETURNING id, code`,
  { id: true, code: true },
);

export const INSERT_FOCUS_AREA = defineQuery<{ id: string; code: string }>(
  'programmeSetup.insertFocusArea',
  `INSERT INTO focus_area (code, axis_id, seq, name, responsible_text)
   SELECT $2 || '-fa-' || s.seq, $1, s.seq, $3, $4 FROM (SELECT COALESCE(max(seq), 0) + 1 AS seq FROM focus_area WHERE axis_id = $1) s
   RETURNING id, code`,
  { id: true, code: true },
);
export const UPDATE_FOCUS_AREA = defineStatement('programmeSetup.updateFocusArea', 'UPDATE focus_area SET name = COALESCE($2, name) WHERE id = $1');
export const CLEAR_FOCUS_AREA_ORGANISATIONS = defineStatement('programmeSetup.clearFocusAreaOrgs', 'DELETE FROM focus_area_organisation WHERE focus_area_id = $1');
export const INSERT_FOCUS_AREA_ORGANISATION = defineStatement(
  'programmeSetup.insertFocusAreaOrg',
  'INSERT INTO focus_area_organisation (focus_area_id, organisation_id, seq) VALUES ($1, $2, $3)',
);

export const INSERT_INDICATOR = defineQuery<{ id: string; code: string }>(
  'programmeSetup.insertIndicator',
  `INSERT INTO indicator (code, programme_id, axis_id, seq, text, unit)
   SELECT $2 || '-kr-' || s.seq, $1, $3, s.seq, $4, $5 FROM (SELECT COALESCE(max(seq), 0) + 1 AS seq FROM indicator WHERE programme_id = $1 AND sub_project_id IS NULL) s
   RETURNING id, code`,
  { id: true, code: true },
);
export const UPDATE_INDICATOR = defineStatement(
  'programmeSetup.updateIndicator',
  'UPDATE indicator SET text = COALESCE($2, text), unit = CASE WHEN $4 THEN $3 ELSE unit END WHERE id = $1',
);
export const CLEAR_TARGETS = defineStatement('programmeSetup.clearTargets', 'DELETE FROM indicator_target WHERE indicator_id = $1');
export const INSERT_TARGET = defineStatement(
  'programmeSetup.insertTarget',
  'INSERT INTO indicator_target (indicator_id, year, value, comparator, note) VALUES ($1, $2, $3::numeric, $4, $5)',
);

/** How much a copy carries: counts of the source, for the audit entry. */
export const COPY_COUNTS = defineQuery<{ axes: number; subProjects: number; milestones: number; indicators: number }>(
  'programmeSetup.copyCounts',
  `SELECT (SELECT count(*) FROM axis WHERE programme_id = $1)::int AS axes,
          (SELECT count(*) FROM sub_project WHERE programme_id = $1)::int AS "subProjects",
          (SELECT count(*) FROM milestone m JOIN sub_project sp ON sp.id = m.sub_project_id WHERE sp.programme_id = $1)::int AS milestones,
          (SELECT count(*) FROM indicator WHERE programme_id = $1)::int AS indicators`,
  { axes: true, subProjects: true, milestones: true, indicators: true },
);

/**
 * The copy (複製計畫), one statement per table, all in the caller's transaction. Parameters: $1 source
 * programme id, $2 new programme id, $3 source code, $4 new code, $5 year offset, $6 the one year to copy
 * (null: all), $7 the note each copied sub-project carries (these three only in subProjects and milestones). Targets, budgets, assignments, submissions,
 * lights, gates and discrepancies are not copied.
 */
export const COPY = {
  axes: defineStatement('programmeSetup.copy.axes', `INSERT INTO axis (code, programme_id, seq, name, goal, description)
    SELECT ${NEW_CODE('a.code')}, $2, a.seq, a.name, a.goal, a.description FROM axis a WHERE a.programme_id = $1`),
  categories: defineStatement('programmeSetup.copy.categories', `INSERT INTO axis_category (code, axis_id, seq, name)
    SELECT ${NEW_CODE('c.code')}, na.id, c.seq, c.name FROM axis_category c JOIN axis a ON a.id = c.axis_id
      JOIN axis na ON na.code = ${NEW_CODE('a.code')} AND na.programme_id = $2
     WHERE a.programme_id = $1`),
  focusAreas: defineStatement('programmeSetup.copy.focusAreas', `INSERT INTO focus_area (code, axis_id, seq, name, responsible_text, source)
    SELECT ${NEW_CODE('f.code')}, na.id, f.seq, f.name, f.responsible_text, f.source FROM focus_area f JOIN axis a ON a.id = f.axis_id
      JOIN axis na ON na.code = ${NEW_CODE('a.code')} AND na.programme_id = $2
     WHERE a.programme_id = $1`),
  focusAreaOrganisations: defineStatement('programmeSetup.copy.focusAreaOrgs', `INSERT INTO focus_area_organisation (focus_area_id, organisation_id, seq, note)
    SELECT nf.id, fo.organisation_id, fo.seq, fo.note FROM focus_area_organisation fo JOIN focus_area f ON f.id = fo.focus_area_id
      JOIN axis a ON a.id = f.axis_id JOIN focus_area nf ON nf.code = ${NEW_CODE('f.code')}
     WHERE a.programme_id = $1 AND nf.axis_id IN (SELECT id FROM axis WHERE programme_id = $2)`),
  subProjects: defineStatement('programmeSetup.copy.subProjects', `INSERT INTO sub_project (code, programme_id, kind, name, name_as_printed, focus, lead_organisation_id, lead_text,
      co_organisers_text, start_year, end_year, continuity, is_flagship, status, measures, full_term_target, remarks, note)
    SELECT ${NEW_CODE('sp.code')}, $2, sp.kind, sp.name, sp.name_as_printed, sp.focus, sp.lead_organisation_id, sp.lead_text,
           sp.co_organisers_text, sp.start_year + $5::int, sp.end_year + $5::int, sp.continuity, sp.is_flagship, 'draft', sp.measures, sp.full_term_target, sp.remarks,
           $7::text || sp.code
      FROM sub_project sp WHERE sp.programme_id = $1
       AND ($6::int IS NULL OR ((sp.start_year IS NULL OR sp.start_year <= $6) AND (sp.end_year IS NULL OR sp.end_year >= $6)))`),
  coOrganisers: defineStatement('programmeSetup.copy.coOrganisers', `INSERT INTO sub_project_co_organiser (sub_project_id, organisation_id, seq)
    SELECT nsp.id, co.organisation_id, co.seq FROM sub_project_co_organiser co JOIN sub_project sp ON sp.id = co.sub_project_id
      JOIN sub_project nsp ON nsp.code = ${NEW_CODE('sp.code')} AND nsp.programme_id = $2
     WHERE sp.programme_id = $1`),
  subProjectAxes: defineStatement('programmeSetup.copy.subProjectAxes', `INSERT INTO sub_project_axis (sub_project_id, axis_id, source)
    SELECT nsp.id, na.id, spa.source FROM sub_project_axis spa JOIN sub_project sp ON sp.id = spa.sub_project_id JOIN axis a ON a.id = spa.axis_id
      JOIN sub_project nsp ON nsp.code = ${NEW_CODE('sp.code')} AND nsp.programme_id = $2
      JOIN axis na ON na.code = ${NEW_CODE('a.code')} AND na.programme_id = $2
     WHERE sp.programme_id = $1`),
  categoryMarks: defineStatement('programmeSetup.copy.categoryMarks', `INSERT INTO sub_project_category_mark (sub_project_id, category_id, mark)
    SELECT nsp.id, nc.id, m.mark FROM sub_project_category_mark m JOIN sub_project sp ON sp.id = m.sub_project_id JOIN axis_category c ON c.id = m.category_id
      JOIN sub_project nsp ON nsp.code = ${NEW_CODE('sp.code')} AND nsp.programme_id = $2
      JOIN axis_category nc ON nc.code = ${NEW_CODE('c.code')}
     WHERE sp.programme_id = $1`),
  /** Key results of the programme, its axes and its copied sub-projects, without their targets (the source's figures are for its own years). */
  indicators: defineStatement('programmeSetup.copy.indicators', `INSERT INTO indicator (code, programme_id, axis_id, sub_project_id, seq, text, unit)
    SELECT ${NEW_CODE('i.code')}, $2, na.id, nsp.id, i.seq, i.text, i.unit FROM indicator i
      LEFT JOIN axis a ON a.id = i.axis_id LEFT JOIN axis na ON na.code = ${NEW_CODE('a.code')} AND na.programme_id = $2
      LEFT JOIN sub_project sp ON sp.id = i.sub_project_id LEFT JOIN sub_project nsp ON nsp.code = ${NEW_CODE('sp.code')} AND nsp.programme_id = $2
     WHERE i.programme_id = $1 AND (i.sub_project_id IS NULL OR nsp.id IS NOT NULL)
      `),
  indicatorOrganisations: defineStatement('programmeSetup.copy.indicatorOrgs', `INSERT INTO indicator_organisation (indicator_id, organisation_id)
    SELECT ni.id, io.organisation_id FROM indicator_organisation io JOIN indicator i ON i.id = io.indicator_id
      JOIN indicator ni ON ni.code = ${NEW_CODE('i.code')} AND ni.programme_id = $2
     WHERE i.programme_id = $1`),
  /** Milestones, pending, their due dates and fiscal years moved by the year offset (29 February becomes 28 February). */
  milestones: defineStatement('programmeSetup.copy.milestones', `INSERT INTO milestone (code, sub_project_id, seq, fiscal_year, due_date, deliverable, status, source)
    SELECT ${NEW_CODE('m.code')}, nsp.id, m.seq, m.fiscal_year + $5::int, (m.due_date + make_interval(years => $5::int))::date, m.deliverable, 'pending', $7::text || m.code
      FROM milestone m JOIN sub_project sp ON sp.id = m.sub_project_id
      JOIN sub_project nsp ON nsp.code = ${NEW_CODE('sp.code')} AND nsp.programme_id = $2
     WHERE sp.programme_id = $1 AND ($6::int IS NULL OR COALESCE(m.fiscal_year, extract(year FROM m.due_date)::int) = $6)`),
};

/** The organisations' names joined with 、 in the given order: a new focus area's responsible-organisations text. */
export const ORGANISATION_NAMES_JOINED = defineQuery<{ names: string | null }>(
  'programmeSetup.organisationNamesJoined',
  `SELECT string_agg(name, '、' ORDER BY array_position($1::uuid[], id)) AS names FROM organisation WHERE id = ANY($1::uuid[])`,
  { names: true },
);

/** A copy's provenance: the source, its light thresholds, and the note saying what the copy inferred. */
export const SET_COPY_ORIGIN = defineStatement(
  'programmeSetup.setCopyOrigin',
  `UPDATE programme SET notes = ARRAY[$2::text], copied_from_id = $3, light_rules = (SELECT light_rules FROM programme WHERE id = $3) WHERE id = $1`,
);
