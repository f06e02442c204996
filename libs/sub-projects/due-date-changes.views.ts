import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { DateDto } from '../common/views.js';
import { UserRefDto, VersionBody } from './assignment.views.js';
import { ChangeRequestStatus } from './due-date-change.entity.js';
import { IsIsoDate } from '../common/iso-date.js';

const NOT_BLANK = /\S/;

export class RequestDueDateChangeBody {
  @ApiProperty({ description: 'The new due date, YYYY-MM-DD (AD)', example: '2026-06-30' })
  @IsIsoDate()
  proposedDueDate: string;

  @ApiProperty({ description: 'Why the milestone needs a new date' })
  @MaxLength(2000) @Matches(NOT_BLANK, { message: 'reason must not be blank' }) @IsString({ message: 'reason must be text' })
  reason: string;
}

export class ApproveDueDateChangeBody extends VersionBody {
  @ApiPropertyOptional({ description: 'A note on the decision' })
  @IsOptional() @MaxLength(2000) @IsString()
  reason?: string;
}

export class RejectDueDateChangeBody extends VersionBody {
  @ApiProperty({ description: 'Why the request is rejected (required)' })
  @MaxLength(2000) @Matches(NOT_BLANK, { message: 'reason must not be blank' }) @IsString({ message: 'reason is required: say why the request is rejected' })
  reason: string;
}

export class DueDateChangeDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'Milestone code' }) milestone: string;
  @ApiProperty({ enum: ChangeRequestStatus }) status: string;
  @ApiProperty({ type: DateDto, description: 'The due date when the request was made' }) previousDueDate: DateDto;
  @ApiProperty({ type: DateDto }) proposedDueDate: DateDto;
  @ApiProperty() reason: string;
  @ApiProperty({ type: UserRefDto, nullable: true }) requestedBy: UserRefDto | null;
  @ApiProperty({ type: String, format: 'date-time' }) requestedAt: string;
  @ApiProperty({ type: UserRefDto, nullable: true }) decidedBy: UserRefDto | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decidedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) decisionReason: string | null;
  @ApiProperty() version: number;
}
