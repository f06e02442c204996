import { ApiProperty, ApiPropertyOptional, ApiSchema, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { CODE_MESSAGE, CODE_PATTERN } from '../common/codes.js';
import { PageQuery } from '../common/page-query.js';
import { DateDto, OrganisationRefDto, ProgrammeRefDto, YearDto } from '../common/views.js';
import { ColourCountsDto, LightReasonDto, SubProjectRefDto } from '../lights/lights.views.js';
import { PERIOD_MESSAGE, PERIOD_PATTERN } from '../lights/period.js';
import { LightColour } from '../lights/status-light.entity.js';

// ---- queries

class ProgrammeFilter {
  @ApiPropertyOptional({ description: 'Programme code', example: 'aap2' })
  @IsOptional() @Matches(CODE_PATTERN, { message: `programme ${CODE_MESSAGE}` }) @IsString()
  programme?: string;
}

/** A programme filter and a page: the lists below. */
class PageFilter extends IntersectionType(ProgrammeFilter, PageQuery) {}

export class PortfolioQuery extends PageFilter {
  @ApiPropertyOptional({ description: 'Reporting period YYYY-Qn; the current quarter (Asia/Taipei) when left out', example: '2024-Q3' })
  @IsOptional() @Matches(PERIOD_PATTERN, { message: `period ${PERIOD_MESSAGE}` }) @IsString()
  period?: string;

  @ApiPropertyOptional({ description: 'Axis code', example: 'aap2-axis-2' })
  @IsOptional() @Matches(CODE_PATTERN, { message: `axis ${CODE_MESSAGE}` }) @IsString()
  axis?: string;

  @ApiPropertyOptional({ description: 'Lead organisation code; its units count too', example: 'moea' })
  @IsOptional() @Matches(CODE_PATTERN, { message: `ministry ${CODE_MESSAGE}` }) @IsString()
  ministry?: string;

  @ApiPropertyOptional({ enum: LightColour, description: 'Drill down: list the sub-projects showing this light (keyset-paginated by code with limit / after)' })
  @IsOptional() @IsEnum(LightColour, { message: `light must be one of ${Object.values(LightColour).join(', ')}` })
  light?: LightColour;
}

export class OverdueMilestonesQuery extends PageFilter {
  @ApiPropertyOptional({ description: 'Lead organisation code; its units count too', example: 'moea' })
  @IsOptional() @Matches(CODE_PATTERN, { message: `ministry ${CODE_MESSAGE}` }) @IsString()
  ministry?: string;
}

export class PendingReviewsQuery extends PageFilter {}

export class MinistryPerformanceQuery extends ProgrammeFilter {
  @ApiPropertyOptional({ description: 'AD year of the window; the current year (Asia/Taipei) when left out', example: 2026 })
  @IsOptional() @Type(() => Number) @Min(1900) @Max(2200) @IsInt({ message: 'year must be a whole AD year, e.g. 2026' })
  year?: number;
}

// ---- responses

/** Not the budget's AxisRefDto (which has seq): its own name in the OpenAPI document. */
@ApiSchema({ name: 'AxisNameRefDto' })
export class AxisRefDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

export class AxisCountsDto {
  @ApiProperty({ type: AxisRefDto }) axis: AxisRefDto;
  @ApiProperty() total: number;
  @ApiProperty({ type: ColourCountsDto }) counts: ColourCountsDto;
}

export class MinistryCountsDto {
  @ApiProperty({ type: OrganisationRefDto, nullable: true, description: 'The lead organisation; null when none is assigned' }) ministry: OrganisationRefDto | null;
  @ApiProperty() total: number;
  @ApiProperty({ type: ColourCountsDto }) counts: ColourCountsDto;
}

export class OverriddenLightDto {
  @ApiProperty({ enum: LightColour }) colour: LightColour;
  @ApiProperty() justification: string;
}

export class PortfolioItemDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: OrganisationRefDto, nullable: true }) lead: OrganisationRefDto | null;
  @ApiProperty({ enum: LightColour }) colour: LightColour;
  @ApiProperty({ enum: LightColour, nullable: true, description: 'Null when no light was computed for the period (shown white)' }) computedColour: LightColour | null;
  @ApiProperty({ type: OverriddenLightDto, nullable: true, description: 'When a coordinator overrode the light' }) overridden: OverriddenLightDto | null;
  @ApiProperty({ type: [LightReasonDto] }) reasons: LightReasonDto[];
}

