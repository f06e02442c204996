import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Actor, CurrentActor } from '../access/actor.js';
import { AnyRole, Public } from '../access/policy.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { AuthService } from './auth.service.js';
import {
  clearBrowserSessionCookies, type Credentials, CSRF_COOKIE, CSRF_HEADER, credentialsOf, SESSION_COOKIE, setBrowserSessionCookies,
} from './browser-session.js';
import { SessionService } from './session.service.js';
import { csrfTokenFor } from './tokens.js';

export class LoginDto {
  @ApiProperty({ example: 'coordinator@demo.guankao.tw' })
  @MaxLength(254) @IsEmail({}, { message: 'email must be an email address' })
  email: string;

  @ApiProperty({ example: 'guankao-demo' })
  @MinLength(1, { message: 'password is required' }) @MaxLength(200) @IsString()
  password: string;
}

export class RefreshDto {
  @ApiProperty()
  @MinLength(1) @MaxLength(200) @IsString()
  refreshToken: string;
}

export class TokenPairDto {
  @ApiProperty() accessToken: string;
  @ApiProperty() refreshToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: string;
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn: number;
}

export class MeDto {
  @ApiProperty() userId: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ type: [String] }) roles: string[];
  @ApiProperty() locale: string;
  @ApiProperty({ type: String, nullable: true }) organisationId: string | null;
  @ApiPropertyOptional({ description: `Only when signed in by the ${SESSION_COOKIE} cookie: send it as the ${CSRF_HEADER} header on every request that changes something` })
  csrfToken?: string;
}

export class BrowserSessionDto extends MeDto {
  @ApiProperty({ description: `Send as the ${CSRF_HEADER} header on every request that changes something (also in the ${CSRF_COOKIE} cookie)` })
  override csrfToken: string;
}

export class SessionStateDto {
  @ApiProperty() signedIn: boolean;
  @ApiProperty({ type: MeDto, nullable: true, description: 'Who, when signed in (with csrfToken when by the cookie)' }) me: MeDto | null;
}

const clientOf = (request: FastifyRequest) => ({ ip: request.ip ?? null, userAgent: request.headers['user-agent'] ?? null });

const meOf = (actor: Actor): MeDto => ({
  userId: actor.userId, email: actor.email, displayName: actor.displayName, roles: actor.roles, locale: actor.locale, organisationId: actor.organisationId,
});

/** Who is signed in, with the CSRF token when the request came with the session cookie. */
const meFor = (actor: Actor, credentials: Credentials | null): MeDto =>
  credentials?.via === 'cookie' ? { ...meOf(actor), csrfToken: csrfTokenFor(credentials.token) } : meOf(actor);

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Sign in; rate-limited per email and per client address' })
  @ApiOkResponse({ type: TokenPairDto })
  login(@Body() body: LoginDto, @Req() request: FastifyRequest): Promise<TokenPairDto> {
    return this.auth.login(body.email, body.password, clientOf(request));
  }

  @Post('refresh')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'New tokens for a refresh token (it rotates; a replayed one ends the session)' })
  @ApiOkResponse({ type: TokenPairDto })
  refresh(@Body() body: RefreshDto): Promise<TokenPairDto> {
    return this.sessions.refresh(body.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @AnyRole()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End this session: its access and refresh tokens stop working at once' })
  async logout(@CurrentActor() actor: Actor, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.sessions.revoke(actor.sessionId, 'logout');
    if (credentialsOf(request)?.via === 'cookie') clearBrowserSessionCookies(request, reply, this.config.http.publicUrl);
  }

  @Post('session')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary: `Sign in a browser: sets the HttpOnly ${SESSION_COOKIE} cookie and the ${CSRF_COOKIE} cookie; the session slides with use. Same checks and rate limits as login`,
  })
  @ApiOkResponse({ type: BrowserSessionDto })
  async openBrowserSession(@Body() body: LoginDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<BrowserSessionDto> {
    const { accessToken, actor } = await this.auth.openBrowserSession(body.email, body.password, clientOf(request));
    setBrowserSessionCookies(request, reply, this.config.http.publicUrl, accessToken);
    return { ...meOf(actor), csrfToken: csrfTokenFor(accessToken) };
  }

  @Get('session')
  @Public()
  @ApiOperation({
    summary: 'Whether this browser (or bearer token) is signed in, answered 200 either way: a page can ask before signing in without a 401 in its console',
  })
  @ApiOkResponse({ type: SessionStateDto })
  async sessionState(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<SessionStateDto> {
    void reply.header('cache-control', 'no-store');
    const credentials = credentialsOf(request);
    const actor = credentials ? await this.sessions.actorForAccessToken(credentials.token) : null;
    if (!credentials || !actor) return { signedIn: false, me: null };
    return { signedIn: true, me: meFor(actor, credentials) };
  }

  @Delete('session')
  @HttpCode(204)
  @AnyRole()
  @ApiOperation({ summary: `Sign this browser out: ends the session and clears its cookies (needs the ${CSRF_HEADER} header)` })
  @ApiNoContentResponse()
  async closeBrowserSession(@CurrentActor() actor: Actor, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.sessions.revoke(actor.sessionId, 'logout');
    clearBrowserSessionCookies(request, reply, this.config.http.publicUrl);
  }

  @Post('logout-all')
  @HttpCode(204)
  @AnyRole()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Sign out everywhere: every session of the caller (API clients and browsers) ends at once' })
  @ApiNoContentResponse()
  async logoutAll(@CurrentActor() actor: Actor, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.sessions.revokeAll(actor.userId, 'logout_all');
    if (credentialsOf(request)?.via === 'cookie') clearBrowserSessionCookies(request, reply, this.config.http.publicUrl);
  }

  @Get('me')
  @AnyRole()
  @ApiBearerAuth()
  @ApiOkResponse({ type: MeDto })
  me(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): MeDto {
    return meFor(actor, credentialsOf(request));
  }
}
