import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsEnum, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf, ValidateNested,
} from 'class-validator';
import { CODE_MESSAGE, CODE_PATTERN } from '../common/codes.js';
import { TargetComparator } from '../programmes/indicator.entity.js';

const NOT_BLANK = /\S/;
/** numeric(20,4): up to 16 digits before the point and 4 after, written as a string (never a float). */
export const EXACT_TARGET = /^-?\d{1,16}(\.\d{1,4})?$/;

// Its own name in the OpenAPI document: GET /api/programmes' ProgrammeSummaryDto (libs/programmes) has another shape.
@ApiSchema({ name: 'ProgrammeSetupSummaryDto' })
export class ProgrammeSummaryDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['setting_up', 'active'] }) status: string;
  @ApiProperty() startYear: number;
  @ApiProperty({ type: Number, nullable: true }) endYear: number | null;
  @ApiProperty({ type: String, nullable: true }) parent: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The oversight body\'s name' }) overseer: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The programme this one was copied from' }) copiedFrom: string | null;
  @ApiProperty() axes: number;
  @ApiProperty() subProjects: number;
}

export class SetupCategoryDto {
  @ApiProperty() code: string;
  @ApiProperty() seq: number;
  @ApiProperty() name: string;
}

export class SetupFocusAreaDto {
  @ApiProperty() code: string;
  @ApiProperty() seq: number;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true, description: 'The responsible-organisations cell as the document prints it' }) responsibleText: string | null;
  @ApiProperty({ type: [String], description: 'Organisation codes' }) organisations: string[];
}

export class SetupAxisDto {
  @ApiProperty() code: string;
  @ApiProperty() seq: number;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) goal: string | null;
  @ApiProperty({ type: [SetupCategoryDto], description: 'Columns carrying √ (main) / △ (involved) marks' }) categories: SetupCategoryDto[];
  @ApiProperty({ type: [SetupFocusAreaDto] }) focusAreas: SetupFocusAreaDto[];
}

export class SetupTargetDto {
  @ApiProperty({ type: Number, nullable: true, description: 'AD year; null for the whole period' }) year: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'Exact decimal string', example: '12345678901.23' }) value: string | null;
  @ApiProperty({ enum: TargetComparator }) comparator: string;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
}

export class SetupIndicatorDto {
  @ApiProperty() code: string;
  @ApiProperty({ type: String, nullable: true, description: 'Axis code; null for a key result of the whole programme' }) axis: string | null;
  @ApiProperty() seq: number;
  @ApiProperty() text: string;
  @ApiProperty({ type: String, nullable: true }) unit: string | null;
  @ApiProperty({ type: [SetupTargetDto] }) targets: SetupTargetDto[];
}

export class SetupSubProjectDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['draft', 'assigned', 'acknowledged', 'active', 'suspended', 'closed'] }) status: string;
  @ApiProperty({ type: String, nullable: true }) lead: string | null;
  @ApiProperty() milestones: number;
  @ApiProperty({ type: Number, nullable: true }) startYear: number | null;
  @ApiProperty({ type: Number, nullable: true }) endYear: number | null;
}

export class ProgrammeSetupDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) nameEn: string | null;
  @ApiProperty({ enum: ['setting_up', 'active'] }) status: string;
  @ApiProperty() startYear: number;
  @ApiProperty({ type: Number, nullable: true }) endYear: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'Parent programme code' }) parent: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Oversight body code' }) overseer: string | null;
  @ApiProperty({ type: String, nullable: true }) overseerName: string | null;
  @ApiProperty({ type: String, nullable: true }) copiedFrom: string | null;
  @ApiProperty({ type: [String], description: 'Notes on the record, e.g. what a copy inferred' }) notes: string[];
  @ApiProperty({ type: [SetupAxisDto] }) axes: SetupAxisDto[];
  @ApiProperty({ type: [SetupIndicatorDto], description: 'Key results of the programme and its axes' }) indicators: SetupIndicatorDto[];
  @ApiProperty({ type: [SetupSubProjectDto] }) subProjects: SetupSubProjectDto[];
}

class NameField {
  @ApiProperty()
  @MaxLength(300) @Matches(NOT_BLANK, { message: 'name must not be blank' }) @IsString({ message: 'name must be text' })
  name: string;
}

export class CreateProgrammeBody extends NameField {
  @ApiPropertyOptional({ description: 'Stable code (lower-case letters, digits, "-"); made from the start year when left out', example: 'aap3' })
  @IsOptional() @Matches(CODE_PATTERN, { message: `code ${CODE_MESSAGE}` })
  code?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional() @MaxLength(300) @IsString()
  nameEn?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Parent programme code (e.g. smart-nation)' })
  @IsOptional() @Matches(CODE_PATTERN, { message: `parent ${CODE_MESSAGE}` })
  parent?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Oversight body: an organisation code' })
  @IsOptional() @Matches(CODE_PATTERN, { message: `overseer ${CODE_MESSAGE}` })
  overseer?: string | null;

  @ApiProperty({ example: 2027 })
  @Min(1900) @Max(2200) @IsInt({ message: 'startYear must be a whole AD year, e.g. 2027' })
  startYear: number;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 2030 })
  @IsOptional() @Min(1900) @Max(2200) @IsInt({ message: 'endYear must be a whole AD year, e.g. 2030' })
  endYear?: number | null;
}

