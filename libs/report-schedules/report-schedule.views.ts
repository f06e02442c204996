import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, ValidateBy,
} from 'class-validator';
import { CODE_MESSAGE, CODE_PATTERN } from '../common/codes.js';
import { ProgrammeRefDto } from '../common/views.js';
import { ReportRunStatus, ScheduledReportFormat, ScheduledReportKind } from './report-schedule.entity.js';

// Requests. class-validator checks the decorator nearest the property first; with stopAtFirstError
// the type check is therefore listed last.

const NotBlank = (field: string) => ValidateBy({
  name: 'notBlank',
  validator: { validate: (v: unknown) => typeof v === 'string' && v.trim().length > 0, defaultMessage: () => `${field} must not be empty` },
});

const MAX_RECIPIENTS = 100;

export class CreateReportScheduleDto {
  @ApiProperty({ example: '每週計畫摘要' })
  @MaxLength(200) @NotBlank('name') @IsString({ message: 'name must be text' })
  name: string;

  @ApiProperty({ description: 'Code of the programme reported on', example: 'aap2' })
  @Matches(CODE_PATTERN, { message: `programme ${CODE_MESSAGE}` }) @IsString({ message: 'programme must be a programme code' })
  programme: string;

  @ApiProperty({ enum: ScheduledReportKind, description: 'programme_summary and overdue_milestones: CSV or XLSX tables of this lib; programme_status, budget (PDF or XLSX): the reports of /api/reports for the programme; resolution_tracking (PDF or XLSX): a meeting\'s, named by meeting' })
  @IsEnum(ScheduledReportKind, { message: `kind must be one of ${Object.values(ScheduledReportKind).join(', ')}` })
  kind: ScheduledReportKind;

  @ApiProperty({ enum: ScheduledReportFormat, description: 'csv or xlsx for the summaries; pdf or xlsx for the generated reports' })
  @IsEnum(ScheduledReportFormat, { message: `format must be one of ${Object.values(ScheduledReportFormat).join(', ')}` })
  format: ScheduledReportFormat;

  @ApiProperty({ description: 'Five-field cron (minute hour day-of-month month day-of-week), read in Asia/Taipei', example: '0 8 * * 1' })
  @MaxLength(120) @IsString({ message: 'cron must be a five-field cron expression' })
  cron: string;

  @ApiPropertyOptional({ description: 'Meeting code: required for resolution_tracking, refused for other kinds', example: 'sngroup-3' })
  @IsOptional() @Matches(CODE_PATTERN, { message: `meeting ${CODE_MESSAGE}` }) @IsString({ message: 'meeting must be a meeting code' })
  meeting?: string;

  @ApiProperty({ type: [String], description: 'Ids of the active users who receive it (secretariat, viewers, reviewers: the report covers every organisation)' })
  @ArrayUnique({ message: 'recipientUserIds must not repeat a user' })
  @IsUUID('all', { each: true, message: 'each of recipientUserIds must be a user id (uuid)' })
  @ArrayMaxSize(MAX_RECIPIENTS) @ArrayMinSize(1, { message: 'recipientUserIds must name at least one user' })
  @IsArray({ message: 'recipientUserIds must be a list of user ids' })
  recipientUserIds: string[];

  @ApiPropertyOptional({ default: true, description: 'Inactive schedules keep their settings and runs but do not run' })
  @IsOptional() @IsBoolean({ message: 'isActive must be true or false' })
  isActive?: boolean;
}

export class UpdateReportScheduleDto {
  @ApiProperty({ description: 'The version last seen: a stale one is refused with 409' })
  @Min(1) @IsInt({ message: 'version must be a whole number' })
  version: number;

  @ApiPropertyOptional()
  @IsOptional() @MaxLength(200) @NotBlank('name') @IsString({ message: 'name must be text' })
  name?: string;

  @ApiPropertyOptional()
  @IsOptional() @Matches(CODE_PATTERN, { message: `programme ${CODE_MESSAGE}` }) @IsString({ message: 'programme must be a programme code' })
  programme?: string;

  @ApiPropertyOptional({ enum: ScheduledReportKind, description: 'programme_summary and overdue_milestones: CSV or XLSX tables of this lib; programme_status, budget (PDF or XLSX): the reports of /api/reports for the programme; resolution_tracking (PDF or XLSX): a meeting\'s, named by meeting' })
  @IsOptional() @IsEnum(ScheduledReportKind, { message: `kind must be one of ${Object.values(ScheduledReportKind).join(', ')}` })
  kind?: ScheduledReportKind;

