import { Report } from './report.entity.js';

/** This feature's entities, for libs/database/entities.ts. */
export const REPORTS_ENTITIES = [Report];
