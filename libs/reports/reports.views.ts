import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { CODE_MESSAGE, CODE_PATTERN } from '../common/codes.js';
import { PageQuery } from '../common/page-query.js';
import { PERIOD_MESSAGE, PERIOD_PATTERN } from '../lights/period.js';
import { ReportFormat, ReportKind, ReportStatus } from './report.entity.js';

// class-validator checks the decorator nearest the property first; with stopAtFirstError the type check is listed last.

export class RequestReportDto {
  @ApiProperty({ enum: ReportKind })
  @IsEnum(ReportKind, { message: `kind must be one of ${Object.values(ReportKind).join(', ')}` })
  kind: ReportKind;

  @ApiProperty({ enum: ReportFormat })
  @IsEnum(ReportFormat, { message: `format must be one of ${Object.values(ReportFormat).join(', ')}` })
  format: ReportFormat;

  @ApiPropertyOptional({ description: 'Programme code: programme_status and budget', example: 'aap2018' })
  @IsOptional() @Matches(CODE_PATTERN, { message: `programme ${CODE_MESSAGE}` }) @IsString({ message: 'programme must be a programme code' })
  programme?: string;

  @ApiPropertyOptional({ description: 'Meeting code: resolution_tracking', example: 'sngroup-2024-01-24' })
  @IsOptional() @Matches(CODE_PATTERN, { message: `meeting ${CODE_MESSAGE}` }) @IsString({ message: 'meeting must be a meeting code' })
  meeting?: string;

  @ApiPropertyOptional({ description: 'Sub-project code (reports about one sub-project)', example: 'aap2-sp-12' })
  @IsOptional() @Matches(CODE_PATTERN, { message: `subProject ${CODE_MESSAGE}` }) @IsString({ message: 'subProject must be a sub-project code' })
  subProject?: string;

  @ApiPropertyOptional({ description: 'Gate review id: gate_packet' })
  @IsOptional() @IsUUID('all', { message: 'gateReview must be a gate review id (uuid)' })
  gateReview?: string;

  @ApiPropertyOptional({ description: 'organisation_status: the organisation code whose sub-projects it covers (units under it included); a ministry user\'s own when left out', example: 'moea' })
  @IsOptional() @Matches(CODE_PATTERN, { message: `organisation ${CODE_MESSAGE}` }) @IsString({ message: 'organisation must be an organisation code' })
  organisation?: string;

  @ApiPropertyOptional({ description: 'programme_status and organisation_status: the lights of this quarter (YYYY-Qn); the as-of quarter when left out', example: '2024-Q3' })
  @IsOptional() @Matches(PERIOD_PATTERN, { message: `period ${PERIOD_MESSAGE}` }) @IsString({ message: `period ${PERIOD_MESSAGE}` })
  period?: string;
}

export class ReportListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ReportKind })
  @IsOptional() @IsEnum(ReportKind, { message: `kind must be one of ${Object.values(ReportKind).join(', ')}` })
  kind?: ReportKind;

  @ApiPropertyOptional({ description: 'Programme code', example: 'aap2018' })
  @IsOptional() @Matches(CODE_PATTERN, { message: `programme ${CODE_MESSAGE}` }) @IsString({ message: 'programme must be a programme code' })
  programme?: string;
}

export class ReportFileDto {
  @ApiProperty({ example: '預算報表_aap2018_2026-11-22.pdf' }) name: string;
  @ApiProperty({ example: 'application/pdf' }) contentType: string;
  @ApiProperty() byteSize: number;
  @ApiProperty({ description: 'SHA-256 of the bytes (hex); also the download\'s ETag' }) sha256: string;
}

export class ReportLinksDto {
  @ApiProperty({ example: '/api/reports/…' }) self: string;
  @ApiProperty({ example: '/api/reports/…/file', description: 'Serves the file once status is ready (409 before)' }) file: string;
}

export class ReportDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ReportKind }) kind: ReportKind;
  @ApiProperty({ enum: ReportFormat }) format: ReportFormat;
  @ApiProperty({ enum: ReportStatus, description: 'queued → running → ready | failed' }) status: ReportStatus;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What was asked: codes (programme, meeting, subProject), gateReview, period' }) parameters: Record<string, unknown>;
  @ApiProperty({ description: 'The instant the report states its data as of (UTC); fixed when requested' }) asOf: string;
  @ApiProperty({ type: String, format: 'date-time' }) requestedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt: string | null;
  @ApiProperty({ type: ReportFileDto, nullable: true, description: 'Once ready' }) file: ReportFileDto | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why it failed' }) error: string | null;
  @ApiProperty({ type: ReportLinksDto }) links: ReportLinksDto;
}

export class ReportPageDto {
  @ApiProperty({ type: [ReportDto], description: 'Newest first' }) items: ReportDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class ReportKindTitleDto {
  @ApiProperty({ name: 'zh-TW', example: '計畫執行狀況報告' }) 'zh-TW': string;
  @ApiProperty({ example: 'Programme status report' }) en: string;
}

export class ReportKindParameterDto {
  @ApiProperty({ enum: ['programme', 'meeting', 'subProject', 'gateReview', 'period', 'organisation'] }) name: 'programme' | 'meeting' | 'subProject' | 'gateReview' | 'period' | 'organisation';
  @ApiProperty({ description: 'false: may be left out (period: the as-of quarter; organisation: the caller\'s own)' }) required: boolean;
}

export class ReportKindDto {
  @ApiProperty({ enum: ReportKind }) kind: ReportKind;
  @ApiProperty({ type: ReportKindTitleDto }) title: ReportKindTitleDto;
  @ApiProperty({ enum: ReportFormat, isArray: true }) formats: ReportFormat[];
  @ApiProperty({ type: [ReportKindParameterDto], description: 'What the request names: the subject first, then the options' }) parameters: ReportKindParameterDto[];
  @ApiProperty({ description: 'Whether the caller may request this kind at all (the subject must still be one it may see)' }) mayRequest: boolean;
}
