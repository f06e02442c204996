import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, AsMyself, Ctx, CurrentActor, type RequestContext } from '../access/actor.js';
import { AnyRole } from '../access/policy.js';
import { AppError } from '../common/errors.js';
import { AccountService } from './account.service.js';
import {
  CandidateDto, ChangePasswordDto, CreateDelegationDto, DelegationDto, DelegationListQuery, EndedSessionsDto, MyDelegationsDto, MySessionDto,
  PasswordChangedDto, ProfileDto, UpdateProfileDto,
} from './account.views.js';
import { DelegationsService } from './delegations.service.js';

const uuid = new ParseUUIDPipe({ exceptionFactory: () => AppError.invalid([{ field: 'id', problems: ['id must be a UUID'] }]) });

/** My account: every route is the signed-in person's own, also while acting for someone (X-Acting-For is ignored here). */
@ApiTags('account')
@ApiBearerAuth()
@AsMyself()
@AnyRole()
@Controller('me')
export class AccountController {
  constructor(
    private readonly account: AccountService,
    private readonly delegations: DelegationsService,
  ) {}

  @Get('profile')
  @ApiOperation({ summary: 'My display name, locale (the UI\'s and my emails\' language), roles and organisation' })
  @ApiOkResponse({ type: ProfileDto })
  profile(@CurrentActor() actor: Actor): Promise<ProfileDto> {
    return this.account.profile(actor);
  }

  @Patch('profile')
  @ApiOperation({ summary: 'Change my display name and/or locale (zh-TW, en); audited' })
  @ApiOkResponse({ type: ProfileDto })
  updateProfile(@Ctx() ctx: RequestContext, @Body() body: UpdateProfileDto): Promise<ProfileDto> {
    return this.account.updateProfile(ctx, body);
  }

  @Post('password')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Change my password: the current one is required (WRONG_CURRENT_PASSWORD), the new one must pass the policy (PASSWORD_TOO_SHORT, ' +
      'PASSWORD_TOO_COMMON, PASSWORD_CONTAINS_EMAIL, PASSWORD_TOO_LONG); every other session of mine ends at once, this one stays',
  })
  @ApiOkResponse({ type: PasswordChangedDto })
  changePassword(@Ctx() ctx: RequestContext, @Body() body: ChangePasswordDto): Promise<PasswordChangedDto> {
    return this.account.changePassword(ctx, body.currentPassword, body.newPassword);
  }

  @Get('sessions')
  @ApiOperation({ summary: 'My live sessions (browsers and API clients): created, last used, address, user agent; `current` marks this one' })
  @ApiOkResponse({ type: [MySessionDto] })
  sessions(@CurrentActor() actor: Actor): Promise<MySessionDto[]> {
    return this.account.sessions(actor);
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out one of my sessions: its next request answers 401 (404 for a session that is not mine or already ended)' })
  @ApiNoContentResponse()
  endSession(@Ctx() ctx: RequestContext, @Param('id', uuid) id: string): Promise<void> {
    return this.account.endSession(ctx, id);
  }

  @Post('sessions/end-others')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign out every other session of mine; this one stays' })
  @ApiOkResponse({ type: EndedSessionsDto })
  endOtherSessions(@Ctx() ctx: RequestContext): Promise<EndedSessionsDto> {
    return this.account.endOtherSessions(ctx);
  }

  @Get('delegations')
  @ApiOperation({ summary: 'Acting delegates (職務代理): whom I named, who named me, and whom I may act for today' })
  @ApiOkResponse({ type: MyDelegationsDto })
  myDelegations(@CurrentActor() actor: Actor): Promise<MyDelegationsDto> {
    return this.delegations.mine(actor);
  }

  @Get('delegate-candidates')
  @ApiOperation({ summary: 'Colleagues who may act for me: active, of my organisation, holding my roles' })
  @ApiOkResponse({ type: [CandidateDto] })
  candidates(@CurrentActor() actor: Actor): Promise<CandidateDto[]> {
    return this.delegations.candidates(actor);
  }

  @Post('delegations')
  @ApiOperation({
    summary: 'Name a colleague to act for me from startsOn to endsOn (Taipei dates, inclusive; at most 366 days). 400 DELEGATE_IS_SELF, ' +
      'DELEGATE_OTHER_ORGANISATION, DELEGATE_DIFFERENT_ROLE, DELEGATE_INACTIVE, DELEGATION_DATES_INVALID; 409 DELEGATION_OVERLAPS; audited',
  })
  @ApiOkResponse({ type: DelegationDto })
  create(@Ctx() ctx: RequestContext, @Body() body: CreateDelegationDto): Promise<DelegationDto> {
    return this.delegations.create(ctx, body);
  }
}

/** Delegations as records: read by their two people, their organisation and the secretariat (404 for anyone else). */
@ApiTags('account')
@ApiBearerAuth()
@AsMyself()
@AnyRole()
@Controller('delegations')
export class DelegationsController {
  constructor(private readonly delegations: DelegationsService) {}

  @Get()
  @ApiOperation({ summary: 'The delegations of my organisation and its units (the secretariat: of any organisation, ?organisationId=)' })
  @ApiOkResponse({ type: [DelegationDto] })
  list(@CurrentActor() actor: Actor, @Query() query: DelegationListQuery): Promise<DelegationDto[]> {
    return this.delegations.list(actor, query.organisationId);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One delegation (404 when it is another organisation\'s)' })
  @ApiOkResponse({ type: DelegationDto })
  get(@CurrentActor() actor: Actor, @Param('id', uuid) id: string): Promise<DelegationDto> {
    return this.delegations.get(actor, id);
  }

  @Post(':id/end')
  @HttpCode(200)
  @ApiOperation({ summary: 'End a delegation now (its delegator, its delegate or an admin); 409 DELEGATION_ENDED when it is over already; audited' })
  @ApiOkResponse({ type: DelegationDto })
  end(@Ctx() ctx: RequestContext, @Param('id', uuid) id: string): Promise<DelegationDto> {
    return this.delegations.end(ctx, id);
  }
}
