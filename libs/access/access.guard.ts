import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError } from '../common/errors.js';
import type { RequestWithActor } from './actor.js';
import { ACCESS_POLICY, type AccessPolicy } from './policy.js';
import { SESSION_LOOKUP, type SessionLookup } from './session-lookup.js';

/**
 * The one global guard: every route must declare a policy (@Public, @Allow, @AnyRole). It signs
 * the caller in from the bearer token or else the browser session cookie (which must bring its
 * CSRF header on every change), then checks the role. Organisation checks are the services' (Scope).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(SESSION_LOOKUP) private readonly sessions: SessionLookup,
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
    const actor = await this.sessions.actorForAccessToken(credentials.token);
    if (!actor) {
      throw new AppError('UNAUTHENTICATED', credentials.via === 'cookie'
        ? 'Your session has ended: sign in again'
        : 'The access token is invalid, expired or signed out: sign in or refresh');
    }
    const csrf = this.sessions.csrfProblem(request, credentials);
    if (csrf) throw csrf;
    request.actor = actor;

    if (!actor.roles.some((role) => policy.roles.includes(role))) {
      throw new AppError('FORBIDDEN', `This needs one of the roles: ${policy.roles.join(', ')}`);
    }
    return true;
  }
}
