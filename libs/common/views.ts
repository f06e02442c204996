import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { yearView } from './roc.js';

/** Response shapes shared by every feature. */

export class YearDto {
  @ApiProperty({ example: 2023 }) ad: number;
  @ApiProperty({ example: 112, description: '民國 year (AD − 1911)' }) roc: number;
}

export class DateDto {
  @ApiProperty({ example: '2018-12-31' }) ad: string;
  @ApiProperty({ example: '107/12/31' }) roc: string;
}

export class PeriodDto {
  @ApiProperty({ type: YearDto, nullable: true }) start: YearDto | null;
  @ApiProperty({ type: YearDto, nullable: true }) end: YearDto | null;
  @ApiProperty({ type: String, nullable: true, description: 'The period as the document writes it', example: '112-115' }) text: string | null;
}

export class OrganisationRefDto {
  @ApiProperty({ example: 'moea' }) code: string;
  @ApiProperty({ example: '經濟部' }) name: string;
}

export class OrganisationNoteRefDto extends OrganisationRefDto {
  @ApiPropertyOptional({ type: String, nullable: true }) note?: string | null;
}

export class ProgrammeRefDto {
  @ApiProperty({ example: 'aap2' }) code: string;
  @ApiProperty({ example: '臺灣 AI 行動計畫 2.0' }) name: string;
}

export function periodView(startYear: number | null, endYear: number | null, text: string | null): PeriodDto {
  return { start: yearView(startYear), end: yearView(endYear), text };
}

export function organisationRef(code: string | null, name: string | null): OrganisationRefDto | null {
  return code && name ? { code, name } : null;
}
