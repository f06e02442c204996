import { BUDGET_LINES_KIND } from './budget-lines.kind.js';
import { INDICATOR_TARGETS_KIND } from './indicator-targets.kind.js';
import { type ImportKind, ImportKindName } from './kind.js';
import { MILESTONES_KIND } from './milestones.kind.js';
import { SUB_PROJECTS_KIND } from './sub-projects.kind.js';

export const IMPORT_KINDS: Record<ImportKindName, ImportKind<{ key: string }>> = {
  [ImportKindName.SubProjects]: SUB_PROJECTS_KIND as unknown as ImportKind<{ key: string }>,
  [ImportKindName.Milestones]: MILESTONES_KIND as unknown as ImportKind<{ key: string }>,
  [ImportKindName.BudgetLines]: BUDGET_LINES_KIND as unknown as ImportKind<{ key: string }>,
  [ImportKindName.IndicatorTargets]: INDICATOR_TARGETS_KIND as unknown as ImportKind<{ key: string }>,
};
