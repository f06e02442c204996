import { AuditEvent } from './audit-event.entity.js';

/** This feature's entities, for libs/database/entities.ts. */
export const AUDIT_ENTITIES = [AuditEvent];
