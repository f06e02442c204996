import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { CODE_MESSAGE, CODE_PATTERN } from '../common/codes.js';
import { DateDto, OrganisationRefDto, PeriodDto, ProgrammeRefDto, YearDto } from '../common/views.js';
import { DiscrepancyDto, IndicatorDto, MarkDto } from '../programmes/programme.views.js';
import { PERIOD_MESSAGE, PERIOD_PATTERN } from '../lights/period.js';
import { LightColour } from '../lights/status-light.entity.js';
import { MilestoneStatus } from './milestone.entity.js';
import { SubProjectKind, SubProjectStatus } from './sub-project.entity.js';
import { PageQuery } from '../common/page-query.js';

const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

export class SubProjectListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Programme code', example: 'aap2' })
  @IsOptional() @Matches(CODE_PATTERN, { message: `programme ${CODE_MESSAGE}` })
  programme?: string;

  @ApiPropertyOptional({ description: 'Axis code', example: 'aap2-axis-2' })
  @IsOptional() @Matches(CODE_PATTERN, { message: `axis ${CODE_MESSAGE}` })
  axis?: string;

  @ApiPropertyOptional({ description: 'Organisation code; its units count too (經濟部 includes 技術處)', example: 'moea' })
  @IsOptional() @Matches(CODE_PATTERN, { message: `ministry ${CODE_MESSAGE}` })
  ministry?: string;

  @ApiPropertyOptional({ enum: ['lead', 'co_organiser', 'any'], default: 'any', description: 'How `ministry` takes part: 主辦, 協辦 or either' })
  @IsOptional() @IsIn(['lead', 'co_organiser', 'any'], { message: 'role must be one of lead, co_organiser, any' })
  role?: 'lead' | 'co_organiser' | 'any';

  @ApiPropertyOptional({ description: 'AD year within the period', example: 2024 })
  // class-validator checks the decorator nearest the property first; with stopAtFirstError the type check must come first.
  @IsOptional() @Type(() => Number) @Min(1900) @Max(2200) @IsInt({ message: 'year must be a whole AD year, e.g. 2024' })
  year?: number;

  @ApiPropertyOptional({ description: 'ROC year within the period (民國), instead of `year`', example: 113 })
  @IsOptional() @Type(() => Number) @Min(1) @Max(289) @IsInt({ message: 'rocYear must be a whole ROC year, e.g. 113' })
  rocYear?: number;

  @ApiPropertyOptional({ enum: SubProjectStatus })
  @IsOptional() @IsEnum(SubProjectStatus, { message: `status must be one of ${Object.values(SubProjectStatus).join(', ')}` })
  status?: SubProjectStatus;

  @ApiPropertyOptional({ enum: SubProjectKind })
  @IsOptional() @IsEnum(SubProjectKind, { message: `kind must be one of ${Object.values(SubProjectKind).join(', ')}` })
  kind?: SubProjectKind;

  @ApiPropertyOptional({ description: 'Only flagship (stage-gated) sub-projects, or only the others' })
  @IsOptional() @Transform(toBoolean) @IsBoolean({ message: 'flagship must be true or false' })
  flagship?: boolean;

  @ApiPropertyOptional({ description: 'Text in the name', example: '晶片' })
  @IsOptional() @MinLength(1) @MaxLength(100, { message: 'q must be at most 100 characters' }) @IsString()
  q?: string;

  @ApiPropertyOptional({
    enum: [...Object.values(LightColour), 'none'],
    description: 'The light shown for `period` (the override when there is one); `none`: no light computed for that period yet',
  })
  @IsOptional() @IsIn([...Object.values(LightColour), 'none'], { message: `light must be one of ${[...Object.values(LightColour), 'none'].join(', ')}` })
  light?: LightColour | 'none';

  @ApiPropertyOptional({ description: 'Reporting period YYYY-Qn whose lights the items carry and `light` filters; the current quarter (Asia/Taipei) by default', example: '2026-Q4' })
  @IsOptional() @Matches(PERIOD_PATTERN, { message: `period ${PERIOD_MESSAGE}` }) @IsString({ message: `period ${PERIOD_MESSAGE}` })
  period?: string;
}

export class ListLightDto {
  @ApiProperty({ example: '2026-Q4' }) period: string;
  @ApiProperty({ enum: LightColour, description: 'The light shown: the override when there is one, else the computed light' }) colour: LightColour;
  @ApiProperty({ description: 'A coordinator overrode the computed light' }) overridden: boolean;
}

export class SubProjectAxisRefDto {
  @ApiProperty({ example: 'aap2-axis-2' }) code: string;
  @ApiProperty() seq: number;
  @ApiProperty() name: string;
}

