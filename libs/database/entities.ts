import { BudgetLine, BudgetPrintedTotal } from '../budget/budget-line.entity.js';
import { AuditEvent } from '../audit/audit-event.entity.js';
import { GateCondition, GateCriterion, GateReview, GateReviewer, GateScore, GateTemplate } from '../gates/gate.entity.js';
import { LoginAttempt, UsedRefreshToken, UserSession } from '../auth/session.entity.js';
import { StatusLight } from '../lights/status-light.entity.js';
import { Meeting, ReportedProgress, Resolution, ResolutionAssignment, ResolutionFollowUp, ResolutionTrackingDecision } from '../meetings/meeting.entity.js';
import { Notification } from '../notifications/notification.entity.js';
import { ReportSchedule, ReportScheduleRun } from '../report-schedules/report-schedule.entity.js';
import { Report } from '../reports/report.entity.js';
import { OutboxEvent } from '../outbox/outbox-event.entity.js';
import { EvidenceFile, Submission, SubmissionReview, SubmissionRevision } from '../submissions/submission.entity.js';
import { SubProjectAssignment } from '../sub-projects/assignment.entity.js';
import { DueDateChangeRequest } from '../sub-projects/due-date-change.entity.js';
import { Organisation, OrganisationName } from '../organisations/organisation.entity.js';
import { Axis, AxisCategory, FocusArea, FocusAreaOrganisation } from '../programmes/axis.entity.js';
import { SourceDiscrepancy } from '../programmes/discrepancy.entity.js';
import { Indicator, IndicatorOrganisation, IndicatorTarget } from '../programmes/indicator.entity.js';
import { Programme } from '../programmes/programme.entity.js';
import { Milestone } from '../sub-projects/milestone.entity.js';
import { SubProject, SubProjectAxis, SubProjectCategoryMark, SubProjectCoOrganiser } from '../sub-projects/sub-project.entity.js';
import { User } from '../users/user.entity.js';

/** Every entity, registered once for the app, the CLI and the drift check. */
export const ENTITIES = [
  Organisation,
  OrganisationName,
  User,
  Programme,
  Axis,
  AxisCategory,
  FocusArea,
  FocusAreaOrganisation,
  Indicator,
  IndicatorOrganisation,
  IndicatorTarget,
  SourceDiscrepancy,
  SubProject,
  SubProjectCoOrganiser,
  SubProjectAxis,
  SubProjectCategoryMark,
  Milestone,
  BudgetLine,
  BudgetPrintedTotal,
  Meeting,
  Resolution,
  ResolutionAssignment,
  ResolutionFollowUp,
  ReportedProgress,
  ResolutionTrackingDecision,
  UserSession,
  UsedRefreshToken,
  LoginAttempt,
  AuditEvent,
  OutboxEvent,
  SubProjectAssignment,
  DueDateChangeRequest,
  Submission,
  SubmissionRevision,
  SubmissionReview,
  EvidenceFile,
  StatusLight,
  Notification,
  ReportSchedule,
  ReportScheduleRun,
  Report,
  GateTemplate,
  GateCriterion,
  GateReview,
  GateReviewer,
  GateScore,
  GateCondition,
];
