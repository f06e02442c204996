import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsDefined, IsEnum, IsUUID } from 'class-validator';
import { PageQuery } from '../common/page-query.js';
import { NotificationDelivery } from '../users/user.entity.js';
import { NotificationKind } from './notification.entity.js';

export const ESCALATIONS_NOTE =
  'Escalations of overdue milestones are always sent at once: they cannot be muted or held for the digest.';

export class NotificationPreferencesDto {
  @ApiProperty({ enum: NotificationDelivery, description: 'immediate: each email as it happens; digest: non-critical mail gathered into the periodic digest' })
  delivery: NotificationDelivery;

  @ApiProperty({ description: 'No non-critical mail at all (escalations still come)' })
  muteNonCritical: boolean;

  @ApiProperty({ enum: [false], description: 'Always false' })
  escalationsCanBeMuted: false;

  @ApiProperty({ example: ESCALATIONS_NOTE })
  note: string;
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
