import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsEnum, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf,
} from 'class-validator';
import { CODE_MESSAGE, CODE_PATTERN } from '../common/codes.js';
import { OrganisationRefDto } from '../common/views.js';
import { SubProjectContinuity, SubProjectKind } from './sub-project.entity.js';

/** Request bodies of the sub-project workflow, and the assignment history. */

const NOT_BLANK = /\S/;
const MIN_YEAR = 1900;
const MAX_YEAR = 2200;

export class VersionBody {
  @ApiProperty({ description: 'The version the client last saw; a changed sub-project is refused with 409 STALE_VERSION', example: 1 })
  @Min(1, { message: 'version must be at least 1' }) @IsInt({ message: 'version must be a whole number' })
  version: number;
}

export class CreateSubProjectBody {
  @ApiProperty({ description: 'Programme code', example: 'aap2' })
  @Matches(CODE_PATTERN, { message: `programme ${CODE_MESSAGE}` }) @IsString()
  programme: string;

  @ApiPropertyOptional({ description: 'A code of your choice; by default `<programme>-sp-<n>`', example: 'aap2-sp-32' })
  @IsOptional() @Matches(CODE_PATTERN, { message: `code ${CODE_MESSAGE}` }) @IsString()
  code?: string;

  @ApiProperty({ example: 'AI 晶片設計人才培育計畫' })
  @MaxLength(500) @Matches(NOT_BLANK, { message: 'name must not be blank' }) @IsString()
  name: string;

  @ApiPropertyOptional({ enum: SubProjectKind, default: SubProjectKind.Detailed })
  @IsOptional() @IsEnum(SubProjectKind, { message: `kind must be one of ${Object.values(SubProjectKind).join(', ')}` })
  kind?: SubProjectKind;

  @ApiProperty({ type: [String], description: 'Axis codes of that programme (at least one)', example: ['aap2-axis-2'] })
  @ArrayUnique({ message: 'axes must not repeat an axis' })
  @ArrayMaxSize(20) @ArrayMinSize(1, { message: 'axes must list at least one axis' })
  @Matches(CODE_PATTERN, { each: true, message: `each of axes ${CODE_MESSAGE}` }) @IsArray({ message: 'axes must be a list of axis codes' })
  axes: string[];

  @ApiPropertyOptional({ description: 'AD year', example: 2025 })
  @IsOptional() @Min(MIN_YEAR) @Max(MAX_YEAR) @IsInt({ message: 'startYear must be a whole AD year, e.g. 2025' })
  startYear?: number;

  @ApiPropertyOptional({ description: 'AD year, not before startYear', example: 2026 })
  @IsOptional() @Min(MIN_YEAR) @Max(MAX_YEAR) @IsInt({ message: 'endYear must be a whole AD year, e.g. 2026' })
  endYear?: number;

  @ApiPropertyOptional({ default: false, description: 'Flagship sub-projects go through stage gates' })
  @IsOptional() @IsBoolean({ message: 'isFlagship must be true or false' })
  isFlagship?: boolean;

  @ApiPropertyOptional({ enum: SubProjectContinuity })
  @IsOptional() @IsEnum(SubProjectContinuity, { message: `continuity must be one of ${Object.values(SubProjectContinuity).join(', ')}` })
  continuity?: SubProjectContinuity;

  @ApiPropertyOptional({ description: '辦理措施' })
  @IsOptional() @MaxLength(10_000) @IsString()
  measures?: string;

  @ApiPropertyOptional({ description: '全程目標 / 終點目標' })
  @IsOptional() @MaxLength(10_000) @IsString()
  fullTermTarget?: string;
}