export class UpdateProgrammeBody {
  @ApiPropertyOptional()
  @IsOptional() @MaxLength(300) @Matches(NOT_BLANK, { message: 'name must not be blank' }) @IsString({ message: 'name must be text' })
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional() @MaxLength(300) @IsString()
  nameEn?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional() @Matches(CODE_PATTERN, { message: `parent ${CODE_MESSAGE}` })
  parent?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional() @Matches(CODE_PATTERN, { message: `overseer ${CODE_MESSAGE}` })
  overseer?: string | null;

  @ApiPropertyOptional()
  @IsOptional() @Min(1900) @Max(2200) @IsInt({ message: 'startYear must be a whole AD year, e.g. 2027' })
  startYear?: number;

  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptional() @Min(1900) @Max(2200) @IsInt({ message: 'endYear must be a whole AD year, e.g. 2030' })
  endYear?: number | null;
}

export class AxisBody extends NameField {
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional() @MaxLength(5000) @IsString()
  goal?: string | null;
}

export class UpdateAxisBody {
  @ApiPropertyOptional()
  @IsOptional() @MaxLength(300) @Matches(NOT_BLANK, { message: 'name must not be blank' }) @IsString({ message: 'name must be text' })
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional() @MaxLength(5000) @IsString()
  goal?: string | null;
}

export class CategoryBody extends NameField {}

export class FocusAreaBody extends NameField {
  @ApiProperty({ type: [String], description: 'Responsible organisations, by code, in order' })
  @IsArray() @ArrayMaxSize(50) @Matches(CODE_PATTERN, { each: true, message: `organisations ${CODE_MESSAGE}` })
  organisations: string[];
}

export class UpdateFocusAreaBody {
  @ApiPropertyOptional()
  @IsOptional() @MaxLength(300) @Matches(NOT_BLANK, { message: 'name must not be blank' }) @IsString({ message: 'name must be text' })
  name?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @Matches(CODE_PATTERN, { each: true, message: `organisations ${CODE_MESSAGE}` })
  organisations?: string[];
}

export class TargetBody {
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'AD year; null for the whole period' })
  @ValidateIf((o: TargetBody) => o.year !== null && o.year !== undefined)
  @Min(1900) @Max(2200) @IsInt({ message: 'year must be a whole AD year, e.g. 2027' })
  year?: number | null;

  @ApiProperty({ description: 'Exact decimal as a string (never a float)', example: '12345678901.23' })
  @Matches(EXACT_TARGET, { message: 'value must be a decimal written as a string, e.g. "600" or "12345678901.23" (at most 16 digits before the point, 4 after)' })
  @IsString({ message: 'value must be a decimal written as a string, e.g. "600"' })
  value: string;

  @ApiPropertyOptional({ enum: TargetComparator })
  @IsOptional() @IsEnum(TargetComparator, { message: `comparator must be one of ${Object.values(TargetComparator).join(', ')}` })
  comparator?: TargetComparator;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional() @MaxLength(1000) @IsString()
  note?: string | null;
}

export class IndicatorBody {
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Axis code; left out for a key result of the whole programme' })
  @IsOptional() @Matches(CODE_PATTERN, { message: `axis ${CODE_MESSAGE}` })
  axis?: string | null;

  @ApiProperty({ description: 'The key result as written' })
  @MaxLength(2000) @Matches(NOT_BLANK, { message: 'text must not be blank' }) @IsString({ message: 'text must be text' })
  text: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '人' })
  @IsOptional() @MaxLength(50) @IsString()
  unit?: string | null;

  @ApiProperty({ type: [TargetBody], description: 'Yearly targets (one per year)' })
  @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => TargetBody)
  targets: TargetBody[];
}

export class UpdateIndicatorBody {
  @ApiPropertyOptional()
  @IsOptional() @MaxLength(2000) @Matches(NOT_BLANK, { message: 'text must not be blank' }) @IsString({ message: 'text must be text' })
  text?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional() @MaxLength(50) @IsString()
  unit?: string | null;

  @ApiPropertyOptional({ type: [TargetBody], description: 'Replaces every target' })
  @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => TargetBody)
  targets?: TargetBody[];
}

export class CopyProgrammeBody extends NameField {
  @ApiProperty({ description: 'The new programme\'s code; copied rows take it in place of the source\'s', example: 'aap3' })
  @Matches(CODE_PATTERN, { message: `code ${CODE_MESSAGE}` }) @IsString({ message: `code ${CODE_MESSAGE}` })
  code: string;

  @ApiProperty({ description: 'First AD year of the new programme; dates move by its difference from the source\'s first year (or from `fromYear`)', example: 2027 })
  @Min(1900) @Max(2200) @IsInt({ message: 'startYear must be a whole AD year, e.g. 2027' })
  startYear: number;

  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptional() @Min(1900) @Max(2200) @IsInt({ message: 'endYear must be a whole AD year, e.g. 2030' })
  endYear?: number | null;

  @ApiPropertyOptional({ description: 'Copy one year only: the sub-projects running that year and that year\'s milestones', example: 2026 })
  @IsOptional() @Min(1900) @Max(2200) @IsInt({ message: 'fromYear must be a whole AD year, e.g. 2026' })
  fromYear?: number;
}
