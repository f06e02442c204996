import { LoginAttempt, UsedRefreshToken, UserSession } from './session.entity.js';

/** This feature's entities, for libs/database/entities.ts. */
export const AUTH_ENTITIES = [UserSession, LoginAttempt, UsedRefreshToken];
