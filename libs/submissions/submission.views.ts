import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested,
} from 'class-validator';
import { CODE_MESSAGE, CODE_PATTERN } from '../common/codes.js';
import { DateDto, OrganisationRefDto, YearDto } from '../common/views.js';
import { ReviewAction, SubmissionStatus } from './submission.entity.js';
import { PageQuery } from '../common/page-query.js';
import { evidenceFilename } from './evidence.js';

// class-validator checks the decorator nearest the property first; with stopAtFirstError the type check is listed last.

const PERCENT = /^(100(\.0{1,2})?|\d{1,2}(\.\d{1,2})?)$/;
const AMOUNT = /^\d{1,10}(\.\d{1,4})?$/;
const DECIMAL = /^-?\d{1,15}(\.\d{1,6})?$/;
const PERIOD = /^\d{4}-Q[1-4]$/;

export class IndicatorActualDto {
  @ApiProperty({ description: 'Indicator code of the sub-project or its programme', example: 'aap2-kr-1-1' })
  @Matches(CODE_PATTERN, { message: `indicator ${CODE_MESSAGE}` }) @IsString()
  indicator: string;

  @ApiProperty({ description: 'The actual value, an exact decimal', example: '8123' })
  @Matches(DECIMAL, { message: 'value must be a decimal number as a string, e.g. "8123" or "12.5"' }) @IsString()
  value: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional() @MaxLength(2000) @IsString()
  note?: string | null;
}

/** The reported figures, shared by drafting and editing. */
export class SubmissionContentInput {
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Progress, 0–100 with up to 2 decimals', example: '45.5' })
  @IsOptional() @Matches(PERCENT, { message: 'progressPercent must be a decimal from 0 to 100 with at most 2 decimals, e.g. "45.5"' }) @IsString()
  progressPercent?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'What was done (辦理情形)' })
  @IsOptional() @MaxLength(20000) @IsString()
  narrative?: string | null;

  @ApiPropertyOptional({ type: [IndicatorActualDto] })
  @IsOptional() @ValidateNested({ each: true }) @Type(() => IndicatorActualDto) @ArrayMaxSize(200) @IsArray()
  indicatorActuals?: IndicatorActualDto[] | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Budget executed in 億元, an exact decimal ≥ 0 (up to 4 decimals)', example: '1.25' })
  @IsOptional() @Matches(AMOUNT, { message: 'budgetExecuted must be a decimal ≥ 0 in 億元 with at most 4 decimals, e.g. "1.25"' }) @IsString()
  budgetExecuted?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'AD year the executed budget is for', example: 2024 })
  @IsOptional() @Min(1900) @Max(2200) @IsInt({ message: 'budgetYear must be a whole AD year, e.g. 2024' })
  budgetYear?: number | null;
}

export class CreateSubmissionDto extends SubmissionContentInput {
  @ApiProperty({ description: 'Sub-project code', example: 'aap2-sp-12' })
  @Matches(CODE_PATTERN, { message: `subProject ${CODE_MESSAGE}` }) @IsString()
  subProject: string;

  @ApiPropertyOptional({ description: 'Milestone code (give this or period)' })
  @IsOptional() @Matches(CODE_PATTERN, { message: `milestone ${CODE_MESSAGE}` }) @IsString()
  milestone?: string;

  @ApiPropertyOptional({ description: 'Reporting period YYYY-Qn (give this or milestone)', example: '2024-Q3' })
  @IsOptional() @Matches(PERIOD, { message: 'period must be a quarter like 2024-Q3' }) @IsString()
  period?: string;
}

export class UpdateSubmissionDto extends SubmissionContentInput {
  @ApiProperty({ description: 'The version you last saw' })
  @Min(1) @IsInt({ message: 'version must be a whole number' })
  version: number;

  @ApiPropertyOptional({ type: [String], description: 'The evidence files to keep (ids of this submission\'s files); leave out to keep them all' })
  @IsOptional() @IsUUID('all', { each: true, message: 'each evidence id must be a UUID' }) @ArrayMaxSize(200) @IsArray()
  evidence?: string[] | null;
}

