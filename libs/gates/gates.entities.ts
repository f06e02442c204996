import { GateCondition, GateCriterion, GateReview, GateReviewer, GateScore, GateTemplate } from './gate.entity.js';

/** This feature's entities, for libs/database/entities.ts. */
export const GATES_ENTITIES = [GateTemplate, GateCriterion, GateReview, GateReviewer, GateScore, GateCondition];
