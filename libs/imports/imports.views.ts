import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEnum, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ImportKindName } from './kinds/kind.js';
import type { SessionRow, StoredRow } from './imports.queries.js';

export class ImportKindParams {
  @ApiProperty({ enum: ImportKindName, enumName: 'ImportKindName' })
  @IsEnum(ImportKindName, { message: `kind must be one of ${Object.values(ImportKindName).join(', ')}` })
  kind: ImportKindName;
}

export class PreviewQuery {
  @ApiProperty({ description: 'The file\'s name: its extension (.xlsx, .ods, .csv) says what it should be', example: '細部計畫.xlsx' })
  @MaxLength(255, { message: 'fileName must be at most 255 characters' }) @MinLength(1) @IsString()
  fileName: string;
}

export class SessionParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be an import session id (a UUID)' })
  id: string;
}

export const ROW_FILTERS = ['all', 'problems', 'create', 'update', 'unchanged', 'invalid'] as const;

export class SessionRowsQuery {
  @ApiPropertyOptional({ enum: ROW_FILTERS, default: 'all' })
  @IsOptional() @IsIn(ROW_FILTERS, { message: `filter must be one of ${ROW_FILTERS.join(', ')}` })
  filter?: (typeof ROW_FILTERS)[number];

  @ApiPropertyOptional({ default: 0 })
  @IsOptional() @Type(() => Number) @Min(0) @IsInt({ message: 'offset must be a whole number' })
  offset?: number;

  @ApiPropertyOptional({ default: 50, maximum: 500 })
  @IsOptional() @Type(() => Number) @Min(1) @Max(500) @IsInt({ message: 'limit must be a whole number from 1 to 500' })
  limit?: number;
}

export class ImportSummaryDto {
  @ApiProperty() rows: number;
  @ApiProperty() create: number;
  @ApiProperty() update: number;
  @ApiProperty() unchanged: number;
  @ApiProperty() invalid: number;
  @ApiProperty({ description: 'Problems that stop the confirm' }) errors: number;
  @ApiProperty({ description: 'Notes that do not (a formula\'s cached value used, a former name read)' }) warnings: number;
}

export class ImportResultDto {
  @ApiProperty() created: number;
  @ApiProperty() updated: number;
  @ApiProperty() unchanged: number;
}

export class ImportSessionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ImportKindName, enumName: 'ImportKindName' }) kind: ImportKindName;
  @ApiProperty() fileName: string;
  @ApiProperty({ description: 'SHA-256 of the uploaded bytes' }) fileSha256: string;
  @ApiProperty() fileBytes: number;
  @ApiProperty({ enum: ['xlsx', 'ods', 'csv'] }) format: string;
  @ApiProperty({ nullable: true, type: String, enum: ['utf-8', 'utf-8-bom', 'big5'], description: 'CSV only: how the text was decoded' }) encoding: string | null;
  @ApiProperty({ nullable: true, type: String }) sheetName: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'Column key → the file\'s column letter' }) columns: Record<string, string>;
  @ApiProperty({ type: ImportSummaryDto }) summary: ImportSummaryDto;
  @ApiProperty() createdAt: string;
  @ApiProperty() expiresAt: string;
  @ApiProperty({ enum: ['previewed', 'confirmed', 'expired'] }) status: 'previewed' | 'confirmed' | 'expired';
  @ApiProperty({ nullable: true, type: String }) confirmedAt: string | null;
  @ApiProperty({ nullable: true, type: ImportResultDto }) result: ImportResultDto | null;
}

export class ImportProblemDto {
  @ApiProperty() row: number;
  @ApiProperty({ nullable: true, type: String, description: 'Column letter in the file' }) column: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Column key' }) field: string | null;
  @ApiProperty({ nullable: true, type: String }) value: string | null;
  @ApiProperty({ description: 'Stable code; the web app words it (problem.<code>)' }) code: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) params?: Record<string, unknown>;
  @ApiProperty({ enum: ['error', 'warning'] }) severity: 'error' | 'warning';
}

/** A changed field's value as shown: text (names, dates, decimals), a year, or yes/no. */
const CHANGE_VALUE = [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }];

export class ImportChangeDto {
  @ApiProperty() field: string;
  @ApiProperty({ nullable: true, oneOf: CHANGE_VALUE, description: 'Before (as shown: names, not ids)' }) old: string | number | boolean | null;
  @ApiProperty({ nullable: true, oneOf: CHANGE_VALUE }) new: string | number | boolean | null;
}

export class ImportRowDto {
  @ApiProperty() row: number;
  @ApiProperty({ nullable: true, type: String }) key: string | null;
  @ApiProperty({ enum: ['create', 'update', 'unchanged', 'invalid'] }) action: string;
  @ApiProperty({ type: [ImportChangeDto] }) changes: ImportChangeDto[];
  @ApiProperty({ type: [ImportProblemDto] }) problems: ImportProblemDto[];
}

export class ImportRowsPageDto {
  @ApiProperty() total: number;
  @ApiProperty({ type: [ImportRowDto] }) items: ImportRowDto[];
}

export function sessionDto(s: SessionRow): ImportSessionDto {
  return {
    id: s.id, kind: s.kind as ImportKindName, fileName: s.file_name, fileSha256: s.file_sha256, fileBytes: s.file_bytes, format: s.format,
    encoding: s.encoding, sheetName: s.sheet_name, columns: s.columns, summary: s.summary as unknown as ImportSummaryDto,
    createdAt: new Date(s.created_at).toISOString(), expiresAt: new Date(s.expires_at).toISOString(),
    status: s.confirmed_at ? 'confirmed' : s.expired ? 'expired' : 'previewed',
    confirmedAt: s.confirmed_at ? new Date(s.confirmed_at).toISOString() : null,
    result: s.result as ImportResultDto | null,
  };
}

export function rowDto(r: StoredRow): ImportRowDto {
  return { row: r.row_no, key: r.key, action: r.action, changes: r.changes as ImportChangeDto[], problems: r.problems as ImportProblemDto[] };
}