export class TransitionDto {
  @ApiProperty({ description: 'The version you last saw' })
  @Min(1) @IsInt({ message: 'version must be a whole number' })
  version: number;

  @ApiPropertyOptional({ description: 'Required to send back or return' })
  @IsOptional() @MaxLength(5000) @IsString()
  comment?: string;
}

export class SubmissionListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Sub-project code' })
  @IsOptional() @Matches(CODE_PATTERN, { message: `subProject ${CODE_MESSAGE}` })
  subProject?: string;

  @ApiPropertyOptional({ enum: SubmissionStatus })
  @IsOptional() @IsEnum(SubmissionStatus, { message: `status must be one of ${Object.values(SubmissionStatus).join(', ')}` })
  status?: SubmissionStatus;

  @ApiPropertyOptional({ description: 'Milestone code' })
  @IsOptional() @Matches(CODE_PATTERN, { message: `milestone ${CODE_MESSAGE}` })
  milestone?: string;

}

export class SubmissionParams {
  @ApiProperty() @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export class RevisionParams extends SubmissionParams {
  @ApiProperty() @Type(() => Number) @Min(1, { message: 'revision must be at least 1' }) @IsInt({ message: 'revision must be a whole number' })
  revision: number;
}

export class DiffQuery {
  @ApiProperty({ description: 'Revision to compare from' })
  @Type(() => Number) @Min(1, { message: 'from must be at least 1' }) @IsInt({ message: 'from must be a revision number' })
  from: number;

  @ApiProperty({ description: 'Revision to compare to' })
  @Type(() => Number) @Min(1, { message: 'to must be at least 1' }) @IsInt({ message: 'to must be a revision number' })
  to: number;
}

export class EvidenceUploadQuery {
  @ApiProperty({ description: 'The file name as the user sees it (any language)', example: '113年第3季進度報告.pdf' })
  @MinLength(1, { message: 'filename is required' }) @MaxLength(255, { message: 'filename must be at most 255 characters' }) @IsString({ message: 'filename is required' })
  @Transform(({ value }) => (typeof value === 'string' ? evidenceFilename(value) : value))
  filename: string;

  @ApiPropertyOptional({ description: 'The submission version you last saw; when given, a stale one is refused' })
  @IsOptional() @Type(() => Number) @Min(1) @IsInt({ message: 'version must be a whole number' })
  version?: number;
}

export class UserRefDto {
  @ApiProperty() id: string;
  @ApiProperty() displayName: string;
}

export class IndicatorActualView {
  @ApiProperty() indicator: string;
  @ApiProperty() value: string;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
}

export class SubmissionContentDto {
  @ApiProperty({ type: String, nullable: true, example: '45.50' }) progressPercent: string | null;
  @ApiProperty() narrative: string;
  @ApiProperty({ type: [IndicatorActualView] }) indicatorActuals: IndicatorActualView[];
  @ApiProperty({ type: String, nullable: true, description: '億元', example: '1.25' }) budgetExecuted: string | null;
  @ApiProperty({ type: YearDto, nullable: true }) budgetYear: YearDto | null;
  @ApiProperty({ type: [String], description: 'Evidence file ids' }) evidence: string[];
}

export class EvidenceFileDto {
  @ApiProperty() id: string;
  @ApiProperty() filename: string;
  @ApiProperty() contentType: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty() sha256: string;
  @ApiProperty({ type: UserRefDto }) uploadedBy: UserRefDto;
  @ApiProperty({ type: OrganisationRefDto, nullable: true }) organisation: OrganisationRefDto | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
}

export class RevisionSummaryDto {
  @ApiProperty() revision: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: UserRefDto }) createdBy: UserRefDto;
}

export class RevisionDto extends RevisionSummaryDto {
  @ApiProperty({ type: SubmissionContentDto }) content: SubmissionContentDto;
  @ApiProperty({ type: [EvidenceFileDto] }) evidence: EvidenceFileDto[];
}

