import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../common/page-query.js';
import { KindGroup } from '../notifications/kind-options.js';
import { NotificationStatus } from '../notifications/notification.entity.js';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class InboxQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'true: only unread notifications' })
  @IsOptional() @Transform(toBoolean) @IsBoolean({ message: 'unread must be true or false' })
  unread?: boolean;

  @ApiPropertyOptional({ description: 'Only this notification kind (e.g. milestone.due_soon)' })
  @IsOptional() @IsString() @MaxLength(48, { message: 'kind must be a notification kind' })
  kind?: string;
}

export class InboxItemParams {
  @ApiProperty()
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export class MarkAllReadDto {
  @ApiPropertyOptional({ description: 'Only this kind (the filter the list shows); every kind when absent' })
  @IsOptional() @IsString() @MaxLength(48, { message: 'kind must be a notification kind' })
  kind?: string;
}

export class InboxItemDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'milestone.due_soon' }) kind: string;
  @ApiProperty({ enum: KindGroup }) group: KindGroup;
  @ApiProperty({ description: 'The kind in words', example: '查核點即將到期' }) label: string;
  @ApiProperty({ description: 'What happened and to what, in the language of the request', example: '查核點即將到期：AI 晶片雛型驗證（aap2-sp-12-m-1）' }) title: string;
  @ApiProperty({ type: String, nullable: true, description: 'A detail line: dates (ROC and AD), the period, the sub-project' }) summary: string | null;
  @ApiProperty({ type: String, nullable: true, description: "The web application's page of the thing it is about", example: '/milestones/aap2-sp-12-m-1' }) link: string | null;
  @ApiProperty({ description: 'An escalation or another always-sent notification' }) critical: boolean;
  @ApiProperty({ enum: NotificationStatus, description: 'What happened to its email: sent, pending, held for a digest, digested, muted (turned off), skipped, failed' })
  emailStatus: NotificationStatus;
  @ApiProperty({ format: 'date', description: 'The Taipei date it is for' }) day: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null: unread' }) readAt: string | null;
}

export class InboxPageDto {
  @ApiProperty({ type: [InboxItemDto] }) items: InboxItemDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `after` for the next page; null on the last page' }) nextCursor: string | null;
  @ApiProperty({ description: 'Unread notifications in all (whatever the filter)' }) unread: number;
}

export class UnreadCountDto {
  @ApiProperty() unread: number;
}

export class MarkedReadDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'When it was first read (marking again keeps it)' }) readAt: string;
  @ApiProperty() unread: number;
}

export class MarkedAllReadDto {
  @ApiProperty({ description: 'How many were unread and are now read' }) marked: number;
  @ApiProperty() unread: number;
}
