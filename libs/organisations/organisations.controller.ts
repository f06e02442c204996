import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags,
} from '@nestjs/swagger';
import { Ctx, type RequestContext } from '../access/actor.js';
import { Allow, AnyRole } from '../access/policy.js';
import { CodePipe } from '../common/code.pipe.js';
import { UserRole } from '../users/user.entity.js';
import { OrganisationsService } from './organisations.service.js';
import { CreateOrganisationBody, MoveOrganisationBody, OrganisationDto, RenameOrganisationBody } from './organisations.views.js';

export { OrganisationDto, OrganisationNameDto } from './organisations.views.js';
export { OrganisationsService } from './organisations.service.js';

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

  @Get(':code')
  @AnyRole()
  @ApiOperation({ summary: 'One organisation with its name history' })
  @ApiOkResponse({ type: OrganisationDto })
  @ApiNotFoundResponse({ description: 'No organisation has this code' })
  detail(@Param('code', CodePipe) code: string): Promise<OrganisationDto> {
    return this.organisations.detail(code);
  }

  @Post()
  @Allow(UserRole.Admin)
  @ApiOperation({ summary: 'Create an organisation (kind, parent); audited' })
  @ApiCreatedResponse({ type: OrganisationDto })
  @ApiConflictResponse({ description: 'CODE_TAKEN, or ORGANISATION_NAME_TAKEN under the same parent' })
  create(@Body() body: CreateOrganisationBody, @Ctx() ctx: RequestContext): Promise<OrganisationDto> {
    return this.organisations.create(body, ctx);
  }

  @Post(':code/rename')
  @HttpCode(200)
  @Allow(UserRole.Admin)
  @ApiOperation({ summary: 'Rename an organisation from a date; the former name is kept, ending the day before (科技部 → 國科會 on 2022-07-27)' })
  @ApiOkResponse({ type: OrganisationDto })
  @ApiBadRequestResponse({ description: 'RENAME_DATE_INVALID: the same name, or a date on or before the current name began' })
  @ApiConflictResponse({ description: 'ORGANISATION_NAME_TAKEN: a sibling has the name, or the organisation had it before' })
  rename(@Param('code', CodePipe) code: string, @Body() body: RenameOrganisationBody, @Ctx() ctx: RequestContext): Promise<OrganisationDto> {
    return this.organisations.rename(code, body, ctx);
  }

  @Post(':code/move')
  @HttpCode(200)
  @Allow(UserRole.Admin)
  @ApiOperation({ summary: 'Move an organisation under another parent (or to the top)' })
  @ApiOkResponse({ type: OrganisationDto })
  @ApiBadRequestResponse({ description: 'ORGANISATION_CYCLE: the parent is the organisation itself or one of its units' })
  move(@Param('code', CodePipe) code: string, @Body() body: MoveOrganisationBody, @Ctx() ctx: RequestContext): Promise<OrganisationDto> {
    return this.organisations.move(code, body, ctx);
  }
}
