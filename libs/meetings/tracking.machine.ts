import { StateMachine, type TransitionRecord } from '../common/state-machine.js';
import { OutboxTopic } from '../outbox/topics.js';
import { UserRole } from '../users/user.entity.js';
import { TrackingDecisionKind, TrackingStatus } from './meeting.entity.js';

export type TrackingTransition = 'request_release' | 'release' | 'keep';

export interface TrackingStep extends TransitionRecord<TrackingStatus> {
  readonly by: readonly UserRole[];
  readonly topic: OutboxTopic.ResolutionReleaseRequested | OutboxTopic.ResolutionReleased | OutboxTopic.ResolutionKept;
  /** The decision row the step adds to the organisation's tracking history. */
  readonly decision: TrackingDecisionKind;
  /** The audit action. */
  readonly action: string;
}

/**
 * 列管 of one resolution for one assigned organisation:
 * - request_release: the organisation's ministry users ask for release with a follow-up (辦理情形);
 * - release (解除列管): the secretariat closes the item, asked or not;
 * - keep (繼續列管): the secretariat refuses a request, with its reason; the item stays tracked.
 * Released is final: the schema records no "reopened" decision, so an item is never silently reopened.
 */
export const trackingMachine = new StateMachine<TrackingStatus, TrackingTransition, TrackingStep>('resolution assignment', {
  request_release: {
    from: [TrackingStatus.Tracking], to: TrackingStatus.ReleaseRequested, by: [UserRole.MinistryOfficer, UserRole.MinistrySupervisor],
    topic: OutboxTopic.ResolutionReleaseRequested, decision: TrackingDecisionKind.ReleaseRequested, action: 'resolution.request_release',
  },
  release: {
    from: [TrackingStatus.Tracking, TrackingStatus.ReleaseRequested], to: TrackingStatus.Released, by: [UserRole.Coordinator, UserRole.Admin],
    topic: OutboxTopic.ResolutionReleased, decision: TrackingDecisionKind.Released, action: 'resolution.release',
  },
  keep: {
    from: [TrackingStatus.ReleaseRequested], to: TrackingStatus.Tracking, by: [UserRole.Coordinator, UserRole.Admin],
    topic: OutboxTopic.ResolutionKept, decision: TrackingDecisionKind.Kept, action: 'resolution.keep',
    comment: { field: 'comment', en: 'comment is required to keep tracking: say why the release is refused', zh: '繼續列管時必須說明原因' },
  },
});

