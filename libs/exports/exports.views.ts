import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsOptional, IsString, Matches } from 'class-validator';
import { CODE_MESSAGE, CODE_PATTERN } from '../common/codes.js';
import { OverdueMilestonesQuery } from '../dashboards/dashboards.views.js';
import { TrackingStatus } from '../meetings/meeting.entity.js';
import { SubmissionListQuery } from '../submissions/submission.views.js';
import { MilestoneStatus } from '../sub-projects/milestone.entity.js';
import { SubProjectListQuery } from '../sub-projects/sub-project.views.js';
import { UserLocale } from '../users/user.entity.js';
import { ExportFormat } from './sheet-writer.js';

const FORMAT_MESSAGE = `format must be one of ${Object.values(ExportFormat).join(', ')}`;

/** Every export: the file format and the headings' language; the list's own filters are those of its screen (`limit` and `after` are ignored). */
class FormatQuery {
  @ApiProperty({ enum: ExportFormat, description: 'csv (UTF-8 with BOM, opens in Excel), xlsx or ods' })
  @IsEnum(ExportFormat, { message: FORMAT_MESSAGE })
  format: ExportFormat;

  @ApiPropertyOptional({ enum: UserLocale, description: 'Language of the headings and words; the caller\'s own when left out (a download link cannot send Accept-Language)' })
  @IsOptional() @IsEnum(UserLocale, { message: `lang must be one of ${Object.values(UserLocale).join(', ')}` })
  lang?: UserLocale;
}

export class SubProjectExportQuery extends IntersectionType(SubProjectListQuery, FormatQuery) {}

export class SubmissionExportQuery extends IntersectionType(SubmissionListQuery, FormatQuery) {}

export class OverdueMilestoneExportQuery extends IntersectionType(OverdueMilestonesQuery, FormatQuery) {}

export class MilestoneExportQuery extends FormatQuery {
  @ApiPropertyOptional({ description: 'Programme code' })
  @IsOptional() @Matches(CODE_PATTERN, { message: `programme ${CODE_MESSAGE}` }) @IsString()
  programme?: string;

  @ApiPropertyOptional({ description: 'Sub-project code' })
  @IsOptional() @Matches(CODE_PATTERN, { message: `subProject ${CODE_MESSAGE}` }) @IsString()
  subProject?: string;

  @ApiPropertyOptional({ enum: MilestoneStatus })
  @IsOptional() @IsEnum(MilestoneStatus, { message: `status must be one of ${Object.values(MilestoneStatus).join(', ')}` })
  status?: MilestoneStatus;

  @ApiPropertyOptional({ description: 'Only milestones past due (Asia/Taipei) and not accepted' })
  @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;
}

export class ResolutionExportQuery extends FormatQuery {
  @ApiPropertyOptional({ description: 'Meeting code' })
  @IsOptional() @Matches(CODE_PATTERN, { message: `meeting ${CODE_MESSAGE}` }) @IsString()
  meeting?: string;

  @ApiPropertyOptional({ enum: TrackingStatus })
  @IsOptional() @IsEnum(TrackingStatus, { message: `status must be one of ${Object.values(TrackingStatus).join(', ')}` })
  status?: TrackingStatus;
}
