import type { FastifyRequest } from 'fastify';
import type { AppError } from '../common/errors.js';
import type { Actor } from './actor.js';

/** The credentials a request signs in with, and how it carried them (only cookies need CSRF proof). */
interface RequestCredentials {
  token: string;
  via: 'bearer' | 'cookie';
}

/**
 * How the access guard finds a request's caller. libs/auth provides it under SESSION_LOOKUP, so
 * access depends on this interface, not on how sessions are stored or cookies are read.
 */
export interface SessionLookup {
  /** The request's access token, or null when it brings none. */
  credentialsOf(request: FastifyRequest): RequestCredentials | null;
  /** The signed-in actor for a live session's access token, or null. */
  actorForAccessToken(token: string): Promise<Actor | null>;
  /** Why a request signed in by cookie may not change anything (no CSRF proof), or null. */
  csrfProblem(request: FastifyRequest, credentials: RequestCredentials): AppError | null;
}

export const SESSION_LOOKUP = Symbol('SessionLookup');

/**
 * Acting delegates (職務代理): libs/account provides it under ACTING_FOR_LOOKUP. Given the signed-in
 * delegate and the user id of X-Acting-For, the delegator as the actor (with actingUserId set), or
 * an AppError (DELEGATION_NOT_ACTIVE) when no delegation to the caller covers today.
 */
export interface ActingForLookup {
  actFor(delegate: Actor, delegatorUserId: string): Promise<Actor>;
}

export const ACTING_FOR_LOOKUP = Symbol('ActingForLookup');
