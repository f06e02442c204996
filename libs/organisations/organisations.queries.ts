import { defineQuery, defineStatement } from '../database/sql-query.js';

/** Every organisation with its parent's code and every name it has had. Checked against the schema by test/sql-queries.int-spec.ts. */
export const ORGANISATIONS = defineQuery<{
  code: string; kind: string; name: string; fullName: string | null; nameEn: string | null; parent: string | null;
  names: { name: string; validFrom: string | null; validTo: string | null; source: string | null; note: string | null }[];
}>(
  'organisations.list',
  `SELECT o.code, o.kind, o.name, o.full_name AS "fullName", o.name_en AS "nameEn", p.code AS parent,
          COALESCE((SELECT json_agg(json_build_object('name', n.name, 'validFrom', n.valid_from, 'validTo', n.valid_to, 'source', n.source, 'note', n.note)
                                    ORDER BY n.valid_from NULLS FIRST, n.name)
                      FROM organisation_name n WHERE n.organisation_id = o.id), '[]') AS names
     FROM organisation o LEFT JOIN organisation p ON p.id = o.parent_id
    ORDER BY o.code`,
  { code: true, kind: true, name: true, fullName: true, nameEn: true, parent: true, names: true },
);

/** One organisation, locked for a change (rename, move). */
export const LOCK_ORGANISATION = defineQuery<{
  id: string; code: string; kind: string; name: string; fullName: string | null; nameEn: string | null; parentId: string | null; parentCode: string | null;
}>(
  'organisations.lock',
  `SELECT o.id, o.code, o.kind, o.name, o.full_name AS "fullName", o.name_en AS "nameEn", o.parent_id AS "parentId", p.code AS "parentCode"
     FROM organisation o LEFT JOIN organisation p ON p.id = o.parent_id
    WHERE o.code = $1 FOR UPDATE OF o`,
  { id: true, code: true, kind: true, name: true, fullName: true, nameEn: true, parentId: true, parentCode: true },
);

export const ORGANISATION_ID_BY_CODE = defineQuery<{ id: string }>(
  'organisations.idByCode',
  'SELECT id FROM organisation WHERE code = $1',
  { id: true },
);

/** Another organisation under the same parent (or at the top, for a null parent) whose current name is this one. */
export const SIBLING_WITH_NAME = defineQuery<{ code: string }>(
  'organisations.siblingWithName',
  `SELECT code FROM organisation
    WHERE name = $1 AND parent_id IS NOT DISTINCT FROM $2::uuid AND id IS DISTINCT FROM $3::uuid LIMIT 1`,
  { code: true },
);

/** Whether `$2` is the organisation `$1` itself or one of its units at any depth (a move there would make a cycle). */
export const IS_SELF_OR_DESCENDANT = defineQuery<{ found: boolean }>(
  'organisations.isSelfOrDescendant',
  `WITH RECURSIVE tree AS (SELECT id FROM organisation WHERE id = $1
                          UNION SELECT o.id FROM organisation o JOIN tree t ON o.parent_id = t.id)
   SELECT EXISTS (SELECT 1 FROM tree WHERE id = $2) AS found`,
  { found: true },
);

export const INSERT_ORGANISATION = defineQuery<{ id: string }>(
  'organisations.insert',
  `INSERT INTO organisation (code, kind, name, full_name, name_en, parent_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
  { id: true },
);

export const INSERT_ORGANISATION_NAME = defineStatement(
  'organisations.insertName',
  `INSERT INTO organisation_name (organisation_id, name, valid_from, valid_to, source, note) VALUES ($1, $2, $3, $4, $5, $6)`,
);

/** The name the organisation has now: its row without an end, or (seeded rows) the row of its current name. */
export const CURRENT_NAME_ROW = defineQuery<{ id: string; validFrom: string | null; validTo: string | null }>(
  'organisations.currentNameRow',
  `SELECT id, to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo"
     FROM organisation_name WHERE organisation_id = $1 AND name = $2`,
  { id: true, validFrom: true, validTo: true },
);

export const HAD_NAME = defineQuery<{ found: boolean }>(
  'organisations.hadName',
  'SELECT EXISTS (SELECT 1 FROM organisation_name WHERE organisation_id = $1 AND name = $2) AS found',
  { found: true },
);

export const END_NAME = defineStatement('organisations.endName', 'UPDATE organisation_name SET valid_to = $2 WHERE id = $1');

export const UPDATE_ORGANISATION_NAME = defineStatement(
  'organisations.updateName',
  'UPDATE organisation SET name = $2, full_name = $3, name_en = $4, updated_at = now() WHERE id = $1',
);

export const UPDATE_ORGANISATION_PARENT = defineStatement(
  'organisations.updateParent',
  'UPDATE organisation SET parent_id = $2, updated_at = now() WHERE id = $1',
);
