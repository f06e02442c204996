import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDefined, IsEnum, IsIn, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { AlwaysSentReason, KindGroup } from './kind-options.js';
import { KindDelivery } from './notification-preference.entity.js';
import { PageQuery } from '../common/page-query.js';
import { NotificationDelivery } from '../users/user.entity.js';
import { NotificationKind } from './notification.entity.js';

export const ESCALATIONS_NOTE =
  'Escalations of overdue milestones are always sent at once: they cannot be muted or held for the digest.';

export class KindPreferenceDto {
  @ApiProperty({ description: 'The notification kind (NotificationKind)', example: 'milestone.due_soon' }) kind: string;
  @ApiProperty({ enum: KindGroup }) group: KindGroup;
  @ApiProperty({ description: 'What the kind is, in the language of the request', example: '查核點即將到期' }) label: string;
  @ApiProperty({ enum: KindDelivery, nullable: true, type: String, description: "The user's own setting for this kind; null: the defaults apply" })
  delivery: KindDelivery | null;
  @ApiProperty({ enum: KindDelivery, description: 'What happens now (the own setting, else what the defaults give)' }) effective: KindDelivery;
  @ApiProperty({ enum: KindDelivery, isArray: true, description: 'What may be chosen' }) options: KindDelivery[];
  @ApiProperty({ enum: AlwaysSentReason, nullable: true, type: String, description: 'Set when the kind is always emailed at once (it cannot be changed)' })
  alwaysSent: AlwaysSentReason | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why it is always sent, in words' }) alwaysSentNote: string | null;
}

export class NotificationPreferencesDto {
  @ApiProperty({ enum: NotificationDelivery, description: 'immediate: each email as it happens; digest: non-critical mail gathered into the periodic digest' })
  delivery: NotificationDelivery;

  @ApiProperty({ description: 'No non-critical mail at all (escalations still come)' })
  muteNonCritical: boolean;

  @ApiProperty({ enum: [false], description: 'Always false' })
  escalationsCanBeMuted: false;

  @ApiProperty({ example: ESCALATIONS_NOTE })
  note: string;

  @ApiProperty({ type: [KindPreferenceDto], description: 'Every kind: its own setting, what applies, and what may be chosen. Whatever the setting, the inbox shows every notification.' })
  kinds: KindPreferenceDto[];
}

/** 'default': remove the own setting, so the defaults (delivery, muteNonCritical) apply. */
const KIND_SETTING_VALUES = [...Object.values(KindDelivery), 'default'] as const;
type KindSetting = (typeof KIND_SETTING_VALUES)[number];

export class KindSettingDto {
  @ApiProperty({ example: 'milestone.due_soon' })
  @IsString({ message: 'kind must be a notification kind' })
  @MaxLength(48, { message: 'kind must be a notification kind' })
  kind: string;

  @ApiProperty({ enum: KIND_SETTING_VALUES })
  @IsIn(KIND_SETTING_VALUES as unknown as string[], { message: `delivery must be one of ${KIND_SETTING_VALUES.join(', ')}` })
  delivery: KindSetting;
}

export class UpdateNotificationPreferencesDto {
  @ApiProperty({ enum: NotificationDelivery })
  @IsDefined({ message: 'delivery is required' })
  @IsEnum(NotificationDelivery, { message: `delivery must be one of ${Object.values(NotificationDelivery).join(', ')}` })
  delivery: NotificationDelivery;

  @ApiProperty()
  @IsDefined({ message: 'muteNonCritical is required' })
  @IsBoolean({ message: 'muteNonCritical must be true or false' })
  muteNonCritical: boolean;

  @ApiProperty({ type: [KindSettingDto], required: false, description: 'Per-kind settings to change (kinds not named keep theirs)' })
  @IsOptional()
  @IsArray({ message: 'kinds must be a list' })
  @ArrayMaxSize(100, { message: 'kinds must name at most 100 kinds' })
  @ValidateNested({ each: true })
  @Type(() => KindSettingDto)
  kinds?: KindSettingDto[];
}

export class FailedNotificationsQuery extends PageQuery {}

export class NotificationParams {
  @ApiProperty()
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export class FailedNotificationDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: NotificationKind }) kind: NotificationKind;
  @ApiProperty({ description: 'The ledger key (one per subject, kind, recipient and day)' }) key: string;
  @ApiProperty() recipientEmail: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ type: String, nullable: true, description: 'The last error, e.g. the SMTP server\'s reply' }) lastError: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
}

export class FailedNotificationPageDto {
  @ApiProperty({ type: [FailedNotificationDto] }) items: FailedNotificationDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `after` for the next page; null on the last page' }) nextCursor: string | null;
}

export class RetriedNotificationDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['pending'] }) status: 'pending';
  @ApiProperty() attempts: number;
}
