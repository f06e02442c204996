import { defineQuery } from '../database/sql-query.js';

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
