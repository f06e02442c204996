import { AppError } from '../common/errors.js';
import { StateMachine, type TransitionRecord } from '../common/state-machine.js';
import { OutboxTopic } from '../outbox/topics.js';
import { MilestoneStatus } from '../sub-projects/milestone.entity.js';
import { UserRole } from '../users/user.entity.js';
import { SubmissionStatus } from './submission.entity.js';

const { Draft, AwaitingSupervisor, Submitted, Accepted, Returned } = SubmissionStatus;

export type SubmissionTransition = 'submit' | 'approve' | 'send_back' | 'accept' | 'return' | 'revise';

/** The topics a submission step emits; each payload is a SubmissionStepPayload with the step's comment. */
type SubmissionTopic =
  | OutboxTopic.SubmissionAwaitingSupervisor | OutboxTopic.SubmissionApproved | OutboxTopic.SubmissionSentBack
  | OutboxTopic.SubmissionAccepted | OutboxTopic.SubmissionReturned;

/** A submission step and what it does besides the status. */
export interface SubmissionStep extends TransitionRecord<SubmissionStatus> {
  readonly by: readonly UserRole[];
  readonly topic?: SubmissionTopic;
  /**
   * Whose step it is: an officer or supervisor of the lead organisation (co-organisers read only), or
   * the secretariat, which acts on what a supervisor sent it.
   */
  readonly party: 'lead' | 'secretariat';
  /** The milestone follows its submission: sent to the secretariat, accepted, or back to pending. */
  readonly milestone?: MilestoneStatus;
  /** What the secretariat received or decided changes what a status light looks at. */
  readonly refreshesLight?: boolean;
  /** The timestamp the step records on the submission. */
  readonly stamps?: 'submitted_at' | 'decided_at';
  /**
   * The revision the step leaves: submit lists every file uploaded since the last save (a new
   * revision when there are any); revise starts a new draft revision from the returned content.
   */
  readonly revision?: 'with_pending_evidence' | 'new';
}

const OFFICER = [UserRole.MinistryOfficer];
const SUPERVISOR = [UserRole.MinistrySupervisor];
const SECRETARIAT = [UserRole.Coordinator, UserRole.Admin];
/** A step that sends the submission back must say why (Planview: a rejection requires a reason). */
const sayWhatMustChange = (step: string) => ({
  field: 'comment', en: `comment is required to ${step} a submission: say what must change`, zh: '退回時必須填寫意見：請說明需要修改的地方',
});

/**
 * 填報 → 主管核定 → 審核: every status change of a submission goes through this table
 * (use-cases/take-submission-step.ts applies it).
 */
export const submissionMachine = new StateMachine<SubmissionStatus, SubmissionTransition, SubmissionStep>('submission', {
  submit: {
    from: [Draft], to: AwaitingSupervisor, by: OFFICER, party: 'lead', topic: OutboxTopic.SubmissionAwaitingSupervisor, revision: 'with_pending_evidence',
  },
  approve: {
    from: [AwaitingSupervisor], to: Submitted, by: SUPERVISOR, party: 'lead', topic: OutboxTopic.SubmissionApproved,
    milestone: MilestoneStatus.Submitted, refreshesLight: true, stamps: 'submitted_at',
  },
  send_back: { from: [AwaitingSupervisor], to: Draft, by: SUPERVISOR, party: 'lead', comment: sayWhatMustChange('send back'), topic: OutboxTopic.SubmissionSentBack },
  accept: {
    from: [Submitted], to: Accepted, by: SECRETARIAT, party: 'secretariat', topic: OutboxTopic.SubmissionAccepted,
    milestone: MilestoneStatus.Accepted, refreshesLight: true, stamps: 'decided_at',
  },
  return: {
    from: [Submitted], to: Returned, by: SECRETARIAT, party: 'secretariat', comment: sayWhatMustChange('return'), topic: OutboxTopic.SubmissionReturned,
    milestone: MilestoneStatus.Pending, refreshesLight: true, stamps: 'decided_at',
  },
  revise: { from: [Returned], to: Draft, by: OFFICER, party: 'lead', revision: 'new' },
});

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
