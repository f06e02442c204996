/** Every migration, oldest first. `npm run migration:generate` appends new ones here. */
import { CreateOversightSchema1795313402518 } from './1795313402518-CreateOversightSchema.js';
import { AddOversightWorkflows1795314592772 } from './1795314592772-AddOversightWorkflows.js';
import { AddNotificationsAndSchedules1795321720281 } from './1795321720281-AddNotificationsAndSchedules.js';
import { AddReports1795323214523 } from './1795323214523-AddReports.js';
import { AddGateReviews1795323541098 } from './1795323541098-AddGateReviews.js';
import { LinkScheduleRunsToReports1795325532889 } from './1795325532889-LinkScheduleRunsToReports.js';
import { AddSessionKind1796158947891 } from './1796158947891-AddSessionKind.js';
import { AddOutboxEventActor1796172936446 } from './1796172936446-AddOutboxEventActor.js';
import { AddAuditHashChain1796172986398 } from './1796172986398-AddAuditHashChain.js';
import { AddUsedRefreshTokens1796173340524 } from './1796173340524-AddUsedRefreshTokens.js';
import { AddAuditClientRequestId1796174853482 } from './1796174853482-AddAuditClientRequestId.js';
import { HashEveryAuditColumn1796174978266 } from './1796174978266-HashEveryAuditColumn.js';
import { AddAccountAdministration1796186501545 } from './1796186501545-AddAccountAdministration.js';
import { AddInboxPreferencesAndCalendarFeeds1796187326113 } from './1796187326113-AddInboxPreferencesAndCalendarFeeds.js';
import { AddActingDelegates1796187369690 } from './1796187369690-AddActingDelegates.js';
import { AddGateScoreDrafts1796187454354 } from './1796187454354-AddGateScoreDrafts.js';
import { AddImportSessions1796187587291 } from './1796187587291-AddImportSessions.js';
import { AddProgrammeSetupStatus1796188205918 } from './1796188205918-AddProgrammeSetupStatus.js';

export const MIGRATIONS = [
  CreateOversightSchema1795313402518,
  AddOversightWorkflows1795314592772,
  AddNotificationsAndSchedules1795321720281,
  AddReports1795323214523,
  AddGateReviews1795323541098,
  LinkScheduleRunsToReports1795325532889,
  AddSessionKind1796158947891,
  AddOutboxEventActor1796172936446,
  AddAuditHashChain1796172986398,
  AddUsedRefreshTokens1796173340524,
  AddAuditClientRequestId1796174853482,
  HashEveryAuditColumn1796174978266,
  AddAccountAdministration1796186501545,
  AddInboxPreferencesAndCalendarFeeds1796187326113,
  AddActingDelegates1796187369690,
  AddGateScoreDrafts1796187454354,
  AddImportSessions1796187587291,
  AddProgrammeSetupStatus1796188205918,
];
