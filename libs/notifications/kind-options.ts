import { NotificationKind } from './notification.entity.js';
import { KindDelivery } from './notification-preference.entity.js';

/** The groups the preferences screen shows the kinds in. */
export enum KindGroup {
  Reminders = 'reminders',
  Escalations = 'escalations',
  SubProjects = 'sub_projects',
  Submissions = 'submissions',
  Resolutions = 'resolutions',
  Gates = 'gates',
  Digests = 'digests',
  Reports = 'reports',
  Security = 'security',
}

/** Why a kind is always emailed at once. */
export enum AlwaysSentReason {
  Escalation = 'escalation',
  Scheduled = 'scheduled',
  Security = 'security',
}

export const ALWAYS_SENT_TEXT: Record<AlwaysSentReason, string> = {
  [AlwaysSentReason.Escalation]: 'Escalations of overdue items are always emailed at once: they cannot be turned off or held for a digest.',
  [AlwaysSentReason.Scheduled]: 'Scheduled reports are emailed because a coordinator scheduled them for you: ask the coordinator to take you off the schedule.',
  [AlwaysSentReason.Security]: 'Security and account emails (invitations, password resets) are always emailed at once.',
};

const EVERY: readonly KindDelivery[] = [KindDelivery.Immediate, KindDelivery.DailyDigest, KindDelivery.WeeklyDigest, KindDelivery.Off];

export interface KindOption {
  group: KindGroup;
  /** What the user may choose; a single Immediate means the kind is always sent. */
  options: readonly KindDelivery[];
  alwaysSent: AlwaysSentReason | null;
}

const choose = (group: KindGroup, options: readonly KindDelivery[] = EVERY): KindOption => ({ group, options, alwaysSent: null });
const always = (group: KindGroup, reason: AlwaysSentReason): KindOption => ({ group, options: [KindDelivery.Immediate], alwaysSent: reason });

/**
 * What each notification kind may be set to. A kind not listed here (a kind added later, e.g. an
 * account email) is always sent: it must be listed to become optional, never the other way round.
 */
const KIND_OPTIONS: Partial<Record<NotificationKind, KindOption>> = {
  [NotificationKind.MilestoneDueSoon]: choose(KindGroup.Reminders),
  [NotificationKind.MilestoneDueToday]: choose(KindGroup.Reminders),
  [NotificationKind.GateConditionDueSoon]: choose(KindGroup.Reminders),
  [NotificationKind.MilestoneOverdue]: always(KindGroup.Escalations, AlwaysSentReason.Escalation),
  [NotificationKind.GateConditionOverdue]: always(KindGroup.Escalations, AlwaysSentReason.Escalation),
  [NotificationKind.SubProjectAssigned]: choose(KindGroup.SubProjects),
  [NotificationKind.SubProjectAcknowledged]: choose(KindGroup.SubProjects),
  [NotificationKind.SubProjectStatusChanged]: choose(KindGroup.SubProjects),
  [NotificationKind.DueDateChangeRequested]: choose(KindGroup.SubProjects),
  [NotificationKind.DueDateChangeDecided]: choose(KindGroup.SubProjects),
  [NotificationKind.StatusLightOverridden]: choose(KindGroup.SubProjects),
  [NotificationKind.StatusLightOverrideRemoved]: choose(KindGroup.SubProjects),
  [NotificationKind.SubmissionAwaitingSupervisor]: choose(KindGroup.Submissions),
  [NotificationKind.SubmissionSubmitted]: choose(KindGroup.Submissions),
  [NotificationKind.SubmissionSentBack]: choose(KindGroup.Submissions),
  [NotificationKind.SubmissionAccepted]: choose(KindGroup.Submissions),
  [NotificationKind.SubmissionReturned]: choose(KindGroup.Submissions),
  [NotificationKind.ResolutionAssigned]: choose(KindGroup.Resolutions),
  [NotificationKind.ResolutionReleaseRequested]: choose(KindGroup.Resolutions),
  [NotificationKind.ResolutionReleased]: choose(KindGroup.Resolutions),
  [NotificationKind.ResolutionKept]: choose(KindGroup.Resolutions),
  [NotificationKind.GateReviewAssigned]: choose(KindGroup.Gates),
  [NotificationKind.GateReviewDecided]: choose(KindGroup.Gates),
  [NotificationKind.GateConditionAssigned]: choose(KindGroup.Gates),
  [NotificationKind.GateConditionClosed]: choose(KindGroup.Gates),
  [NotificationKind.GateConditionWaived]: choose(KindGroup.Gates),
  // A digest is not put into another digest.
  [NotificationKind.Digest]: choose(KindGroup.Digests, [KindDelivery.Immediate, KindDelivery.Off]),
  [NotificationKind.ScheduledReport]: always(KindGroup.Reports, AlwaysSentReason.Scheduled),
};

export function kindOption(kind: string): KindOption {
  return KIND_OPTIONS[kind as NotificationKind] ?? always(KindGroup.Security, AlwaysSentReason.Security);
}

export const isNotificationKind = (value: string): value is NotificationKind => (Object.values(NotificationKind) as string[]).includes(value);
