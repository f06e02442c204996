import { StateMachine } from '../common/state-machine.js';
import { TrackingStatus } from './meeting.entity.js';

export type TrackingTransition = 'request_release' | 'release' | 'keep';

/**
 * 列管 of one resolution for one assigned organisation:
 * - request_release: the organisation's ministry users ask for release with a follow-up (辦理情形);
 * - release (解除列管): the secretariat closes the item, asked or not;
 * - keep (繼續列管): the secretariat refuses a request, with its reason; the item stays tracked.
 * Released is final: the schema records no "reopened" decision, so an item is never silently reopened.
 */
export const trackingMachine = new StateMachine<TrackingStatus, TrackingTransition>('resolution assignment', {
  request_release: { from: [TrackingStatus.Tracking], to: TrackingStatus.ReleaseRequested },
  release: { from: [TrackingStatus.Tracking, TrackingStatus.ReleaseRequested], to: TrackingStatus.Released },
  keep: { from: [TrackingStatus.ReleaseRequested], to: TrackingStatus.Tracking },
});

/** Statuses that keep an item on the agenda (it carries over to the next meeting). */
export const OPEN_STATUSES: readonly TrackingStatus[] = [TrackingStatus.Tracking, TrackingStatus.ReleaseRequested];
