/**
 * Who acts for an organisation: its own staff and the staff of every organisation above it
 * (經濟部's officers act for 技術處's sub-projects, as their scope lets them).
 *
 * A CTE body for `WITH RECURSIVE organisation_closure(organisation_id, acting_organisation_id) AS (...)`:
 * one row per organisation and each of itself and its ancestors. Organisations are few, so it is cheap
 * to build per query and lets sweeps resolve recipients for thousands of milestones in one join.
 */
export const ORGANISATION_CLOSURE = `organisation_closure(organisation_id, acting_organisation_id) AS (
    SELECT id, id FROM organisation
    UNION
    SELECT c.organisation_id, o.parent_id FROM organisation_closure c JOIN organisation o ON o.id = c.acting_organisation_id
     WHERE o.parent_id IS NOT NULL)`;

/**
 * SQL of the active users holding any of `roles` who act for an organisation, as a subquery of ids.
 * `organisationId` is a uuid SQL expression and `roles` a user_role[] one (a placeholder or an
 * ARRAY[...]); coordinators act for every organisation.
 */
export function usersActingFor(organisationId: string, roles: string): string {
  return `(WITH RECURSIVE ${ORGANISATION_CLOSURE}
    SELECT u.id FROM app_user u
     WHERE u.is_active
       AND (('coordinator' = ANY(${roles}::user_role[]) AND 'coordinator' = ANY(u.roles))
            OR (u.roles && ${roles}::user_role[]
                AND u.organisation_id IN (SELECT acting_organisation_id FROM organisation_closure WHERE organisation_id = ${organisationId}))))`;
}
