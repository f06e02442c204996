import { ACCOUNT_ENTITIES } from '../account/account.entities.js';
import { AUDIT_ENTITIES } from '../audit/audit.entities.js';
import { AUTH_ENTITIES } from '../auth/auth.entities.js';
import { BUDGET_ENTITIES } from '../budget/budget.entities.js';
import { CALENDAR_FEED_ENTITIES } from '../calendar-feed/calendar-feed.entities.js';
import { GATES_ENTITIES } from '../gates/gates.entities.js';
import { IMPORTS_ENTITIES } from '../imports/imports.entities.js';
import { LIGHTS_ENTITIES } from '../lights/lights.entities.js';
import { MEETINGS_ENTITIES } from '../meetings/meetings.entities.js';
import { NOTIFICATIONS_ENTITIES } from '../notifications/notifications.entities.js';
import { ORGANISATIONS_ENTITIES } from '../organisations/organisations.entities.js';
import { OUTBOX_ENTITIES } from '../outbox/outbox.entities.js';
import { PROGRAMMES_ENTITIES } from '../programmes/programmes.entities.js';
import { REPORT_SCHEDULES_ENTITIES } from '../report-schedules/report-schedules.entities.js';
import { REPORTS_ENTITIES } from '../reports/reports.entities.js';
import { SUB_PROJECTS_ENTITIES } from '../sub-projects/sub-projects.entities.js';
import { SUBMISSIONS_ENTITIES } from '../submissions/submissions.entities.js';
import { USERS_ENTITIES } from '../users/users.entities.js';

/**
 * Every entity, registered once for the app, the CLI and the drift check. Each feature lists its own
 * (libs/<feature>/<feature>.entities.ts): a new entity goes there, not here.
 */
export const ENTITIES = [
  ...ORGANISATIONS_ENTITIES,
  ...USERS_ENTITIES,
  ...PROGRAMMES_ENTITIES,
  ...SUB_PROJECTS_ENTITIES,
  ...BUDGET_ENTITIES,
  ...MEETINGS_ENTITIES,
  ...AUTH_ENTITIES,
  ...AUDIT_ENTITIES,
  ...OUTBOX_ENTITIES,
  ...SUBMISSIONS_ENTITIES,
  ...LIGHTS_ENTITIES,
  ...NOTIFICATIONS_ENTITIES,
  ...REPORT_SCHEDULES_ENTITIES,
  ...REPORTS_ENTITIES,
  ...GATES_ENTITIES,
  ...IMPORTS_ENTITIES,
  ...CALENDAR_FEED_ENTITIES,
  ...ACCOUNT_ENTITIES,
];
