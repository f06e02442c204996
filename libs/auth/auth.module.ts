import { Global, Module } from '@nestjs/common';
import { SESSION_LOOKUP, type SessionLookup } from '../access/session-lookup.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { credentialsOf, csrfProblem } from './browser-session.js';
import { SessionService } from './session.service.js';

/** What the access guard asks of sessions (libs/access/session-lookup.ts). */
const sessionLookup = {
  provide: SESSION_LOOKUP,
  inject: [SessionService],
  useFactory: (sessions: SessionService): SessionLookup => ({ credentialsOf, csrfProblem, actorForAccessToken: (token) => sessions.actorForAccessToken(token) }),
};

@Global()
@Module({ controllers: [AuthController], providers: [AuthService, SessionService, sessionLookup], exports: [SessionService, SESSION_LOOKUP] })
export class AuthModule {}
