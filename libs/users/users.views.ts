import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsEmail, IsEnum, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength,
} from 'class-validator';
import { UserLocale, UserRole } from './user.entity.js';

const ROLES = Object.values(UserRole);
const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);
const toList = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.split(',').map((v) => v.trim()).filter(Boolean) : value);
/** An organisation's code (moea) or id. */
const ORGANISATION_REF = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export class UserDirectoryQuery {
  @ApiPropertyOptional({ description: 'Text in the display name or email (case-insensitive)', example: '經濟部' })
  @IsOptional() @MaxLength(100, { message: 'q must be at most 100 characters' }) @IsString()
  q?: string;

  @ApiPropertyOptional({ description: `Users with any of these roles, comma-separated (${ROLES.join(', ')})`, example: 'ministry_officer' })
  @IsOptional() @Transform(toList) @IsIn(ROLES, { each: true, message: `role must be one of ${ROLES.join(', ')}` }) @ArrayMaxSize(10) @IsArray()
  role?: UserRole[];

  @ApiPropertyOptional({ description: 'Organisation code or id; its units count too', example: 'moea' })
  @IsOptional() @Matches(ORGANISATION_REF, { message: 'organisation must be an organisation code (e.g. moea) or id' })
  organisation?: string;

  @ApiPropertyOptional({ description: 'Only active (true) or only deactivated (false) accounts; both when absent' })
  @IsOptional() @Transform(toBoolean) @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;

  @ApiPropertyOptional({ description: 'Only these users, comma-separated ids (a picker showing the names of the ids it holds)' })
  @IsOptional() @Transform(toList) @IsUUID('all', { each: true, message: 'each id must be a user id (uuid)' }) @ArrayMaxSize(200) @IsArray()
  id?: string[];

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page' })
  @IsOptional() @MaxLength(500) @IsString()
  cursor?: string;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional() @Type(() => Number) @Min(1, { message: 'limit must be at least 1' }) @Max(200, { message: 'limit must be at most 200' }) @IsInt({ message: 'limit must be a whole number' })
  limit?: number;
}

export class DirectoryUserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ type: String, nullable: true, description: 'Null for reviewers and viewers, who see names only' }) email: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) organisationId: string | null;
  @ApiProperty({ type: String, nullable: true }) organisationName: string | null;
  @ApiProperty({ enum: UserRole, isArray: true, enumName: 'UserRole' }) roles: UserRole[];
  @ApiProperty() isActive: boolean;
  @ApiProperty({ description: 'Invited: active, but no password set yet' }) invited: boolean;
}

export class UserDirectoryPageDto {
  @ApiProperty({ type: [DirectoryUserDto] }) items: DirectoryUserDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last' }) nextCursor: string | null;
}

export class CreateUserDto {
  @ApiProperty({ example: 'chen.officer@moea.gov.tw' })
  @MaxLength(254) @IsEmail({}, { message: 'email must be an email address' })
  email: string;

  @ApiProperty({ example: '陳承辦' })
  @MaxLength(200, { message: 'displayName must be at most 200 characters' }) @MinLength(1, { message: 'displayName is required' }) @IsString()
  displayName: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Organisation code or id (required for ministry roles and for a ministry account administrator)', example: 'moea' })
  @IsOptional() @Matches(ORGANISATION_REF, { message: 'organisation must be an organisation code (e.g. moea) or id' })
  organisation?: string | null;

  @ApiProperty({ enum: UserRole, isArray: true, enumName: 'UserRole' })
  @IsEnum(UserRole, { each: true, message: `each role must be one of ${ROLES.join(', ')}` }) @ArrayUnique() @ArrayMinSize(1, { message: 'roles needs at least one role' }) @ArrayMaxSize(7) @IsArray()
  roles: UserRole[];

  @ApiPropertyOptional({ enum: UserLocale, default: UserLocale.ZhTw })
  @IsOptional() @IsEnum(UserLocale, { message: 'locale must be zh-TW or en' })
  locale?: UserLocale;

