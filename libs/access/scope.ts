import { UserRole } from '../users/user.entity.js';
import { type Actor, hasRole } from './actor.js';

/**
 * Which organisations' data a caller may read. Repository methods that read ministry data take a
 * Scope as a required argument, so a query cannot be written without the caller's scope.
 * Secretariat, reviewers and viewers read everything; ministry users read what their
 * organisation (or a unit under it) leads or co-organises.
 */
export type Scope = { readonly all: true } | { readonly all: false; readonly organisationIds: readonly string[] };

export const EVERYTHING: Scope = { all: true };

export function scopeOf(actor: Actor): Scope {
  if (hasRole(actor, UserRole.Admin, UserRole.Coordinator, UserRole.Reviewer, UserRole.Viewer)) return EVERYTHING;
  return { all: false, organisationIds: actor.organisationIds };
}

/**
 * SQL that keeps the sub-projects (alias `sp`) within the scope. `param` adds a parameter and
 * returns its placeholder.
 */
export function subProjectInScope(scope: Scope, param: (value: unknown) => string, alias = 'sp'): string {
  if (scope.all) return 'TRUE';
  const ids = param(scope.organisationIds);
  return `(${alias}.lead_organisation_id = ANY(${ids}::uuid[]) OR EXISTS (SELECT 1 FROM sub_project_co_organiser sco
            WHERE sco.sub_project_id = ${alias}.id AND sco.organisation_id = ANY(${ids}::uuid[])))`;
}

/** Whether a caller in this scope may see a sub-project led by `lead` with these co-organisers. */
export function inScope(scope: Scope, lead: string | null, coOrganisers: readonly string[]): boolean {
  if (scope.all) return true;
  return (lead !== null && scope.organisationIds.includes(lead)) || coOrganisers.some((o) => scope.organisationIds.includes(o));
}

/** Whether the caller belongs to the lead organisation (or a unit under it): only the lead acts for a sub-project. */
export function isLeadMember(actor: Actor, leadId: string | null): boolean {
  return leadId !== null && actor.organisationIds.includes(leadId);
}