export class SubProjectListItemDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: SubProjectKind }) kind: string;
  @ApiProperty({ enum: SubProjectStatus }) status: string;
  @ApiProperty({ type: ProgrammeRefDto }) programme: ProgrammeRefDto;
  @ApiProperty({ type: OrganisationRefDto, nullable: true }) lead: OrganisationRefDto | null;
  @ApiProperty({ type: String, nullable: true }) leadText: string | null;
  @ApiProperty({ type: [OrganisationRefDto] }) coOrganisers: OrganisationRefDto[];
  @ApiProperty({ type: PeriodDto }) period: PeriodDto;
  @ApiProperty({ nullable: true, enum: ['existing', 'continuing', 'new'] }) continuity: string | null;
  @ApiProperty() isFlagship: boolean;
  @ApiProperty({ type: [SubProjectAxisRefDto] }) axes: SubProjectAxisRefDto[];
  @ApiProperty({ type: ListLightDto, nullable: true, description: 'The light for the period asked (the current quarter by default); null when none is computed yet' })
  light: ListLightDto | null;
}

export class SubProjectPageDto {
  @ApiProperty({ example: '2026-Q4', description: 'The period whose lights the items carry' }) period: string;
  @ApiProperty({ type: [SubProjectListItemDto] }) items: SubProjectListItemDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `after` for the next page; null on the last page' }) nextCursor: string | null;
}

export class SubProjectMarkDto extends MarkDto {
  @ApiProperty({ example: '高等教育', description: 'The category column the mark stands in' }) categoryName: string;
}

export class SubProjectAxisDto {
  @ApiProperty() code: string;
  @ApiProperty() seq: number;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true, description: 'Where the document lists it, e.g. 001 表4' }) source: string | null;
  @ApiProperty({ type: [SubProjectMarkDto] }) marks: SubProjectMarkDto[];
}

export class IndicatorActualRefDto {
  @ApiProperty({ example: '480' }) value: string;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ example: '2026-Q3', description: 'The reporting period of the accepted submission it comes from' }) period: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) acceptedAt: string | null;
}

export class SubProjectIndicatorDto extends IndicatorDto {
  @ApiProperty({ type: IndicatorActualRefDto, nullable: true, description: 'The latest actual from an accepted submission; null when none reported one' })
  actual: IndicatorActualRefDto | null;
}

export class MilestoneDto {
  @ApiProperty() code: string;
  @ApiProperty() seq: number;
  @ApiProperty({ type: YearDto, nullable: true }) fiscalYear: YearDto | null;
  @ApiProperty({ type: DateDto }) dueDate: DateDto;
  @ApiProperty() deliverable: string;
  @ApiProperty({ enum: MilestoneStatus }) status: string;
  @ApiProperty({ description: 'Past its due date (Asia/Taipei) without an accepted submission' }) overdue: boolean;
  @ApiProperty({ type: String, nullable: true }) source: string | null;
}

export class BudgetLineDto {
  @ApiProperty({ type: YearDto }) year: YearDto;
  @ApiProperty({ enum: ['existing', 'new'] }) kind: string;
  @ApiProperty() allocated: string;
  @ApiProperty({ type: String, nullable: true }) executed: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'executed ÷ allocated, as a percentage with 1 decimal' }) executionRate: string | null;
}

export class SubProjectDetailDto extends SubProjectListItemDto {
  @ApiProperty({ type: String, nullable: true }) nameAsPrinted: string | null;
  @ApiProperty({ type: String, nullable: true, description: '推動重點 of a roadmap row' }) focus: string | null;
  @ApiProperty({ type: String, nullable: true }) coOrganisersText: string | null;
  @ApiProperty({ type: String, nullable: true, description: '辦理措施' }) measures: string | null;
  @ApiProperty({ type: String, nullable: true, description: '全程目標 / 終點目標' }) fullTermTarget: string | null;
  @ApiProperty({ type: String, nullable: true, description: '備註' }) remarks: string | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ example: '2026-Q4', description: 'The current reporting period (Asia/Taipei): the one `light` speaks for and a light override applies to by default' }) currentPeriod: string;
  @ApiProperty({ nullable: true, enum: ['lead', 'co_organiser'], description: 'How the caller\'s organisation takes part (only the lead acknowledges and reports); null for the secretariat and other readers of everything' })
  callerPart: 'lead' | 'co_organiser' | null;
  @ApiProperty({ type: [SubProjectAxisDto] }) axisLinks: SubProjectAxisDto[];
  @ApiProperty({ type: [MilestoneDto] }) milestones: MilestoneDto[];
  @ApiProperty({ type: [SubProjectIndicatorDto] }) indicators: SubProjectIndicatorDto[];
  @ApiProperty({ type: [BudgetLineDto] }) budget: BudgetLineDto[];
  @ApiProperty({ type: [DiscrepancyDto] }) discrepancies: DiscrepancyDto[];
}
