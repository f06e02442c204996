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
