import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { UserLocale } from '../users/user.entity.js';

const LOCALES = Object.values(UserLocale);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class ProfileDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: LOCALES, description: 'The language of the UI and of emails' }) locale: string;
  @ApiProperty({ type: [String] }) roles: string[];
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) organisationId: string | null;
  @ApiProperty({ type: String, nullable: true }) organisationName: string | null;
}

export class UpdateProfileDto {
  @ApiPropertyOptional({ example: '王小明' })
  @IsOptional() @MinLength(1, { message: 'displayName must not be empty' }) @MaxLength(100, { message: 'displayName must be at most 100 characters' }) @IsString()
  displayName?: string;

  @ApiPropertyOptional({ enum: LOCALES })
  @IsOptional() @IsIn(LOCALES, { message: `locale must be one of ${LOCALES.join(', ')}` })
  locale?: UserLocale;
}

export class ChangePasswordDto {
  @ApiProperty()
  @MinLength(1, { message: 'currentPassword is required' }) @MaxLength(300) @IsString()
  currentPassword: string;

  @ApiProperty({ description: 'At least 12 characters, not a common password, not containing the name part of your email' })
  @MaxLength(1000) @IsString()
  newPassword: string;
}

export class PasswordChangedDto {
  @ApiProperty({ description: 'How many other sessions ended (this one stays signed in)' }) endedSessions: number;
}

export class MySessionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['bearer', 'browser'], description: 'browser: a signed-in browser; bearer: an API client' }) kind: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'Last request (browsers, to the minute) or last token refresh (API clients)' }) lastUsedAt: string;
  @ApiProperty({ type: String, nullable: true }) ip: string | null;
  @ApiProperty({ type: String, nullable: true }) userAgent: string | null;
  @ApiProperty({ description: 'The session this request came with' }) current: boolean;
}

export class EndedSessionsDto {
  @ApiProperty() ended: number;
}

export class DelegationPersonDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() displayName: string;
  @ApiProperty() email: string;
}

export class DelegationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: DelegationPersonDto, description: 'Whose work is delegated' }) delegator: DelegationPersonDto;
  @ApiProperty({ type: DelegationPersonDto, description: 'Who acts for them' }) delegate: DelegationPersonDto;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) organisationId: string | null;
  @ApiProperty({ example: '2026-12-01', description: 'First day (Asia/Taipei), inclusive' }) startsOn: string;
  @ApiProperty({ example: '2026-12-31', description: 'Last day (Asia/Taipei), inclusive' }) endsOn: string;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'When it was ended early' }) endedAt: string | null;
  @ApiProperty({ enum: ['upcoming', 'active', 'ended', 'expired'], description: 'ended: ended early; expired: its last day is past' }) status: string;
}

export class MyDelegationsDto {
  @ApiProperty({ type: [DelegationDto], description: 'Colleagues I named to act for me' }) given: DelegationDto[];
  @ApiProperty({ type: [DelegationDto], description: 'Colleagues who named me to act for them' }) received: DelegationDto[];
  @ApiProperty({ type: [DelegationPersonDto], description: 'Whom I may act for today (send their userId as X-Acting-For)' }) canActFor: DelegationPersonDto[];
}

export class CreateDelegationDto {
  @ApiProperty({ format: 'uuid', description: 'The colleague who will act for me: same organisation, same roles' })
  @IsUUID('all', { message: 'delegateUserId must be a user id (uuid)' })
  delegateUserId: string;

  @ApiProperty({ example: '2026-12-01' })
  @Matches(ISO_DATE, { message: 'startsOn must be a date, YYYY-MM-DD' })
  startsOn: string;

  @ApiProperty({ example: '2026-12-31' })
  @Matches(ISO_DATE, { message: 'endsOn must be a date, YYYY-MM-DD' })
  endsOn: string;

  @ApiPropertyOptional({ example: '出國開會' })
  @IsOptional() @MaxLength(500, { message: 'reason must be at most 500 characters' }) @IsString()
  reason?: string;
}

export class DelegationListQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'The secretariat: one organisation (and its units); others always read their own' })
  @IsOptional() @IsUUID('all', { message: 'organisationId must be an organisation id (uuid)' })
  organisationId?: string;
}

export class CandidateDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() displayName: string;
  @ApiProperty() email: string;
}