export class ReviewDto {
  @ApiProperty({ enum: ReviewAction }) action: string;
  @ApiProperty({ type: String, nullable: true }) comment: string | null;
  @ApiProperty({ type: UserRefDto }) actor: UserRefDto;
  @ApiProperty({ type: String, format: 'date-time' }) at: string;
  @ApiProperty({ description: 'The revision the step applied to (for revise: the revision it started)' }) revision: number;
}

export class SubmissionMilestoneDto {
  @ApiProperty() code: string;
  @ApiProperty() deliverable: string;
  @ApiProperty({ type: DateDto }) dueDate: DateDto;
  @ApiProperty() status: string;
}

export class SubmissionSubProjectDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: OrganisationRefDto, nullable: true }) lead: OrganisationRefDto | null;
  @ApiProperty() status: string;
}

export class SubmissionListItemDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: SubmissionStatus }) status: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: SubmissionSubProjectDto }) subProject: SubmissionSubProjectDto;
  @ApiProperty({ type: SubmissionMilestoneDto, nullable: true }) milestone: SubmissionMilestoneDto | null;
  @ApiProperty({ example: '2024-Q3' }) period: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the supervisor last sent it to the secretariat' }) submittedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the secretariat last accepted or returned it' }) decidedAt: string | null;
}

export class SubmissionPageDto {
  @ApiProperty({ type: [SubmissionListItemDto] }) items: SubmissionListItemDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class SubmissionDetailDto extends SubmissionListItemDto {
  @ApiProperty({ description: 'The revision shown (the secretariat sees the one it received)' }) revision: number;
  @ApiProperty({ type: SubmissionContentDto }) content: SubmissionContentDto;
  @ApiProperty({ type: [RevisionSummaryDto] }) revisions: RevisionSummaryDto[];
  @ApiProperty({ type: [ReviewDto] }) reviews: ReviewDto[];
  @ApiProperty({ type: [EvidenceFileDto], description: 'The evidence of the revision shown' }) evidence: EvidenceFileDto[];
  @ApiProperty({
    type: [EvidenceFileDto],
    description: 'Files uploaded since the last saved revision (ministry users only): the next save, submit or revise lists them; uploads never change `version`',
  })
  pendingEvidence: EvidenceFileDto[];
}

export class EvidenceRefDto {
  @ApiProperty() filename: string;
  @ApiProperty() sha256: string;
}

const CHANGED_VALUE: ApiPropertyOptions = {
  nullable: true,
  description: 'The field\'s value: a string (progressPercent, narrative, budgetExecuted), a number (budgetYear), or a list (indicatorActuals, evidence)',
  oneOf: [
    { type: 'string' },
    { type: 'number' },
    { type: 'array', items: { $ref: '#/components/schemas/IndicatorActualView' } },
    { type: 'array', items: { $ref: '#/components/schemas/EvidenceRefDto' } },
  ],
};

export class ContentChangeDto {
  @ApiProperty({ enum: ['progressPercent', 'narrative', 'indicatorActuals', 'budgetExecuted', 'budgetYear', 'evidence'] }) field: string;
  @ApiProperty(CHANGED_VALUE) from: unknown;
  @ApiProperty(CHANGED_VALUE) to: unknown;
  @ApiPropertyOptional({ type: [EvidenceRefDto], description: 'evidence: files added' }) added?: EvidenceRefDto[];
  @ApiPropertyOptional({ type: [EvidenceRefDto], description: 'evidence: files removed' }) removed?: EvidenceRefDto[];
}

export class EvidenceUploadedDto {
  @ApiProperty({ type: EvidenceFileDto }) evidence: EvidenceFileDto;
  @ApiProperty({ description: 'The submission\'s current revision (unchanged: the next save, submit or revise lists the file)' }) revision: number;
  @ApiProperty({ description: 'The submission\'s version, unchanged by the upload' }) version: number;
}