  @ApiPropertyOptional({ enum: ScheduledReportFormat, description: 'csv or xlsx for the summaries; pdf or xlsx for the generated reports' })
  @IsOptional() @IsEnum(ScheduledReportFormat, { message: `format must be one of ${Object.values(ScheduledReportFormat).join(', ')}` })
  format?: ScheduledReportFormat;

  @ApiPropertyOptional({ description: 'Meeting code (resolution_tracking); kept while the kind stays resolution_tracking, dropped when it changes', example: 'sngroup-3' })
  @IsOptional() @Matches(CODE_PATTERN, { message: `meeting ${CODE_MESSAGE}` }) @IsString({ message: 'meeting must be a meeting code' })
  meeting?: string;

  @ApiPropertyOptional()
  @IsOptional() @MaxLength(120) @IsString({ message: 'cron must be a five-field cron expression' })
  cron?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @ArrayUnique({ message: 'recipientUserIds must not repeat a user' })
  @IsUUID('all', { each: true, message: 'each of recipientUserIds must be a user id (uuid)' })
  @ArrayMaxSize(MAX_RECIPIENTS) @ArrayMinSize(1, { message: 'recipientUserIds must name at least one user' })
  @IsArray({ message: 'recipientUserIds must be a list of user ids' })
  recipientUserIds?: string[];

  @ApiPropertyOptional()
  @IsOptional() @IsBoolean({ message: 'isActive must be true or false' })
  isActive?: boolean;
}

// Responses

export class RecipientDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ description: 'false: the user was deactivated since; nothing is sent to them' }) isActive: boolean;
}

export class ReportScheduleDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: ProgrammeRefDto }) programme: ProgrammeRefDto;
  @ApiProperty({ enum: ScheduledReportKind }) kind: ScheduledReportKind;
  @ApiProperty({ enum: ScheduledReportFormat }) format: ScheduledReportFormat;
  @ApiProperty({ type: String, nullable: true, description: 'The meeting code of a resolution_tracking schedule; null for other kinds' }) meeting: string | null;
  @ApiProperty({ example: '0 8 * * 1' }) cron: string;
  @ApiProperty({ example: 'Asia/Taipei' }) timeZone: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When it runs next (null while inactive)' }) nextRunAt: string | null;
  @ApiProperty({ type: [RecipientDto] }) recipients: RecipientDto[];
  @ApiProperty() isActive: boolean;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}

export class ReportScheduleRunDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'The cron tick the run is for' }) scheduledFor: string;
  @ApiProperty({ enum: ReportRunStatus, description: 'sent: the emails were handed to the mail queue' }) status: ReportRunStatus;
  @ApiProperty({ type: String, nullable: true }) fileName: string | null;
  @ApiProperty({ type: String, nullable: true }) contentType: string | null;
  @ApiProperty({ type: Number, nullable: true }) byteSize: number | null;
  @ApiProperty({ type: String, nullable: true }) sha256: string | null;
  @ApiProperty({ type: Number, nullable: true }) rowCount: number | null;
  @ApiProperty() recipientCount: number;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The generated report the run sent (programme_status, budget, resolution_tracking): GET /api/reports/{reportId}; null for the summaries, or once retention pruned it',
  }) reportId: string | null;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) startedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt: string | null;
}

export class CronPreviewQuery {
  @ApiProperty({ description: 'Five-field cron (minute hour day-of-month month day-of-week), read in Asia/Taipei', example: '0 8 * * 1' })
  @MaxLength(120) @IsString({ message: 'cron must be a five-field cron expression' })
  cron: string;
}

export class CronRunDto {
  @ApiProperty({ type: String, format: 'date-time', description: 'The instant (UTC)' }) at: string;
  @ApiProperty({ example: '2026-12-07', description: 'The Taipei date' }) date: string;
  @ApiProperty({ example: '08:00', description: 'The Taipei time' }) time: string;
}

export class CronPreviewDto {
  @ApiProperty({ example: '0 8 * * 1' }) cron: string;
  @ApiProperty({ example: 'Asia/Taipei' }) timeZone: string;
  @ApiProperty({ type: [CronRunDto], description: 'The next three runs after now' }) nextRuns: CronRunDto[];
}
