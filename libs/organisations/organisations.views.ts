import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { CODE_MESSAGE, CODE_PATTERN } from '../common/codes.js';
import { IsIsoDate } from '../common/iso-date.js';
import { OrganisationKind } from './organisation.entity.js';

const NOT_BLANK = /\S/;

export class OrganisationNameDto {
  @ApiProperty() name: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) validFrom: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) validTo: string | null;
  @ApiProperty({ type: String, nullable: true }) source: string | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
}

export class OrganisationDto {
  @ApiProperty({ example: 'nstc' }) code: string;
  @ApiProperty({ enum: ['ministry', 'agency', 'unit', 'office', 'body'] }) kind: string;
  @ApiProperty({ example: '國科會' }) name: string;
  @ApiProperty({ type: String, nullable: true }) fullName: string | null;
  @ApiProperty({ type: String, nullable: true }) nameEn: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Parent organisation code' }) parent: string | null;
  @ApiProperty({ type: [OrganisationNameDto], description: 'Every name it has had (科技部 → 國科會)' }) names: OrganisationNameDto[];
  @ApiProperty({ example: '國科會（原科技部，至 2022-07-26）', description: 'The current name with its former names and the day each ended, when known' })
  nameWithHistory: string;
}

export class CreateOrganisationBody {
  @ApiPropertyOptional({ description: 'Stable code; made from a random suffix when left out', example: 'moenv' })
  @IsOptional() @Matches(CODE_PATTERN, { message: `code ${CODE_MESSAGE}` })
  code?: string;

  @ApiProperty({ description: 'The name as documents write it (the short form, e.g. 國科會)', example: '環境部' })
  @MaxLength(200) @Matches(NOT_BLANK, { message: 'name must not be blank' }) @IsString({ message: 'name must be text' })
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '環境部' })
  @IsOptional() @MaxLength(300) @IsString()
  fullName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Ministry of Environment' })
  @IsOptional() @MaxLength(300) @IsString()
  nameEn?: string | null;

  @ApiProperty({ enum: OrganisationKind })
  @IsEnum(OrganisationKind, { message: `kind must be one of ${Object.values(OrganisationKind).join(', ')}` })
  kind: OrganisationKind;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Parent organisation code; none for a top-level body' })
  @IsOptional() @Matches(CODE_PATTERN, { message: `parent ${CODE_MESSAGE}` })
  parent?: string | null;

  @ApiPropertyOptional({ description: 'YYYY-MM-DD (AD): the day the organisation took this name (e.g. was founded)' })
  @IsOptional() @IsIsoDate()
  since?: string;
}

export class RenameOrganisationBody {
  @ApiProperty({ example: '國科會' })
  @MaxLength(200) @Matches(NOT_BLANK, { message: 'name must not be blank' }) @IsString({ message: 'name must be text' })
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'The new full name; left out, the full name is cleared (it was the old name\'s)', example: '國家科學及技術委員會' })
  @IsOptional() @MaxLength(300) @IsString()
  fullName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'The new English name; left out, the English name stays' })
  @IsOptional() @MaxLength(300) @IsString()
  nameEn?: string | null;

  @ApiProperty({ description: 'YYYY-MM-DD (AD): the first day of the new name; the former name ends the day before', example: '2022-07-27' })
  @IsIsoDate()
  effectiveDate: string;

  @ApiPropertyOptional({ description: 'Where the rename is written (e.g. 組織法 公布)' })
  @IsOptional() @MaxLength(500) @IsString()
  source?: string;
}

export class MoveOrganisationBody {
  @ApiProperty({ type: String, nullable: true, description: 'The new parent\'s code, or null for a top-level body' })
  @ValidateIf((o: MoveOrganisationBody) => o.parent !== null)
  @Matches(CODE_PATTERN, { message: `parent ${CODE_MESSAGE}` }) @IsString({ message: 'parent must be a code or null' })
  parent: string | null;
}
