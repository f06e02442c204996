import { type Actor, hasRole, isSecretariat } from '../access/actor.js';
import { UserRole } from './user.entity.js';

/** The roles of a ministry's own people: a ministry account administrator (部會署窗口) may give only these. */
export const MINISTRY_ROLES: readonly UserRole[] = [UserRole.MinistryOfficer, UserRole.MinistrySupervisor, UserRole.MinistryAdmin];

/**
 * Whose accounts a caller manages: an admin everyone's; a ministry account administrator those of
 * its organisation and the units under it, and only while every role of the account is a ministry
 * role (a coordinator or admin who happens to sit in the ministry stays the system admin's).
 */
export interface ManagementScope {
  /** null: every organisation (and none). */
  organisationIds: readonly string[] | null;
  grantable: readonly UserRole[];
}

export function managementScopeOf(actor: Actor): ManagementScope | null {
  if (hasRole(actor, UserRole.Admin)) return { organisationIds: null, grantable: Object.values(UserRole) };
  if (hasRole(actor, UserRole.MinistryAdmin)) return { organisationIds: actor.organisationIds, grantable: MINISTRY_ROLES };
  return null;
}

/** Whether the account (its organisation and roles) is within the scope at all; outside it answers 404. */
export function manages(scope: ManagementScope, user: { organisation_id: string | null; roles: readonly string[] }): boolean {
  if (scope.organisationIds === null) return true;
  return user.organisation_id !== null && scope.organisationIds.includes(user.organisation_id)
    && user.roles.every((r) => scope.grantable.includes(r as UserRole));
}

/**
 * What the directory shows a caller. Secretariat: everyone, with emails. Ministry people (officer,
 * supervisor, account administrator): their organisation's and its units' users, with emails.
 * Reviewers and viewers (outside any ministry): everyone's name and organisation, no email, and
 * the search reads names only, so the directory cannot be used to test whether an address has an account.
 */
export interface DirectoryScope {
  organisationIds: readonly string[] | null;
  emails: boolean;
}

export function directoryScopeOf(actor: Actor): DirectoryScope {
  if (isSecretariat(actor)) return { organisationIds: null, emails: true };
  if (hasRole(actor, ...MINISTRY_ROLES)) return { organisationIds: actor.organisationIds, emails: true };
  return { organisationIds: null, emails: false };
}
