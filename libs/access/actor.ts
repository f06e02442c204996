import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../common/errors.js';
import { UserRole } from '../users/user.entity.js';

/** The signed-in caller, resolved once per request by the AccessGuard. */
export interface Actor {
  userId: string;
  sessionId: string;
  email: string;
  displayName: string;
  roles: UserRole[];
  locale: string;
  organisationId: string | null;
  /** The caller's organisation and every unit under it. */
  organisationIds: string[];
  /**
   * 職務代理: set when a delegate acts for this user (X-Acting-For). The actor is then the delegator
   * (roles, organisation, scope, "my work"); this is the person really acting, recorded beside them.
   */
  actingUserId?: string | null;
  actingDisplayName?: string | null;
}

/** The person at the keyboard: the delegate when acting for someone, else the actor. */
export function personOf(actor: Actor): string {
  return actor.actingUserId ?? actor.userId;
}

/** The header a delegate sends to act for the user it names (their user id). */
export const ACTING_FOR_HEADER = 'x-acting-for';

export const AS_MYSELF = 'guankao:as-myself';

/**
 * Routes about the signed-in person themselves (my account, my delegations): X-Acting-For is
 * ignored there, so acting for B never changes B's password, sessions or delegations.
 */
export const AsMyself = () => SetMetadata(AS_MYSELF, true);

/** What a workflow step needs to know about its request: who, and which request (for the audit trail). */
export interface RequestContext {
  actor: Actor;
  /** Made by the server (apps/api/src/http-edge.ts). */
  requestId: string;
  /** The X-Request-Id the client sent, if any: untrusted, kept beside requestId for correlation only. */
  clientRequestId?: string | null;
}

const SECRETARIAT_ROLES: readonly UserRole[] = [UserRole.Coordinator, UserRole.Admin];

export function hasRole(actor: Actor, ...roles: UserRole[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}

export function isSecretariat(actor: Actor): boolean {
  return hasRole(actor, ...SECRETARIAT_ROLES);
}

export type RequestWithActor = FastifyRequest & { actor?: Actor };

/** The caller (routes that allow anonymous access never use this). */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<RequestWithActor>().actor;
  if (!actor) throw new AppError('UNAUTHENTICATED', 'Sign in first');
  return actor;
});

/** The caller and the request id, for services that write. */
export const Ctx = createParamDecorator((_: unknown, context: ExecutionContext): RequestContext => {
  const request = context.switchToHttp().getRequest<RequestWithActor>();
  if (!request.actor) throw new AppError('UNAUTHENTICATED', 'Sign in first');
  return { actor: request.actor, requestId: String(request.id), clientRequestId: (request as { clientRequestId?: string | null }).clientRequestId ?? null };
});
