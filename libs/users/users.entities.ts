import { AccountToken } from './account-token.entity.js';
import { User } from './user.entity.js';

/** This feature's entities, for libs/database/entities.ts. */
export const USERS_ENTITIES = [User, AccountToken];