/** Only the fields given change; `null` clears a field that may be empty. */
export class UpdateSubProjectBody extends VersionBody {
  @ApiPropertyOptional()
  @ValidateIf((o: UpdateSubProjectBody) => o.name !== undefined)
  @MaxLength(500) @Matches(NOT_BLANK, { message: 'name must not be blank' }) @IsString({ message: 'name must be text' })
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: '辦理措施' })
  @IsOptional() @MaxLength(10_000) @IsString()
  measures?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: '全程目標 / 終點目標' })
  @IsOptional() @MaxLength(10_000) @IsString()
  fullTermTarget?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptional() @Min(MIN_YEAR) @Max(MAX_YEAR) @IsInt({ message: 'startYear must be a whole AD year, e.g. 2025' })
  startYear?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptional() @Min(MIN_YEAR) @Max(MAX_YEAR) @IsInt({ message: 'endYear must be a whole AD year, e.g. 2026' })
  endYear?: number | null;

  @ApiPropertyOptional()
  @ValidateIf((o: UpdateSubProjectBody) => o.isFlagship !== undefined)
  @IsBoolean({ message: 'isFlagship must be true or false' })
  isFlagship?: boolean;

  @ApiPropertyOptional({ nullable: true, enum: SubProjectContinuity })
  @IsOptional() @IsEnum(SubProjectContinuity, { message: `continuity must be one of ${Object.values(SubProjectContinuity).join(', ')}` })
  continuity?: SubProjectContinuity | null;

  @ApiPropertyOptional({ type: [String], description: 'Replaces the axes (at least one, of the same programme)' })
  @ValidateIf((o: UpdateSubProjectBody) => o.axes !== undefined)
  @ArrayUnique({ message: 'axes must not repeat an axis' })
  @ArrayMaxSize(20) @ArrayMinSize(1, { message: 'axes must list at least one axis' })
  @Matches(CODE_PATTERN, { each: true, message: `each of axes ${CODE_MESSAGE}` }) @IsArray({ message: 'axes must be a list of axis codes' })
  axes?: string[];
}

export class AssignBody extends VersionBody {
  @ApiProperty({ description: 'Organisation code of the lead (主辦)', example: 'moea' })
  @Matches(CODE_PATTERN, { message: `lead ${CODE_MESSAGE}` }) @IsString({ message: 'lead must be an organisation code' })
  lead: string;

  @ApiPropertyOptional({ type: [String], description: 'Organisation codes of the co-organisers (協辦), in order; not the lead', example: ['moda'] })
  @IsOptional()
  @ArrayUnique({ message: 'coOrganisers must not repeat an organisation' }) @ArrayMaxSize(30)
  @Matches(CODE_PATTERN, { each: true, message: `each of coOrganisers ${CODE_MESSAGE}` }) @IsArray({ message: 'coOrganisers must be a list of organisation codes' })
  coOrganisers?: string[];

  @ApiPropertyOptional({ description: 'Why: required when the sub-project is already assigned (reassignment)' })
  @IsOptional() @MaxLength(2000) @IsString()
  reason?: string;
}

export class TransitionBody extends VersionBody {
  @ApiPropertyOptional({ description: 'Why: required to suspend or close' })
  @IsOptional() @MaxLength(2000) @IsString()
  reason?: string;
}

/** Not the { id, displayName } UserRefDto of submissions and gates: its own name in the OpenAPI document. */
@ApiSchema({ name: 'UserWithEmailRefDto' })
export class UserRefDto {
  @ApiProperty() displayName: string;
  @ApiProperty() email: string;
}

export class AssignmentDto {
  @ApiProperty({ type: String, nullable: true, description: 'Null for the assignment the plan was loaded with, until a workflow step records it' }) id: string | null;
  @ApiProperty({ description: 'The assignment in force (not ended)' }) current: boolean;
  @ApiProperty({ type: OrganisationRefDto }) lead: OrganisationRefDto;
  @ApiProperty({ type: [OrganisationRefDto] }) coOrganisers: OrganisationRefDto[];
  @ApiProperty({ type: UserRefDto, nullable: true, description: 'Null for the assignment loaded from the plan' }) assignedBy: UserRefDto | null;
  @ApiProperty({ type: String, format: 'date-time' }) assignedAt: string;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) acknowledgedAt: string | null;
  @ApiProperty({ type: UserRefDto, nullable: true }) acknowledgedBy: UserRefDto | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) endedAt: string | null;
}
