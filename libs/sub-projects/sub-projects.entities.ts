import { SubProjectAssignment } from './assignment.entity.js';
import { DueDateChangeRequest } from './due-date-change.entity.js';
import { Milestone } from './milestone.entity.js';
import { SubProject, SubProjectAxis, SubProjectCategoryMark, SubProjectCoOrganiser } from './sub-project.entity.js';

/** This feature's entities, for libs/database/entities.ts. */
export const SUB_PROJECTS_ENTITIES = [
  SubProject, SubProjectCoOrganiser, SubProjectAxis, SubProjectCategoryMark, Milestone, SubProjectAssignment, DueDateChangeRequest,
];
