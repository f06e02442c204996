/**
 * Every outbox topic of the system, with the payload each carries and the aggregate it is about.
 * Topics are stored in the database (outbox_event.topic) and then in Redis: never rename one
 * without a migration. Payloads carry ids plus what the email must say as it was at the moment of
 * the step (a return comment, a decision, a new due date), never whole entities: a later edit
 * must not change what an earlier email says.
 *
 * Adding a topic: add it here with its payload and aggregate, write it with
 * `tx.outbox(OutboxTopic.X, payload)`, and subscribe to it (the worker refuses to start with a
 * topic nobody subscribes to); if it emails someone, route it in libs/notifications/event-routes.ts.
 */
export enum OutboxTopic {
  /** Assigned or reassigned (to a lead and co-organisers): libs/sub-projects/assignment.service.ts */
  SubProjectAssigned = 'sub_project.assigned',
  SubProjectAcknowledged = 'sub_project.acknowledged',
  /** activated, suspended, resumed or closed */
  SubProjectStatusChanged = 'sub_project.status_changed',

  DueDateChangeRequested = 'due_date_change.requested',
  /** approved or rejected (payload.decision) */
  DueDateChangeDecided = 'due_date_change.decided',

  StatusLightOverridden = 'status_light.overridden',
  StatusLightOverrideRemoved = 'status_light.override_removed',

  /** One row per organisation the resolution is assigned to. */
  ResolutionAssigned = 'resolution.assigned',
  ResolutionReleaseRequested = 'resolution.release_requested',
  ResolutionReleased = 'resolution.released',
  ResolutionKept = 'resolution.kept',

  /** The officer submitted: the supervisor's turn (填報 → 主管核定). */
  SubmissionAwaitingSupervisor = 'submission.awaiting_supervisor',
  /** The supervisor approved: the secretariat's turn. Stored as 'submission.submitted' (its status after the step). */
  SubmissionApproved = 'submission.submitted',
  /** The supervisor sent it back to the officer (draft again), with a comment. */
  SubmissionSentBack = 'submission.sent_back',
  SubmissionAccepted = 'submission.accepted',
  /** The secretariat returned it (退回補正), with a comment. */
  SubmissionReturned = 'submission.returned',

  GateReviewScheduled = 'gate_review.scheduled',
  GateReviewDecided = 'gate_review.decided',
  /** One row per condition of a go_with_conditions decision. */
  GateConditionAssigned = 'gate_condition.assigned',
  GateConditionClosed = 'gate_condition.closed',
  GateConditionWaived = 'gate_condition.waived',

  /** A report to generate (on demand, or a gate packet). */
  ReportRequested = 'report.requested',
  /** Created, changed, paused or deleted: the worker re-registers its cron. */
  ReportScheduleChanged = 'report_schedule.changed',
}

/** A step of a submission; `comment` is what the actor wrote with it (required for send-back and return). */
interface SubmissionStepPayload {
  submissionId: string;
  subProjectId: string;
  milestoneId: string | null;
  comment: string | null;
}

interface ResolutionStepPayload {
  resolutionId: string;
  /** The organisation the resolution is tracked for. */
  organisationId: string;
}

interface GateConditionPayload {
  gateConditionId: string;
  gateReviewId: string;
  subProjectId: string;
  /** The owner organisation. */
  organisationId: string;
}

export interface OutboxPayloads {
  [OutboxTopic.SubProjectAssigned]: {
    subProjectId: string;
    /** The (new) lead. */
    organisationId: string;
    coOrganiserIds: string[];
    assignmentId: string;
    reassigned: boolean;
    /** Why it was reassigned (required then). */
    reason: string | null;
  };
  [OutboxTopic.SubProjectAcknowledged]: { subProjectId: string; organisationId: string; assignmentId: string };
  [OutboxTopic.SubProjectStatusChanged]: {
    subProjectId: string;
    organisationId: string | null;
    transition: 'activate' | 'suspend' | 'resume' | 'close';
    status: string;
    reason: string | null;
  };

  [OutboxTopic.DueDateChangeRequested]: {
    changeRequestId: string;
    milestoneId: string;
    subProjectId: string;
    previousDueDate: string;
    proposedDueDate: string;
    reason: string;
  };
  [OutboxTopic.DueDateChangeDecided]: {
    changeRequestId: string;
    milestoneId: string;
    subProjectId: string;
    /** The lead. */
    organisationId: string | null;
    decision: 'approved' | 'rejected';
    previousDueDate: string;
    proposedDueDate: string;
    /** The decider's reason (required to reject). */
    reason: string | null;
  };

  [OutboxTopic.StatusLightOverridden]: { statusLightId: string; subProjectId: string; period: string; colour: string; justification: string };
  [OutboxTopic.StatusLightOverrideRemoved]: { statusLightId: string; subProjectId: string; period: string };

