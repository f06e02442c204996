import { ApiProperty } from '@nestjs/swagger';
import { UserRefDto } from '../sub-projects/assignment.views.js';
import { DateDto, OrganisationRefDto, ProgrammeRefDto } from '../common/views.js';

/** What 我的待辦 lists: per role, the items the caller must act on, each with the codes or ids its page needs. */

export class WorkSubProjectDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: OrganisationRefDto, nullable: true }) lead: OrganisationRefDto | null;
}

export class WorkMilestoneRefDto {
  @ApiProperty() code: string;
  @ApiProperty() deliverable: string;
  @ApiProperty({ type: DateDto }) dueDate: DateDto;
}

export class WorkSubmissionRefDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['draft', 'awaiting_supervisor', 'submitted', 'accepted', 'returned'] }) status: string;
}

/** A sub-project assigned to the caller's organisation, waiting for its acknowledgement (link: /sub-projects/{code}). */
export class AssignmentWorkItemDto extends WorkSubProjectDto {
  @ApiProperty({ type: ProgrammeRefDto }) programme: ProgrammeRefDto;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the current assignment was made (null for assignments loaded from the documents)' })
  assignedAt: string | null;
}

/** A submission to act on (link: /submissions/{id}). */
export class SubmissionWorkItemDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['draft', 'awaiting_supervisor', 'submitted', 'accepted', 'returned'] }) status: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: WorkSubProjectDto }) subProject: WorkSubProjectDto;
  @ApiProperty({ type: WorkMilestoneRefDto, nullable: true }) milestone: WorkMilestoneRefDto | null;
  @ApiProperty({ example: '2024-Q3' }) period: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'Last change' }) updatedAt: string;
}

export class ReviewCommentDto {
  @ApiProperty() comment: string;
  @ApiProperty({ type: UserRefDto, nullable: true }) by: UserRefDto | null;
  @ApiProperty({ type: String, format: 'date-time' }) at: string;
}

/** A submission the secretariat returned (退回補正), with the reviewer's latest comment. */
export class ReturnedWorkItemDto extends SubmissionWorkItemDto {
  @ApiProperty({ type: ReviewCommentDto, nullable: true }) returnComment: ReviewCommentDto | null;
}

/** A submission waiting for the secretariat's review, with how long it has waited. */
export class ReviewWorkItemDto extends SubmissionWorkItemDto {
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the supervisor sent it' }) submittedAt: string | null;
  @ApiProperty({ description: 'Whole days since it arrived (Asia/Taipei)' }) daysWaiting: number;
}

/** A pending milestone of a live sub-project due within 14 days or overdue (link: /milestones/{code}). */
export class MilestoneWorkItemDto extends WorkMilestoneRefDto {
  @ApiProperty({ description: 'Days until the due date (Asia/Taipei); negative when overdue, 0 when due today' }) daysLeft: number;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ type: WorkSubProjectDto }) subProject: WorkSubProjectDto;
  @ApiProperty({ type: WorkSubmissionRefDto, nullable: true, description: 'Its submission, when one was started' }) submission: WorkSubmissionRefDto | null;
  @ApiProperty({ type: String, nullable: true, description: 'Id of its due-date change request awaiting a decision' }) pendingChangeRequestId: string | null;
}

/** A due-date change request (link: /due-date-changes/{id}). */
export class DueDateChangeWorkItemDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['pending', 'approved', 'rejected'] }) status: string;
  @ApiProperty({ type: WorkMilestoneRefDto, description: 'The milestone, with its current due date' }) milestone: WorkMilestoneRefDto;
  @ApiProperty({ type: WorkSubProjectDto }) subProject: WorkSubProjectDto;
  @ApiProperty({ type: DateDto }) previousDueDate: DateDto;
  @ApiProperty({ type: DateDto }) proposedDueDate: DateDto;
  @ApiProperty() reason: string;
  @ApiProperty({ type: UserRefDto, nullable: true }) requestedBy: UserRefDto | null;
  @ApiProperty({ type: String, format: 'date-time' }) requestedAt: string;
  @ApiProperty({ type: UserRefDto, nullable: true }) decidedBy: UserRefDto | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decidedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) decisionReason: string | null;
}

/** An organisation asking for a resolution's release (解除列管) (link: /resolutions/{code}). */
export class ReleaseRequestWorkItemDto {
  @ApiProperty({ description: 'Resolution code' }) code: string;
  @ApiProperty() text: string;
  @ApiProperty({ type: OrganisationRefDto }) organisation: OrganisationRefDto;
  @ApiProperty({ description: 'Version of that organisation\'s assignment (release and keep need it)' }) version: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) requestedAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The organisation\'s latest follow-up (辦理情形)' }) latestFollowUp: string | null;
}

