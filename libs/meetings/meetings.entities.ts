import { Meeting, ReportedProgress, Resolution, ResolutionAssignment, ResolutionFollowUp, ResolutionTrackingDecision } from './meeting.entity.js';

/** This feature's entities, for libs/database/entities.ts. */
export const MEETINGS_ENTITIES = [Meeting, Resolution, ResolutionAssignment, ResolutionFollowUp, ReportedProgress, ResolutionTrackingDecision];
