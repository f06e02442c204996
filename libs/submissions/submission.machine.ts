import { AppError } from '../common/errors.js';
import { StateMachine } from '../common/state-machine.js';
import { MilestoneStatus } from '../sub-projects/milestone.entity.js';
import { SubmissionStatus } from './submission.entity.js';

const { Draft, AwaitingSupervisor, Submitted, Accepted, Returned } = SubmissionStatus;

export type SubmissionTransition = 'submit' | 'approve' | 'send_back' | 'accept' | 'return' | 'revise';

/** 填報 → 主管核定 → 審核: every status change of a submission goes through this table. */
export const submissionMachine = new StateMachine<SubmissionStatus, SubmissionTransition>('submission', {
  submit: { from: [Draft], to: AwaitingSupervisor },
  approve: { from: [AwaitingSupervisor], to: Submitted },
  send_back: { from: [AwaitingSupervisor], to: Draft },
  accept: { from: [Submitted], to: Accepted },
  return: { from: [Submitted], to: Returned },
  revise: { from: [Returned], to: Draft },
});

/** Who takes each step: an officer or supervisor of the lead organisation, or the secretariat. */
export const TRANSITION_ACTOR: Record<SubmissionTransition, 'officer' | 'supervisor' | 'secretariat'> = {
  submit: 'officer',
  approve: 'supervisor',
  send_back: 'supervisor',
  accept: 'secretariat',
  return: 'secretariat',
  revise: 'officer',
};

/** A step that sends the submission back must say why (Planview: a rejection requires a reason). */
export const COMMENT_REQUIRED: ReadonlySet<SubmissionTransition> = new Set(['send_back', 'return']);

/** Stored outbox topics (later queue job names): never rename without a migration plan. */
export const TRANSITION_TOPIC: Partial<Record<SubmissionTransition, string>> = {
  submit: 'submission.awaiting_supervisor',
  approve: 'submission.submitted',
  send_back: 'submission.sent_back',
  accept: 'submission.accepted',
  return: 'submission.returned',
};

/** The milestone follows its submission: sent to the secretariat, accepted, or back to pending. */
export const MILESTONE_STATUS_AFTER: Partial<Record<SubmissionTransition, MilestoneStatus>> = {
  approve: MilestoneStatus.Submitted,
  accept: MilestoneStatus.Accepted,
  return: MilestoneStatus.Pending,
};

/** Content is edited only in draft; evidence may also be added while a returned submission waits for revision. */
const EDITABLE: Record<'edit' | 'add evidence to', readonly SubmissionStatus[]> = {
  edit: [Draft],
  'add evidence to': [Draft, Returned],
};

export function assertEditable(status: SubmissionStatus, what: 'edit' | 'add evidence to'): void {
  if (EDITABLE[what].includes(status)) return;
  throw new AppError('INVALID_TRANSITION', `Cannot ${what} a submission that is ${status.replace(/_/g, ' ')} (only when: ${EDITABLE[what].join(', ')})`, {
    entity: 'submission',
    transition: what === 'edit' ? 'edit' : 'add_evidence',
    from: status,
  });
}