export class DrillDownDto {
  @ApiProperty({ enum: LightColour }) light: LightColour;
  @ApiProperty({ type: [PortfolioItemDto] }) items: PortfolioItemDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class DashboardScopeDto {
  @ApiProperty({ description: 'The caller sees every organisation\'s sub-projects (secretariat, reviewers, viewers)' }) all: boolean;
  @ApiProperty({ type: [OrganisationRefDto], description: 'Otherwise: the figures count only what these organisations (and their units) lead or co-organise' })
  organisations: OrganisationRefDto[];
}

export class PortfolioDto {
  @ApiProperty({ type: ProgrammeRefDto, nullable: true }) programme: ProgrammeRefDto | null;
  @ApiProperty({ example: '2026-Q4' }) period: string;
  @ApiProperty({ type: DashboardScopeDto, description: 'Whose sub-projects the figures count' }) scope: DashboardScopeDto;
  @ApiProperty() total: number;
  @ApiProperty({ type: ColourCountsDto, description: 'Per light shown (override, else computed; no light ⇒ white)' }) counts: ColourCountsDto;
  @ApiProperty({ type: [AxisCountsDto] }) byAxis: AxisCountsDto[];
  @ApiProperty({ type: [MinistryCountsDto] }) byMinistry: MinistryCountsDto[];
  @ApiProperty({ type: DrillDownDto, nullable: true, description: 'With `light=`' }) drillDown: DrillDownDto | null;
}

export class MilestoneRefDto {
  @ApiProperty() code: string;
  @ApiProperty() deliverable: string;
  @ApiProperty({ type: DateDto }) dueDate: DateDto;
  @ApiProperty() status: string;
}

export class OverdueMilestoneDto {
  @ApiProperty({ type: MilestoneRefDto }) milestone: MilestoneRefDto;
  @ApiProperty({ description: 'Days past the due date, Asia/Taipei' }) daysOverdue: number;
  @ApiProperty({ type: SubProjectRefDto }) subProject: SubProjectRefDto;
  @ApiProperty({ type: ProgrammeRefDto }) programme: ProgrammeRefDto;
}

export class OverdueMilestonesDto {
  @ApiProperty({ example: '2026-11-22', description: 'Today in Asia/Taipei' }) asOf: string;
  @ApiProperty({ type: [OverdueMilestoneDto], description: 'Oldest due first' }) items: OverdueMilestoneDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class PendingReviewDto {
  @ApiProperty() submissionId: string;
  @ApiProperty({ type: SubProjectRefDto }) subProject: SubProjectRefDto;
  @ApiProperty({ type: MilestoneRefDto, nullable: true }) milestone: MilestoneRefDto | null;
  @ApiProperty({ type: String, nullable: true }) period: string | null;
  @ApiProperty() revision: number;
  @ApiProperty({ type: String, format: 'date-time' }) submittedAt: string;
  @ApiProperty({ description: 'Calendar days (Asia/Taipei) since it reached the secretariat' }) daysWaiting: number;
}

export class PendingReviewsDto {
  @ApiProperty({ example: '2026-11-22' }) asOf: string;
  @ApiProperty({ description: 'Every submission waiting for the secretariat (all pages)' }) count: number;
  @ApiProperty({ type: String, nullable: true, example: '3.5', description: 'Median days waiting, 1 decimal' }) medianDaysWaiting: string | null;
  @ApiProperty({ type: Number, nullable: true }) maxDaysWaiting: number | null;
  @ApiProperty({ type: [PendingReviewDto], description: 'Oldest first' }) items: PendingReviewDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class MinistryPerformanceRowDto {
  @ApiProperty({ type: OrganisationRefDto }) ministry: OrganisationRefDto;
  @ApiProperty({ description: 'Milestones of its sub-projects due in the window' }) milestonesDue: number;
  @ApiProperty({ description: '…whose submission first reached the secretariat on or before the due date (Asia/Taipei)' }) onTime: number;
  @ApiProperty({ description: '…that reached it after the due date' }) late: number;
  @ApiProperty({ description: '…that have not reached it' }) notSubmitted: number;
  @ApiProperty({ type: String, nullable: true, example: '66.7', description: 'onTime ÷ milestonesDue, percent with 1 decimal' }) onTimeRate: string | null;
  @ApiProperty({ description: 'Acceptances in the window' }) accepts: number;
  @ApiProperty({ description: 'Returns in the window' }) returns: number;
  @ApiProperty({ type: String, nullable: true, example: '33.3', description: 'returns ÷ (accepts + returns), percent with 1 decimal' }) returnRate: string | null;
}

export class DateWindowDto {
  @ApiProperty({ type: String, format: 'date', example: '2026-01-01' }) from: string;
  @ApiProperty({ type: String, format: 'date', example: '2026-12-01' }) to: string;
}

export class MinistryPerformanceDto {
  @ApiProperty({ type: ProgrammeRefDto, nullable: true }) programme: ProgrammeRefDto | null;
  @ApiProperty({ type: YearDto }) year: YearDto;
  @ApiProperty({ type: DateWindowDto, description: 'Due dates and review dates counted (to is today when the year is not over)' }) window: DateWindowDto;
  @ApiProperty({ type: [MinistryPerformanceRowDto] }) ministries: MinistryPerformanceRowDto[];
}
