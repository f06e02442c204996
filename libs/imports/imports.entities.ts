import { ImportSession, ImportSessionRow } from './import-session.entity.js';

export const IMPORTS_ENTITIES = [ImportSession, ImportSessionRow];
