import { type CanActivate, type ExecutionContext, Inject, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError } from '../common/errors.js';
import { ACTING_FOR_HEADER, AS_MYSELF, type Actor, type RequestWithActor } from './actor.js';
import { ACCESS_POLICY, type AccessPolicy } from './policy.js';
import { ACTING_FOR_LOOKUP, type ActingForLookup, SESSION_LOOKUP, type SessionLookup } from './session-lookup.js';

/**
 * The one global guard: every route must declare a policy (@Public, @Allow, @AnyRole). It signs
 * the caller in from the bearer token or else the browser session cookie (which must bring its
 * CSRF header on every change), then checks the role. Organisation checks are the services' (Scope).
 * With X-Acting-For a delegate acts for the user it names (職務代理), checked against an active
 * delegation on every request; sign-in routes and @AsMyself routes ignore it.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(SESSION_LOOKUP) private readonly sessions: SessionLookup,
    @Optional() @Inject(ACTING_FOR_LOOKUP) private readonly delegations?: ActingForLookup,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [context.getHandler(), context.getClass()]);
    if (!policy) {
      throw new AppError('INTERNAL', `Route ${context.getClass().name}.${context.getHandler().name} declares no access policy`);
    }
    if (policy.kind === 'public') return true;

    const request = context.switchToHttp().getRequest<RequestWithActor>();
    const credentials = this.sessions.credentialsOf(request);
    if (!credentials) throw new AppError('UNAUTHENTICATED', 'Sign in first: send Authorization: Bearer <access token>, or sign in in the browser');
    const signedIn = await this.sessions.actorForAccessToken(credentials.token);
    if (!signedIn) {
      throw new AppError('UNAUTHENTICATED', credentials.via === 'cookie'
        ? 'Your session has ended: sign in again'
        : 'The access token is invalid, expired or signed out: sign in or refresh');
    }
    const csrf = this.sessions.csrfProblem(request, credentials);
    if (csrf) throw csrf;
    const actor = await this.actingFor(context, request, signedIn);
    request.actor = actor;

    if (!actor.roles.some((role) => policy.roles.includes(role))) {
      throw new AppError('FORBIDDEN', `This needs one of the roles: ${policy.roles.join(', ')}`);
    }
    return true;
  }

  /** The delegator when the request acts for one (X-Acting-For), else the signed-in caller. */
  private async actingFor(context: ExecutionContext, request: RequestWithActor, signedIn: Actor): Promise<Actor> {
    const header = request.headers[ACTING_FOR_HEADER];
    const delegatorId = typeof header === 'string' ? header.trim() : '';
    if (!delegatorId || delegatorId === signedIn.userId) return signedIn;
    // Signing in and out, and the person's own account, are always the person's own.
    const asMyself = this.reflector.getAllAndOverride<boolean | undefined>(AS_MYSELF, [context.getHandler(), context.getClass()]);
    if (asMyself || request.url.startsWith('/api/auth/')) return signedIn;
    if (!this.delegations) throw new AppError('DELEGATION_NOT_ACTIVE', 'Acting for someone else is not available here');
    return this.delegations.actFor(signedIn, delegatorId);
  }
}
