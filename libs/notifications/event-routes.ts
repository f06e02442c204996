import { OutboxTopic } from '../outbox/topics.js';
import { NotificationKind } from './notification.entity.js';

/**
 * Who is told of each workflow event, in one table: the source of truth for the events subscriber
 * (event-notifications.ts), for README's "Who is told what" (renderRoutesTable, checked by
 * test/event-notifications.e2e-spec.ts) and for that test's end-to-end walk.
 *
 * Whose staff: `organisation` says which organisation "officers" and "supervisors" act for:
 * - 'lead': the lead organisation of the event's sub-project;
 * - 'payload': the organisation the event names (the new lead of an assignment, the organisation a
 *   resolution is tracked for, the owner of a gate condition).
 * Staff of an organisation above it act for it too (libs/notifications/recipients.ts).
 *
 * The person who took the step is never told of it (one does not need an email about one's own
 * action); everyone else in the audience is, once per event.
 */
export enum Audience {
  Officers = 'officers',
  Supervisors = 'supervisors',
  /** Officers of every co-organiser the event names. */
  CoOrganiserOfficers = 'co_organiser_officers',
  /** The coordinators (執行秘書室). */
  Secretariat = 'secretariat',
  /** The officer who wrote the submission. */
  Author = 'author',
  /** The coordinator who made the assignment (the secretariat, for an assignment loaded with the plan). */
  Assigner = 'assigner',
  /** The reviewers assigned to the gate review. */
  Reviewers = 'reviewers',
}

export interface EventRoute {
  /** What the step is, for the README. */
  step: string;
  kind: NotificationKind;
  /** What the notification is about (the ledger row's subject: the event's aggregate). */
  subjectType: string;
  organisation: 'lead' | 'payload';
  /** What `organisation` is, for the README, when it is 'payload'. */
  organisationIs?: string;
  tell: readonly Audience[];
}

/** Topics that are work for the worker, not news for a person. */
export const UNROUTED_TOPICS: Readonly<Partial<Record<OutboxTopic, string>>> = {
  [OutboxTopic.ReportRequested]: 'the worker generates the report',
  [OutboxTopic.ReportScheduleChanged]: 'the worker re-registers the schedule\'s cron tick',
};

const { Officers, Supervisors, CoOrganiserOfficers, Secretariat, Author, Assigner, Reviewers } = Audience;

