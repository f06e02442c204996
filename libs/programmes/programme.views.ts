import { ApiProperty } from '@nestjs/swagger';
import { OrganisationNoteRefDto, OrganisationRefDto, PeriodDto, ProgrammeRefDto, YearDto } from '../common/views.js';

export class TargetDto {
  @ApiProperty({ type: YearDto, nullable: true }) year: YearDto | null;
  @ApiProperty({ type: String, nullable: true, example: '600' }) value: string | null;
  @ApiProperty({ enum: ['eq', 'approx', 'gt', 'gte', 'lt', 'lte'] }) comparator: string;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
}

export class IndicatorDto {
  @ApiProperty() code: string;
  @ApiProperty() seq: number;
  @ApiProperty({ description: 'The key result as printed' }) text: string;
  @ApiProperty({ type: String, nullable: true }) unit: string | null;
  @ApiProperty({ type: [OrganisationRefDto] }) organisations: OrganisationRefDto[];
  @ApiProperty({ type: [TargetDto] }) targets: TargetDto[];
}

export class IndicatorYearActualDto {
  @ApiProperty({ type: YearDto }) year: YearDto;
  @ApiProperty({ example: '8200', description: 'Sum of each reporting sub-project\'s latest accepted value in the year (exact decimal)' }) value: string;
  @ApiProperty({ description: 'How many sub-projects reported a value that year' }) subProjects: number;
}

/** A programme's or an axis's key result with the actuals reported against it. */
export class KeyResultDto extends IndicatorDto {
  @ApiProperty({ type: [IndicatorYearActualDto], description: 'Per year, from accepted submissions of the sub-projects the caller may see' })
  actuals: IndicatorYearActualDto[];
}

export class DiscrepancyDto {
  @ApiProperty() code: string;
  @ApiProperty({ example: 'sub_project:aap2018-div-2-01' }) subject: string;
  @ApiProperty() text: string;
  @ApiProperty({ type: [String] }) sources: string[];
}

export class ProgrammeSummaryDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) nameEn: string | null;
  @ApiProperty({ type: PeriodDto }) period: PeriodDto;
  @ApiProperty({ type: ProgrammeRefDto, nullable: true }) parent: ProgrammeRefDto | null;
  @ApiProperty({ type: OrganisationRefDto, nullable: true, description: 'The oversight body' }) overseer: OrganisationRefDto | null;
  @ApiProperty() subProjectCount: number;
}

export class CategoryDto {
  @ApiProperty() code: string;
  @ApiProperty() seq: number;
  @ApiProperty({ example: '高等教育' }) name: string;
}

export class FocusAreaDto {
  @ApiProperty() code: string;
  @ApiProperty() seq: number;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true, description: 'The responsible-organisations cell verbatim' }) responsibleText: string | null;
  @ApiProperty({ type: [OrganisationNoteRefDto] }) organisations: OrganisationNoteRefDto[];
}

export class MarkDto {
  @ApiProperty() category: string;
  @ApiProperty({ enum: ['main', 'involved'] }) mark: string;
  @ApiProperty({ enum: ['√', '△'] }) symbol: string;
}

export class TreeSubProjectDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['detailed', 'division', 'roadmap', 'measure'] }) kind: string;
  @ApiProperty({ type: OrganisationRefDto, nullable: true }) lead: OrganisationRefDto | null;
  @ApiProperty({ type: String, nullable: true, description: 'The lead cell verbatim (e.g. 科技部)' }) leadText: string | null;
  @ApiProperty({ type: PeriodDto }) period: PeriodDto;
  @ApiProperty() isFlagship: boolean;
  @ApiProperty() status: string;
  @ApiProperty({ type: [MarkDto], description: '√ / △ in this axis\'s categories' }) marks: MarkDto[];
}

export class AxisTreeDto {
  @ApiProperty() code: string;
  @ApiProperty() seq: number;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) goal: string | null;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: [CategoryDto] }) categories: CategoryDto[];
  @ApiProperty({ type: [KeyResultDto] }) keyResults: KeyResultDto[];
  @ApiProperty({ type: [FocusAreaDto] }) focusAreas: FocusAreaDto[];
  @ApiProperty({ type: [TreeSubProjectDto], description: 'The documents link sub-projects to axes (and their categories), not to focus areas' })
  subProjects: TreeSubProjectDto[];
}

export class ProgrammeTreeDto extends ProgrammeSummaryDto {
  @ApiProperty({ type: String, nullable: true }) approvedText: string | null;
  @ApiProperty({ type: String, nullable: true }) sourceDocument: string | null;
  @ApiProperty({ type: String, nullable: true }) summary: string | null;
  @ApiProperty({ type: String, nullable: true }) oversightText: string | null;
  @ApiProperty({ type: [String] }) notes: string[];
  @ApiProperty({ type: [ProgrammeRefDto] }) children: ProgrammeRefDto[];
  @ApiProperty({ type: [KeyResultDto], description: 'Programme-level goals' }) keyResults: KeyResultDto[];
  @ApiProperty({ type: [AxisTreeDto] }) axes: AxisTreeDto[];
  @ApiProperty({ type: [DiscrepancyDto], description: 'Where the source documents contradict themselves' }) discrepancies: DiscrepancyDto[];
}
