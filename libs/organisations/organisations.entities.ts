import { Organisation, OrganisationName } from './organisation.entity.js';

/** This feature's entities, for libs/database/entities.ts. */
export const ORGANISATIONS_ENTITIES = [Organisation, OrganisationName];
