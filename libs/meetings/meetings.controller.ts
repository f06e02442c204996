import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse,
  ApiOperation, ApiTags,
} from '@nestjs/swagger';
import { type Actor, CurrentActor, Ctx, type RequestContext } from '../access/actor.js';
import { Allow, AnyRole } from '../access/policy.js';
import { scopeOf } from '../access/scope.js';
import { CodePipe } from '../common/code.pipe.js';
import { UserRole } from '../users/user.entity.js';
import {
  CreateFollowUpDto, CreateMeetingDto, CreateResolutionDto, KeepDto, MeetingDetailDto, MeetingListItemDto, ReleaseDto, ResolutionDetailDto,
} from './meeting.views.js';
import { MeetingsService } from './meetings.service.js';
import { ResolutionsService } from './resolutions.service.js';

@ApiBearerAuth()
@ApiTags('meetings')
@Controller('meetings')
export class MeetingsController {
  constructor(private readonly meetings: MeetingsService) {}

  @Get()
  @AnyRole()
  @ApiOperation({ summary: 'Meetings with body, kind, dates (AD and ROC) and counts of resolutions and open items (a ministry counts its own)' })
  @ApiOkResponse({ type: [MeetingListItemDto] })
  list(@CurrentActor() actor: Actor): Promise<MeetingListItemDto[]> {
    return this.meetings.list(scopeOf(actor));
  }

  @Get(':code')
  @AnyRole()
  @ApiOperation({ summary: 'One meeting and its agenda: items carried over from earlier meetings of the same body, then its own resolutions' })
  @ApiOkResponse({ type: MeetingDetailDto })
  @ApiNotFoundResponse({ description: 'No meeting has this code' })
  detail(@Param('code', CodePipe) code: string, @CurrentActor() actor: Actor): Promise<MeetingDetailDto> {
    return this.meetings.detail(code, scopeOf(actor));
  }

  @Post()
  @Allow(UserRole.Coordinator, UserRole.Admin)
  @ApiOperation({ summary: 'A new meeting; its code is generated from the body and the date' })
  @ApiCreatedResponse({ type: MeetingDetailDto })
  @ApiBadRequestResponse({ description: 'A malformed body, an unknown organisation, heldUntil before heldOn' })
  create(@Body() dto: CreateMeetingDto, @Ctx() ctx: RequestContext): Promise<MeetingDetailDto> {
    return this.meetings.createMeeting(dto, ctx);
  }

  @Post(':code/resolutions')
  @Allow(UserRole.Coordinator, UserRole.Admin)
  @ApiOperation({ summary: 'A new resolution of the meeting, numbered next and tracked (列管) for each organisation it is assigned to' })
  @ApiCreatedResponse({ type: ResolutionDetailDto })
  @ApiBadRequestResponse({ description: 'A malformed body, an unknown organisation, a due date before the meeting' })
  @ApiNotFoundResponse({ description: 'No meeting has this code' })
  createResolution(@Param('code', CodePipe) code: string, @Body() dto: CreateResolutionDto, @Ctx() ctx: RequestContext): Promise<ResolutionDetailDto> {
    return this.meetings.createResolution(code, dto, ctx);
  }
}

@ApiBearerAuth()
@ApiTags('meetings')
@Controller('resolutions')
export class ResolutionsController {
  constructor(private readonly resolutions: ResolutionsService) {}

  @Get(':code')
  @AnyRole()
  @ApiOperation({ summary: 'One resolution: assignments with their full tracking history, and follow-ups (辦理情形)' })
  @ApiOkResponse({ type: ResolutionDetailDto })
  @ApiNotFoundResponse({ description: 'No resolution has this code (one not assigned to the caller\'s organisation answers the same)' })
  detail(@Param('code', CodePipe) code: string, @CurrentActor() actor: Actor): Promise<ResolutionDetailDto> {
    return this.resolutions.detail(code, scopeOf(actor));
  }

  @Post(':code/follow-ups')
  @Allow(UserRole.MinistryOfficer, UserRole.MinistrySupervisor)
  @ApiOperation({ summary: 'Report a follow-up (辦理情形) for the caller\'s assigned organisation, optionally asking for release (解除列管)' })
  @ApiCreatedResponse({ type: ResolutionDetailDto })
  @ApiBadRequestResponse({ description: 'A malformed body; version missing with requestRelease' })
  @ApiForbiddenResponse({ description: 'Reporting for an assigned organisation that is not the caller\'s' })
  @ApiNotFoundResponse({ description: 'No resolution has this code (one not assigned to the caller\'s organisation answers the same)' })
  @ApiConflictResponse({ description: 'Stale version, release already requested, or already released' })
  followUp(@Param('code', CodePipe) code: string, @Body() dto: CreateFollowUpDto, @Ctx() ctx: RequestContext): Promise<ResolutionDetailDto> {
    return this.resolutions.addFollowUp(code, dto, ctx);
  }

  @Post(':code/assignments/:org/release')
  @HttpCode(200)
  @Allow(UserRole.Coordinator, UserRole.Admin)
  @ApiOperation({ summary: '解除列管: release the item for one organisation' })
  @ApiOkResponse({ type: ResolutionDetailDto })
  @ApiNotFoundResponse({ description: 'No such resolution, or not assigned to that organisation' })
  @ApiConflictResponse({ description: 'Stale version or already released' })
  release(
    @Param('code', CodePipe) code: string, @Param('org', CodePipe) org: string, @Body() dto: ReleaseDto, @Ctx() ctx: RequestContext,
  ): Promise<ResolutionDetailDto> {
    return this.resolutions.release(code, org, dto, ctx);
  }

  @Post(':code/assignments/:org/keep')
  @HttpCode(200)
  @Allow(UserRole.Coordinator, UserRole.Admin)
  @ApiOperation({ summary: '繼續列管: refuse a release request with a required comment; the item stays tracked and carries over' })
  @ApiOkResponse({ type: ResolutionDetailDto })
  @ApiBadRequestResponse({ description: 'A malformed body; comment missing' })
  @ApiNotFoundResponse({ description: 'No such resolution, or not assigned to that organisation' })
  @ApiConflictResponse({ description: 'Stale version, or no release was requested' })
  keep(
    @Param('code', CodePipe) code: string, @Param('org', CodePipe) org: string, @Body() dto: KeepDto, @Ctx() ctx: RequestContext,
  ): Promise<ResolutionDetailDto> {
    return this.resolutions.keep(code, org, dto, ctx);
  }
}
