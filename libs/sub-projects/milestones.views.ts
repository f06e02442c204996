import { ApiHideProperty, ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Allow as AcceptProperty, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { VersionBody } from './assignment.views.js';
import { DueDateChangeDto } from './due-date-changes.views.js';
import { IsIsoDate } from '../common/iso-date.js';
import { MilestoneDto } from './sub-project.views.js';

const NOT_BLANK = /\S/;

export class CreateMilestoneBody {
  @ApiProperty({ description: '查核點: the dated deliverable', example: '完成 AI 晶片設計人才培訓 500 人次' })
  @MaxLength(5000) @Matches(NOT_BLANK, { message: 'deliverable must not be blank' }) @IsString({ message: 'deliverable must be text' })
  deliverable: string;

  @ApiProperty({ description: 'YYYY-MM-DD (AD)', example: '2025-12-31' })
  @IsIsoDate()
  dueDate: string;

  @ApiPropertyOptional({ description: 'AD year the milestone belongs to; by default the due date\'s year', example: 2025 })
  @IsOptional() @Min(1900) @Max(2200) @IsInt({ message: 'fiscalYear must be a whole AD year, e.g. 2025' })
  fiscalYear?: number;
}

export class UpdateMilestoneBody extends VersionBody {
  @ApiPropertyOptional()
  @ValidateIf((o: UpdateMilestoneBody) => o.deliverable !== undefined)
  @MaxLength(5000) @Matches(NOT_BLANK, { message: 'deliverable must not be blank' }) @IsString({ message: 'deliverable must be text' })
  deliverable?: string;

  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptional() @Min(1900) @Max(2200) @IsInt({ message: 'fiscalYear must be a whole AD year, e.g. 2025' })
  fiscalYear?: number | null;

  /** Accepted only to be refused with 422: due dates change through a change request. */
  @ApiHideProperty()
  @AcceptProperty()
  dueDate?: unknown;
}

/** Not the SubProjectRefDto of lights and gates (which has the lead): its own name in the OpenAPI document. */
@ApiSchema({ name: 'SubProjectNameRefDto' })
export class SubProjectRefDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

export class MilestoneDetailDto extends MilestoneDto {
  @ApiProperty({ type: SubProjectRefDto }) subProject: SubProjectRefDto;
  @ApiProperty() version: number;
  @ApiProperty({ type: DueDateChangeDto, nullable: true, description: 'The due-date change request awaiting a decision, if any' })
  pendingChangeRequest: DueDateChangeDto | null;
}
