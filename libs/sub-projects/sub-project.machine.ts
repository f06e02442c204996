import { StateMachine } from '../common/state-machine.js';
import { SubProjectStatus as S } from './sub-project.entity.js';

export type SubProjectTransition = 'assign' | 'reassign' | 'acknowledge' | 'activate' | 'suspend' | 'resume' | 'close';

/** The sub-project workflow: draft → assigned → acknowledged → active → closed, or suspended on the way. */
export const subProjectMachine = new StateMachine<S, SubProjectTransition>('sub-project', {
  assign: { from: [S.Draft], to: S.Assigned },
  // A new lead must acknowledge again, whatever the sub-project had reached.
  reassign: { from: [S.Assigned, S.Acknowledged, S.Active, S.Suspended], to: S.Assigned },
  acknowledge: { from: [S.Assigned], to: S.Acknowledged },
  activate: { from: [S.Acknowledged], to: S.Active },
  suspend: { from: [S.Active, S.Acknowledged], to: S.Suspended },
  resume: { from: [S.Suspended], to: S.Active },
  close: { from: [S.Active, S.Suspended], to: S.Closed },
});
