import { Delegation } from './delegation.entity.js';

/** This feature's entities, for libs/database/entities.ts. */
export const ACCOUNT_ENTITIES = [Delegation];
