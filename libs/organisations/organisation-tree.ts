/**
 * SQL for an organisation (by code) and its units at any depth, as a subquery of ids: filtering by
 * 經濟部 includes 技術處 and 工業局.
 */
export function organisationAndUnits(codePlaceholder: string): string {
  return `(WITH RECURSIVE tree AS (SELECT id FROM organisation WHERE code = ${codePlaceholder}
             UNION SELECT o.id FROM organisation o JOIN tree t ON o.parent_id = t.id) SELECT id FROM tree)`;
}
