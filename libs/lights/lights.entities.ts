import { StatusLight } from './status-light.entity.js';

/** This feature's entities, for libs/database/entities.ts. */
export const LIGHTS_ENTITIES = [StatusLight];