// One class per item type: OpenAPI has no generics.
export class AssignmentGroupDto {
  @ApiProperty({ description: 'How many there are; items holds at most 50' }) total: number;
  @ApiProperty({ type: [AssignmentWorkItemDto] }) items: AssignmentWorkItemDto[];
}
export class SubmissionGroupDto {
  @ApiProperty({ description: 'How many there are; items holds at most 50' }) total: number;
  @ApiProperty({ type: [SubmissionWorkItemDto] }) items: SubmissionWorkItemDto[];
}
export class ReturnedGroupDto {
  @ApiProperty({ description: 'How many there are; items holds at most 50' }) total: number;
  @ApiProperty({ type: [ReturnedWorkItemDto] }) items: ReturnedWorkItemDto[];
}
export class ReviewGroupDto {
  @ApiProperty({ description: 'How many there are; items holds at most 50' }) total: number;
  @ApiProperty({ type: [ReviewWorkItemDto] }) items: ReviewWorkItemDto[];
}
export class MilestoneGroupDto {
  @ApiProperty({ description: 'How many there are; items holds at most 50' }) total: number;
  @ApiProperty({ type: [MilestoneWorkItemDto] }) items: MilestoneWorkItemDto[];
}
export class DueDateChangeGroupDto {
  @ApiProperty({ description: 'How many there are; items holds at most 50' }) total: number;
  @ApiProperty({ type: [DueDateChangeWorkItemDto] }) items: DueDateChangeWorkItemDto[];
}
export class ReleaseRequestGroupDto {
  @ApiProperty({ description: 'How many there are; items holds at most 50' }) total: number;
  @ApiProperty({ type: [ReleaseRequestWorkItemDto] }) items: ReleaseRequestWorkItemDto[];
}

export class OfficerWorkDto {
  @ApiProperty({ type: AssignmentGroupDto, description: 'Sub-projects assigned to the organisation, to acknowledge; oldest first' }) assignments: AssignmentGroupDto;
  @ApiProperty({ type: SubmissionGroupDto, description: 'Submissions in draft; least recently changed first' }) drafts: SubmissionGroupDto;
  @ApiProperty({ type: ReturnedGroupDto, description: 'Submissions returned for revision, with the reviewer\'s comment; oldest first' }) returned: ReturnedGroupDto;
  @ApiProperty({ type: MilestoneGroupDto, description: 'Pending milestones of live sub-projects, overdue or due within 14 days; earliest first' }) milestones: MilestoneGroupDto;
  @ApiProperty({ type: DueDateChangeGroupDto, description: 'The organisation\'s due-date change requests: pending (oldest first), then decided in the last 30 days (newest first)' })
  dueDateChanges: DueDateChangeGroupDto;
}

export class SupervisorWorkDto {
  @ApiProperty({ type: SubmissionGroupDto, description: 'Drafts sent for approval (awaiting_supervisor); oldest first' }) awaitingApproval: SubmissionGroupDto;
}

export class SecretariatWorkDto {
  @ApiProperty({ type: ReviewGroupDto, description: 'Submissions waiting for review; longest waiting first' }) pendingReviews: ReviewGroupDto;
  @ApiProperty({ type: DueDateChangeGroupDto, description: 'Due-date change requests awaiting a decision; oldest first' }) dueDateChanges: DueDateChangeGroupDto;
  @ApiProperty({ type: ReleaseRequestGroupDto, description: 'Resolutions an organisation asked to release; oldest request first' }) releaseRequests: ReleaseRequestGroupDto;
}

export class MyWorkCountsDto {
  @ApiProperty({ description: 'Items the caller must act on: every group but the officer\'s due-date requests, which wait on the secretariat or report its decision' })
  total: number;
  @ApiProperty() assignments: number;
  @ApiProperty() drafts: number;
  @ApiProperty() returned: number;
  @ApiProperty() milestones: number;
  @ApiProperty({ description: 'The officer\'s due-date requests (pending and recently decided)' }) dueDateChanges: number;
  @ApiProperty() awaitingApproval: number;
  @ApiProperty() pendingReviews: number;
  @ApiProperty({ description: 'Due-date change requests awaiting the secretariat' }) pendingDueDateChanges: number;
  @ApiProperty() releaseRequests: number;
}

export class MyWorkDto {
  @ApiProperty({ type: String, format: 'date', description: 'Today in Asia/Taipei: days left and waiting count from it' }) asOf: string;
  @ApiProperty({ type: [OrganisationRefDto], description: 'The organisations the caller acts for: its own and every unit under it (empty without an organisation)' })
  actingFor: OrganisationRefDto[];
  @ApiProperty({ type: MyWorkCountsDto, description: 'Per group (0 for a group the caller\'s roles do not have) and in total' }) counts: MyWorkCountsDto;
  @ApiProperty({ type: OfficerWorkDto, nullable: true, description: 'For ministry officers' }) officer: OfficerWorkDto | null;
  @ApiProperty({ type: SupervisorWorkDto, nullable: true, description: 'For ministry supervisors' }) supervisor: SupervisorWorkDto | null;
  @ApiProperty({ type: SecretariatWorkDto, nullable: true, description: 'For coordinators and administrators' }) secretariat: SecretariatWorkDto | null;
}
