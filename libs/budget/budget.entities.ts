import { BudgetLine, BudgetPrintedTotal } from './budget-line.entity.js';

/** This feature's entities, for libs/database/entities.ts. */
export const BUDGET_ENTITIES = [BudgetLine, BudgetPrintedTotal];