export const EVENT_ROUTES: Readonly<Partial<Record<OutboxTopic, EventRoute>>> = {
  [OutboxTopic.SubProjectAssigned]: {
    step: 'sub-project assigned or reassigned', kind: NotificationKind.SubProjectAssigned, subjectType: 'sub_project',
    organisation: 'payload', organisationIs: 'the (new) lead', tell: [Officers, Supervisors, CoOrganiserOfficers],
  },
  [OutboxTopic.SubProjectAcknowledged]: {
    step: 'assignment acknowledged by the lead', kind: NotificationKind.SubProjectAcknowledged, subjectType: 'sub_project', organisation: 'lead', tell: [Assigner],
  },
  [OutboxTopic.SubProjectStatusChanged]: {
    step: 'sub-project activated, suspended, resumed or closed', kind: NotificationKind.SubProjectStatusChanged, subjectType: 'sub_project',
    organisation: 'lead', tell: [Officers, Supervisors],
  },
  [OutboxTopic.DueDateChangeRequested]: {
    step: 'due-date change requested', kind: NotificationKind.DueDateChangeRequested, subjectType: 'due_date_change_request', organisation: 'lead', tell: [Secretariat],
  },
  [OutboxTopic.DueDateChangeDecided]: {
    step: 'due-date change approved or rejected', kind: NotificationKind.DueDateChangeDecided, subjectType: 'due_date_change_request',
    organisation: 'lead', tell: [Officers, Supervisors],
  },
  [OutboxTopic.StatusLightOverridden]: {
    step: 'status light overridden', kind: NotificationKind.StatusLightOverridden, subjectType: 'status_light', organisation: 'lead', tell: [Officers, Supervisors],
  },
  [OutboxTopic.StatusLightOverrideRemoved]: {
    step: 'status light override removed', kind: NotificationKind.StatusLightOverrideRemoved, subjectType: 'status_light', organisation: 'lead', tell: [Officers, Supervisors],
  },
  [OutboxTopic.ResolutionAssigned]: {
    step: 'meeting resolution assigned for tracking', kind: NotificationKind.ResolutionAssigned, subjectType: 'resolution',
    organisation: 'payload', organisationIs: 'the organisation it is tracked for', tell: [Officers, Supervisors],
  },
  [OutboxTopic.ResolutionReleaseRequested]: {
    step: 'release from tracking requested', kind: NotificationKind.ResolutionReleaseRequested, subjectType: 'resolution',
    organisation: 'payload', organisationIs: 'the organisation asking', tell: [Secretariat],
  },
  [OutboxTopic.ResolutionReleased]: {
    step: 'resolution released from tracking', kind: NotificationKind.ResolutionReleased, subjectType: 'resolution',
    organisation: 'payload', organisationIs: 'the organisation it was tracked for', tell: [Officers, Supervisors],
  },
  [OutboxTopic.ResolutionKept]: {
    step: 'resolution kept in tracking', kind: NotificationKind.ResolutionKept, subjectType: 'resolution',
    organisation: 'payload', organisationIs: 'the organisation it is tracked for', tell: [Officers, Supervisors],
  },
  [OutboxTopic.SubmissionAwaitingSupervisor]: {
    step: 'submission submitted to the supervisor', kind: NotificationKind.SubmissionAwaitingSupervisor, subjectType: 'submission',
    organisation: 'lead', tell: [Supervisors, Author],
  },
  [OutboxTopic.SubmissionApproved]: {
    step: 'submission approved by the supervisor (sent to the secretariat)', kind: NotificationKind.SubmissionSubmitted, subjectType: 'submission',
    organisation: 'lead', tell: [Secretariat, Author],
  },
  [OutboxTopic.SubmissionSentBack]: {
    step: 'submission sent back to the officer', kind: NotificationKind.SubmissionSentBack, subjectType: 'submission', organisation: 'lead', tell: [Officers, Author],
  },
  [OutboxTopic.SubmissionAccepted]: {
    step: 'submission accepted', kind: NotificationKind.SubmissionAccepted, subjectType: 'submission', organisation: 'lead', tell: [Author],
  },
  [OutboxTopic.SubmissionReturned]: {
    step: 'submission returned for revision', kind: NotificationKind.SubmissionReturned, subjectType: 'submission', organisation: 'lead', tell: [Officers, Author],
  },
  [OutboxTopic.GateReviewScheduled]: {
    step: 'gate review scheduled', kind: NotificationKind.GateReviewAssigned, subjectType: 'gate_review', organisation: 'lead', tell: [Reviewers],
  },
  [OutboxTopic.GateReviewDecided]: {
    step: 'gate review decided', kind: NotificationKind.GateReviewDecided, subjectType: 'gate_review', organisation: 'lead', tell: [Officers, Supervisors],
  },
  [OutboxTopic.GateConditionAssigned]: {
    step: 'gate condition assigned', kind: NotificationKind.GateConditionAssigned, subjectType: 'gate_condition',
    organisation: 'payload', organisationIs: 'the owner', tell: [Officers, Supervisors],
  },
  [OutboxTopic.GateConditionClosed]: {
    step: 'gate condition closed', kind: NotificationKind.GateConditionClosed, subjectType: 'gate_condition',
    organisation: 'payload', organisationIs: 'the owner', tell: [Officers, Supervisors, Secretariat],
  },
  [OutboxTopic.GateConditionWaived]: {
    step: 'gate condition waived', kind: NotificationKind.GateConditionWaived, subjectType: 'gate_condition',
    organisation: 'payload', organisationIs: 'the owner', tell: [Officers, Supervisors],
  },
};

export const ROUTED_TOPICS = Object.keys(EVENT_ROUTES) as OutboxTopic[];

const AUDIENCE_TEXT: Record<Audience, (organisation: string) => string> = {
  [Audience.Officers]: (o) => `officers of ${o}`,
  [Audience.Supervisors]: (o) => `supervisors of ${o}`,
  [Audience.CoOrganiserOfficers]: () => 'officers of every co-organiser',
  [Audience.Secretariat]: () => 'the secretariat (coordinators)',
  [Audience.Author]: () => 'the officer who wrote it',
  [Audience.Assigner]: () => 'the coordinator who assigned it',
  [Audience.Reviewers]: () => 'the assigned reviewers',
};

/** "officers of the lead, supervisors of the lead, …" */
function describeAudience(route: EventRoute): string {
  const organisation = route.organisation === 'lead' ? 'the lead' : (route.organisationIs ?? 'the organisation named');
  const both = route.tell.includes(Audience.Officers) && route.tell.includes(Audience.Supervisors);
  return route.tell
    .filter((a) => !(both && a === Audience.Supervisors))
    .map((a) => (both && a === Audience.Officers ? `officers and supervisors of ${organisation}` : AUDIENCE_TEXT[a](organisation)))
    .join('; ');
}

/** README's "Who is told what" table, from EVENT_ROUTES: one row per topic. */
export function renderRoutesTable(topics: readonly OutboxTopic[]): string {
  const rows = topics.map((topic) => {
    const route = EVENT_ROUTES[topic];
    return route
      ? `| \`${topic}\` | ${route.step} | ${describeAudience(route)} | \`${route.kind}\` |`
      : `| \`${topic}\` | ${UNROUTED_TOPICS[topic] ?? '?'} | nobody (no email) | — |`;
  });
  return ['| Topic | Step | Who is told (never the person who took the step) | Email (notification kind) |', '|---|---|---|---|', ...rows].join('\n');
}