  @ApiPropertyOptional({ default: true, description: 'Email the invitation (a one-time link to set the password, valid 72 hours) at once' })
  @IsOptional() @IsBoolean()
  invite?: boolean;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional() @MaxLength(200, { message: 'displayName must be at most 200 characters' }) @MinLength(1, { message: 'displayName is required' }) @IsString()
  displayName?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Organisation code or id; null for none' })
  @IsOptional() @Matches(ORGANISATION_REF, { message: 'organisation must be an organisation code (e.g. moea) or id' })
  organisation?: string | null;

  @ApiPropertyOptional({ enum: UserRole, isArray: true, enumName: 'UserRole' })
  @IsOptional() @IsEnum(UserRole, { each: true, message: `each role must be one of ${ROLES.join(', ')}` }) @ArrayUnique() @ArrayMinSize(1, { message: 'roles needs at least one role' }) @ArrayMaxSize(7) @IsArray()
  roles?: UserRole[];

  @ApiPropertyOptional({ enum: UserLocale })
  @IsOptional() @IsEnum(UserLocale, { message: 'locale must be zh-TW or en' })
  locale?: UserLocale;
}

export class PendingLinkDto {
  @ApiProperty({ enum: ['invitation', 'password_reset'] }) purpose: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class UserDetailDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) organisationId: string | null;
  @ApiProperty({ type: String, nullable: true }) organisationCode: string | null;
  @ApiProperty({ type: String, nullable: true }) organisationName: string | null;
  @ApiProperty({ enum: UserRole, isArray: true, enumName: 'UserRole' }) roles: UserRole[];
  @ApiProperty({ enum: UserLocale }) locale: UserLocale;
  @ApiProperty() isActive: boolean;
  @ApiProperty({ description: 'A demo account (never in production)' }) isDemo: boolean;
  @ApiProperty({ description: 'False until the invited user sets a password' }) hasPassword: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastSignInAt: string | null;
  @ApiProperty({ type: PendingLinkDto, nullable: true, description: 'The invitation or reset link still open, if any' }) pendingLink: PendingLinkDto | null;
  @ApiProperty({ enum: UserRole, isArray: true, enumName: 'UserRole', description: 'The roles the caller may give' }) grantableRoles: UserRole[];
}

export class TokenDto {
  @ApiProperty({ description: 'The token of the link (/set-password?token=…)' })
  @MaxLength(200) @MinLength(20, { message: 'token must be the token of the link' }) @IsString()
  token: string;
}

export class SetPasswordDto extends TokenDto {
  @ApiProperty({ description: 'At least 12 characters, not a common password' })
  @MaxLength(1000) @MinLength(1, { message: 'password is required' }) @IsString()
  password: string;
}

export class LinkStateDto {
  @ApiProperty({ enum: ['invitation', 'password_reset'] }) purpose: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ description: 'The password policy: minimum length' }) minLength: number;
}

export class ResetRequestDto {
  @ApiProperty({ example: 'chen.officer@moea.gov.tw' })
  @MaxLength(254) @IsEmail({}, { message: 'email must be an email address' })
  email: string;
}

export class ManageableOrganisationDto {
  @ApiProperty({ example: 'moea' }) code: string;
  @ApiProperty({ example: '經濟部' }) name: string;
  @ApiProperty({ enum: ['ministry', 'agency', 'unit', 'office', 'body'] }) kind: string;
  @ApiProperty({ type: String, nullable: true }) parent: string | null;
}

export class ManagementScopeDto {
  @ApiProperty({ type: [ManageableOrganisationDto], description: 'Where the caller may create and move accounts' }) organisations: ManageableOrganisationDto[];
  @ApiProperty({ enum: UserRole, isArray: true, enumName: 'UserRole', description: 'The roles the caller may give' }) grantableRoles: UserRole[];
  @ApiProperty({ description: 'Whether the caller may create accounts without an organisation (secretariat, reviewers)' }) mayLeaveOrganisationEmpty: boolean;
}
