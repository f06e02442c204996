import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse, ApiBadRequestResponse, ApiBearerAuth, ApiCreatedResponse, ApiGoneResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse,
  ApiOperation, ApiTags, ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { type Actor, Ctx, CurrentActor, type RequestContext } from '../access/actor.js';
import { Allow, AnyRole, Public } from '../access/policy.js';
import { AppError } from '../common/errors.js';
import { AccountLinksService } from './account-links.service.js';
import { UserRole } from './user.entity.js';
import { UserAdminService } from './user-admin.service.js';
import { UserDirectoryService } from './user-directory.service.js';
import {
  CreateUserDto, LinkStateDto, ManagementScopeDto, ResetRequestDto, SetPasswordDto, TokenDto, UpdateUserDto, UserDetailDto, UserDirectoryPageDto, UserDirectoryQuery,
} from './users.views.js';

const IdPipe = new ParseUUIDPipe({ exceptionFactory: () => AppError.invalid([{ field: 'id', problems: ['id must be a user id (UUID)'] }]) });
const ACCOUNT_ADMINS = [UserRole.Admin, UserRole.MinistryAdmin] as const;

@ApiBearerAuth()
@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(
    private readonly directory: UserDirectoryService,
    private readonly admin: UserAdminService,
  ) {}

  @Get()
  @AnyRole()
  @ApiOperation({
    summary: 'The user directory (for pickers): name or email search, role and organisation filters, keyset-paginated by name. '
      + 'Ministry users see their own organisation\'s and its units\' users; the secretariat everyone; reviewers and viewers everyone\'s name without email',
  })
  @ApiOkResponse({ type: UserDirectoryPageDto })
  @ApiBadRequestResponse({ description: 'A malformed filter or cursor, or an unknown organisation' })
  list(@Query() query: UserDirectoryQuery, @CurrentActor() actor: Actor): Promise<UserDirectoryPageDto> {
    return this.directory.list(query, actor);
  }

  @Post()
  @Allow(...ACCOUNT_ADMINS)
  @ApiOperation({
    summary: 'Create an account and (unless invite is false) email its invitation: a one-time link, valid 72 hours, to set the password. '
      + 'A ministry account administrator creates accounts of its own organisation (and units) with ministry roles only',
  })
  @ApiCreatedResponse({ type: UserDetailDto })
  create(@Body() body: CreateUserDto, @Ctx() ctx: RequestContext): Promise<UserDetailDto> {
    return this.admin.create(ctx, body);
  }

  @Get('management-scope')
  @Allow(...ACCOUNT_ADMINS)
  @ApiOperation({ summary: 'Where the caller may create and move accounts, and which roles it may give (the account screens\' choices)' })
  @ApiOkResponse({ type: ManagementScopeDto })
  managementScope(@Ctx() ctx: RequestContext): Promise<ManagementScopeDto> {
    return this.admin.managementScope(ctx);
  }

  @Get(':id')
  @Allow(...ACCOUNT_ADMINS)
  @ApiOperation({ summary: 'One account, for its administrators' })
  @ApiOkResponse({ type: UserDetailDto })
  @ApiNotFoundResponse({ description: 'No such account, or one the caller does not manage' })
  detail(@Param('id', IdPipe) id: string, @Ctx() ctx: RequestContext): Promise<UserDetailDto> {
    return this.admin.detail(ctx, id);
  }

  @Patch(':id')
  @Allow(...ACCOUNT_ADMINS)
  @ApiOperation({ summary: 'Change the display name, organisation, roles or locale; a new organisation or a role taken away ends the account\'s sessions' })
  @ApiOkResponse({ type: UserDetailDto })
  update(@Param('id', IdPipe) id: string, @Body() body: UpdateUserDto, @Ctx() ctx: RequestContext): Promise<UserDetailDto> {
    return this.admin.update(ctx, id, body);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @Allow(...ACCOUNT_ADMINS)
  @ApiOperation({ summary: 'Deactivate: every session of the account ends at once, sign-in and its open links are refused' })
  @ApiOkResponse({ type: UserDetailDto })
  deactivate(@Param('id', IdPipe) id: string, @Ctx() ctx: RequestContext): Promise<UserDetailDto> {
    return this.admin.setActive(ctx, id, false);
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @Allow(...ACCOUNT_ADMINS)
  @ApiOperation({ summary: 'Reactivate a deactivated account (its password, if it had one, works again)' })
  @ApiOkResponse({ type: UserDetailDto })
  reactivate(@Param('id', IdPipe) id: string, @Ctx() ctx: RequestContext): Promise<UserDetailDto> {
    return this.admin.setActive(ctx, id, true);
  }

  @Post(':id/send-link')
  @HttpCode(200)
  @Allow(...ACCOUNT_ADMINS)
  @ApiOperation({
    summary: 'Email a new one-time link: the invitation again while no password is set, else a password-reset link (valid 1 hour). '
      + 'Older links stop working; the current password keeps working until the new one is set',
  })
  @ApiOkResponse({ type: UserDetailDto })
  sendLink(@Param('id', IdPipe) id: string, @Ctx() ctx: RequestContext): Promise<UserDetailDto> {
    return this.admin.sendLink(ctx, id);
  }
}

/** The one-time links of invitations and password resets: used without signing in. */
@ApiTags('auth')
@Controller('auth')
export class AccountLinksController {
  constructor(private readonly links: AccountLinksService) {}

  @Post('link')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'What a one-time link is for (invitation or reset), whose account, until when; asked by the set-password page before the person types' })
  @ApiOkResponse({ type: LinkStateDto })
  @ApiGoneResponse({ description: 'LINK_USED (used, or replaced by a newer link) or LINK_EXPIRED' })
  @ApiNotFoundResponse({ description: 'LINK_INVALID: no such link, or the account is deactivated' })
  state(@Body() body: TokenDto): Promise<LinkStateDto> {
    return this.links.state(body.token);
  }

  @Post('set-password')
  @HttpCode(204)
  @Public()
  @ApiOperation({
    summary: 'Set the password with a one-time link (once): at least 12 characters, not a common password (PASSWORD_TOO_SHORT, PASSWORD_TOO_COMMON …). '
      + 'Every session of the account ends; sign in with the new password',
  })
  @ApiNoContentResponse()
  @ApiGoneResponse({ description: 'LINK_USED or LINK_EXPIRED' })
  async setPassword(@Body() body: SetPasswordDto, @Req() request: FastifyRequest): Promise<void> {
    await this.links.setPassword(body.token, body.password, String(request.id));
  }

  @Post('password-reset')
  @HttpCode(202)
  @Public()
  @ApiOperation({
    summary: 'Forgot my password: emails a reset link (valid 1 hour) when the address has an active account. The answer is the same either way; '
      + 'at most 3 requests per email and 10 per client address in 15 minutes',
  })
  @ApiAcceptedResponse()
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED, with Retry-After' })
  async requestReset(@Body() body: ResetRequestDto, @Req() request: FastifyRequest): Promise<void> {
    await this.links.requestReset(body.email, request.ip ?? null, String(request.id));
  }
}
