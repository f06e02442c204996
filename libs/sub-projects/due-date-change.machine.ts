import { StateMachine, type TransitionRecord } from '../common/state-machine.js';
import { OutboxTopic } from '../outbox/topics.js';
import { UserRole } from '../users/user.entity.js';
import { ChangeRequestStatus as S } from './due-date-change.entity.js';

export type DueDateChangeTransition = 'approve' | 'reject';

export interface DueDateChangeStep extends TransitionRecord<S> {
  readonly by: readonly UserRole[];
  readonly topic: OutboxTopic.DueDateChangeDecided;
  /** The milestone takes the proposed date in the same transaction. */
  readonly movesMilestone: boolean;
}

const SECRETARIAT = [UserRole.Coordinator, UserRole.Admin];

/** A due-date change request is decided once by the secretariat: approved (the milestone moves) or rejected (with a reason). */
export const dueDateChangeMachine = new StateMachine<S, DueDateChangeTransition, DueDateChangeStep>('due-date change request', {
  approve: { from: [S.Pending], to: S.Approved, by: SECRETARIAT, topic: OutboxTopic.DueDateChangeDecided, movesMilestone: true },
  reject: {
    from: [S.Pending], to: S.Rejected, by: SECRETARIAT, topic: OutboxTopic.DueDateChangeDecided, movesMilestone: false,
    comment: { field: 'reason', en: 'reason is required: say why the request is rejected', zh: '駁回時必須說明原因' },
  },
});
