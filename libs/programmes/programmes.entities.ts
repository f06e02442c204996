import { Axis, AxisCategory, FocusArea, FocusAreaOrganisation } from './axis.entity.js';
import { SourceDiscrepancy } from './discrepancy.entity.js';
import { Indicator, IndicatorOrganisation, IndicatorTarget } from './indicator.entity.js';
import { Programme } from './programme.entity.js';

/** This feature's entities, for libs/database/entities.ts. */
export const PROGRAMMES_ENTITIES = [
  Programme, Axis, AxisCategory, FocusArea, FocusAreaOrganisation, Indicator, IndicatorOrganisation, IndicatorTarget, SourceDiscrepancy,
];