  [OutboxTopic.ResolutionAssigned]: ResolutionStepPayload;
  [OutboxTopic.ResolutionReleaseRequested]: ResolutionStepPayload;
  [OutboxTopic.ResolutionReleased]: ResolutionStepPayload & { comment: string | null };
  [OutboxTopic.ResolutionKept]: ResolutionStepPayload & { comment: string };

  [OutboxTopic.SubmissionAwaitingSupervisor]: SubmissionStepPayload;
  [OutboxTopic.SubmissionApproved]: SubmissionStepPayload;
  [OutboxTopic.SubmissionSentBack]: SubmissionStepPayload & { comment: string };
  [OutboxTopic.SubmissionAccepted]: SubmissionStepPayload;
  [OutboxTopic.SubmissionReturned]: SubmissionStepPayload & { comment: string };

  [OutboxTopic.GateReviewScheduled]: { gateReviewId: string; subProjectId: string; reviewerUserIds: string[] };
  [OutboxTopic.GateReviewDecided]: { gateReviewId: string; subProjectId: string; decision: string };
  [OutboxTopic.GateConditionAssigned]: GateConditionPayload;
  /** note: how the condition was met. */
  [OutboxTopic.GateConditionClosed]: GateConditionPayload & { note: string };
  /** note: why it was waived. */
  [OutboxTopic.GateConditionWaived]: GateConditionPayload & { note: string };

  [OutboxTopic.ReportRequested]: { reportId: string };
  [OutboxTopic.ReportScheduleChanged]: { reportScheduleId: string };
}

export type OutboxPayload<T extends OutboxTopic> = OutboxPayloads[T];

/** What each topic is about: the aggregate type stored with the row and where its id is in the payload. */
export const OUTBOX_AGGREGATE: { readonly [T in OutboxTopic]: { type: string; id: (payload: OutboxPayloads[T]) => string } } = {
  [OutboxTopic.SubProjectAssigned]: { type: 'sub_project', id: (p) => p.subProjectId },
  [OutboxTopic.SubProjectAcknowledged]: { type: 'sub_project', id: (p) => p.subProjectId },
  [OutboxTopic.SubProjectStatusChanged]: { type: 'sub_project', id: (p) => p.subProjectId },
  [OutboxTopic.DueDateChangeRequested]: { type: 'due_date_change_request', id: (p) => p.changeRequestId },
  [OutboxTopic.DueDateChangeDecided]: { type: 'due_date_change_request', id: (p) => p.changeRequestId },
  [OutboxTopic.StatusLightOverridden]: { type: 'status_light', id: (p) => p.statusLightId },
  [OutboxTopic.StatusLightOverrideRemoved]: { type: 'status_light', id: (p) => p.statusLightId },
  [OutboxTopic.ResolutionAssigned]: { type: 'resolution', id: (p) => p.resolutionId },
  [OutboxTopic.ResolutionReleaseRequested]: { type: 'resolution', id: (p) => p.resolutionId },
  [OutboxTopic.ResolutionReleased]: { type: 'resolution', id: (p) => p.resolutionId },
  [OutboxTopic.ResolutionKept]: { type: 'resolution', id: (p) => p.resolutionId },
  [OutboxTopic.SubmissionAwaitingSupervisor]: { type: 'submission', id: (p) => p.submissionId },
  [OutboxTopic.SubmissionApproved]: { type: 'submission', id: (p) => p.submissionId },
  [OutboxTopic.SubmissionSentBack]: { type: 'submission', id: (p) => p.submissionId },
  [OutboxTopic.SubmissionAccepted]: { type: 'submission', id: (p) => p.submissionId },
  [OutboxTopic.SubmissionReturned]: { type: 'submission', id: (p) => p.submissionId },
  [OutboxTopic.GateReviewScheduled]: { type: 'gate_review', id: (p) => p.gateReviewId },
  [OutboxTopic.GateReviewDecided]: { type: 'gate_review', id: (p) => p.gateReviewId },
  [OutboxTopic.GateConditionAssigned]: { type: 'gate_condition', id: (p) => p.gateConditionId },
  [OutboxTopic.GateConditionClosed]: { type: 'gate_condition', id: (p) => p.gateConditionId },
  [OutboxTopic.GateConditionWaived]: { type: 'gate_condition', id: (p) => p.gateConditionId },
  [OutboxTopic.ReportRequested]: { type: 'report', id: (p) => p.reportId },
  [OutboxTopic.ReportScheduleChanged]: { type: 'report_schedule', id: (p) => p.reportScheduleId },
};

export const OUTBOX_TOPICS: readonly OutboxTopic[] = Object.values(OutboxTopic);
