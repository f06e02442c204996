import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { type Actor, CurrentActor } from '../access/actor.js';
import { AnyRole, Public } from '../access/policy.js';
import { AuthService } from './auth.service.js';
import { SessionService } from './session.service.js';

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
}

const clientOf = (request: FastifyRequest) => ({ ip: request.ip ?? null, userAgent: request.headers['user-agent'] ?? null });

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionService,
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
  async logout(@CurrentActor() actor: Actor): Promise<void> {
    await this.sessions.revoke(actor.sessionId, 'logout');
  }

  @Get('me')
  @AnyRole()
  @ApiBearerAuth()
  @ApiOkResponse({ type: MeDto })
  me(@CurrentActor() actor: Actor): MeDto {
    return { userId: actor.userId, email: actor.email, displayName: actor.displayName, roles: actor.roles, locale: actor.locale, organisationId: actor.organisationId };
  }
}
