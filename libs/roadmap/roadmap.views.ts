import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { DateDto, OrganisationRefDto, PeriodDto, ProgrammeRefDto, YearDto } from '../common/views.js';
import { ListLightDto, SubProjectListQuery } from '../sub-projects/sub-project.views.js';

export const ROADMAP_MAX_PAGE = 500;

/** The sub-project list's filters (same names, same checks), with bigger pages: a roadmap is read whole. */
export class RoadmapQuery extends OmitType(SubProjectListQuery, ['limit'] as const) {
  @ApiPropertyOptional({ default: 200, minimum: 1, maximum: ROADMAP_MAX_PAGE })
  @IsOptional() @Type(() => Number) @Min(1, { message: 'limit must be at least 1' })
  @Max(ROADMAP_MAX_PAGE, { message: `limit must be at most ${ROADMAP_MAX_PAGE}` }) @IsInt({ message: 'limit must be a whole number' })
  limit?: number;
}

export class PendingDueDateChangeDto {
  @ApiProperty({ description: 'The change request (GET /api/due-date-changes/:id)' }) id: string;
  @ApiProperty({ type: DateDto, description: 'The due date asked for' }) proposedDueDate: DateDto;
}

export class RoadmapMilestoneDto {
  @ApiProperty() code: string;
  @ApiProperty() deliverable: string;
  @ApiProperty({ type: DateDto }) dueDate: DateDto;
  @ApiProperty({ type: YearDto, nullable: true, description: 'The plan year it belongs to, when the document gives one' }) fiscalYear: YearDto | null;
  @ApiProperty({ enum: ['pending', 'submitted', 'accepted'] }) status: string;
  @ApiProperty({ description: 'Past its due date (Asia/Taipei) and not accepted' }) overdue: boolean;
  @ApiProperty({ type: PendingDueDateChangeDto, nullable: true, description: 'A change request waiting for the coordinator' })
  pendingChange: PendingDueDateChangeDto | null;
}

export class RoadmapRowDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: OrganisationRefDto, nullable: true }) lead: OrganisationRefDto | null;
  @ApiProperty({ type: String, nullable: true, description: 'The lead cell verbatim' }) leadText: string | null;
  @ApiProperty({ type: PeriodDto }) period: PeriodDto;
  @ApiProperty() status: string;
  @ApiProperty({ type: ListLightDto, nullable: true }) light: ListLightDto | null;
  @ApiProperty({ type: [RoadmapMilestoneDto], description: 'By due date' }) milestones: RoadmapMilestoneDto[];
}

export class RoadmapDto {
  @ApiProperty({ type: ProgrammeRefDto, nullable: true }) programme: ProgrammeRefDto | null;
  @ApiProperty({ type: PeriodDto, nullable: true, description: 'The programme\'s period, when one is named' }) programmePeriod: PeriodDto | null;
  @ApiProperty({ example: '2026-Q4', description: 'The reporting period whose lights the rows carry' }) period: string;
  @ApiProperty({ example: '2026-11-22', description: 'Today in Asia/Taipei (overdue is counted from it)' }) asOf: string;
  @ApiProperty({ type: [RoadmapRowDto], description: 'By sub-project code' }) items: RoadmapRowDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
