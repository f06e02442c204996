import { StateMachine } from '../common/state-machine.js';
import { ChangeRequestStatus as S } from './due-date-change.entity.js';

export type DueDateChangeTransition = 'approve' | 'reject';

/** A due-date change request is decided once: approved (the milestone moves) or rejected (with a reason). */
export const dueDateChangeMachine = new StateMachine<S, DueDateChangeTransition>('due-date change request', {
  approve: { from: [S.Pending], to: S.Approved },
  reject: { from: [S.Pending], to: S.Rejected },
});
