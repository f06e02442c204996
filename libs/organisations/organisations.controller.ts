import { Controller, Get, Injectable } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AnyRole } from '../access/policy.js';
import { rowsOf } from '../database/sql-query.js';
import { ORGANISATIONS } from './organisations.queries.js';

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
}

@Injectable()
export class OrganisationsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  list(): Promise<OrganisationDto[]> {
    return rowsOf(this.dataSource, ORGANISATIONS);
  }
}

@ApiBearerAuth()
@ApiTags('organisations')
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Get()
  @AnyRole()
  @ApiOperation({ summary: 'Ministries, agencies, units and bodies, with their parents and former names' })
  @ApiOkResponse({ type: [OrganisationDto] })
  list(): Promise<OrganisationDto[]> {
    return this.organisations.list();
  }
}
