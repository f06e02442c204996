import { SetMetadata } from '@nestjs/common';
import { UserRole } from '../users/user.entity.js';

export const ACCESS_POLICY = 'guankao:access-policy';

/**
 * Every route declares who may call it; the AccessGuard refuses a route without a policy, so a
 * new endpoint cannot be forgotten. Organisation checks happen in the services, through Scope.
 */
export type AccessPolicy = { kind: 'public' } | { kind: 'roles'; roles: readonly UserRole[] };

/** Anyone, signed in or not (sign-in itself, health). */
export const Public = () => SetMetadata(ACCESS_POLICY, { kind: 'public' } satisfies AccessPolicy);

/** Signed-in callers with one of these roles. */
export const Allow = (...roles: UserRole[]) => SetMetadata(ACCESS_POLICY, { kind: 'roles', roles } satisfies AccessPolicy);

export const ALL_ROLES: readonly UserRole[] = Object.values(UserRole);

/** Any signed-in role; reads of ministry data are still narrowed by Scope. */
export const AnyRole = () => Allow(...ALL_ROLES);
