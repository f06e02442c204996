import { StateMachine, type TransitionRecord } from '../common/state-machine.js';
import { OutboxTopic } from '../outbox/topics.js';
import { UserRole } from '../users/user.entity.js';
import { SubProjectStatus as S } from './sub-project.entity.js';

export type SubProjectTransition = 'assign' | 'reassign' | 'acknowledge' | 'activate' | 'suspend' | 'resume' | 'close';

export interface SubProjectStep extends TransitionRecord<S> {
  readonly by: readonly UserRole[];
  readonly topic: OutboxTopic.SubProjectAssigned | OutboxTopic.SubProjectAcknowledged | OutboxTopic.SubProjectStatusChanged;
}

const SECRETARIAT = [UserRole.Coordinator, UserRole.Admin];
/** Acknowledging is the lead ministry's: its officer or supervisor (the service checks the organisation). */
const MINISTRY = [UserRole.MinistryOfficer, UserRole.MinistrySupervisor];
const sayWhy = (step: string, zh: string) => ({ field: 'reason', en: `reason is required to ${step} a sub-project`, zh });

/** The sub-project workflow: draft → assigned → acknowledged → active → closed, or suspended on the way. */
export const subProjectMachine = new StateMachine<S, SubProjectTransition, SubProjectStep>('sub-project', {
  assign: { from: [S.Draft], to: S.Assigned, by: SECRETARIAT, topic: OutboxTopic.SubProjectAssigned },
  // A new lead must acknowledge again, whatever the sub-project had reached.
  reassign: {
    from: [S.Assigned, S.Acknowledged, S.Active, S.Suspended], to: S.Assigned, by: SECRETARIAT, topic: OutboxTopic.SubProjectAssigned,
    comment: sayWhy('reassign', '重新指派細部計畫時必須說明原因'),
  },
  acknowledge: { from: [S.Assigned], to: S.Acknowledged, by: MINISTRY, topic: OutboxTopic.SubProjectAcknowledged },
  activate: { from: [S.Acknowledged], to: S.Active, by: SECRETARIAT, topic: OutboxTopic.SubProjectStatusChanged },
  suspend: {
    from: [S.Active, S.Acknowledged], to: S.Suspended, by: SECRETARIAT, topic: OutboxTopic.SubProjectStatusChanged,
    comment: sayWhy('suspend', '暫停細部計畫時必須說明原因'),
  },
  resume: { from: [S.Suspended], to: S.Active, by: SECRETARIAT, topic: OutboxTopic.SubProjectStatusChanged },
  close: {
    from: [S.Active, S.Suspended], to: S.Closed, by: SECRETARIAT, topic: OutboxTopic.SubProjectStatusChanged,
    comment: sayWhy('close', '結案時必須說明原因'),
  },
});
